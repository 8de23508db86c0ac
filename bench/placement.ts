/**
 * `npm run bench`: one Temporal dev server (in memory), one run, three ways of driving the same
 * placement process create → send → accept → confirm:
 *
 * - `raw`: a trivial workflow receiving the same messages (update-with-start, then three Updates)
 *   and doing nothing else (bench/rawProposal.ts): the ceiling of this machine;
 * - `direct`: our workflow driven by the Temporal client, with the real worker writing the read
 *   model (what the API adds is missing: HTTP, authentication, audit log);
 * - `http`: the whole path through the API as the web application uses it (an Idempotency-Key
 *   on every request), with the read model.
 *
 * Each runs BENCH_N (default 400) proposals with BENCH_CONCURRENCY (default 16) clients at once;
 * the municipality's answer request is timed in the loaded `http` run and in an idle one
 * (BENCH_IDLE_N, default 200, one client at a time), and so is the `raw` answer Update under the
 * same two loads (`raw answer ...`: the floor the targets are read against). Last, a data transfer of
 * BENCH_TRANSFER_RECORDS (default 500) client records through the API on the same stack
 * (`transfer records/s`; bench/transfer.ts, whose `npm run bench:transfer` runs 10,000). Prints
 * exactly these lines, one
 * `name value` per line, and appends them to bench/results.md. No thresholds: the targets
 * (http/raw ratio ≥ 0.5, answer idle p50 ≤ 20 ms and p99 ≤ 40 ms, answer loaded p99 ≤ 150 ms) are
 * for reading the figures against.
 *
 * DATABASE_URL picks PostgreSQL (else the machine's on 127.0.0.1:5432, else an embedded one).
 */
import crypto from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { requestHash } from '../api/decisions';
import type { Actor } from '../domain/organisations/kinds';
import type { Command } from '../domain/placement/proposal';
import { createLogger, installTemporalLogging } from '../platform/logger';
import { EncryptionCodec } from '../platform/payloadCodec';
import { createWorker, failureConverterPath, workflowsPath } from '../platform/worker';
import { placementProposal } from '../workflows/placementProposal/workflow';
import {
  decisionUpdates,
  proposalRecorded,
  workflowIdFor,
  type PlacementProposalInput,
} from '../workflows/placementProposal/messages';
import { rawCreated, rawProposal, rawStep } from './rawProposal';
import { recordResults } from './results';
import { measureTransfer } from './transfer';
import {
  bundle,
  percentile,
  pool,
  startBenchApi,
  startBenchStack,
  type BenchApi,
  type Stop,
} from './support';

const N = Number(process.env.BENCH_N || 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 16);
const IDLE_N = Number(process.env.BENCH_IDLE_N || 200);
const TRANSFER_RECORDS = Number(process.env.BENCH_TRANSFER_RECORDS || 500);
const WARM_UP = 20;

const household = [{ firstName: 'Bench', lastName: 'Testi', birthDate: '1990-01-01', nationality: 'SYR' }];
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

