import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { WorkflowUpdateStage } from '@temporalio/client';
import { requestHash } from '../../api/decisions';
import { createPrisma } from '../../platform/database';
import { applyMigrations } from '../../platform/migrations';
import { seedReferenceData } from '../../prisma/seed/seed';
import { findSeededUser } from '../../prisma/seed/users';
import { decisionUpdates, getProposalState, workflowIdFor } from '../../workflows/placementProposal/messages';
import { eventually, startStack, type Reply, type Stack } from '../support/stack';
import { decide, evk, expectStatus, helsinki, keha, sentProposal } from '../support/placement';
import {
  postgresProcess,
  temporalProcess,
  type PostgresProcess,
  type TemporalProcess,
} from '../support/services';

/**
 * Outages: with PostgreSQL or Temporal down the API answers 503 problem+json with Retry-After,
 * within its configured timeouts (never 500, never a hang); /ready names the part that is down;
 * and a decision the workflow accepted before or during the outage completes after it, once.
 * The stack runs on its own PostgreSQL and Temporal server, which this file stops and kills.
 */
const TEMPORAL_CALL_TIMEOUT_MS = 4_000;
const DATABASE_CONNECT_TIMEOUT_MS = 2_000;
const DATABASE_QUERY_TIMEOUT_MS = 3_000;
// The deadline, plus the gRPC retry's longest pause (5 s), plus slack for a loaded machine.
const TEMPORAL_BOUND_MS = TEMPORAL_CALL_TIMEOUT_MS + 5_000 + 3_000;
const DATABASE_BOUND_MS = DATABASE_CONNECT_TIMEOUT_MS + 3_000;

