import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { allSearchAttributes } from '../workflows/searchAttributes';
import { codecDataConverter, type CodecKeys } from './payloadCodec';
import { projectRoot } from './projectRoot';
import type { Logger } from './logger';
import { startReadOnlyTemporalUi } from './temporalUiProxy';
import net from 'node:net';

/** TEMPORAL_CLI_PATH, else the project's .tools folder, else PATH; undefined means "download it". */
export function resolveTemporalCli(explicit?: string): string | undefined {
  if (explicit) {
    if (!fs.existsSync(explicit))
      throw new Error(`TEMPORAL_CLI_PATH points at ${explicit}, which does not exist`);
    return explicit;
  }
  const local = path.join(projectRoot(), '.tools', 'temporal');
  if (fs.existsSync(local)) return local;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

export interface DevServerOptions {
  cliPath?: string;
  namespace: string;
  port?: number;
  /** Omit for a headless server (tests). */
  uiPort?: number;
  /** SQLite file for persistence; omit for in-memory (tests). */
  dbFilename?: string;
  extraArgs?: string[];
}

export interface RunningTemporal {
  address: string;
  /** The read-only Web UI, when one was asked for. */
  uiUrl?: string;
  stop(): Promise<void>;
}

const freeLoopbackPort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/**
 * SQLite settings of the persistent dev server: write-ahead log with `synchronous=normal`, so a
 * commit costs no fsync (the log is synced at checkpoints). Safe against the process dying; a
 * power cut may lose the last moments, acceptable for a development server (production runs
 * Temporal on PostgreSQL). The default (rollback journal, two fsyncs a commit) makes a burst of
 * timers (2,000 reviews due in one minute) take minutes.
 */
export const sqlitePragmas = ['journal_mode=wal', 'synchronous=normal'];

/** Starts `temporal server start-dev` through the SDK's own launcher, which also stops it with us. */
export async function startDevServer(options: DevServerOptions, logger: Logger): Promise<RunningTemporal> {
  const cliPath = resolveTemporalCli(options.cliPath);
  if (options.dbFilename) fs.mkdirSync(path.dirname(options.dbFilename), { recursive: true });
  // The UI itself listens on a private loopback port; supervisors reach it through the read-only proxy.
  const innerUiPort = options.uiPort !== undefined ? await freeLoopbackPort() : undefined;
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: cliPath ? { type: 'existing-path', path: cliPath } : { type: 'cached-download' },
      namespace: options.namespace,
      ip: '127.0.0.1',
      port: options.port,
      ui: innerUiPort !== undefined,
      uiPort: innerUiPort,
      dbFilename: options.dbFilename,
      searchAttributes: allSearchAttributes,
      log: { format: 'json', level: 'error' },
      extraArgs: [
        ...(options.dbFilename ? sqlitePragmas.flatMap((pragma) => ['--sqlite-pragma', pragma]) : []),
        ...(options.extraArgs ?? []),
      ],
    },
  });
  const address = env.address;
  // Attributes given on the command line are not added to a namespace that already exists in the file.
  await ensureSearchAttributes(env.connection, options.namespace);
  const ui =
    innerUiPort !== undefined
      ? await startReadOnlyTemporalUi({
          upstream: { host: '127.0.0.1', port: innerUiPort },
          listen: { host: '127.0.0.1', port: options.uiPort! },
        })
      : undefined;
  logger.info(
    { component: 'temporal', address, ui: ui?.url, cliPath: cliPath ?? 'downloaded' },
    'Temporal dev server started',
  );
  return {
    address,
    uiUrl: ui?.url,
    stop: async () => {
      await ui?.close();
      await env.teardown();
    },
  };
}

export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = allSearchAttributes.filter((key) => !known.has(key.name));
  if (!missing.length) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((key) => [
        key.name,
        temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`],
      ]),
    ),
  });
}

/** A client whose payloads and failures are encrypted with the given keys. */
export async function connectClient(
  address: string,
  namespace: string,
  codecKeys: CodecKeys,
): Promise<{ connection: Connection; client: Client }> {
  const connection = await Connection.connect({ address });
  return {
    connection,
    client: new Client({ connection, namespace, dataConverter: codecDataConverter(codecKeys) }),
  };
}
