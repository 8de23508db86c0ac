import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createLogger } from '../../platform/logger';
import { createPrisma, startEmbeddedPostgres } from '../../platform/database';
import { applyMigrations } from '../../platform/migrations';
import { startDevServer } from '../../platform/temporal';
import { bundleWorkflows } from '../../platform/worker';
import { seedReferenceData } from '../../prisma/seed/seed';
import { adminUrl, CONTINUE_AS_NEW_AT, TEMPLATE_DATABASE, type TestEnvironment } from './environment';

const MACHINE_POSTGRES = 'postgresql://postgres@127.0.0.1:5432/postgres';

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts what every test file shares: a real Temporal dev server (in memory, headless), a
 * PostgreSQL server with a migrated and seeded template database, and the workflow bundle.
 */
export default async function globalSetup(): Promise<void> {
  const logger = createLogger(process.env.TEST_LOG_LEVEL || 'warn');
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'koto-test-'));
  const stops: (() => Promise<unknown>)[] = [];

  // PostgreSQL: DATABASE_URL when set, else the machine's server, else an embedded one.
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) serverUrl = (await reachable(MACHINE_POSTGRES)) ? MACHINE_POSTGRES : undefined;
  if (!serverUrl) {
    const pg = await startEmbeddedPostgres(path.join(workDir, 'pg'), 54400 + (process.pid % 500), logger);
    stops.push(pg.stop);
    serverUrl = pg.url;
  }
  const runId = `${process.pid}`;
  const template = `${TEMPLATE_DATABASE}_${runId}`;
  const admin = new Client({ connectionString: adminUrl(serverUrl) });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const templateUrl = withDatabase(serverUrl, template);
  await applyMigrations(templateUrl);
  const db = createPrisma(templateUrl);
  await seedReferenceData(db);
  await db.$disconnect();

  // A low history limit makes long-lived workflows continue as new within a test.
  const temporal = await startDevServer(
    {
      namespace: 'default',
      extraArgs: ['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${CONTINUE_AS_NEW_AT}`],
    },
    logger,
  );
  stops.push(temporal.stop);

  const code = await bundleWorkflows({ logger: quietBundlerLogger });
  const bundlePath = path.join(workDir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, code);

  const environment: TestEnvironment = {
    serverUrl,
    template,
    temporalAddress: temporal.address,
    bundlePath,
    workDir,
  };
  process.env.KOTO_TEST_ENVIRONMENT = JSON.stringify(environment);
  (globalThis as Record<string, unknown>).__KOTO_TEST_STOPS__ = stops;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
