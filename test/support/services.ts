/**
 * Services a test or the soak can take down and bring back: a Temporal dev server in a process of
 * its own (persisting to SQLite, so it survives SIGKILL) on a fixed port, and a private embedded
 * PostgreSQL that can be stopped and started. The shared servers of the global set-up must never be stopped; these are private.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Connection } from '@temporalio/client';
import { ensureSearchAttributes, resolveTemporalCli, sqlitePragmas } from '../../platform/temporal';
import { allSearchAttributes } from '../../workflows/searchAttributes';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

export interface TemporalProcess {
  address: string;
  pid(): number | undefined;
  /** Ends the server with the signal (SIGKILL: as a crash) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and SQLite file; resolves once it answers. */
  start(): Promise<void>;
}

/** `temporal server start-dev` on `dbFilename`, headless, on fixed loopback ports. */
export async function temporalProcess(
  dbFilename: string,
  extraArgs: string[] = [],
): Promise<TemporalProcess> {
  const cli = resolveTemporalCli(process.env.TEMPORAL_CLI_PATH);
  if (!cli) throw new Error('no Temporal CLI: run `bash scripts/install-temporal-cli.sh`');
  fs.mkdirSync(path.dirname(dbFilename), { recursive: true });
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const address = `127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
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
        '--http-port',
        String(httpPort),
        '--metrics-port',
        String(metricsPort),
        '--namespace',
        'default',
        '--log-level',
        'error',
        '--db-filename',
        dbFilename,
        ...sqlitePragmas.flatMap((p) => ['--sqlite-pragma', p]),
        ...allSearchAttributes.flatMap((key) => [
          '--search-attribute',
          `${key.name}=${key.type === 'KEYWORD' ? 'Keyword' : key.type === 'DATETIME' ? 'Datetime' : 'Bool'}`,
        ]),
        ...extraArgs,
      ],
      { stdio: 'ignore' },
    );
    child = server;
    exited = new Promise((resolve) => server.once('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const connection = await Connection.connect({ address, connectTimeout: 1000 });
        try {
          await ensureSearchAttributes(connection, 'default');
        } finally {
          await connection.close();
        }
        return;
      } catch (error) {
        if (Date.now() > deadline || server.exitCode !== null) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  };
  await start();
  return {
    address,
    pid: () => child?.pid,
    async kill(signal = 'SIGKILL') {
      if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    start,
  };
}

export interface PostgresProcess {
  /** Its `koto` database. */
  url: string;
  /** A fast shutdown (SIGINT to the server): connections are closed, new ones refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and its controlling process. */
  close(): Promise<void>;
}

/**
 * A private embedded PostgreSQL under `dataDir` on a free port, run by a child process
 * (test/support/postgresServer.ts); stop and start keep its data.
 */
export async function postgresProcess(dataDir: string): Promise<PostgresProcess> {
  const port = await freePort();
  // As root, initdb runs as the postgres user, who must be able to pass through the parent folder.
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  if (process.getuid?.() === 0) fs.chmodSync(path.dirname(dataDir), 0o755);
  const child = fork(path.join(__dirname, 'postgresServer.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, PG_DATA_DIR: dataDir, PG_PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const answer = (command: string) =>
    new Promise<{ url?: string }>((resolve, reject) => {
      const onMessage = (message: { command: string; url?: string; error?: string }) => {
        if (message.command !== command) return;
        child.off('message', onMessage);
        if (message.error) reject(new Error(message.error));
        else resolve(message);
      };
      child.on('message', onMessage);
      void exited.then(() => reject(new Error('the PostgreSQL controller exited')));
    });
  const send = async (command: 'start' | 'stop') => {
    const answered = answer(command);
    child.send(command);
    return answered;
  };
  const close = async () => {
    if (child.connected) child.disconnect();
    await exited;
  };
  let url: string | undefined;
  try {
    await answer('ready');
    url = (await send('start')).url;
  } catch (error) {
    await close();
    throw error;
  }
  return {
    url: url!,
    stop: async () => void (await send('stop')),
    start: async () => void (await send('start')),
    close,
  };
}
