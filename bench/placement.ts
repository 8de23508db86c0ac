/**
 * `npm run bench`: N placement proposals through create → send → accept → confirm over HTTP,
 * against the same N driven directly with the Temporal client (no HTTP, no read model), in the
 * same run on the same Temporal server. Prints throughput of both, their ratio, and the
 * p50/p95/p99 latency of the municipality's answer request. No thresholds: numbers to compare.
 *
 * BENCH_N (default 200) and BENCH_CONCURRENCY (default 16) tune it; DATABASE_URL picks PostgreSQL
 * (else the machine's on 127.0.0.1:5432, else an embedded one).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Client as PgClient } from 'pg';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createApp } from '../api/app';
import { answerClientErrors } from '../api/problem';
import { createTokenVerifier, signDevelopmentToken } from '../api/auth';
import { loadConfig } from '../platform/config';
import { createPrisma, startEmbeddedPostgres } from '../platform/database';
import { createLogger, installTemporalLogging } from '../platform/logger';
import { applyMigrations } from '../platform/migrations';
import { EncryptionCodec, generateKeyBase64 } from '../platform/payloadCodec';
import { connectClient, startDevServer } from '../platform/temporal';
import { createWorker, failureConverterPath, workflowsPath } from '../platform/worker';
import { seedReferenceData } from '../prisma/seed/seed';
import { findSeededUser } from '../prisma/seed/users';
import { placementProposal } from '../workflows/placementProposal/workflow';
import {
  decisionUpdates,
  proposalRecorded,
  workflowIdFor,
  type PlacementProposalInput,
} from '../workflows/placementProposal/messages';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { Actor } from '../domain/organisations/kinds';

const N = Number(process.env.BENCH_N || 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 16);

async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const logger = createLogger('warn');
  installTemporalLogging(logger, 'ERROR');
  const stops: (() => Promise<unknown>)[] = [];
  try {
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

    const temporal = await startDevServer({ namespace: 'default' }, logger);
    stops.push(temporal.stop);
    const keyId = 'bench';
    const codecKeys = { activeKeyId: keyId, keys: { [keyId]: Buffer.from(generateKeyBase64(), 'base64') } };
    const { connection, client } = await connectClient(temporal.address, 'default', codecKeys);
    stops.push(() => connection.close());
    const config = loadConfig({
      TEMPORAL_ADDRESS: temporal.address,
      DATABASE_URL: databaseUrl,
      TEMPORAL_TASK_QUEUE: 'bench-http',
      DATA_DIR: os.tmpdir(),
    });

    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve(workflowsPath()),
      failureConverterPath: failureConverterPath(),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
    });
    const bundlePath = path.join(os.tmpdir(), `koto-bench-bundle-${process.pid}.js`);
    fs.writeFileSync(bundlePath, code);

    // Worker for the HTTP run: real activities writing the read model.
    const httpWorker = await createWorker({
      address: temporal.address,
      namespace: 'default',
      taskQueue: 'bench-http',
      db,
      codecKeys,
      workflowBundle: { codePath: bundlePath },
    });
    const httpRunning = httpWorker.worker.run();
    // Worker for the direct run: the same workflow, with a read model that writes nothing.
    const directWorker = await Worker.create({
      connection: httpWorker.connection,
      namespace: 'default',
      taskQueue: 'bench-direct',
      workflowBundle: { codePath: bundlePath },
      activities: { recordProposalChange: async () => undefined },
      dataConverter: {
        payloadCodecs: [new EncryptionCodec(codecKeys)],
        failureConverterPath: failureConverterPath(),
      },
    });
    const directRunning = directWorker.run();
    stops.push(async () => {
      httpWorker.worker.shutdown();
      directWorker.shutdown();
      await Promise.all([httpRunning, directRunning]);
      await httpWorker.close();
    });

    const key = crypto.randomBytes(32);
    const app = createApp({
      config,
      db,
      databaseUrl,
      client,
      logger,
      verifyToken: createTokenVerifier(config, key),
      rateLimitPerMinute: 1_000_000,
      codec: new EncryptionCodec(codecKeys),
    });
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    answerClientErrors(server);
    stops.push(() => new Promise((resolve) => server.close(resolve)));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/placement-proposals`;
    const tokenFor = async (username: string) => {
      const user = findSeededUser(username)!;
      return signDevelopmentToken({ sub: user.id, org: user.organisationId, roles: user.roles }, key, config);
    };
    const evkToken = await tokenFor('evk-uusimaa.officer');
    const municipalityToken = await tokenFor('kunta-091.officer');
    const post = async (token: string, pathname: string, body: unknown) => {
      const response = await fetch(base + pathname, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as { id: string };
      if (!response.ok) throw new Error(`${pathname}: HTTP ${response.status} ${JSON.stringify(json)}`);
      return json;
    };
    const household = [
      { firstName: 'Bench', lastName: 'Testi', birthDate: '1990-01-01', nationality: 'SYR' },
    ];

    // Warm-up: bundles, connections and JIT.
    await pool(10, 5, async () => {
      const { id } = await post(evkToken, '', {
        kind: 'QUOTA_REFUGEE',
        household,
        evidentServiceNeeds: false,
      });
      await post(evkToken, `/${id}/send`, { municipalityId: 'kunta-091' });
    });

    const answerLatencies: number[] = [];
    const httpStarted = performance.now();
    await pool(N, CONCURRENCY, async () => {
      const { id } = await post(evkToken, '', {
        kind: 'QUOTA_REFUGEE',
        household,
        evidentServiceNeeds: false,
      });
      await post(evkToken, `/${id}/send`, { municipalityId: 'kunta-091' });
      const t = performance.now();
      await post(municipalityToken, `/${id}/answer`, { decision: 'ACCEPT' });
      answerLatencies.push(performance.now() - t);
      await post(evkToken, `/${id}/confirm`, {});
    });
    const httpSeconds = (performance.now() - httpStarted) / 1000;

    const evk: Actor = {
      userId: 'evk-uusimaa.officer',
      orgId: 'evk-uusimaa',
      orgKind: 'ELINVOIMAKESKUS',
      roles: ['OFFICER'],
    };
    const municipality: Actor = {
      userId: 'kunta-091.officer',
      orgId: 'kunta-091',
      orgKind: 'MUNICIPALITY',
      roles: ['OFFICER'],
    };
    const directStarted = performance.now();
    await pool(N, CONCURRENCY, async () => {
      const id = crypto.randomUUID();
      const input: PlacementProposalInput = {
        proposal: {
          id,
          kind: 'QUOTA_REFUGEE',
          ownerId: 'evk-uusimaa',
          household,
          evidentServiceNeeds: false,
        },
        actor: evk,
        settings: { reminderBefore: '2d' },
      };
      await client.workflow.executeUpdateWithStart(proposalRecorded, {
        startWorkflowOperation: new WithStartWorkflowOperation(placementProposal, {
          workflowId: workflowIdFor(id),
          taskQueue: 'bench-direct',
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
      const handle = client.workflow.getHandle(workflowIdFor(id));
      const answerDueAt = new Date(Date.now() + 14 * 86400_000).toISOString();
      await handle.executeUpdate(decisionUpdates.SEND, {
        args: [
          {
            actor: evk,
            command: {
              type: 'SEND',
              municipality: { id: 'kunta-091', welfareAreaId: 'hva-helsinki', aland: false },
              answerDueAt,
            },
          },
        ],
      });
      await handle.executeUpdate(decisionUpdates.ANSWER, {
        args: [{ actor: municipality, command: { type: 'ANSWER', decision: 'ACCEPT' } }],
      });
      await handle.executeUpdate(decisionUpdates.CONFIRM, {
        args: [{ actor: evk, command: { type: 'CONFIRM' } }],
      });
    });
    const directSeconds = (performance.now() - directStarted) / 1000;

    const sorted = [...answerLatencies].sort((a, b) => a - b);
    const httpRate = N / httpSeconds;
    const directRate = N / directSeconds;
    const rows = [
      ['proposals', String(N)],
      ['concurrency', String(CONCURRENCY)],
      ['HTTP + read model, proposals/s', httpRate.toFixed(1)],
      ['Temporal client only, proposals/s', directRate.toFixed(1)],
      ['ratio HTTP / direct', (httpRate / directRate).toFixed(2)],
      ['answer request p50 ms', percentile(sorted, 50).toFixed(1)],
      ['answer request p95 ms', percentile(sorted, 95).toFixed(1)],
      ['answer request p99 ms', percentile(sorted, 99).toFixed(1)],
    ];
    for (const [name, value] of rows) console.log(`${name.padEnd(36)} ${value}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error) => console.error(error));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
