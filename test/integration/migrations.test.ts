import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { applyMigrations, pendingMigrations, readMigrations } from '../../platform/migrations';
import { adminUrl, testEnvironment } from '../support/environment';

/** Tables and columns as schema.prisma declares them: model/field names mapped through @@map/@map. */
function schemaTables(): Map<string, Map<string, { type: string; nullable: boolean }>> {
  const source = fs.readFileSync(path.join(__dirname, '..', '..', 'prisma', 'schema.prisma'), 'utf8');
  const enums = new Set([...source.matchAll(/^enum (\w+) \{/gm)].map((m) => m[1]));
  const models = [...source.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const modelNames = new Set(models.map((m) => m[1]));
  const tables = new Map<string, Map<string, { type: string; nullable: boolean }>>();
  for (const [, name, body] of models) {
    const table = /@@map\("(\w+)"\)/.exec(body)?.[1] ?? name;
    const columns = new Map<string, { type: string; nullable: boolean }>();
    for (const line of body.split('\n')) {
      const field = /^\s+(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!field || field[1].startsWith('@@')) continue;
      const [, fieldName, type, list, optional, rest] = field;
      if (modelNames.has(type) || list) continue; // relation fields have no column
      const column = /@map\("(\w+)"\)/.exec(rest)?.[1] ?? fieldName;
      columns.set(column, { type: enums.has(type) ? 'USER-DEFINED' : type, nullable: Boolean(optional) });
    }
    tables.set(table, columns);
  }
  return tables;
}

const postgresTypeOf: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp without time zone',
  Json: 'jsonb',
  'USER-DEFINED': 'USER-DEFINED',
};

describe('migrations', () => {
  const env = testEnvironment();
  const database = `${env.template}_mig_${crypto.randomBytes(4).toString('hex')}`;
  const url = (() => {
    const u = new URL(env.serverUrl);
    u.pathname = `/${database}`;
    return u.toString();
  })();
  let client: Client;

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl(env.serverUrl) });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
  });
  afterAll(async () => {
    await client?.end();
  });

  it('apply to an empty database, recorded the way prisma migrate deploy records them', async () => {
    expect(await pendingMigrations(url)).toEqual(readMigrations().map((m) => m.name));
    const applied = await applyMigrations(url);
    expect(applied).toEqual(readMigrations().map((m) => m.name));
    expect(await applyMigrations(url)).toEqual([]);
    expect(await pendingMigrations(url)).toEqual([]);
    client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows).toEqual(
      readMigrations().map((m) => ({
        migration_name: m.name,
        checksum: crypto
          .createHash('sha256')
          .update(
            fs.readFileSync(
              path.join(__dirname, '..', '..', 'prisma', 'migrations', m.name, 'migration.sql'),
            ),
          )
          .digest('hex'),
        finished_at: expect.any(Date),
        applied_steps_count: 1,
      })),
    );
  });

  it('describe exactly the tables and columns schema.prisma declares', async () => {
    const { rows } = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
    );
    const actual = new Map<string, Map<string, { type: string; nullable: boolean }>>();
    for (const row of rows) {
      if (!actual.has(row.table_name)) actual.set(row.table_name, new Map());
      actual
        .get(row.table_name)!
        .set(row.column_name, { type: row.data_type, nullable: row.is_nullable === 'YES' });
    }
    const declared = schemaTables();
    expect([...actual.keys()].sort()).toEqual([...declared.keys()].sort());
    for (const [table, columns] of declared) {
      const expected = Object.fromEntries(
        [...columns].map(([c, d]) => [c, { type: postgresTypeOf[d.type], nullable: d.nullable }]),
      );
      expect({ table, columns: Object.fromEntries(actual.get(table)!) }).toEqual({
        table,
        columns: expected,
      });
    }
  });

  it('refuse a migration changed after it was applied', async () => {
    await client.query(`UPDATE _prisma_migrations SET checksum = 'x' WHERE migration_name = $1`, [
      readMigrations()[0].name,
    ]);
    await expect(applyMigrations(url)).rejects.toThrow(/changed after it was applied/);
  });

  it('make the audit log append-only in the database itself', async () => {
    await client.query(
      `INSERT INTO audit_event (user_id, organisation_id, action, resource_type, outcome, request_id) VALUES ('u', 'o', 'a', 'r', 'ALLOWED', 'q')`,
    );
    await expect(client.query(`UPDATE audit_event SET outcome = 'REFUSED'`)).rejects.toThrow(/append-only/);
    await expect(client.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(client.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
    expect((await client.query(`SELECT count(*)::int AS n FROM audit_event`)).rows[0].n).toBe(1);
  });
});
