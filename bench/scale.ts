/**
 * `npm run bench:scale`: the client case engine at national volume, on a Temporal dev server that
 * persists to SQLite (as `npm run dev` does), with the production worker (`main.ts worker`, its
 * configured bounded workflow cache) in a process of its own, so that its memory can be measured.
 *
 * 1. Creates SCALE_N (default 20,000) client cases with an integration plan, through the Temporal
 *    client as the API delivers them (registration by update-with-start, then the plan), in bulk
 *    (SCALE_CONCURRENCY, default 32, at once), 15 % in Helsinki and the rest over every other
 *    municipality. Each case stays running: its review timer is six months away.
 * 2. At 25, 50 and 100 % of N: the worker's and the Temporal server's resident memory.
 * 3. Bytes per case: the growth of Temporal's SQLite file (with its WAL) and of the PostgreSQL
 *    database over the creation, divided by N (the read model only: the cases were not created
 *    through the API, so the audit log's rows are not included).
 * 4. At that size, as a Helsinki officer through the API: p95 of the inbox and of the client list
 *    (first page), SCALE_REQUESTS (default 200) requests each, one at a time.
 * 5. Review timers: records a plan review on SCALE_DUE (default 2,000) cases whose next review is
 *    then due at one and the same instant, CLIENT_REVIEW_INTERVAL (default 3m: short, so they fall
 *    due during the bench) after the start of this step; then measures, per case, the time from
 *    that instant until the read model marks the review overdue (polled every 200 ms).
 * 6. From the growth: the projection for 200,000 live cases.
 *
 * Prints one `name value` per line and appends them to bench/results.md. No thresholds: the
 * issue's targets (worker RSS flat and ≤ 1 GiB, timer lag p99 ≤ 30 s, inbox p95 ≤ 50 ms) are for
 * reading the figures against.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { requestHash } from '../api/decisions';
import { nextReviewDue } from '../domain/clientCase/deadlines';
import type { ClientCommand } from '../domain/clientCase/clientCase';
import type { Actor } from '../domain/organisations/kinds';
import { helsinkiDate } from '../domain/time';
import { loadConfig } from '../platform/config';
import { createLogger, installTemporalLogging } from '../platform/logger';
import { generateKeyBase64 } from '../platform/payloadCodec';
import { projectRoot } from '../platform/projectRoot';
import { connectClient } from '../platform/temporal';
import { clientCase } from '../workflows/clientCase/workflow';
import {
  clientRegistered,
  clientUpdates,
  clientWorkflowIdFor,
  type ClientCaseInput,
  type ClientDecisionRequest,
  type ClientResult,
} from '../workflows/clientCase/messages';
import { recordResults } from './results';
import { workflowsPath } from '../platform/worker';
import {
  benchDatabase,
  bundle,
  percentile,
  pool,
  rssMiB,
  startBenchApi,
  startBenchTemporal,
  type Stop,
} from './support';

const N = Number(process.env.SCALE_N || 20_000);
const CONCURRENCY = Number(process.env.SCALE_CONCURRENCY || 32);
const REQUESTS = Number(process.env.SCALE_REQUESTS || 200);
const DUE = Math.min(Number(process.env.SCALE_DUE || 2_000), N);
const PROJECTED = 200_000;
/** The worker's heap cap in production (docker-compose.yml: `--max-old-space-size`). */
const WORKER_MAX_OLD_SPACE_MIB = 512;
const TASK_QUEUE = 'scale';
const HELSINKI = 'kunta-091';

type SetPlan = Extract<ClientCommand, { type: 'SET_PLAN' }>;

const officerOf = (municipalityId: string): Actor => ({
  userId: `${municipalityId}.officer`,
  orgId: municipalityId,
  orgKind: 'MUNICIPALITY',
  roles: ['OFFICER'],
});

const fileBytes = (file: string) =>
  ['', '-wal'].reduce(
    (sum, suffix) => sum + (fs.existsSync(file + suffix) ? fs.statSync(file + suffix).size : 0),
    0,
  );

