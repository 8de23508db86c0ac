import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { adminUrl, testEnvironment } from './environment';

/**
 * A real OpenID provider (test/support/oidcProvider.ts) and this service as `npm start` runs it
 * (main.ts `api`, serving the built web application), each its own process on loopback, wired to
 * each other: the sign-in tests' world.
 *
 * Child processes because openid-client and oidc-provider are ES modules only, which Jest's
 * module system cannot load on Node 20; plain Node loads them as in production. The API's port is
 * chosen first, so the provider's client is registered with the API's redirect URI before either starts.
 */
export interface OidcStack {
  api: string;
  issuer: string;
  clientId: string;
  database: PgClient;
  stop(): Promise<void>;
}

const root = path.join(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function until<T>(what: string, output: string[], check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${what} did not start:\n${output.join('').slice(-3000)}`);
}

export async function startOidcStack(): Promise<OidcStack> {
  const env = testEnvironment();
  const clientId = 'koto-web';
  const clientSecret = crypto.randomBytes(24).toString('hex');
  const children: ChildProcess[] = [];

  function start(script: string, args: string[], extraEnv: Record<string, string>) {
    const output: string[] = [];
    const stdout: string[] = [];
    const child = spawn(process.execPath, [tsx, path.join(root, script), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...extraEnv },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout!.on('data', (d) => {
      stdout.push(String(d));
      output.push(String(d));
    });
    child.stderr!.on('data', (d) => output.push(String(d)));
    return { child, output, stdout };
  }

  const suffix = crypto.randomBytes(5).toString('hex');
  const name = `${env.template}_oidc_${suffix}`;
  const admin = new PgClient({ connectionString: adminUrl(env.serverUrl) });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${env.template}`);
  await admin.end();
  const databaseUrl = new URL(env.serverUrl);
  databaseUrl.pathname = `/${name}`;

  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const provider = start('test/support/oidcProvider.ts', [], {
    OIDC_TEST_CLIENT_ID: clientId,
    OIDC_TEST_CLIENT_SECRET: clientSecret,
    OIDC_TEST_REDIRECT_URI: `${api}/auth/callback`,
    OIDC_TEST_POST_LOGOUT_REDIRECT_URI: `${api}/login`,
  });
  const issuer = await until('the OpenID provider', provider.output, async () => {
    const line = provider.stdout.join('').split('\n')[0];
    return line.startsWith('{') ? (JSON.parse(line).issuer as string) : undefined;
  });

  const service = start('main.ts', ['api'], {
    DATA_DIR: env.workDir,
    DATABASE_URL: databaseUrl.toString(),
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_TASK_QUEUE: `oidc-${suffix}`,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: clientId,
    OIDC_CLIENT_SECRET: clientSecret,
    OIDC_REDIRECT_URI: `${api}/auth/callback`,
    OIDC_POST_LOGOUT_REDIRECT_URI: `${api}/login`,
  });
  await until('the API', service.output, async () =>
    (await fetch(`${api}/auth/config`)).status === 200 ? true : undefined,
  );
  const database = new PgClient({ connectionString: databaseUrl.toString() });
  await database.connect();

  return {
    api,
    issuer,
    clientId,
    database,
    async stop() {
      await database.end();
      for (const child of children) {
        if (child.exitCode !== null) continue;
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.stdin!.end();
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
