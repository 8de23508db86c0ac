import fs from 'node:fs';
import { Client } from 'pg';
import { adminUrl, testEnvironment } from './environment';

export default async function globalTeardown(): Promise<void> {
  const env = testEnvironment();
  const admin = new Client({ connectionString: adminUrl(env.serverUrl) });
  await admin.connect();
  const { rows } = await admin.query(
    `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
    [`${env.template}_%`, env.template],
  );
  for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
  await admin.end();
  const stops = ((globalThis as Record<string, unknown>).__KOTO_TEST_STOPS__ ??
    []) as (() => Promise<unknown>)[];
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  fs.rmSync(env.workDir, { recursive: true, force: true });
}
