/**
 * `npm run bench:summary`: the client summary (`GET /api/v1/clients/{id}/summary`) at scale.
 * Seeds BENCH_CLIENTS (default 100,000) clients in bulk with SQL, with their contacts, to-dos,
 * assessments and plan versions, then reads the summary of random clients one request at a time
 * over HTTP as each client's own municipal officer (authentication, the one read-model query and
 * the audit-log insert included), and prints p50/p95/p99 against the target p95 ≤ 20 ms. Appends
 * the figures to bench/results.md. Needs no Temporal server: the summary never asks a workflow.
 *
 * BENCH_CLIENTS and BENCH_REQUESTS (default 2,000) tune it; DATABASE_URL picks PostgreSQL (else the
 * machine's on 127.0.0.1:5432, else an embedded one). The bench database is dropped at the end.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { createTokenVerifier, signDevelopmentToken } from '../api/auth';
import { loadConfig } from '../platform/config';
import { createPrisma, startEmbeddedPostgres } from '../platform/database';
import { createLogger } from '../platform/logger';
import { applyMigrations } from '../platform/migrations';
import { EncryptionCodec } from '../platform/payloadCodec';
import { SecretBox } from '../platform/secretBox';
import { seedReferenceData } from '../prisma/seed/seed';
import { recordResults } from './results';

const CLIENTS = Number(process.env.BENCH_CLIENTS || 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS || 2_000);
const WARM_UP = 200;
const TARGET_P95_MS = 20;
/** The clients are spread over these municipalities; each is read by its own officer. */
const MUNICIPALITIES = ['091', '049', '837', '853', '564', '092', '179', '398', '297', '286'].map(
  (code) => `kunta-${code}`,
);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (ms: number) => Math.round(ms * 100) / 100;

async function serverUrl(stops: (() => Promise<unknown>)[]): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const machine = 'postgresql://postgres@127.0.0.1:5432/postgres';
  const probe = new PgClient({ connectionString: machine, connectionTimeoutMillis: 2000 });
  const reachable = await probe.connect().then(
    () => probe.end().then(() => true),
    () => false,
  );
  if (reachable) return machine;
  const pg = await startEmbeddedPostgres(
    path.join(os.tmpdir(), `koto-bench-summary-${process.pid}`),
    54510,
    createLogger('warn'),
  );
  stops.push(pg.stop);
  return pg.url;
}

/**
 * The clients and their everyday records, written by the database itself (generate_series): a
 * client in ten has no plan yet, one in five no assessment; each has five contacts and three
 * to-dos (one done, one overdue), and those with a plan two plan versions.
 */