/** `main.ts worker`, the production entry point, against this bench's server and database. */
async function startWorker(env: Record<string, string>, stops: Stop[]): Promise<ChildProcess> {
  // The worker's V8 heap is capped as docker-compose.yml caps it (WORKER_MAX_OLD_SPACE_MIB), so
  // garbage is collected before the heap grows, rather than whenever V8 finds it convenient.
  const heap = `--max-old-space-size=${process.env.WORKER_MAX_OLD_SPACE_MIB || WORKER_MAX_OLD_SPACE_MIB}`;
  const child = spawn(
    process.execPath,
    [heap, '--import', 'tsx', path.join(projectRoot(), 'main.ts'), 'worker'],
    {
      cwd: projectRoot(),
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  stops.push(async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      if (buffered.includes('worker polling')) resolve();
      if (buffered.length > 1e6) buffered = buffered.slice(-1000);
    });
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it polled`)));
  });
  return child;
}

async function createCase(
  client: Client,
  i: number,
  municipalityId: string,
  reviewDue: string,
  reviewInterval?: string,
) {
  const id = crypto.randomUUID();
  const actor = officerOf(municipalityId);
  const registration = {
    firstName: 'Skaala',
    lastName: `Testi${i}`,
    birthDate: '1990-01-01',
    nationality: 'SYR',
    umaNumber: String(100_000_000 + i),
    serviceLanguage: 'fi',
    languages: [{ code: 'ar', level: 'native' }],
    residenceRight: { type: 'RESIDENCE_PERMIT', validUntil: '2030-12-31' },
    finnishCitizen: false,
  };
  const input: ClientCaseInput = {
    client: { id, municipalityId, firstPermitDate: null },
    actor,
    registration,
    requestHash: requestHash('client.register', registration),
    // The workflow computes the review deadlines from these (client case rule edition 2).
    settings: { reviewReminderBefore: '14d', ...(reviewInterval ? { reviewInterval } : {}) },
  };
  await client.workflow.executeUpdateWithStart(clientRegistered, {
    startWorkflowOperation: new WithStartWorkflowOperation(clientCase, {
      workflowId: clientWorkflowIdFor(id),
      taskQueue: TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `Client case · registered by ${municipalityId}`,
    }),
  });
  const today = helsinkiDate(new Date());
  await decide(client, id, {
    actor,
    command: {
      type: 'SET_PLAN',
      validFrom: today,
      validUntil: helsinkiDate(new Date(Date.now() + 200 * 86400_000)),
      nextReviewDue: reviewDue,
      limits: { extensionMonths: 0, absenceMonths: 0 },
    },
    content: {
      goals: [{ description: 'Suomen kielen taito B1' }],
      tasks: [{ description: 'Kielikurssi' }],
      services: [],
      extension: null,
    },
  });
  return { id, municipalityId };
}

/** One decision as the API delivers it: the Idempotency-Key as the update ID and in the request. */
async function decide(client: Client, id: string, request: ClientDecisionRequest): Promise<ClientResult> {
  const key = `${request.actor.userId}:${crypto.randomUUID()}`;
  const hash = requestHash(request.command.type, request);
  return client.workflow
    .getHandle(clientWorkflowIdFor(id))
    .executeUpdate(clientUpdates[request.command.type] as typeof clientUpdates.SET_PLAN, {
      args: [{ ...request, idempotencyKey: key, requestHash: hash } as ClientDecisionRequest<SetPlan>],
      updateId: `${key}:${hash.slice(0, 16)}`,
    });
}

async function main() {
  const logger = createLogger('warn');
  installTemporalLogging(logger, 'ERROR');
  const stops: Stop[] = [];
  const log = (message: string) => process.stderr.write(`[bench:scale] ${message}\n`);
  try {
    const { databaseUrl, db } = await benchDatabase(logger, stops);
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'koto-scale-'));
    stops.push(async () => fs.rmSync(workDir, { recursive: true, force: true }));
    const sqlite = path.join(workDir, 'temporal.sqlite');
    const temporal = await startBenchTemporal(stops, sqlite);
    const temporalPid = temporal.pid;
    const key = generateKeyBase64();
    const codecKeys = { activeKeyId: 'bench', keys: { bench: Buffer.from(key, 'base64') } };
    const { connection, client } = await connectClient(temporal.address, 'default', codecKeys);
    stops.push(() => connection.close());
    const env = {
      TEMPORAL_ADDRESS: temporal.address,
      DATABASE_URL: databaseUrl,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      DATA_DIR: workDir,
      PAYLOAD_CODEC_KEYS: JSON.stringify({ bench: key }),
      PAYLOAD_CODEC_KEY_ID: 'bench',
      CLIENT_REVIEW_INTERVAL: process.env.CLIENT_REVIEW_INTERVAL || '3m',
      // As the image runs it: the workflows bundled ahead, not by the worker at start.
      TEMPORAL_WORKFLOW_BUNDLE: await bundle(workflowsPath(), 'scale-workflows'),
    };
    const config = loadConfig({ ...env, LOG_LEVEL: 'warn' });
    const worker = await startWorker(env, stops);
    const api = await startBenchApi({ config, db, databaseUrl, client, logger, codecKeys }, stops);

    const municipalities = (
      await db.organisation.findMany({
        where: { kind: 'MUNICIPALITY' },
        select: { id: true },
        orderBy: { id: 'asc' },
      })
    )
      .map((o) => o.id)
      .filter((id) => id !== HELSINKI);
    const municipalityOf = (i: number) =>
      i % 20 < 3 ? HELSINKI : municipalities[Math.floor(i / 20) % municipalities.length];
    const sixMonths = nextReviewDue(helsinkiDate(new Date()), new Date(), '6 months').toISOString();

    // 1–3: creation, memory as N grows, storage.
    const sqliteBefore = fileBytes(sqlite);
    const pgSize = async () =>
      Number(
        (await db.$queryRaw<{ size: bigint }[]>`SELECT pg_database_size(current_database()) AS size`)[0].size,
      );
    const pgBefore = await pgSize();
    const memory: Record<number, { worker: number; temporal: number }> = {};
    const peak = { worker: 0, temporal: 0 };
    const sample = () => ({ worker: rssMiB(worker.pid!), temporal: rssMiB(temporalPid) });
    const sampler = setInterval(() => {
      const now = sample();
      peak.worker = Math.max(peak.worker, now.worker);
      peak.temporal = Math.max(peak.temporal, now.temporal);
    }, 1000);
    stops.push(async () => clearInterval(sampler));
    const checkpoints = [0.25, 0.5, 1].map((share) => Math.round(N * share));
    let done = 0;
    const started = performance.now();
    const cases = await pool(N, CONCURRENCY, async (i) => {
      const created = await createCase(
        client,
        i,
        municipalityOf(i),
        sixMonths,
        // The cases whose reviews fall due in step 5 run on the short interval (rule edition 2
        // computes every due date from the case's settings); the rest keep six months.
        i < DUE ? config.clientCase.reviewInterval : undefined,
      );
      done++;
      if (checkpoints.includes(done)) memory[done] = sample();
      if (done % Math.ceil(N / 20) === 0) {
        const { worker: w, temporal: t } = sample();
        const rate = ((done / (performance.now() - started)) * 1000).toFixed(1);
        log(`${done} cases, ${rate}/s, worker ${w.toFixed(0)} MiB, temporal ${t.toFixed(0)} MiB`);
      }
      return created;
    });
    const creationRate = N / ((performance.now() - started) / 1000);
    // Let the server flush before the files are measured.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const temporalBytes = (fileBytes(sqlite) - sqliteBefore) / N;
    const pgBytes = ((await pgSize()) - pgBefore) / N;

    // 4: reading at that size.
    const timed = async (request: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const t = performance.now();
        await request();
        samples.push(performance.now() - t);
      }
      return percentile(samples, 95);
    };
    const inboxP95 = await timed(() => api.get(`${HELSINKI}.officer`, '/api/v1/inbox'));
    const listP95 = await timed(() => api.get(`${HELSINKI}.officer`, '/api/v1/clients'));

    // 5: DUE reviews falling due at the same instant.
    const dueCases = cases.slice(0, DUE);
    const dueAt = nextReviewDue(helsinkiDate(new Date()), new Date(), config.clientCase.reviewInterval);
    log(`recording ${DUE} reviews due from about ${dueAt.toISOString()}`);
    // Since rule edition 2 the workflow sets each due date (recording time + the interval): the
    // lag is measured from each case's own due date.
    const dueOf = new Map<string, number>();
    await pool(DUE, CONCURRENCY, async (i) => {
      const { id, municipalityId } = dueCases[i];
      const result = await decide(client, id, {
        actor: officerOf(municipalityId),
        command: { type: 'RECORD_REVIEW', reviewedOn: helsinkiDate(new Date()) },
        content: { changes: 'Seuraava arviointi pian' },
      });
      dueOf.set(id, Date.parse(result.nextReviewDue ?? dueAt.toISOString()));
    });
    if (Date.now() > dueAt.getTime())
      log('the reviews were recorded after they fell due: raise CLIENT_REVIEW_INTERVAL');
    const ids = dueCases.map((c) => c.id);
    const seen = new Map<string, number>();
    const giveUp = Math.max(dueAt.getTime(), ...dueOf.values()) + 15 * 60_000;
    while (seen.size < ids.length && Date.now() < giveUp) {
      const marked = await db.client.findMany({
        where: { id: { in: ids.filter((id) => !seen.has(id)) }, reviewOverdue: true },
        select: { id: true },
      });
      const now = Date.now();
      for (const { id } of marked) seen.set(id, now);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (seen.size < ids.length)
      log(`${ids.length - seen.size} reviews were not marked overdue within 15 minutes`);
    const lags = [...seen].map(([id, at]) => Math.max(0, at - (dueOf.get(id) ?? dueAt.getTime())));
    memory[-1] = sample();
    clearInterval(sampler);

    // 6: projection, linear in the growth between 50 % and 100 % of N (past the worker's cache).
    const [quarter, half, all] = checkpoints.map((c) => memory[c]);
    const slope = (key: 'worker' | 'temporal') => (all[key] - half[key]) / (checkpoints[2] - checkpoints[1]);
    const project = (key: 'worker' | 'temporal') => all[key] + Math.max(0, slope(key)) * (PROJECTED - N);
    const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(2);

    const figures: [string, string | number][] = [
      ['cases', N],
      ['creation cases/s', creationRate.toFixed(1)],
      ['worker RSS MiB at 25%', quarter.worker.toFixed(0)],
      ['worker RSS MiB at 50%', half.worker.toFixed(0)],
      ['worker RSS MiB at 100%', all.worker.toFixed(0)],
      ['worker RSS MiB after the timers', memory[-1].worker.toFixed(0)],
      ['worker RSS MiB max', peak.worker.toFixed(0)],
      ['temporal RSS MiB at 25%', quarter.temporal.toFixed(0)],
      ['temporal RSS MiB at 50%', half.temporal.toFixed(0)],
      ['temporal RSS MiB at 100%', all.temporal.toFixed(0)],
      ['temporal RSS MiB max', peak.temporal.toFixed(0)],
      ['temporal bytes per case', temporalBytes.toFixed(0)],
      ['postgres bytes per case', pgBytes.toFixed(0)],
      ['inbox p95 ms', inboxP95.toFixed(1)],
      ['client list p95 ms', listP95.toFixed(1)],
      ['reviews due at once', DUE],
      ['review timer lag p50 ms', lags.length ? percentile(lags, 50).toFixed(0) : 'n/a'],
      ['review timer lag p99 ms', lags.length ? percentile(lags, 99).toFixed(0) : 'n/a'],
      ['reviews not marked', ids.length - seen.size],
      [`projected ${PROJECTED} cases temporal GiB`, gib(temporalBytes * PROJECTED)],
      [`projected ${PROJECTED} cases postgres GiB`, gib(pgBytes * PROJECTED)],
      [`projected ${PROJECTED} cases worker RSS MiB`, project('worker').toFixed(0)],
      [`projected ${PROJECTED} cases temporal RSS MiB`, project('temporal').toFixed(0)],
    ];
    for (const [name, value] of figures) console.log(`${name} ${value}`);
    recordResults('bench:scale', figures);
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
