import crypto from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { answerClientErrors } from '../../api/problem';
import { createTokenVerifier, signDevelopmentToken } from '../../api/auth';
import { loadConfig, type AppConfig, type WorkerTuning } from '../../platform/config';
import { createPrisma, type Database } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { createWorker } from '../../platform/worker';
import { codecDataConverter, EncryptionCodec } from '../../platform/payloadCodec';
import { SecretBox } from '../../platform/secretBox';
import { testCodecKeys } from './environment';
import { findSeededUser } from '../../prisma/seed/users';
import { adminUrl, testEnvironment } from './environment';

let runtimeInstalled = false;

export interface StackOptions {
  /** Environment overrides, e.g. short deadlines: { PLACEMENT_ANSWER_PERIOD: '4s' }. */
  env?: Record<string, string>;
  /** Receives every log line the API writes (JSON), for tests of what logs contain. */
  logSink?: (line: string) => void;
  /** Enables the development codec path with this secret. */
  devCodecCapability?: string;
  /** Another Temporal server than the shared one (e.g. one a test kills: test/support/services.ts). */
  temporalAddress?: string;
  /** A migrated, seeded database to use instead of a copy of the shared template. */
  databaseUrl?: string;
}

export interface Stack {
  url: string;
  config: AppConfig;
  db: Database;
  databaseUrl: string;
  client: Client;
  taskQueue: string;
  token(username: string): Promise<string>;
  /** A token with any claims, signed with this stack's development key. */
  signToken(claims: { sub: string; org: string; roles: string[] }, lifetime?: string): Promise<string>;
  /** An HTTP call as a seeded user; the body is sent as JSON. */
  call(
    username: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  stopWorker(): Promise<void>;
  /** Starts the stack's worker again; `tuning`: other settings than the configuration's. */
  startWorker(tuning?: Partial<WorkerTuning>): Promise<void>;
  stop(): Promise<void>;
}

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

/**
 * The real system for one test file: its own database (a copy of the seeded template), its own
 * task queue and worker on the shared Temporal server, and the Express API on a free port.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const env = testEnvironment();
  if (!runtimeInstalled) {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Already running in this process (a bench that also ran the global set-up): keep it.
    }
    runtimeInstalled = true;
  }
  const suffix = crypto.randomBytes(5).toString('hex');
  const temporalAddress = options.temporalAddress ?? env.temporalAddress;
  const databaseUrl = options.databaseUrl ?? (await copyTemplate(env.serverUrl, env.template, suffix));

  const taskQueue = `test-${suffix}`;
  const config = loadConfig({
    DATA_DIR: env.workDir,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL || 'silent',
    ...options.env,
  });
  const logger = options.logSink
    ? createLogger('info', { write: (line: string) => options.logSink!(line) })
    : createLogger(config.logLevel);
  const db = createPrisma(databaseUrl, config.database);
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: codecDataConverter(testCodecKeys),
  });
  const key = crypto.randomBytes(32);

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let workerConnection: { close(): Promise<void> } | undefined;
  const startWorker = async (tuning?: Partial<WorkerTuning>) => {
    const created = await createWorker({
      address: temporalAddress,
      namespace: config.temporal.namespace,
      taskQueue,
      db,
      codecKeys: testCodecKeys,
      workflowBundle: { codePath: env.bundlePath },
      registers: config.registers,
      webhookTargets: config.webhookTargets,
      tuning: { ...config.temporal.worker, ...tuning },
    });
    worker = created.worker;
    workerConnection = { close: created.close };
    running = worker.run();
  };
  const stopWorker = async () => {
    if (!worker) return;
    worker.shutdown();
    await running;
    await workerConnection?.close();
    worker = undefined;
  };
  await startWorker();

  const app = createApp({
    config,
    db,
    databaseUrl,
    client,
    logger,
    verifyToken: createTokenVerifier(config, key),
    rateLimitPerMinute: Number(options.env?.RATE_LIMIT_PER_MINUTE ?? 100_000),
    workerState: () => worker?.getState(),
    codec: new EncryptionCodec(testCodecKeys),
    secrets: new SecretBox(testCodecKeys),
    devCodecCapability: options.devCodecCapability,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  answerClientErrors(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    if (!tokens.has(username)) {
      const user = findSeededUser(username);
      if (!user) throw new Error(`no seeded user ${username}`);
      tokens.set(
        username,
        await signDevelopmentToken(
          { sub: user.id, org: user.organisationId, roles: user.roles },
          key,
          config,
        ),
      );
    }
    return tokens.get(username)!;
  };

  const signToken: Stack['signToken'] = (claims, lifetime) =>
    signDevelopmentToken(claims, key, config, lifetime);

  const call: Stack['call'] = async (username, method, path, body, headers = {}) => {
    const response = await fetch(url + path, {
      method,
      headers: {
        ...(username ? { authorization: `Bearer ${await token(username)}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };

  return {
    url,
    config,
    db,
    databaseUrl,
    client,
    taskQueue,
    token,
    signToken,
    call,
    stopWorker,
    startWorker,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await stopWorker();
      await connection.close();
      await db.$disconnect();
    },
  };
}

/** A copy of the seeded template database, for one test file. */
async function copyTemplate(serverUrl: string, template: string, suffix: string): Promise<string> {
  const database = `${template}_${suffix}`;
  const admin = new PgClient({ connectionString: adminUrl(serverUrl) });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database} TEMPLATE ${template}`);
  await admin.end();
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${database}`;
  return dbUrl.toString();
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
