/**
 * `npm run soak`: the chaos soak, run before each release (README, Operations). Not part of
 * `npm test`: it takes minutes.
 *
 * The production-like split: a Temporal dev server persisting to SQLite, PostgreSQL (a private
 * embedded server), and the API and the worker as separate processes (`main.ts api`, `main.ts
 * worker`). SOAK_N (default 300) placement proposals go through the whole process (create, send,
 * the municipality's acceptance, confirmation) by SOAK_CONCURRENCY (default 16) clients that
 * retry on network errors and 503 with the same Idempotency-Key, as the web application does.
 * Meanwhile the script kills the worker four times, the API once and the Temporal server once
 * (SIGKILL, then starts them again) and restarts PostgreSQL once, each while proposals are in
 * flight (a client starts a proposal only once the outage planned before it has happened).
 *
 * At the end it checks, and prints as counts: every proposal reached PLACED, exactly once (one
 * proposal per create, its timeline CREATED, SENT, ACCEPTED, PLACED with no event doubled);
 * the read model holds each workflow's state (status, version, events); no decision lost or
 * doubled; no request answered 500 (as the clients saw it and as the API's request log says).
 * Exits 1 on any violation; appends the counts to bench/results.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signDevelopmentToken, developmentKey } from '../api/auth';
import { loadConfig } from '../platform/config';
import { createPrisma } from '../platform/database';
import { createLogger, installTemporalLogging } from '../platform/logger';
import { applyMigrations } from '../platform/migrations';
import { generateKeyBase64 } from '../platform/payloadCodec';
import { projectRoot } from '../platform/projectRoot';
import { connectClient } from '../platform/temporal';
import { seedReferenceData } from '../prisma/seed/seed';
import { findSeededUser } from '../prisma/seed/users';
import { getProposalState, workflowIdFor } from '../workflows/placementProposal/messages';
import { freePort, postgresProcess, temporalProcess } from '../test/support/services';
import { recordResults } from './results';

const N = Number(process.env.SOAK_N || 300);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY || 16);
/** A request still unanswered after this is abandoned and retried (with the same key). */
const REQUEST_TIMEOUT_MS = 60_000;
/** A step that has not succeeded after this is a violation (the system did not recover). */
const GIVE_UP_MS = 5 * 60_000;
const TASK_QUEUE = 'soak';
const EXPECTED_TIMELINE = ['CREATED', 'SENT', 'ACCEPTED', 'PLACED'];

const log = (message: string) =>
  process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `main.ts <part>` as a child process that can be killed and started again; logs to a file. */
class Supervised {
  private child?: ChildProcess;
  private starts = 0;
  /** Exits nobody asked for (a crash, not a planned kill). */
  unexpectedExits = 0;
  private killing = false;

  constructor(
    private readonly part: 'api' | 'worker',
    private readonly env: Record<string, string>,
    private readonly logDir: string,
    private readonly readyLine: string,
  ) {}

  /** Starts it; retries while it cannot start (e.g. Temporal still coming up). */
  async start(): Promise<void> {
    const deadline = Date.now() + GIVE_UP_MS;
    for (;;) {
      try {
        return await this.startOnce();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        log(`${this.part} did not start (${(error as Error).message}); again in 1 s`);
        await sleep(1000);
      }
    }
  }

  private startOnce(): Promise<void> {
    const file = path.join(this.logDir, `${this.part}-${++this.starts}.log`);
    const out = fs.openSync(file, 'w');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot(), 'main.ts'), this.part],
      {
        cwd: projectRoot(),
        env: { ...process.env, ...this.env },
        stdio: ['ignore', 'pipe', out],
      },
    );
    this.child = child;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      let buffered = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        fs.writeSync(out, chunk);
        if (ready) return;
        buffered += chunk.toString();
        if (buffered.includes(this.readyLine)) {
          ready = true;
          buffered = '';
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        fs.closeSync(out);
        if (!ready) return reject(new Error(`exited (${code ?? signal}) before it was ready; see ${file}`));
        if (!this.killing) {
          this.unexpectedExits++;
          log(`${this.part} exited unexpectedly (${code ?? signal}); starting it again`);
          this.start().catch((error: Error) =>
            log(`${this.part} could not be started again: ${error.message}`),
          );
        }
      });
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.killing = true;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    this.killing = false;
  }

  /** Stops it for good (the end of the soak). */
  async stop(): Promise<void> {
    this.killing = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
  }
}

