import { startStack, type Stack } from '../support/stack';
import { startCrashingWorker, type CrashingWorker } from '../support/crash';
import { decide, expectStatus, helsinki, sentProposal, timelineTypes } from '../support/placement';
import { registerClient, today } from '../support/clients';
import { getProposalState, workflowIdFor } from '../../workflows/placementProposal/messages';
import { clientWorkflowIdFor, getClientState } from '../../workflows/clientCase/messages';

/**
 * The read model is written by a local activity inside each decision's workflow task. A worker
 * killed (SIGKILL) just before or just after that write, before the task completes, must lose
 * and double nothing: the server gives the task to the next worker after the task timeout
 * (10 s), which decides again and writes again; the caller's request is answered then, once.
 */
describe('a worker killed in the middle of a decision', () => {
  let stack: Stack;
  let crashing: CrashingWorker | undefined;
  let ownWorkerStopped = false;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterEach(async () => {
    crashing?.stop();
    crashing = undefined;
    if (ownWorkerStopped) await restartOwnWorker();
  });
  afterAll(async () => stack?.stop());

  /** Only the crashing worker polls from here on, so it takes every task until it dies. */
  async function crashAt(at: string): Promise<CrashingWorker> {
    await stack.stopWorker();
    ownWorkerStopped = true;
    crashing = await startCrashingWorker(stack, at);
    return crashing;
  }

  async function restartOwnWorker() {
    await stack.startWorker();
    ownWorkerStopped = false;
  }

  /** The read model holds exactly the workflow's state: the attempt that completed wrote last. */
  async function expectReadModelIsWorkflowState(id: string) {
    const state = await stack.client.workflow.getHandle(workflowIdFor(id)).query(getProposalState);
    const row = await stack.db.placementProposal.findUniqueOrThrow({ where: { id } });
    expect({ status: row.status, version: row.version, updatedAt: row.updatedAt.toISOString() }).toEqual({
      status: state.status,
      version: state.version,
      updatedAt: state.updatedAt,
    });
    const events = await stack.db.proposalEvent.findMany({
      where: { proposalId: id },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: state.seq }, (_, i) => i + 1));
    expect(events[events.length - 1].at.toISOString()).toBe(state.updatedAt);
    const rounds = await stack.db.proposalRound.findMany({
      where: { proposalId: id },
      orderBy: { round: 'asc' },
    });
    expect(
      rounds.map((r) => ({
        round: r.round,
        sentAt: r.sentAt.toISOString(),
        decision: r.decision,
        answeredAt: r.answeredAt?.toISOString(),
      })),
    ).toEqual(
      state.rounds.map((r) => ({
        round: r.round,
        sentAt: r.sentAt,
        decision: r.decision,
        answeredAt: r.answeredAt,
      })),
    );
  }

  it.each(['after', 'before'])(
    'placement: killed %s the answer’s read-model write, the answer is applied once and the caller gets it',
    async (moment) => {
      const worker = await crashAt(`${moment}:ACCEPTED`);
      const id = await sentProposal(stack);
      const key = { 'Idempotency-Key': `answer-${id}` };
      const pending = decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }, key);
      expect(await worker.exited).toBe('SIGKILL');
      const meanwhile = await stack.db.placementProposal.findUniqueOrThrow({ where: { id } });
      expect(meanwhile.status).toBe(moment === 'after' ? 'ACCEPTED' : 'AWAITING_MUNICIPALITY');

      await restartOwnWorker();
      const reply = await pending;
      expectStatus(reply, 200);
      expect(reply.body.status).toBe('ACCEPTED');
      expect(await timelineTypes(stack, id)).toEqual(['CREATED', 'SENT', 'ACCEPTED']);
      await expectReadModelIsWorkflowState(id);

      // The caller's retry gets the same answer and changes nothing.
      const again = await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }, key);
      expect(again.body).toEqual(reply.body);
      expect(await timelineTypes(stack, id)).toEqual(['CREATED', 'SENT', 'ACCEPTED']);
    },
  );

  it('client case: killed after an assessment’s write, the assessment is recorded once', async () => {
    const worker = await crashAt('after:ASSESSMENT_RECORDED');
    const id = await registerClient(stack);
    const pending = stack.call(
      helsinki,
      'POST',
      `/api/v1/clients/${id}/assessments`,
      { type: 'INITIAL', completedOn: today(), summary: 'Alkukartoitus', serviceNeeds: ['kieli'] },
      { 'Idempotency-Key': `assessment-${id}` },
    );
    expect(await worker.exited).toBe('SIGKILL');
    await restartOwnWorker();
    expectStatus(await pending, 201);

    const state = await stack.client.workflow.getHandle(clientWorkflowIdFor(id)).query(getClientState);
    expect(state.assessments).toBe(1);
    const row = await stack.db.client.findUniqueOrThrow({ where: { id } });
    expect({ version: row.version, updatedAt: row.updatedAt.toISOString() }).toEqual({
      version: state.version,
      updatedAt: state.updatedAt,
    });
    expect(await stack.db.clientAssessment.count({ where: { clientId: id } })).toBe(1);
    const events = await stack.db.clientEvent.findMany({ where: { clientId: id }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['REGISTERED', 'ASSESSMENT_RECORDED']);
    expect(events[1].at.toISOString()).toBe(state.updatedAt);
  });
});