/** `raw`: the same four messages to a workflow that does nothing with them; returns the answer's time. */
async function rawOne(client: Client): Promise<number> {
  const workflowId = `raw-${crypto.randomUUID()}`;
  await client.workflow.executeUpdateWithStart(rawCreated, {
    updateId: crypto.randomUUID(),
    startWorkflowOperation: new WithStartWorkflowOperation(rawProposal, {
      workflowId,
      taskQueue: 'bench-raw',
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  const handle = client.workflow.getHandle(workflowId);
  const step = (name: string) =>
    handle.executeUpdate(rawStep, { args: [{ step: name }], updateId: crypto.randomUUID() });
  await step('SEND');
  const started = performance.now();
  await step('ANSWER');
  const answered = performance.now() - started;
  await step('CONFIRM');
  return answered;
}

/** `direct`: our workflow, given what the API would give it, with idempotency keys as the API sets them. */
async function directOne(client: Client, taskQueue: string): Promise<void> {
  const id = crypto.randomUUID();
  const hash = requestHash('proposal.create', { household });
  const input: PlacementProposalInput = {
    proposal: { id, kind: 'QUOTA_REFUGEE', ownerId: evk.orgId, household, evidentServiceNeeds: false },
    actor: evk,
    requestHash: hash,
    settings: { reminderBefore: '2d' },
  };
  await client.workflow.executeUpdateWithStart(proposalRecorded, {
    args: [{ requestHash: hash }],
    startWorkflowOperation: new WithStartWorkflowOperation(placementProposal, {
      workflowId: workflowIdFor(id),
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  const handle = client.workflow.getHandle(workflowIdFor(id));
  const decide = async (actor: Actor, command: Command) => {
    const key = `${actor.userId}:${crypto.randomUUID()}`;
    const hashOf = requestHash(command.type, command);
    await handle.executeUpdate(decisionUpdates[command.type] as typeof decisionUpdates.SEND, {
      args: [
        {
          actor,
          command: command as Extract<Command, { type: 'SEND' }>,
          idempotencyKey: key,
          requestHash: hashOf,
        },
      ],
      updateId: `${key}:${hashOf.slice(0, 16)}`,
    });
  };
  const answerDueAt = new Date(Date.now() + 14 * 86400_000).toISOString();
  await decide(evk, {
    type: 'SEND',
    municipality: { id: 'kunta-091', welfareAreaId: 'hva-helsinki', aland: false },
    answerDueAt,
  });
  await decide(municipality, { type: 'ANSWER', decision: 'ACCEPT' });
  await decide(evk, { type: 'CONFIRM' });
}

/** `http`: the whole path as the web application drives it; returns the answer request's time. */
async function httpOne(api: BenchApi): Promise<number> {
  const base = '/api/v1/placement-proposals';
  const { id } = await api.post(evk.userId, base, {
    kind: 'QUOTA_REFUGEE',
    household,
    evidentServiceNeeds: false,
  });
  await api.post(evk.userId, `${base}/${id}/send`, { municipalityId: 'kunta-091' });
  const started = performance.now();
  await api.post(municipality.userId, `${base}/${id}/answer`, { decision: 'ACCEPT' });
  const answered = performance.now() - started;
  await api.post(evk.userId, `${base}/${id}/confirm`, {});
  return answered;
}

/** Proposals per second over `count` runs of `one` with `concurrency` clients. */
async function rate<T>(count: number, concurrency: number, one: () => Promise<T>): Promise<[number, T[]]> {
  const started = performance.now();
  const results = await pool(count, concurrency, one);
  return [count / ((performance.now() - started) / 1000), results];
}

async function main() {
  const logger = createLogger('warn');
  installTemporalLogging(logger, 'ERROR');
  const stops: Stop[] = [];
  try {
    const { databaseUrl, db, temporal, codecKeys, client, config } = await startBenchStack(logger, stops);
    const [ourBundle, rawBundle] = await Promise.all([
      bundle(workflowsPath(), 'workflows'),
      bundle(require.resolve('./rawProposal'), 'raw'),
    ]);

    // Our worker, as production runs it: the production bundle, the read model, the configured tuning.
    const koto = await createWorker({
      address: temporal.address,
      namespace: 'default',
      taskQueue: config.temporal.taskQueue,
      db,
      codecKeys,
      workflowBundle: { codePath: ourBundle },
      tuning: config.temporal.worker,
    });
    // The raw workflow's worker: the same connection, payload codec and tuning (workflow stack
    // traces too: createWorker set them for the process's workflow threads); no activities.
    const tuning = config.temporal.worker;
    const raw = await Worker.create({
      connection: koto.connection,
      namespace: 'default',
      taskQueue: 'bench-raw',
      workflowBundle: { codePath: rawBundle },
      dataConverter: {
        payloadCodecs: [new EncryptionCodec(codecKeys)],
        failureConverterPath: failureConverterPath(),
      },
      maxCachedWorkflows: tuning.maxCachedWorkflows,
      maxConcurrentWorkflowTaskExecutions: tuning.maxConcurrentWorkflowTasks,
      workflowThreadPoolSize: tuning.workflowThreads,
    });
    const running = [koto.worker.run(), raw.run()];
    stops.push(async () => {
      koto.worker.shutdown();
      raw.shutdown();
      await Promise.all(running);
      await koto.close();
    });
    const api = await startBenchApi({ config, db, databaseUrl, client, logger, codecKeys }, stops);

    // Warm-up: bundles loaded into the workflow threads, connections opened, code compiled.
    await pool(WARM_UP, 4, () => rawOne(client));
    await pool(WARM_UP, 4, () => directOne(client, config.temporal.taskQueue));
    await pool(WARM_UP, 4, () => httpOne(api));

    const [rawRate, rawLoaded] = await rate(N, CONCURRENCY, () => rawOne(client));
    const [directRate] = await rate(N, CONCURRENCY, () => directOne(client, config.temporal.taskQueue));
    const [httpRate, loaded] = await rate(N, CONCURRENCY, () => httpOne(api));
    const [, idle] = await rate(IDLE_N, 1, () => httpOne(api));
    const [, rawIdle] = await rate(IDLE_N, 1, () => rawOne(client));
    const transfer = await measureTransfer(api, TRANSFER_RECORDS);

    const figures: [string, string][] = [
      ['raw proposals/s', rawRate.toFixed(1)],
      ['direct proposals/s', directRate.toFixed(1)],
      ['http proposals/s', httpRate.toFixed(1)],
      ['http/raw ratio', (httpRate / rawRate).toFixed(2)],
      ['answer idle p50 ms', percentile(idle, 50).toFixed(1)],
      ['answer idle p99 ms', percentile(idle, 99).toFixed(1)],
      ['answer loaded p50 ms', percentile(loaded, 50).toFixed(1)],
      ['answer loaded p99 ms', percentile(loaded, 99).toFixed(1)],
      // The same figures for the bare Update of `raw`: the floor of this machine under each load.
      ['raw answer idle p50 ms', percentile(rawIdle, 50).toFixed(1)],
      ['raw answer idle p99 ms', percentile(rawIdle, 99).toFixed(1)],
      ['raw answer loaded p50 ms', percentile(rawLoaded, 50).toFixed(1)],
      ['raw answer loaded p99 ms', percentile(rawLoaded, 99).toFixed(1)],
      ['transfer records/s', transfer.rate.toFixed(1)],
    ];
    for (const [name, value] of figures) console.log(`${name} ${value}`);
    recordResults('bench', [
      ['proposals per run', N],
      ...figures.slice(0, -1),
      ['transfer records', TRANSFER_RECORDS],
      ...figures.slice(-1),
    ]);
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