interface Counts {
  requests: number;
  answered503: number;
  networkErrors: number;
  answered500: number;
  otherUnexpected: number;
  gaveUp: number;
}

async function main() {
  const started = Date.now();
  const logger = createLogger('warn');
  installTemporalLogging(logger, 'ERROR');
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'koto-soak-'));
  const logDir = path.join(workDir, 'logs');
  fs.mkdirSync(logDir);
  const stops: (() => Promise<unknown>)[] = [];
  let failed = true;
  try {
    log(`N=${N}, ${CONCURRENCY} clients; work folder ${workDir}`);
    const pg = await postgresProcess(path.join(workDir, 'pg'));
    stops.push(() => pg.close());
    await applyMigrations(pg.url);
    const db = createPrisma(pg.url);
    stops.push(() => db.$disconnect());
    await seedReferenceData(db);
    const temporal = await temporalProcess(path.join(workDir, 'temporal.sqlite'));
    stops.push(() => temporal.kill('SIGTERM'));

    const key = generateKeyBase64();
    const port = await freePort();
    const env = {
      TEMPORAL_ADDRESS: temporal.address,
      DATABASE_URL: pg.url,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      DATA_DIR: workDir,
      PAYLOAD_CODEC_KEYS: JSON.stringify({ soak: key }),
      PAYLOAD_CODEC_KEY_ID: 'soak',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
    const config = loadConfig(env);
    const worker = new Supervised('worker', env, logDir, 'worker polling');
    const api = new Supervised('api', env, logDir, 'API listening');
    stops.push(
      () => worker.stop(),
      () => api.stop(),
    );
    await worker.start();
    await api.start();
    const url = `http://127.0.0.1:${port}`;

    // Each proposal: an elinvoimakeskus and one of its own municipalities (not Åland).
    const municipalities = await db.organisation.findMany({
      where: { kind: 'MUNICIPALITY', aland: false, elinvoimakeskusId: { not: null } },
      orderBy: { id: 'asc' },
    });
    const tokens = new Map<string, string>();
    const signingKey = developmentKey(workDir);
    const token = async (username: string) => {
      if (!tokens.has(username)) {
        const user = findSeededUser(username);
        if (!user) throw new Error(`no seeded user ${username}`);
        tokens.set(
          username,
          await signDevelopmentToken(
            { sub: user.id, org: user.organisationId, roles: user.roles },
            signingKey,
            config,
          ),
        );
      }
      return tokens.get(username)!;
    };

    const counts: Counts = {
      requests: 0,
      answered503: 0,
      networkErrors: 0,
      answered500: 0,
      otherUnexpected: 0,
      gaveUp: 0,
    };
    const violations: string[] = [];

    /** One request, retried with the same Idempotency-Key until it is answered other than 503. */
    async function request(
      username: string,
      pathname: string,
      body: unknown,
      idempotencyKey: string,
      expected: number,
    ): Promise<{ id: string; status: string } | undefined> {
      const giveUpAt = Date.now() + GIVE_UP_MS;
      for (let attempt = 0; ; attempt++) {
        counts.requests++;
        let wait = Math.min(5000, 250 * 2 ** attempt);
        try {
          const response = await fetch(url + pathname, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${await token(username)}`,
              'content-type': 'application/json',
              'idempotency-key': idempotencyKey,
            },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          const text = await response.text();
          if (response.status === expected) return JSON.parse(text);
          if (response.status === 503) {
            counts.answered503++;
            wait = Math.max(wait, 1000 * Number(response.headers.get('retry-after') || 0) || 0);
            wait = Math.min(wait, 5000);
          } else {
            if (response.status >= 500) counts.answered500++;
            else counts.otherUnexpected++;
            violations.push(`${pathname} (${idempotencyKey}): HTTP ${response.status} ${text.slice(0, 300)}`);
            return undefined;
          }
        } catch {
          counts.networkErrors++;
        }
        if (Date.now() > giveUpAt) {
          counts.gaveUp++;
          violations.push(`${pathname} (${idempotencyKey}): no answer within ${GIVE_UP_MS / 1000} s`);
          return undefined;
        }
        await sleep(wait * (0.75 + Math.random() / 2));
      }
    }

    // The outages, in order, each once a share of the proposals is done; clients wait to start
    // proposals past the next outage's share until it has happened, so each hits work in flight.
    const plan: [string, () => Promise<void>][] = [
      ['kill the worker', async () => void (await worker.kill(), await sleep(1000), await worker.start())],
      ['kill the API', async () => void (await api.kill(), await sleep(1000), await api.start())],
      ['kill the worker', async () => void (await worker.kill(), await sleep(1000), await worker.start())],
      [
        'kill Temporal',
        async () => void (await temporal.kill('SIGKILL'), await sleep(3000), await temporal.start()),
      ],
      ['kill the worker', async () => void (await worker.kill(), await sleep(1000), await worker.start())],
      ['restart PostgreSQL', async () => void (await pg.stop(), await sleep(3000), await pg.start())],
      ['kill the worker', async () => void (await worker.kill(), await sleep(1000), await worker.start())],
    ];
    const share = (step: number) => Math.floor(((step + 1) * N) / (plan.length + 1));
    let completed = 0;
    let nextProposal = 0;
    let outagesDone = 0;
    const chaosLog: string[] = [];
    const chaos = (async () => {
      for (const [what, run] of plan) {
        while (completed < share(outagesDone)) await sleep(50);
        const [done, inFlight] = [completed, nextProposal - completed];
        log(`${what} (${done}/${N} placed, ${inFlight} in flight)`);
        const t = Date.now();
        await run();
        chaosLog.push(`${what} at ${done}/${N} with ${inFlight} in flight, back in ${Date.now() - t} ms`);
        outagesDone++;
      }
    })();

    const ids: (string | undefined)[] = new Array(N);
    const finalStatus: (string | undefined)[] = new Array(N);
    const runId = crypto.randomBytes(4).toString('hex');
    const client = async () => {
      for (;;) {
        while (outagesDone < plan.length && nextProposal >= share(outagesDone) + CONCURRENCY) await sleep(50);
        const i = nextProposal++;
        if (i >= N) return;
        const municipality = municipalities[(i * 7) % municipalities.length];
        const owner = `${municipality.elinvoimakeskusId}.officer`;
        const receiver = `${municipality.id}.officer`;
        const keyOf = (step: string) => `soak-${runId}-${i}-${step}`;
        const think = () => sleep(20 + Math.random() * 100);
        const created = await request(
          owner,
          '/api/v1/placement-proposals',
          {
            kind: 'QUOTA_REFUGEE',
            household: [
              { firstName: 'Soak', lastName: `Testi${i}`, birthDate: '1990-01-01', nationality: 'SYR' },
            ],
            evidentServiceNeeds: false,
          },
          keyOf('create'),
          201,
        );
        const id = created?.id;
        ids[i] = id;
        const steps: [string, string, unknown][] = [
          [owner, 'send', { municipalityId: municipality.id }],
          [receiver, 'answer', { decision: 'ACCEPT' }],
          [owner, 'confirm', {}],
        ];
        for (const [user, step, body] of steps) {
          if (!id) break;
          await think();
          const answer = await request(
            user,
            `/api/v1/placement-proposals/${id}/${step}`,
            body,
            keyOf(step),
            200,
          );
          if (!answer) break;
          finalStatus[i] = answer.status;
        }
        completed++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    await chaos;
    const soakSeconds = (Date.now() - started) / 1000;
    log(`all ${N} proposals driven in ${soakSeconds.toFixed(0)} s; checking`);

    // The checks: the read model against each workflow, through PostgreSQL and Temporal directly.
    const { connection, client: temporalClient } = await connectClient(temporal.address, 'default', {
      activeKeyId: 'soak',
      keys: { soak: Buffer.from(key, 'base64') },
    });
    stops.push(() => connection.close());
    let placed = 0;
    let readModelMatches = 0;
    let eventsDoubled = 0;
    let decisionsLost = 0;
    let decisionsDoubled = 0;
    const expectedDecisions = EXPECTED_TIMELINE.slice(1);
    for (let i = 0; i < N; i++) {
      const id = ids[i];
      if (!id) {
        decisionsLost += expectedDecisions.length;
        violations.push(`proposal ${i}: never created`);
        continue;
      }
      const [row, events] = await Promise.all([
        db.placementProposal.findUnique({ where: { id } }),
        db.proposalEvent.findMany({ where: { proposalId: id }, orderBy: { seq: 'asc' } }),
      ]);
      const state = await temporalClient.workflow.getHandle(workflowIdFor(id)).query(getProposalState);
      const types = events.map((e) => e.type);
      if (row?.status === 'PLACED' && state.status === 'PLACED' && finalStatus[i] === 'PLACED') placed++;
      else
        violations.push(`proposal ${id}: ${row?.status} in the read model, ${state.status} in the workflow`);
      const sameState =
        row?.status === state.status &&
        row?.version === state.version &&
        events.length === state.seq &&
        events.every((e, n) => e.seq === n + 1);
      if (sameState) readModelMatches++;
      else violations.push(`proposal ${id}: the read model differs from the workflow's state`);
      const doubled = types.length - new Set(types).size;
      eventsDoubled += doubled;
      for (const decision of expectedDecisions) {
        const n = types.filter((t) => t === decision).length;
        if (n === 0) decisionsLost++;
        if (n > 1) decisionsDoubled += n - 1;
      }
      if (JSON.stringify(types) !== JSON.stringify(EXPECTED_TIMELINE))
        violations.push(`proposal ${id}: timeline ${types.join(', ')}`);
    }
    const proposalsInDatabase = await db.placementProposal.count();
    if (proposalsInDatabase !== N)
      violations.push(`${proposalsInDatabase} proposals in the read model, not ${N}`);
    // 500s the clients may not have seen (an answer lost with a killed API): the API's own log.
    let loggedAs500 = 0;
    for (const file of fs.readdirSync(logDir).filter((f) => f.startsWith('api-'))) {
      for (const line of fs.readFileSync(path.join(logDir, file), 'utf8').split('\n')) {
        if (line.includes('"status":500')) loggedAs500++;
      }
    }
    if (loggedAs500) violations.push(`the API's log has ${loggedAs500} request(s) answered 500`);
    if (outagesDone !== plan.length)
      violations.push(`only ${outagesDone} of ${plan.length} outages happened`);
    const unexpectedExits = worker.unexpectedExits + api.unexpectedExits;

    const figures: [string, string | number][] = [
      ['proposals', N],
      ['placed exactly once', placed],
      ['proposals in the read model', proposalsInDatabase],
      ['read model = workflow', readModelMatches],
      ['timeline events doubled', eventsDoubled],
      ['decisions lost', decisionsLost],
      ['decisions doubled', decisionsDoubled],
      ['requests', counts.requests],
      ['answered 503 (retried)', counts.answered503],
      ['network errors (retried)', counts.networkErrors],
      ['answered 500', counts.answered500 + loggedAs500],
      ['other unexpected answers', counts.otherUnexpected],
      ['requests given up', counts.gaveUp],
      ['worker kills', plan.filter(([w]) => w === 'kill the worker').length],
      ['API kills', 1],
      ['Temporal kills', 1],
      ['PostgreSQL restarts', 1],
      ['unplanned process exits', unexpectedExits],
      ['seconds', Math.round(soakSeconds)],
      ['violations', violations.length],
    ];
    for (const line of chaosLog) log(line);
    for (const [name, value] of figures) process.stdout.write(`${name} ${value}\n`);
    for (const violation of violations.slice(0, 50)) process.stdout.write(`VIOLATION ${violation}\n`);
    recordResults('soak', figures);
    failed = violations.length > 0;
    if (failed) log(`logs kept in ${logDir}`);
  } catch (error) {
    log(`failed: ${(error as Error).stack ?? error}`);
    log(`logs kept in ${logDir}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    if (!failed) fs.rmSync(workDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

void main();
