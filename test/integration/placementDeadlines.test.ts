import { startStack, eventually, type Stack } from '../support/stack';
import {
  decide,
  evk,
  espoo,
  expectStatus,
  helsinki,
  helsinkiWelfare,
  keha,
  sentProposal,
  timelineTypes,
} from '../support/placement';

/** Deadlines are durable timers in the workflow; here they run in seconds. */
describe('placement deadlines, reminders and overdue', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        PLACEMENT_ANSWER_PERIOD: '4s',
        PLACEMENT_HEARING_PERIOD: '4s',
        PLACEMENT_REMINDER_BEFORE: '2s',
        PLACEMENT_ANSWER_PERIOD_MIN: '1s',
        PLACEMENT_ANSWER_PERIOD_MAX: '30d',
      },
    });
  });
  afterAll(async () => stack?.stop());

  const overdueView = (id: string) =>
    eventually(
      async () => {
        const view = (await stack.call(keha, 'GET', `/api/v1/placement-proposals/${id}`)).body;
        return view.overdue ? view : undefined;
      },
      20_000,
      'the proposal to become overdue',
    );

  it('reminds before the answer deadline, then marks the proposal overdue everywhere', async () => {
    const id = await sentProposal(stack);
    const view = await overdueView(id);
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual([
      'CREATED',
      'SENT',
      'ANSWER_REMINDER',
      'ANSWER_OVERDUE',
    ]);
    expect(view.timeline[2].actor).toEqual({ userId: 'system', orgId: 'system' });

    // Lists and inboxes of both parties, overdue first.
    const listed = await stack.call(evk, 'GET', '/api/v1/placement-proposals?overdue=true&limit=200');
    expect(listed.body.items.map((p: { id: string }) => p.id)).toContain(id);
    const evkInbox = (await stack.call(evk, 'GET', '/api/v1/inbox')).body.items;
    expect(evkInbox).toContainEqual(
      expect.objectContaining({ type: 'MUNICIPALITY_ANSWER_OVERDUE', proposalId: id, overdue: true }),
    );
    const municipalityInbox = (await stack.call(helsinki, 'GET', '/api/v1/inbox')).body.items;
    expect(municipalityInbox[0]).toMatchObject({ overdue: true });
    expect(municipalityInbox).toContainEqual(
      expect.objectContaining({ type: 'PROPOSAL_TO_ANSWER', proposalId: id, overdue: true }),
    );

    // The search attribute a supervisor filters on in the Temporal UI.
    await eventually(
      async () => {
        for await (const wf of stack.client.workflow.list({
          query: `WorkflowId = 'placement-proposal-${id}' AND Overdue = true`,
        })) {
          return wf;
        }
        return undefined;
      },
      15_000,
      'the Overdue search attribute',
    );
  });

  it('lets the owner redistribute an overdue proposal without waiting for a rejection', async () => {
    const id = await sentProposal(stack);
    await overdueView(id);
    const next = await decide(stack, evk, id, 'redistribute', { municipalityId: 'kunta-049' });
    expectStatus(next, 200);
    expect(next.body).toMatchObject({ status: 'AWAITING_MUNICIPALITY', round: 2, overdue: false });
    const view = (await stack.call(keha, 'GET', `/api/v1/placement-proposals/${id}`)).body;
    expect(view.rounds[0]).toMatchObject({ municipalityId: 'kunta-091', decision: 'NOT_ANSWERED' });
    // The new round has a deadline of its own.
    await overdueView(id);
    expectStatus(await decide(stack, espoo, id, 'answer', { decision: 'REJECT', reason: 'myöhässä' }), 200);
  });

  it('still accepts a late answer, and records it as late', async () => {
    const id = await sentProposal(stack);
    await overdueView(id);
    const answered = await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' });
    expect(answered.body).toMatchObject({ status: 'ACCEPTED', overdue: false });
    const view = (await stack.call(keha, 'GET', `/api/v1/placement-proposals/${id}`)).body;
    expect(view.rounds[0]).toMatchObject({ decision: 'ACCEPT', late: true });
    expect(view.timeline.at(-1)).toMatchObject({ type: 'ACCEPTED', details: { late: true } });
  });

  it('runs the hearing deadline too, visible to the municipality and the welfare area', async () => {
    const id = await sentProposal(stack, { evidentServiceNeeds: true });
    expectStatus(
      await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }),
      200,
    );
    await eventually(
      async () => {
        const types = await timelineTypes(stack, id);
        return types.includes('HEARING_OVERDUE') ? types : undefined;
      },
      20_000,
      'the hearing to become overdue',
    );
    expect(await timelineTypes(stack, id)).toEqual(
      expect.arrayContaining(['HEARING_REMINDER', 'HEARING_OVERDUE']),
    );
    const inbox = (await stack.call(helsinkiWelfare, 'GET', '/api/v1/inbox')).body.items;
    expect(inbox).toContainEqual(
      expect.objectContaining({ type: 'HEARING_TO_ANSWER', proposalId: id, overdue: true }),
    );
    const late = await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
      canArrangeServices: true,
      statement: 'Palvelut järjestyvät.',
    });
    expectStatus(late, 200);
    const view = (await stack.call(helsinki, 'GET', `/api/v1/placement-proposals/${id}`)).body;
    expect(view.hearing.answer).toMatchObject({ canArrangeServices: true, late: true });
  });

  it('takes a due date from the body within bounds, and names the field when it is out of them', async () => {
    const created = await stack.call(evk, 'POST', '/api/v1/placement-proposals', {
      kind: 'FROM_RECEPTION',
      household: [{ firstName: 'A', lastName: 'B', birthDate: '1980-01-01', nationality: 'IRQ' }],
      evidentServiceNeeds: false,
    });
    const other = created.body.id as string;
    const past = await decide(stack, evk, other, 'send', {
      municipalityId: 'kunta-091',
      answerDueDate: '2020-01-01',
    });
    expect(past.status).toBe(422);
    expect(past.body.errors[0].pointer).toBe('/answerDueDate');
    const beyond = await decide(stack, evk, other, 'send', {
      municipalityId: 'kunta-091',
      answerDueDate: '2099-01-01',
    });
    expect(beyond.status).toBe(422);
    const date = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10);
    const ok = await decide(stack, evk, other, 'send', { municipalityId: 'kunta-091', answerDueDate: date });
    expectStatus(ok, 200);
    expect(ok.body.answerDueDate).toBe(date);
  });
});