export async function seed(pg: PgClient): Promise<Record<string, number>> {
  const municipalities = `ARRAY[${MUNICIPALITIES.map((m) => `'${m}'`).join(',')}]`;
  await pg.query(`
    INSERT INTO client (id, workflow_id, municipality_id, status, uma_number, first_name, last_name, birth_date,
      nationality, service_language, languages, phone, residence_right, responsible_expert_id, plan,
      next_review_due, review_overdue, version, created_at, updated_at)
    SELECT u.id, 'client-case-' || u.id, (${municipalities})[1 + n % ${MUNICIPALITIES.length}],
      CASE WHEN n % 17 = 0 THEN 'ENDED' ELSE 'ACTIVE' END, (100000000 + n)::text,
      'Etunimi' || n, 'Sukunimi' || n, (DATE '1960-01-01' + (n % 15000))::text, 'SYR',
      CASE WHEN n % 9 = 0 THEN 'sv' ELSE 'fi' END,
      '[{"code":"ar","level":"native"},{"code":"fi","level":"A2"}]'::jsonb, '+358 40 ' || n,
      jsonb_build_object('type', 'RESIDENCE_PERMIT', 'validUntil', (CURRENT_DATE + (n % 900) - 30)::text),
      (${municipalities})[1 + n % ${MUNICIPALITIES.length}] || '.officer',
      CASE WHEN n % 10 = 0 THEN NULL ELSE jsonb_build_object(
        'validFrom', (CURRENT_DATE - 100)::text, 'validUntil', (CURRENT_DATE + 200)::text,
        'firstPlanFrom', (CURRENT_DATE - 300)::text, 'expired', false,
        'goals', '[{"description":"Suomen kieli A2"}]'::jsonb, 'tasks', '[]'::jsonb, 'services', '[]'::jsonb,
        'extension', NULL) END,
      CASE WHEN n % 10 = 0 THEN NULL ELSE now() + ((n % 180) - 10) * interval '1 day' END,
      n % 10 <> 0 AND n % 180 < 10, 3, now() - (n % 1000) * interval '1 hour', now()
    FROM generate_series(1, ${CLIENTS}) AS n,
      LATERAL (SELECT gen_random_uuid()::text AS id, n AS k) u`);
  await pg.query(`
    INSERT INTO client_assessment (client_id, seq, type, completed_on, summary, service_needs,
      welfare_area_participated, recorded_by, recorded_at)
    SELECT c.id, s, CASE WHEN s = 1 THEN 'INITIAL' ELSE 'REASSESSMENT' END, (CURRENT_DATE - 200 + s * 50)::text,
      'Arvio ' || s, '["kielikoulutus","asuminen"]'::jsonb, s = 2, c.responsible_expert_id, now()
    FROM client c, generate_series(1, 2) AS s
    WHERE ('x' || substr(c.id, 1, 8))::bit(32)::int % 5 <> 0`);
  await pg.query(`
    INSERT INTO client_contact (id, client_id, municipality_id, at, channel, summary, interpreter_used,
      recorded_by, recorded_at)
    SELECT gen_random_uuid()::text, c.id, c.municipality_id, now() - k * interval '9 days',
      (ARRAY['MEETING','PHONE','EMAIL','MESSAGE','OTHER'])[k], 'Yhteydenotto ' || k, k = 1,
      c.responsible_expert_id, now() - k * interval '9 days'
    FROM client c, generate_series(1, 5) AS k`);
  await pg.query(`
    INSERT INTO client_todo (id, client_id, title, due_date, assignee_id, done, done_at, done_by, created_by,
      created_at, updated_by, updated_at)
    SELECT gen_random_uuid()::text, c.id, 'Tehtävä ' || k, (CURRENT_DATE + (k - 2) * 7)::text,
      c.responsible_expert_id, k = 3, CASE WHEN k = 3 THEN now() END,
      CASE WHEN k = 3 THEN c.responsible_expert_id END, c.responsible_expert_id, now() - k * interval '1 day',
      c.responsible_expert_id, now()
    FROM client c, generate_series(1, 3) AS k`);
  await pg.query(`
    INSERT INTO client_plan_version (client_id, version, event_seq, valid_from, valid_until, first_plan_from,
      goals, tasks, services, recorded_by, recorded_at)
    SELECT c.id, v, v + 1, (CURRENT_DATE - 100)::text, (CURRENT_DATE + 100 * v)::text, (CURRENT_DATE - 300)::text,
      '[{"description":"Suomen kieli A2"}]'::jsonb, '[]'::jsonb, '[]'::jsonb, c.responsible_expert_id, now()
    FROM client c, generate_series(1, 2) AS v WHERE c.plan IS NOT NULL`);
  await pg.query('ANALYZE');
  const count = async (table: string) =>
    Number((await pg.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
  return {
    clients: await count('client'),
    contacts: await count('client_contact'),
    todos: await count('client_todo'),
    assessments: await count('client_assessment'),
    planVersions: await count('client_plan_version'),
  };
}

async function main() {
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const server = await serverUrl(stops);
    const database = `koto_bench_summary_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new PgClient({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    stops.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    });
    const url = new URL(server);
    url.pathname = `/${database}`;
    const databaseUrl = url.toString();
    await applyMigrations(databaseUrl);
    const db = createPrisma(databaseUrl);
    stops.push(() => db.$disconnect());
    await seedReferenceData(db);

    const pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    stops.push(() => pg.end());
    const seedStarted = performance.now();
    const counts = await seed(pg);
    const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
    console.log(`seeded ${JSON.stringify(counts)} in ${seedSeconds} s`);
    const ids = (
      await pg.query<{ id: string; municipality_id: string }>('SELECT id, municipality_id FROM client')
    ).rows;

    // The API as deployed, minus Temporal: the summary reads only the read model.
    const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', DATA_DIR: os.tmpdir() });
    const key = crypto.randomBytes(32);
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const app = createApp({
      config,
      db,
      databaseUrl,
      client: new Client({ connection }),
      logger: createLogger('warn'),
      verifyToken: createTokenVerifier(config, key),
      rateLimitPerMinute: 1_000_000,
      codec: new EncryptionCodec({ activeKeyId: 'bench', keys: { bench: crypto.randomBytes(32) } }),
      secrets: new SecretBox({ activeKeyId: 'bench', keys: { bench: crypto.randomBytes(32) } }),
    });
    const http: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    stops.push(() => new Promise((resolve) => http.close(resolve)));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const tokens = new Map<string, string>();
    for (const m of MUNICIPALITIES) {
      tokens.set(
        m,
        await signDevelopmentToken({ sub: `${m}.officer`, org: m, roles: ['OFFICER'] }, key, config),
      );
    }

    const readSummary = async () => {
      const { id, municipality_id } = ids[Math.floor(Math.random() * ids.length)];
      const started = performance.now();
      const response = await fetch(`${base}/api/v1/clients/${id}/summary`, {
        headers: { authorization: `Bearer ${tokens.get(municipality_id)}` },
      });
      const body = (await response.json()) as { id?: string };
      const ms = performance.now() - started;
      if (response.status !== 200 || body.id !== id) {
        throw new Error(`summary of ${id}: HTTP ${response.status} ${JSON.stringify(body)}`);
      }
      return ms;
    };
    for (let i = 0; i < WARM_UP; i++) await readSummary();
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS; i++) samples.push(await readSummary());
    samples.sort((a, b) => a - b);
    const [p50, p95, p99] = [50, 95, 99].map((p) => round(percentile(samples, p)));

    console.log(
      `GET /api/v1/clients/{id}/summary over HTTP, ${REQUESTS} requests one at a time after ${WARM_UP} to warm up:`,
    );
    console.log(
      `  p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms (target p95 ≤ ${TARGET_P95_MS} ms: ${p95 <= TARGET_P95_MS ? 'met' : 'MISSED'})`,
    );
    recordResults('bench:summary', [
      ['clients', counts.clients],
      ['contacts', counts.contacts],
      ['to-dos', counts.todos],
      ['requests', REQUESTS],
      ['summary p50 ms', p50],
      ['summary p95 ms', p95],
      ['summary p99 ms', p99],
      ['target p95 ms', TARGET_P95_MS],
      ['seed s', seedSeconds],
    ]);
    await connection.close().catch(() => undefined);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error) => console.error(error));
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
