import { WorkflowNotFoundError } from '@temporalio/common';
import { startStack, eventually, type Stack } from '../support/stack';
import { clientBody, daysFromNow, helsinki, registerClient, today } from '../support/clients';
import { expectStatus } from '../support/placement';
import { clientWorkflowIdFor } from '../../workflows/clientCase/messages';

/** Review deadlines, end and resume, retention and long life, with durations of seconds. */
describe('client case deadlines, retention and continue-as-new', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        CLIENT_REVIEW_INTERVAL: '4s',
        CLIENT_REVIEW_REMINDER_BEFORE: '2s',
        CLIENT_RETENTION_AFTER_END: '12s',
      },
    });
  });
  afterAll(async () => stack?.stop());

  const plan = (overrides: Record<string, unknown> = {}) => ({
    validFrom: today(),
    validUntil: daysFromNow(300),
    goals: [{ description: 'Suomen kielen taito A2' }],
    tasks: [{ description: 'Ilmoittautuu kurssille', dueDate: daysFromNow(14) }],
    services: [{ name: 'Kotoutumiskoulutus', provider: 'Kansalaisopisto', startDate: daysFromNow(20) }],
    ...overrides,
  });
  const view = async (id: string) => (await stack.call(helsinki, 'GET', `/api/v1/clients/${id}`)).body;
  const types = async (id: string) =>
    (await view(id)).timeline.map((e: { type: string }) => e.type) as string[];

  it('reminds before the six-month review, marks it overdue, and a review reschedules it (§ 22)', async () => {
    const id = await registerClient(stack);
    expectStatus(
      await stack.call(helsinki, 'PUT', `/api/v1/clients/${id}/responsible-expert`, {
        userId: 'kunta-091.officer',
      }),
      200,
    );
    expectStatus(
      await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/assessments`, {
        type: 'INITIAL',
        completedOn: today(),
        summary: 'Osaamisen ja palvelutarpeen arviointi tehty',
        serviceNeeds: ['kielikoulutus', 'terveyspalvelut'],
        welfareAreaParticipated: true,
      }),
      201,
    );
    const set = await stack.call(helsinki, 'PUT', `/api/v1/clients/${id}/integration-plan`, plan());
    expectStatus(set, 200);
    expect(set.body.nextReviewDueAt).toBeDefined();
    await eventually(
      async () => ((await types(id)).includes('REVIEW_OVERDUE') ? true : undefined),
      20_000,
      'the review to become overdue',
    );
    expect(await types(id)).toEqual([
      'REGISTERED',
      'RESPONSIBLE_EXPERT_ASSIGNED',
      'ASSESSMENT_RECORDED',
      'PLAN_SET',
      'REVIEW_REMINDER',
      'REVIEW_OVERDUE',
    ]);
    const reminder = (await view(id)).timeline[4];
    expect(reminder.details.responsibleExpertId).toBe('kunta-091.officer');

    const inbox = (await stack.call(helsinki, 'GET', '/api/v1/inbox')).body.items;
    expect(inbox[0]).toMatchObject({ overdue: true });
    expect(inbox).toContainEqual(
      expect.objectContaining({
        type: 'REVIEW_OVERDUE',
        clientId: id,
        responsibleExpertId: 'kunta-091.officer',
      }),
    );
    const overdue = await stack.call(helsinki, 'GET', '/api/v1/clients?reviewOverdue=true&limit=200');
    expect(overdue.body.items.map((c: { id: string }) => c.id)).toContain(id);
    await eventually(
      async () => {
        for await (const wf of stack.client.workflow.list({
          query: `WorkflowId = '${clientWorkflowIdFor(id)}' AND ReviewOverdue = true`,
        }))
          return wf;
        return undefined;
      },
      15_000,
      'the ReviewOverdue search attribute',
    );

    const reviewed = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/integration-plan/reviews`, {
      reviewedOn: today(),
      changes: 'Kurssi alkanut',
    });
    expect(reviewed.status).toBe(201);
    expect(reviewed.body.reviewOverdue).toBe(false);
    const after = await view(id);
    expect(after.reviews).toEqual([expect.objectContaining({ changes: 'Kurssi alkanut' })]);
    expect(after.plan).toMatchObject({
      goals: [{ description: 'Suomen kielen taito A2' }],
      validUntil: daysFromNow(300),
    });
    expect(after.assessments[0]).toMatchObject({
      type: 'INITIAL',
      serviceNeeds: ['kielikoulutus', 'terveyspalvelut'],
      welfareAreaParticipated: true,
    });
    await eventually(
      async () => ((await types(id)).filter((t) => t === 'REVIEW_OVERDUE').length === 2 ? true : undefined),
      20_000,
      'the next review to become overdue',
    );
  });

  it('checks the plan against the act’s maximum durations (§ 23)', async () => {
    const id = await registerClient(stack);
    const tooLong = await stack.call(
      helsinki,
      'PUT',
      `/api/v1/clients/${id}/integration-plan`,
      plan({ validUntil: daysFromNow(400) }),
    );
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors[0]).toMatchObject({
      pointer: '/validUntil',
      detail: expect.stringMatching(/one year/),
    });
    const backwards = await stack.call(
      helsinki,
      'PUT',
      `/api/v1/clients/${id}/integration-plan`,
      plan({ validUntil: daysFromNow(-1) }),
    );
    expect(backwards.status).toBe(422);
    expectStatus(
      await stack.call(
        helsinki,
        'PUT',
        `/api/v1/clients/${id}/integration-plan`,
        plan({ validUntil: daysFromNow(360) }),
      ),
      200,
    );
    // A later plan may run to two years from the first, and beyond only with § 23 grounds.
    const third = plan({ validFrom: daysFromNow(360), validUntil: daysFromNow(900) });
    const beyond = await stack.call(helsinki, 'PUT', `/api/v1/clients/${id}/integration-plan`, third);
    expect(beyond.status).toBe(422);
    expect(beyond.body.errors[0].detail).toMatch(/two years/);
    expectStatus(
      await stack.call(helsinki, 'PUT', `/api/v1/clients/${id}/integration-plan`, {
        ...third,
        extension: { basis: 'LITTLE_SCHOOLING', months: 12 },
      }),
      200,
    );
    const review = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/integration-plan/reviews`, {
      reviewedOn: today(),
      changes: 'x',
      nextReviewOn: daysFromNow(400),
    });
    expect(review.status).toBe(422);
    expect(review.body.errors[0].pointer).toBe('/nextReviewOn');
  });

  it('stops every deadline while ended, and restarts them on resumption', async () => {
    const id = await registerClient(stack);
    expectStatus(await stack.call(helsinki, 'PUT', `/api/v1/clients/${id}/integration-plan`, plan()), 200);
    const ended = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/end`, {
      reason: 'Muutti ulkomaille',
    });
    expect(ended.body.status).toBe('ENDED');
    expect((await view(id)).deletionDueAt).toBeDefined();
    // Decisions other than resuming are refused while ended.
    expect(
      (
        await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/assessments`, {
          type: 'REASSESSMENT',
          completedOn: today(),
          summary: 'x',
          serviceNeeds: [],
        })
      ).status,
    ).toBe(409);
    expect((await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/end`, { reason: 'x' })).status).toBe(
      409,
    );
    await new Promise((resolve) => setTimeout(resolve, 5000)); // longer than the review interval
    expect(await types(id)).toEqual(['REGISTERED', 'PLAN_SET', 'ENDED']);
    const resumed = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/resume`, {
      reason: 'Palasi Suomeen',
    });
    expect(resumed.body).toMatchObject({ status: 'ACTIVE', reviewOverdue: false });
    expect((await view(id)).deletionDueAt).toBeUndefined();
    await eventually(
      async () => ((await types(id)).includes('REVIEW_OVERDUE') ? true : undefined),
      20_000,
      'the resumed review deadline',
    );
    expect(await types(id)).toEqual([
      'REGISTERED',
      'PLAN_SET',
      'ENDED',
      'RESUMED',
      'REVIEW_REMINDER',
      'REVIEW_OVERDUE',
    ]);
    // Resumption in time cancelled the deletion.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect((await view(id)).status).toBe('ACTIVE');
  });

  it('ending and resuming never clears an overdue review: the resumed case is due at once (issue 9)', async () => {
    const id = await registerClient(stack);
    expectStatus(await stack.call(helsinki, 'PUT', `/api/v1/clients/${id}/integration-plan`, plan()), 200);
    await eventually(
      async () => ((await types(id)).includes('REVIEW_OVERDUE') ? true : undefined),
      20_000,
      'the review to become overdue',
    );
    const overdueDue = (await view(id)).nextReviewDueAt;
    expectStatus(await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/end`, { reason: 'Tauko' }), 200);
    const resumed = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/resume`, {});
    expectStatus(resumed, 200);
    expect(resumed.body).toMatchObject({
      status: 'ACTIVE',
      reviewOverdue: true,
      nextReviewDueAt: overdueDue,
    });
    const inbox = (await stack.call(helsinki, 'GET', '/api/v1/inbox')).body.items;
    expect(inbox).toContainEqual(expect.objectContaining({ type: 'REVIEW_OVERDUE', clientId: id }));
    // A review clears it, as always.
    const reviewed = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/integration-plan/reviews`, {
      reviewedOn: today(),
      changes: 'Tarkistettu jatkon jälkeen',
    });
    expect(reviewed.body.reviewOverdue).toBe(false);
  });

  it('erases the personal data four years (here: seconds) after the end, Temporal histories included (§ 77)', async () => {
    const body = clientBody({}, { phone: '+358 40 765 4321', email: 'poistettava@example.fi' });
    const created = await stack.call(helsinki, 'POST', '/api/v1/clients', body);
    const id = created.body.id as string;
    expectStatus(
      await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/assessments`, {
        type: 'INITIAL',
        completedOn: today(),
        summary: 'Arkaluonteinen arvio',
        serviceNeeds: ['x'],
      }),
      201,
    );
    // Everyday records are personal data too: contacts, to-dos, corrections with their history.
    expectStatus(
      await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/contacts`, {
        at: new Date(Date.now() - 60_000).toISOString(),
        channel: 'MEETING',
        summary: 'Arkaluonteinen tapaaminen',
      }),
      201,
    );
    expectStatus(
      await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/todos`, { title: 'Arkaluonteinen tehtävä' }),
      201,
    );
    expectStatus(
      await stack.call(helsinki, 'PATCH', `/api/v1/clients/${id}`, { person: { phone: '+358 40 765 0000' } }),
      200,
    );
    expectStatus(
      await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/end`, { reason: 'Ei enää asiakas' }),
      200,
    );
    const erased = await eventually(
      async () => {
        const v = await view(id);
        return v.status === 'DELETED' ? v : undefined;
      },
      30_000,
      'the erasure',
    );
    expect(erased.person).toEqual({ languages: [] });
    expect(erased.assessments).toEqual([]);
    expect(erased.endReason).toBeUndefined();
    expect(erased.timeline.at(-1)).toMatchObject({
      type: 'DELETED',
      actor: { userId: 'system', orgId: 'system' },
    });
    const row = await stack.db.client.findUnique({ where: { id } });
    const raw = JSON.stringify(row);
    for (const secret of [
      body.person.personalIdentityCode,
      'Amina',
      'Testinen',
      'poistettava',
      '765 4321',
      'Arkaluonteinen',
      'Ei enää',
    ]) {
      expect(raw).not.toContain(secret);
    }
    expect(JSON.stringify(await stack.db.clientEvent.findMany({ where: { clientId: id } }))).not.toContain(
      'Ei enää',
    );
    const where = { where: { clientId: id } };
    expect(
      await Promise.all([
        stack.db.clientContact.count(where),
        stack.db.clientTodo.count(where),
        stack.db.clientCorrection.count(where),
        stack.db.clientDataItem.count(where),
        stack.db.clientPlanVersion.count(where),
        stack.db.clientRegisterRecord.count(where),
        stack.db.permitExpiryFlag.count(where),
        stack.db.outreachItem.count(where),
      ]),
    ).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(erased.timeline.map((e: { type: string }) => e.type)).not.toContain('CORRECTED');
    // The identity code is free again: the person can be registered anew.
    expectStatus(
      await stack.call(helsinki, 'POST', '/api/v1/clients', { ...body, person: { ...body.person } }),
      201,
    );
    const audit = await stack.call(
      'keha.supervisor',
      'GET',
      `/api/v1/audit-events?subjectId=${id}&limit=200`,
    );
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ action: 'client.erase', userId: 'system', outcome: 'ALLOWED' }),
    );
    // Every run of the case's workflow is gone from Temporal.
    await eventually(
      async () => {
        try {
          await stack.client.workflow.getHandle(clientWorkflowIdFor(id)).describe();
          return undefined;
        } catch (error) {
          return error instanceof WorkflowNotFoundError ? true : undefined;
        }
      },
      // Temporal deletes asynchronously: the purge returns at once, the runs vanish some seconds later.
      90_000,
      'the histories to be deleted',
    );
  });

  it('continues as new when the history grows, losing and repeating no update', async () => {
    const id = await registerClient(stack);
    const headers = (n: number) => ({ 'Idempotency-Key': `assessment-${id}-${n}` });
    const assessment = (n: number) => ({
      type: n === 0 ? 'INITIAL' : 'REASSESSMENT',
      completedOn: today(),
      summary: `Arvio ${n}`,
      serviceNeeds: [],
    });
    for (let n = 0; n < 25; n++) {
      expectStatus(
        await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/assessments`, assessment(n), headers(n)),
        201,
      );
    }
    const runs: string[] = [];
    for await (const wf of stack.client.workflow.list({ query: `WorkflowId = '${clientWorkflowIdFor(id)}'` }))
      runs.push(wf.runId);
    expect(runs.length).toBeGreaterThan(1);
    // An early key replayed after the boundary returns its result and records nothing new.
    const replay = await stack.call(
      helsinki,
      'POST',
      `/api/v1/clients/${id}/assessments`,
      assessment(1),
      headers(1),
    );
    expect(replay.status).toBe(201);
    const reused = await stack.call(
      helsinki,
      'POST',
      `/api/v1/clients/${id}/assessments`,
      assessment(99),
      headers(1),
    );
    expect(reused.status).toBe(422);
    // Concurrent updates across the boundary: each applied exactly once.
    await Promise.all(
      Array.from({ length: 10 }, (_, k) =>
        stack.call(
          helsinki,
          'POST',
          `/api/v1/clients/${id}/assessments`,
          assessment(100 + k),
          headers(100 + k),
        ),
      ),
    ).then((replies) => replies.forEach((r) => expectStatus(r, 201)));
    const v = await view(id);
    expect(v.assessments).toHaveLength(35);
    expect(new Set(v.assessments.map((a: { summary: string }) => a.summary)).size).toBe(35);
    expect(v.timeline.filter((e: { type: string }) => e.type === 'ASSESSMENT_RECORDED')).toHaveLength(35);
  });
});
