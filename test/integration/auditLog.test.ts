import { startStack, type Stack } from '../support/stack';
import { registerClient } from '../support/clients';
import { decide, evk, helsinki, sentProposal } from '../support/placement';
import { outreachItem } from '../support/outreach';

/** The audit log as an investigator uses it: by user, subject and time window (§ 79, 906/2019 § 17). */
describe('the audit log', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  type Event = {
    at: string;
    userId: string;
    organisationId: string;
    action: string;
    resourceId?: string;
    subjectId?: string;
    outcome: string;
    requestId: string;
  };
  const events = async (user: string, query: string) => {
    const reply = await stack.call(user, 'GET', `/api/v1/audit-events?${query}`);
    expect(reply.status).toBe(200);
    return reply.body.items as Event[];
  };

  it('records reads, writes and refused attempts that never reached a workflow', async () => {
    const from = new Date().toISOString();
    const id = await sentProposal(stack);
    await stack.call(helsinki, 'GET', `/api/v1/placement-proposals/${id}`);
    const refused = await decide(
      stack,
      'kunta-049.officer',
      id,
      'answer',
      { decision: 'ACCEPT' },
      { 'X-Request-Id': 'probe-1' },
    );
    expect(refused.status).toBe(404);
    const wrongRole = await decide(stack, evk, id, 'answer', { decision: 'ACCEPT' });
    expect(wrongRole.status).toBe(403);
    const conflict = await decide(stack, evk, id, 'confirm', {});
    expect(conflict.status).toBe(409);

    const about = await events('keha.supervisor', `subjectId=${id}&from=${encodeURIComponent(from)}`);
    const summary = about.map((e) => `${e.userId} ${e.action} ${e.outcome}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        'evk-uusimaa.officer proposal.create ALLOWED',
        'evk-uusimaa.officer proposal.send ALLOWED',
        'kunta-091.officer proposal.read ALLOWED',
        'kunta-049.officer proposal.answer REFUSED',
        'evk-uusimaa.officer proposal.answer REFUSED',
        'evk-uusimaa.officer proposal.confirm REFUSED',
      ]),
    );
    expect(about.find((e) => e.userId === 'kunta-049.officer')!.requestId).toBe('probe-1');
  });

  it('records everyday work on a case, allowed and refused, naming items but never their values', async () => {
    const id = await registerClient(stack);
    const at = new Date(Date.now() - 60_000).toISOString();
    await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/contacts`, {
      at,
      channel: 'PHONE',
      summary: 'Puhelu',
    });
    await stack.call(helsinki, 'GET', `/api/v1/clients/${id}/contacts`);
    const todo = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/todos`, { title: 'Soita' });
    await stack.call(helsinki, 'PATCH', `/api/v1/clients/${id}/todos/${todo.body.id}`, { done: true });
    await stack.call(helsinki, 'GET', `/api/v1/clients/${id}/todos`);
    await stack.call(helsinki, 'GET', `/api/v1/clients/${id}/summary`);
    await stack.call(helsinki, 'GET', `/api/v1/clients/${id}/integration-plan/versions`);
    await stack.call(helsinki, 'PATCH', `/api/v1/clients/${id}`, { person: { phone: '+358 40 765 4321' } });
    await stack.call('kunta-049.officer', 'GET', `/api/v1/clients/${id}/summary`);
    await stack.call('keha.supervisor', 'PATCH', `/api/v1/clients/${id}`, { person: { phone: '+358 40 1' } });
    await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/todos`, {
      title: 'x',
      assigneeId: 'kunta-837.officer',
    });

    const about = await events('keha.supervisor', `subjectId=${id}&limit=200`);
    expect(about.map((e) => `${e.userId} ${e.action} ${e.outcome}`)).toEqual(
      expect.arrayContaining([
        'kunta-091.officer client.recordContact ALLOWED',
        'kunta-091.officer client.readContacts ALLOWED',
        'kunta-091.officer client.manageTodos ALLOWED',
        'kunta-091.officer client.manageTodos REFUSED',
        'kunta-091.officer client.readTodos ALLOWED',
        'kunta-091.officer client.read ALLOWED',
        'kunta-091.officer client.correct ALLOWED',
        'kunta-049.officer client.read REFUSED',
        'keha.supervisor client.correct REFUSED',
      ]),
    );
    const correction = about.find(
      (e) => e.action === 'client.correct' && e.outcome === 'ALLOWED',
    ) as Event & {
      details: unknown;
    };
    expect(correction.details).toEqual({ items: ['/person/phone'] });
    expect(JSON.stringify(about)).not.toMatch(/765 4321|Puhelu|Soita/);
    // A municipality's admin reads the log of its own client's everyday work.
    expect((await events('kunta-091.admin', `subjectId=${id}`)).map((e) => e.action)).toContain(
      'client.recordContact',
    );
  });

  it('filters by user and time window, newest first, with a cursor', async () => {
    const from = new Date().toISOString();
    for (let i = 0; i < 3; i++)
      await stack.call(helsinki, 'GET', `/api/v1/placement-proposals/${await sentProposal(stack)}`);
    const to = new Date(Date.now() + 1000).toISOString();
    const all = await events(
      'keha.supervisor',
      `userId=kunta-091.officer&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=200`,
    );
    expect(all.length).toBe(3);
    expect(all.every((e) => e.userId === 'kunta-091.officer' && e.at >= from && e.at < to)).toBe(true);
    const sorted = [...all].sort((a, b) => b.at.localeCompare(a.at));
    expect(all.map((e) => e.at)).toEqual(sorted.map((e) => e.at));
    const first = await stack.call(
      'keha.supervisor',
      'GET',
      `/api/v1/audit-events?userId=kunta-091.officer&from=${encodeURIComponent(from)}&limit=2`,
    );
    expect(first.body.items).toHaveLength(2);
    const second = await stack.call(
      'keha.supervisor',
      'GET',
      `/api/v1/audit-events?userId=kunta-091.officer&from=${encodeURIComponent(from)}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items).toHaveLength(1);
    expect((await stack.call('keha.supervisor', 'GET', '/api/v1/audit-events?from=yesterday')).status).toBe(
      400,
    );
  });

  it('shows a municipality admin its own staff and clients, and nothing of other municipalities', async () => {
    const clientId = await registerClient(stack);
    await stack.call('kunta-837.officer', 'GET', '/api/v1/inbox');
    await registerClient(stack, 'kunta-837.officer');
    const own = await events('kunta-091.admin', 'limit=200');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((e) => e.organisationId === 'kunta-091' || e.subjectId !== undefined)).toBe(true);
    expect(own.some((e) => e.organisationId === 'kunta-837')).toBe(false);
    expect((await events('kunta-091.admin', `subjectId=${clientId}`)).map((e) => e.action)).toContain(
      'client.register',
    );
    const others = await events('kunta-091.admin', 'userId=kunta-837.officer');
    expect(others).toEqual([]);
  });

  it('records every read of register data and of the outreach list, and each outcome, allowed or refused', async () => {
    const from = new Date().toISOString();
    const clientId = await registerClient(stack);
    expect((await stack.call(helsinki, 'GET', `/api/v1/clients/${clientId}/registers`)).status).toBe(200);
    expect((await stack.call(helsinki, 'POST', `/api/v1/clients/${clientId}/refresh-from-vtj`)).status).toBe(
      202,
    );
    expect(
      (await stack.call('kunta-837.officer', 'GET', `/api/v1/clients/${clientId}/registers`)).status,
    ).toBe(404);
    const item = await outreachItem(stack);
    expect((await stack.call(helsinki, 'GET', '/api/v1/outreach')).status).toBe(200);
    expect(
      (await stack.call(helsinki, 'POST', `/api/v1/outreach/${item.id}/outcome`, { outcome: 'REACHED' }))
        .status,
    ).toBe(200);
    expect(
      (
        await stack.call('kunta-837.officer', 'POST', `/api/v1/outreach/${item.id}/outcome`, {
          outcome: 'DECLINED',
        })
      ).status,
    ).toBe(404);

    const aboutClient = (
      await events('kunta-091.admin', `subjectId=${clientId}&from=${encodeURIComponent(from)}`)
    ).map((e) => `${e.userId} ${e.action} ${e.outcome}`);
    expect(aboutClient).toEqual(
      expect.arrayContaining([
        'kunta-091.officer client.readRegisters ALLOWED',
        'kunta-091.officer client.refreshFromRegisters ALLOWED',
        'kunta-837.officer client.readRegisters REFUSED',
      ]),
    );
    const outreach = (await events('keha.supervisor', `from=${encodeURIComponent(from)}&limit=200`))
      .filter((e) => e.action.startsWith('outreach.'))
      .map((e) => `${e.userId} ${e.action} ${e.outcome} ${e.resourceId ?? ''}`.trim());
    expect(outreach).toEqual(
      expect.arrayContaining([
        'kunta-091.officer outreach.list ALLOWED',
        `kunta-091.officer outreach.recordOutcome ALLOWED ${item.id}`,
        `kunta-837.officer outreach.recordOutcome REFUSED ${item.id}`,
      ]),
    );
  });
});