describe('outages: PostgreSQL or Temporal down', () => {
  let workDir: string;
  let pg: PostgresProcess;
  let temporal: TemporalProcess;
  let stack: Stack;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'koto-outages-'));
    pg = await postgresProcess(path.join(workDir, 'pg'));
    await applyMigrations(pg.url);
    const seeding = createPrisma(pg.url);
    await seedReferenceData(seeding);
    await seeding.$disconnect();
    temporal = await temporalProcess(path.join(workDir, 'temporal.sqlite'));
    stack = await startStack({
      temporalAddress: temporal.address,
      databaseUrl: pg.url,
      env: {
        TEMPORAL_CALL_TIMEOUT: `${TEMPORAL_CALL_TIMEOUT_MS}ms`,
        DATABASE_CONNECT_TIMEOUT: `${DATABASE_CONNECT_TIMEOUT_MS}ms`,
        DATABASE_QUERY_TIMEOUT: `${DATABASE_QUERY_TIMEOUT_MS}ms`,
      },
    });
  });

  afterAll(async () => {
    await stack?.stop().catch(() => undefined);
    await temporal?.kill('SIGTERM');
    await pg?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  /** A call's answer and how long it took. */
  async function timed(call: () => Promise<Reply>): Promise<Reply & { ms: number }> {
    const started = Date.now();
    const reply = await call();
    return { ...reply, ms: Date.now() - started };
  }

  function expectUnavailable(reply: Reply & { ms: number }, part: 'database' | 'temporal', boundMs: number) {
    expect({ status: reply.status, unavailable: reply.body?.unavailable }).toEqual({
      status: 503,
      unavailable: part,
    });
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(reply.body).toMatchObject({ type: expect.any(String), title: 'Service Unavailable', status: 503 });
    expect(reply.ms).toBeLessThan(boundMs);
  }

  /** The answer as the API delivers it: the same update ID as `POST .../answer` with this key. */
  function answerAsTheApi(id: string, key: string, body: { decision: 'ACCEPT' | 'REJECT' }) {
    const user = findSeededUser(helsinki)!;
    const scopedKey = `${user.id}:${key}`;
    const hash = requestHash('proposal.answer', body);
    return stack.client.workflow.getHandle(workflowIdFor(id)).startUpdate(decisionUpdates.ANSWER, {
      args: [
        {
          actor: { userId: user.id, orgId: user.organisationId, orgKind: 'MUNICIPALITY', roles: user.roles },
          command: { type: 'ANSWER', ...body },
          idempotencyKey: scopedKey,
          requestHash: hash,
        },
      ],
      updateId: `${scopedKey}:${hash.slice(0, 16)}`,
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
  }

  /** The read model holds the workflow's state, each timeline event once. */
  async function expectReadModelIsWorkflowState(id: string) {
    const state = await stack.client.workflow.getHandle(workflowIdFor(id)).query(getProposalState);
    const row = await stack.db.placementProposal.findUniqueOrThrow({ where: { id } });
    expect({ status: row.status, version: row.version }).toEqual({
      status: state.status,
      version: state.version,
    });
    const events = await stack.db.proposalEvent.findMany({
      where: { proposalId: id },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: state.seq }, (_, i) => i + 1));
    return events.map((e) => e.type);
  }

  async function ready(): Promise<Reply> {
    return stack.call(null, 'GET', '/ready');
  }

  it('answers 503 while PostgreSQL is down; a decision accepted meanwhile is written once it is back', async () => {
    const id = await sentProposal(stack);
    const login = await stack.call(null, 'POST', '/auth/dev/login', { userId: findSeededUser(keha)!.id });
    expectStatus(login, 200);
    const cookie = /koto_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];

    await pg.stop();
    try {
      // The workflow accepts the answer; its read-model write fails and is retried.
      const accepted = await answerAsTheApi(id, 'answer-during-db-outage', { decision: 'ACCEPT' });

      // Token authentication, the session store, the read model, the audit log: all 503.
      expectUnavailable(
        await timed(() => stack.call(keha, 'GET', `/api/v1/placement-proposals/${id}`)),
        'database',
        DATABASE_BOUND_MS,
      );
      expectUnavailable(
        await timed(() => stack.call(null, 'GET', '/api/v1/me', undefined, { cookie })),
        'database',
        DATABASE_BOUND_MS,
      );
      expectUnavailable(
        await timed(() => stack.call(null, 'POST', '/auth/dev/login', { userId: findSeededUser(evk)!.id })),
        'database',
        DATABASE_BOUND_MS,
      );
      expectUnavailable(
        await timed(() =>
          decide(stack, evk, id, 'confirm', {}, { 'Idempotency-Key': 'confirm-during-db-outage' }),
        ),
        'database',
        DATABASE_BOUND_MS,
      );
      const notReady = await timed(ready);
      expect(notReady.status).toBe(503);
      expect(notReady.headers.get('retry-after')).toBeTruthy();
      expect(notReady.body.components.database.status).toBe('down');
      expect(notReady.body.components.temporal.status).toBe('up');
      expect(notReady.ms).toBeLessThan(DATABASE_BOUND_MS);

      await pg.start();
      // The accepted answer completes on its own once its write succeeds.
      await expect(accepted.result()).resolves.toMatchObject({ status: 'ACCEPTED' });
    } finally {
      await pg.start();
    }

    await eventually(async () => ((await ready()).status === 200 ? true : undefined), 30_000, 'ready');
    // The caller's retry of the same answer gets the same result, applied once.
    const retried = await decide(
      stack,
      helsinki,
      id,
      'answer',
      { decision: 'ACCEPT' },
      {
        'Idempotency-Key': 'answer-during-db-outage',
      },
    );
    expectStatus(retried, 200);
    expect(retried.body.status).toBe('ACCEPTED');
    expect(await expectReadModelIsWorkflowState(id)).toEqual(['CREATED', 'SENT', 'ACCEPTED']);
  });

  it('answers 503 while Temporal is down; reads from PostgreSQL still answer; a retried decision lands once', async () => {
    const id = await sentProposal(stack);
    await temporal.kill('SIGKILL');
    try {
      const answer = () =>
        decide(
          stack,
          helsinki,
          id,
          'answer',
          { decision: 'ACCEPT' },
          { 'Idempotency-Key': 'answer-during-temporal-outage' },
        );
      expectUnavailable(await timed(answer), 'temporal', TEMPORAL_BOUND_MS);
      expectUnavailable(
        await timed(() =>
          stack.call(
            evk,
            'POST',
            '/api/v1/placement-proposals',
            {
              kind: 'QUOTA_REFUGEE',
              household: [{ firstName: 'A', lastName: 'B', birthDate: '1990-01-01', nationality: 'SYR' }],
              evidentServiceNeeds: false,
            },
            { 'Idempotency-Key': 'create-during-temporal-outage' },
          ),
        ),
        'temporal',
        TEMPORAL_BOUND_MS,
      );
      // The read model does not need Temporal.
      expectStatus(await stack.call(keha, 'GET', `/api/v1/placement-proposals/${id}`), 200);
      const notReady = await timed(ready);
      expect(notReady.status).toBe(503);
      expect(notReady.body.components.temporal.status).toBe('down');
      expect(notReady.body.components.database.status).toBe('up');
      expect(notReady.ms).toBeLessThan(TEMPORAL_BOUND_MS);
    } finally {
      await temporal.start();
    }

    // The client retries with the same key until it is answered: once, never 500.
    const statuses: number[] = [];
    const answered = await eventually(
      async () => {
        const reply = await decide(
          stack,
          helsinki,
          id,
          'answer',
          { decision: 'ACCEPT' },
          {
            'Idempotency-Key': 'answer-during-temporal-outage',
          },
        );
        statuses.push(reply.status);
        return reply.status === 200 ? reply : undefined;
      },
      60_000,
      'the answer after the restart',
    );
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(answered.body.status).toBe('ACCEPTED');
    expectStatus(await decide(stack, evk, id, 'confirm', {}, { 'Idempotency-Key': 'confirm-after' }), 200);
    expect(await expectReadModelIsWorkflowState(id)).toEqual(['CREATED', 'SENT', 'ACCEPTED', 'PLACED']);
    await eventually(async () => ((await ready()).status === 200 ? true : undefined), 90_000, 'ready');
  });

  it('completes a decision accepted during a database outage once, although Temporal was killed mid-write', async () => {
    const id = await sentProposal(stack);
    await pg.stop();
    try {
      // Accepted into the history; its read-model write is still failing when Temporal dies.
      await answerAsTheApi(id, 'answer-before-both-outages', { decision: 'ACCEPT' });
      await temporal.kill('SIGKILL');
    } finally {
      await pg.start();
      await temporal.start();
    }
    // The client's retry carries the same key: the server matches it to the accepted Update.
    const statuses: number[] = [];
    const answered = await eventually(
      async () => {
        const reply = await decide(
          stack,
          helsinki,
          id,
          'answer',
          { decision: 'ACCEPT' },
          { 'Idempotency-Key': 'answer-before-both-outages' },
        );
        statuses.push(reply.status);
        return reply.status === 200 ? reply : undefined;
      },
      90_000,
      'the accepted answer after both outages',
    );
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(answered.body.status).toBe('ACCEPTED');
    expect(await expectReadModelIsWorkflowState(id)).toEqual(['CREATED', 'SENT', 'ACCEPTED']);
  });

  it('answers 503 within the query timeout when the audit log or the session store does not answer', async () => {
    const id = await sentProposal(stack);
    const login = await stack.call(null, 'POST', '/auth/dev/login', { userId: findSeededUser(keha)!.id });
    expectStatus(login, 200);
    const cookie = /koto_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    // Another session holds the tables: the server takes the statements but does not answer them.
    const locker = new PgClient({ connectionString: pg.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE audit_event IN ACCESS EXCLUSIVE MODE');
      // Reading the proposal works; writing its audit-log entry waits until the statement timeout.
      expectUnavailable(
        await timed(() => stack.call(keha, 'GET', `/api/v1/placement-proposals/${id}`)),
        'database',
        DATABASE_QUERY_TIMEOUT_MS + 3_000,
      );
      await locker.query('ROLLBACK');
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE web_session IN ACCESS EXCLUSIVE MODE');
      expectUnavailable(
        await timed(() => stack.call(null, 'GET', '/api/v1/me', undefined, { cookie })),
        'database',
        DATABASE_QUERY_TIMEOUT_MS + 3_000,
      );
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
    expectStatus(await stack.call(keha, 'GET', `/api/v1/placement-proposals/${id}`), 200);
    expectStatus(await stack.call(null, 'GET', '/api/v1/me', undefined, { cookie }), 200);
  });
});
