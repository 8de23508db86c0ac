/** What `npm run bench` and `npm run bench:scale` share: a database, a bundle, an API, statistics. */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client as PgClient } from 'pg';
import { Connection, type Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { answerClientErrors } from '../api/problem';
import { createTokenVerifier, signDevelopmentToken } from '../api/auth';
import { loadConfig, type AppConfig } from '../platform/config';
import { createPrisma, startEmbeddedPostgres, type Database } from '../platform/database';
import type { Logger } from '../platform/logger';
import { applyMigrations } from '../platform/migrations';
import { EncryptionCodec, generateKeyBase64, type CodecKeys } from '../platform/payloadCodec';
import { SecretBox } from '../platform/secretBox';
import {
  connectClient,
  ensureSearchAttributes,
  resolveTemporalCli,
  sqlitePragmas,
} from '../platform/temporal';
import { bundleWorkflows } from '../platform/worker';
import { allSearchAttributes } from '../workflows/searchAttributes';
import { seedReferenceData } from '../prisma/seed/seed';
import { findSeededUser } from '../prisma/seed/users';

export type Stop = () => Promise<unknown>;

/** Runs `task` for 0..count-1 with at most `concurrency` at once. */
export async function pool<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/** The p-th percentile (nearest rank) of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * A fresh, migrated, seeded database on DATABASE_URL's server, else the machine's PostgreSQL on
 * 127.0.0.1:5432, else an embedded one; dropped again by the returned stops.
 */
export async function benchDatabase(
  logger: Logger,
  stops: Stop[],
): Promise<{ databaseUrl: string; db: Database; admin: PgClient; database: string }> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const machine = 'postgresql://postgres@127.0.0.1:5432/postgres';
    const probe = new PgClient({ connectionString: machine, connectionTimeoutMillis: 2000 });
    serverUrl = await probe.connect().then(
      () => probe.end().then(() => machine),
      () => undefined,
    );
  }
  if (!serverUrl) {
    const pg = await startEmbeddedPostgres(
      path.join(os.tmpdir(), `koto-bench-${process.pid}`),
      54500,
      logger,
    );
    stops.push(pg.stop);
    serverUrl = pg.url;
  }
  const database = `koto_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new PgClient({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  stops.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  await applyMigrations(databaseUrl);
  const db = createPrisma(databaseUrl);
  stops.push(() => db.$disconnect());
  await seedReferenceData(db);
  return { databaseUrl, db, admin, database };
}

/** Bundles a workflows module once into a file, as the tests do. */
/**
 * What `bench` and `bench:transfer` both stand on: PostgreSQL, an in-memory Temporal server, a
 * client with a fresh payload key, and the configuration pointing at them.
 */
export async function startBenchStack(logger: Logger, stops: Stop[]) {
  const { databaseUrl, db } = await benchDatabase(logger, stops);
  const temporal = await startBenchTemporal(stops);
  const keyId = 'bench';
  const codecKeys = { activeKeyId: keyId, keys: { [keyId]: Buffer.from(generateKeyBase64(), 'base64') } };
  const { connection, client } = await connectClient(temporal.address, 'default', codecKeys);
  stops.push(() => connection.close());
  const config = loadConfig({
    TEMPORAL_ADDRESS: temporal.address,
    DATABASE_URL: databaseUrl,
    TEMPORAL_TASK_QUEUE: 'bench-koto',
    DATA_DIR: os.tmpdir(),
    LOG_LEVEL: 'warn',
  });
  return { databaseUrl, db, temporal, codecKeys, client, config };
}

export async function bundle(workflowsModule: string, name: string): Promise<string> {
  const code = await bundleWorkflows({
    workflowsModule,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  });
  const file = path.join(os.tmpdir(), `koto-bench-${name}-${process.pid}.js`);
  fs.writeFileSync(file, code);
  return file;
}

export interface BenchApi {
  url: string;
  /** A POST as a seeded user with a fresh Idempotency-Key, as the web application sends. */
  post(username: string, pathname: string, body: unknown): Promise<{ id: string }>;
  get(username: string, pathname: string): Promise<unknown>;
  /** A bearer token of a seeded user, for requests the two above do not make (e.g. NDJSON bodies). */
  token(username: string): Promise<string>;
}

/** The real API (no rate limit) on a free port, with development tokens for the seeded users. */
export async function startBenchApi(
  deps: {
    config: AppConfig;
    db: Database;
    databaseUrl: string;
    client: Client;
    logger: Logger;
    codecKeys: CodecKeys;
  },
  stops: Stop[],
): Promise<BenchApi> {
  const key = crypto.randomBytes(32);
  const app = createApp({
    config: deps.config,
    db: deps.db,
    databaseUrl: deps.databaseUrl,
    client: deps.client,
    logger: deps.logger,
    verifyToken: createTokenVerifier(deps.config, key),
    rateLimitPerMinute: 1_000_000_000,
    codec: new EncryptionCodec(deps.codecKeys),
    secrets: new SecretBox(deps.codecKeys),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  answerClientErrors(server);
  stops.push(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    if (!tokens.has(username)) {
      const user = findSeededUser(username)!;
      tokens.set(
        username,
        await signDevelopmentToken(
          { sub: user.id, org: user.organisationId, roles: user.roles },
          key,
          deps.config,
        ),
      );
    }
    return tokens.get(username)!;
  };
  return {
    url,
    token,
    async post(username, pathname, body) {
      const response = await fetch(url + pathname, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await token(username)}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as { id: string };
      if (!response.ok) throw new Error(`${pathname}: HTTP ${response.status} ${JSON.stringify(json)}`);
      return json;
    },
    async get(username, pathname) {
      const response = await fetch(url + pathname, {
        headers: { authorization: `Bearer ${await token(username)}` },
      });
      const json = await response.json();
      if (!response.ok) throw new Error(`${pathname}: HTTP ${response.status} ${JSON.stringify(json)}`);
      return json;
    },
  };
}

/** A process's resident set size in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/**
 * `temporal server start-dev`, as platform/temporal.ts starts it, but with its own output (the
 * banner) kept out of the bench's, which prints only its figures. In memory, or in `dbFilename`.
 */
export async function startBenchTemporal(
  stops: Stop[],
  dbFilename?: string,
): Promise<{ address: string; pid: number }> {
  const cli = resolveTemporalCli(process.env.TEMPORAL_CLI_PATH);
  if (!cli) throw new Error('no Temporal CLI: run `bash scripts/install-temporal-cli.sh`');
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  const server = spawn(
    cli,
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--namespace',
      'default',
      '--log-level',
      'error',
      ...(dbFilename
        ? ['--db-filename', dbFilename, ...sqlitePragmas.flatMap((p) => ['--sqlite-pragma', p])]
        : []),
      ...allSearchAttributes.flatMap((key) => [
        '--search-attribute',
        `${key.name}=${key.type === 'KEYWORD' ? 'Keyword' : key.type === 'DATETIME' ? 'Datetime' : 'Bool'}`,
      ]),
      ...[
        'frontend.enableUpdateWorkflowExecution=true',
        'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
      ].flatMap((value) => ['--dynamic-config-value', value]),
    ],
    { stdio: 'ignore' },
  );
  stops.push(async () => {
    if (server.exitCode !== null) return;
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  });
  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await ensureSearchAttributes(connection, 'default');
      await connection.close();
      break;
    } catch (error) {
      if (Date.now() > deadline || server.exitCode !== null) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return { address, pid: server.pid! };
}
