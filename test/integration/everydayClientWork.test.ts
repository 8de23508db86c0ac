import { startStack, type Stack } from '../support/stack';
import {
  birthDateOf,
  clientBody,
  daysFromNow,
  helsinki,
  registerClient,
  tampere,
  testIdentityCode,
  today,
} from '../support/clients';
import { decide, evk, expectStatus, sentProposal } from '../support/placement';

/**
 * Everyday work on a client case over HTTP (API.md, "Everyday client work"): contacts, to-dos and
 * the inbox, the summary, plan versions, corrections with provenance (§ 73), each audit-logged.
 */
describe('everyday client work', () => {
  let stack: Stack;
  const colleague = 'kunta-091.admin';
  let colleagueToken: string;
  beforeAll(async () => {
    stack = await startStack();
    // Helsinki's main user also works as an officer: a colleague to assign to-dos to.
    expectStatus(
      await stack.call(colleague, 'POST', `/api/v1/users/${colleague}/rights`, { role: 'OFFICER' }),
      201,
    );
    colleagueToken = await stack.signToken({ sub: colleague, org: 'kunta-091', roles: ['ADMIN', 'OFFICER'] });
  });
  afterAll(async () => stack?.stop());

  /** A call as a seeded user, or as the colleague with both of their roles. */
  const call = (user: string, method: string, path: string, body?: unknown) =>
    user === colleague
      ? stack.call(null, method, path, body, { authorization: `Bearer ${colleagueToken}` })
      : stack.call(user, method, path, body);
  const get = (path: string, user = helsinki) => call(user, 'GET', path);
  const view = async (id: string) => (await get(`/api/v1/clients/${id}`)).body;
  const auditActions = async (id: string) =>
    (await get(`/api/v1/audit-events?subjectId=${id}&limit=200`, 'keha.supervisor')).body.items.map(
      (e: { action: string; outcome: string }) => `${e.action} ${e.outcome}`,
    ) as string[];
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  describe('contacts and meetings', () => {
    it('records contacts, lists them newest first a page at a time, and shows them in the timeline', async () => {
      const id = await registerClient(stack);
      const at = [minutesAgo(300), minutesAgo(10), minutesAgo(120)];
      const ids: string[] = [];
      for (const [i, when] of at.entries()) {
        const reply = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/contacts`, {
          at: when,
          channel: ['MEETING', 'PHONE', 'EMAIL'][i],
          summary: `Tapaaminen ${i}`,
          interpreterUsed: i === 0,
        });
        expectStatus(reply, 201);
        expect(reply.body).toEqual({ id: expect.any(String) });
        ids.push(reply.body.id);
      }
      const first = await get(`/api/v1/clients/${id}/contacts?limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.items.map((c: { summary: string }) => c.summary)).toEqual([
        'Tapaaminen 1',
        'Tapaaminen 2',
      ]);
      expect(first.body.items[0]).toMatchObject({
        id: ids[1],
        clientId: id,
        at: at[1],
        channel: 'PHONE',
        interpreterUsed: false,
        recordedBy: helsinki,
        recordedAt: expect.any(String),
      });
      const second = await get(`/api/v1/clients/${id}/contacts?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
      expect(second.body.nextCursor).toBeNull();
      expect(second.body.items[0].interpreterUsed).toBe(true);

      const timeline = (await view(id)).timeline;
      const contacts = timeline.filter((e: { type: string }) => e.type === 'CONTACT_RECORDED');
      expect(contacts).toHaveLength(3);
      expect(contacts[0]).toMatchObject({
        actor: { userId: helsinki, orgId: 'kunta-091' },
        details: { contactId: ids[0], contactAt: at[0], channel: 'MEETING', interpreterUsed: true },
      });
      expect(timeline[0].type).toBe('REGISTERED');

      // KEHA's supervision reads them; other municipalities do not see them at all.
      expect((await get(`/api/v1/clients/${id}/contacts`, 'keha.supervisor')).body.items).toHaveLength(3);
      expect((await get(`/api/v1/clients/${id}/contacts`, tampere)).status).toBe(404);
      expect(await auditActions(id)).toEqual(
        expect.arrayContaining([
          'client.recordContact ALLOWED',
          'client.readContacts ALLOWED',
          'client.readContacts REFUSED',
        ]),
      );
    });

    it.each([
      [{ at: new Date(Date.now() + 3_600_000).toISOString() }, '/at'],
      [{ at: 'yesterday' }, '/at'],
      [{ channel: 'PIGEON' }, '/channel'],
      [{ summary: '   ' }, '/summary'],
      [{ interpreterUsed: 'yes' }, '/interpreterUsed'],
      [{ name: 'Amina' }, '/'],
    ])('refuses an invalid contact with 422 naming the field: %j', async (override, pointer) => {
      const id = await registerClient(stack);
      const reply = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/contacts`, {
        at: minutesAgo(5),
        channel: 'MEETING',
        summary: 'Tapaaminen',
        ...override,
      });
      expect(reply.status).toBe(422);
      expect(reply.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      expect((await get(`/api/v1/clients/${id}/contacts`)).body.items).toEqual([]);
    });

    it('records a contact once for a retried request with the same Idempotency-Key', async () => {
      const id = await registerClient(stack);
      const body = { at: minutesAgo(1), channel: 'MESSAGE', summary: 'Viesti' };
      const headers = { 'Idempotency-Key': 'contact-retry-1' };
      const first = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/contacts`, body, headers);
      const again = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/contacts`, body, headers);
      expect(again.body.id).toBe(first.body.id);
      expect((await get(`/api/v1/clients/${id}/contacts`)).body.items).toHaveLength(1);
      const other = await stack.call(
        helsinki,
        'POST',
        `/api/v1/clients/${id}/contacts`,
        { ...body, summary: 'Toinen' },
        headers,
      );
      expect(other.status).toBe(422);
    });
  });

  describe('the to-do list', () => {
    it('creates, edits, assigns to a colleague of the municipality and marks done', async () => {
      const id = await registerClient(stack);
      const created = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/todos`, {
        title: 'Soita Kelaan',
        dueDate: daysFromNow(3),
      });
      expectStatus(created, 201);
      const todoId = created.body.id as string;
      expect(created.body).toMatchObject({ id: todoId, clientId: id, title: 'Soita Kelaan', done: false });

      const elsewhere = await stack.call(helsinki, 'PATCH', `/api/v1/clients/${id}/todos/${todoId}`, {
        assigneeId: 'kunta-837.officer',
      });
      expect(elsewhere.status).toBe(422);
      expect(elsewhere.body.errors[0].pointer).toBe('/assigneeId');
      for (const nobody of ['no-such-user', colleague.replace('admin', 'nobody'), 'kunta-091.admin2']) {
        const reply = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/todos`, {
          title: 'x',
          assigneeId: nobody,
        });
        expect(reply.status).toBe(422);
        expect(reply.body.errors[0].pointer).toBe('/assigneeId');
      }

      const assigned = await stack.call(helsinki, 'PATCH', `/api/v1/clients/${id}/todos/${todoId}`, {
        title: 'Soita Kelaan asumistuesta',
        assigneeId: colleague,
        dueDate: null,
      });
      expectStatus(assigned, 200);
      expect(assigned.body).toMatchObject({ title: 'Soita Kelaan asumistuesta', assigneeId: colleague });
      expect(assigned.body.dueDate).toBeUndefined();

      const done = await call(colleague, 'PATCH', `/api/v1/clients/${id}/todos/${todoId}`, { done: true });
      expect(done.body).toMatchObject({ done: true, doneBy: colleague, doneAt: expect.any(String) });
      const reopened = await stack.call(helsinki, 'PATCH', `/api/v1/clients/${id}/todos/${todoId}`, {
        done: false,
      });
      expect(reopened.body.done).toBe(false);
      expect(reopened.body.doneAt).toBeUndefined();

      const list = await get(`/api/v1/clients/${id}/todos`);
      expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([todoId]);
      expect((await get(`/api/v1/clients/${id}/todos`, 'keha.supervisor')).status).toBe(200);

      // Refusals: nothing to change, another client's to-do, another municipality, KEHA writing.
      expect((await stack.call(helsinki, 'PATCH', `/api/v1/clients/${id}/todos/${todoId}`, {})).status).toBe(
        422,
      );
      const other = await registerClient(stack);
      expect(
        (await stack.call(helsinki, 'PATCH', `/api/v1/clients/${other}/todos/${todoId}`, { done: true }))
          .status,
      ).toBe(404);
      expect(
        (await stack.call(tampere, 'PATCH', `/api/v1/clients/${id}/todos/${todoId}`, { done: true })).status,
      ).toBe(404);
      expect(
        (await stack.call('keha.supervisor', 'POST', `/api/v1/clients/${id}/todos`, { title: 'x' })).status,
      ).toBe(403);
      expect(await auditActions(id)).toEqual(
        expect.arrayContaining([
          'client.manageTodos ALLOWED',
          'client.manageTodos REFUSED',
          'client.readTodos ALLOWED',
        ]),
      );
    });

    it('lists the caller’s own to-dos across clients, and puts due ones in their inbox, overdue first', async () => {
      const [a, b] = [await registerClient(stack), await registerClient(stack)];
      const todo = async (client: string, title: string, dueDate?: string, assigneeId = colleague) =>
        (
          await stack.call(helsinki, 'POST', `/api/v1/clients/${client}/todos`, {
            title,
            assigneeId,
            ...(dueDate ? { dueDate } : {}),
          })
        ).body.id as string;
      const overdue = await todo(a, 'Myöhässä', daysFromNow(-2));
      const dueToday = await todo(b, 'Tänään', today());
      const later = await todo(a, 'Myöhemmin', daysFromNow(60));
      const undated = await todo(b, 'Joskus');
      const finished = await todo(b, 'Tehty', today());
      expectStatus(
        await call(colleague, 'PATCH', `/api/v1/clients/${b}/todos/${finished}`, { done: true }),
        200,
      );
      const mine = await todo(a, 'Minun', today(), helsinki);

      const own = await get('/api/v1/todos?assigneeId=me&done=false', colleague);
      expect(own.status).toBe(200);
      const ownIds = own.body.items.map((t: { id: string }) => t.id);
      expect(ownIds.indexOf(overdue)).toBeLessThan(ownIds.indexOf(dueToday));
      expect(ownIds.indexOf(dueToday)).toBeLessThan(ownIds.indexOf(later));
      expect(ownIds.indexOf(later)).toBeLessThan(ownIds.indexOf(undated));
      expect(ownIds).not.toContain(finished);
      expect(ownIds).not.toContain(mine);
      expect(own.body.items.find((t: { id: string }) => t.id === overdue)).toMatchObject({
        overdue: true,
        client: { id: a, firstName: 'Amina', status: 'ACTIVE' },
      });
      expect(
        (await get('/api/v1/todos?done=true', colleague)).body.items.map((t: { id: string }) => t.id),
      ).toContain(finished);
      expect((await get('/api/v1/todos', 'keha.supervisor')).status).toBe(403);
      expect((await get('/api/v1/todos?done=maybe', colleague)).status).toBe(400);

      const inbox = (await get('/api/v1/inbox', colleague)).body.items as {
        type: string;
        todoId?: string;
        clientId?: string;
        overdue: boolean;
      }[];
      const todos = inbox.filter((i) => i.type.startsWith('TODO_'));
      expect(todos.map((i) => [i.type, i.todoId])).toEqual(
        expect.arrayContaining([
          ['TODO_OVERDUE', overdue],
          ['TODO_DUE', dueToday],
        ]),
      );
      expect(todos.map((i) => i.todoId)).not.toEqual(expect.arrayContaining([later]));
      expect(todos.map((i) => i.todoId)).not.toContain(undated);
      expect(todos.map((i) => i.todoId)).not.toContain(finished);
      expect(todos.map((i) => i.todoId)).not.toContain(mine);
      expect(inbox.findIndex((i) => i.todoId === overdue)).toBeLessThan(
        inbox.findIndex((i) => i.todoId === dueToday),
      );
      expect(
        inbox
          .slice(
            0,
            inbox.findIndex((i) => !i.overdue),
          )
          .every((i) => i.overdue),
      ).toBe(true);
      // The inbox carries references only, never the to-do's text.
      expect(JSON.stringify(inbox)).not.toContain('Myöhässä');
      const theirs = (await get('/api/v1/inbox')).body.items as { todoId?: string }[];
      expect(theirs.map((i) => i.todoId)).toContain(mine);
      expect(theirs.map((i) => i.todoId)).not.toContain(overdue);

      // Moving the client (§ 85) ends the old municipality's assignments.
      expectStatus(
        await stack.call(helsinki, 'POST', `/api/v1/clients/${a}/move`, {
          municipalityId: 'kunta-837',
          consent: true,
          consentRecordedOn: today(),
        }),
        200,
      );
      expect(
        (await get('/api/v1/todos', colleague)).body.items.map((t: { id: string }) => t.id),
      ).not.toContain(overdue);
      const moved = (await get(`/api/v1/clients/${a}/todos`, tampere)).body.items as {
        assigneeId?: string;
      }[];
      expect(moved.every((t) => t.assigneeId === undefined)).toBe(true);
    });
  });

  describe('the summary', () => {
    it('answers what the expert needs at a glance', async () => {
      const id = await registerClient(stack);
      const empty = await get(`/api/v1/clients/${id}/summary`);
      expect(empty.status).toBe(200);
      expect(empty.body).toMatchObject({
        id,
        status: 'ACTIVE',
        person: {
          firstName: 'Amina',
          lastName: 'Testinen',
          languages: expect.any(Array),
          serviceLanguage: 'fi',
        },
        reviewOverdue: false,
        openTodos: [],
        openTodoCount: 0,
        residenceRightExpired: false,
        flags: ['NO_RESPONSIBLE_EXPERT'],
      });
      expect(empty.body.person.personalIdentityCode).toMatch(/^\d{6}-\d{3}[0-9A-Y]$/);
      expect(empty.body.currentPlan).toBeUndefined();
      expect(empty.body.lastContactAt).toBeUndefined();

      expectStatus(
        await stack.call(helsinki, 'PUT', `/api/v1/clients/${id}/responsible-expert`, { userId: helsinki }),
        200,
      );
      expectStatus(
        await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/assessments`, {
          type: 'INITIAL',
          completedOn: today(),
          summary: 'Arvio',
          serviceNeeds: ['kielikoulutus'],
          welfareAreaParticipated: true,
        }),
        201,
      );
      expectStatus(
        await stack.call(helsinki, 'PUT', `/api/v1/clients/${id}/integration-plan`, {
          validFrom: today(),
          validUntil: daysFromNow(200),
          goals: [{ description: 'Kieli' }],
          tasks: [],
          services: [],
        }),
        200,
      );
      const contactAt = minutesAgo(30);
      for (const at of [minutesAgo(90), contactAt]) {
        expectStatus(
          await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/contacts`, {
            at,
            channel: 'PHONE',
            summary: 'x',
          }),
          201,
        );
      }
      await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/todos`, {
        title: 'Myöhässä',
        dueDate: daysFromNow(-1),
      });
      await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/todos`, { title: 'Myöhemmin' });
      const full = (await get(`/api/v1/clients/${id}/summary`, 'keha.supervisor')).body;
      expect(full).toMatchObject({
        responsibleExpertId: helsinki,
        currentPlan: { version: 1, validFrom: today(), validUntil: daysFromNow(200), expired: false },
        nextReviewDue: expect.any(String),
        lastContactAt: contactAt,
        lastContactChannel: 'PHONE',
        openTodoCount: 2,
        overdueTodoCount: 1,
        latestAssessment: {
          type: 'INITIAL',
          completedOn: today(),
          serviceNeeds: ['kielikoulutus'],
          welfareAreaParticipated: true,
        },
        flags: ['TODOS_OVERDUE'],
      });
      expect(full.openTodos.map((t: { title: string; overdue: boolean }) => [t.title, t.overdue])).toEqual([
        ['Myöhässä', true],
        ['Myöhemmin', false],
      ]);
      expect((await get(`/api/v1/clients/${id}/summary`, tampere)).status).toBe(404);
      expect((await get(`/api/v1/clients/${id}/summary`, 'tem.analyst')).status).toBe(403);
      expect((await get(`/api/v1/clients/not-a-uuid/summary`)).status).toBe(400);
      expect(await auditActions(id)).toContain('client.read ALLOWED');
    });
  });

  describe('plan versions', () => {
    it('keeps every saved plan unchanged, newest first, and the timeline says what changed', async () => {
      const id = await registerClient(stack);
      const first = {
        validFrom: today(),
        validUntil: daysFromNow(150),
        goals: [{ description: 'Suomen kieli A1' }, { description: 'Asunto' }],
        tasks: [{ description: 'Ilmoittaudu kurssille', dueDate: daysFromNow(10) }],
        services: [{ name: 'Kotoutumiskoulutus' }],
      };
      const second = {
        ...first,
        validUntil: daysFromNow(300),
        goals: [{ description: 'Suomen kieli A2' }, { description: 'Asunto' }],
        tasks: [{ description: 'Ilmoittaudu kurssille', dueDate: daysFromNow(20) }],
      };
      expectStatus(await stack.call(helsinki, 'PUT', `/api/v1/clients/${id}/integration-plan`, first), 200);
      expectStatus(await stack.call(helsinki, 'PUT', `/api/v1/clients/${id}/integration-plan`, second), 200);
      const versions = await get(`/api/v1/clients/${id}/integration-plan/versions`);
      expect(versions.status).toBe(200);
      expect(versions.body.items).toHaveLength(2);
      const [newest, earlier] = versions.body.items;
      expect(newest).toMatchObject({ version: 2, current: true, ...second, recordedBy: helsinki });
      expect(earlier).toMatchObject({
        version: 1,
        current: false,
        ...first,
        firstPlanFrom: today(),
        extension: null,
      });
      expect((await view(id)).plan).toMatchObject(second);

      const replaced = (await view(id)).timeline.find((e: { type: string }) => e.type === 'PLAN_REPLACED');
      expect(replaced.details.planVersion).toBe(2);
      expect(replaced.details.changes).toEqual([
        { part: 'validUntil', from: first.validUntil, to: second.validUntil },
        { part: 'goals', added: ['Suomen kieli A2'], removed: ['Suomen kieli A1'], changed: [] },
        { part: 'tasks', added: [], removed: [], changed: ['Ilmoittaudu kurssille'] },
      ]);
      // The database itself keeps a saved version unchanged.
      await expect(
        stack.db
          .$executeRaw`UPDATE client_plan_version SET valid_until = '2099-01-01' WHERE client_id = ${id}`,
      ).rejects.toThrow(/history/);
      expect((await get(`/api/v1/clients/${id}/integration-plan/versions`, 'keha.supervisor')).status).toBe(
        200,
      );
      expect((await get(`/api/v1/clients/${id}/integration-plan/versions`, tampere)).status).toBe(404);
    });
  });

  describe('corrections with provenance (§ 73)', () => {
    it('records where each item came from and who recorded it, at registration', async () => {
      const body = clientBody({}, { phone: '+358 40 111 2222' });
      const id = (await stack.call(helsinki, 'POST', '/api/v1/clients', body)).body.id;
      const { provenance, createdAt } = await view(id);
      const manual = { source: 'MANUAL', recordedBy: helsinki, recordedAt: createdAt };
      expect(provenance.person).toEqual({
        firstName: manual,
        lastName: manual,
        birthDate: manual,
        nationality: manual,
        personalIdentityCode: manual,
        languages: manual,
        serviceLanguage: manual,
        phone: manual,
      });
      expect(provenance.residenceRight).toEqual(manual);
    });

    it('marks what a registration took over from the accepted placement proposal as PROPOSAL', async () => {
      const code = testIdentityCode();
      const proposalId = await sentProposal(stack, {
        household: [
          {
            firstName: 'Omar',
            lastName: 'Esitetty',
            birthDate: birthDateOf(code),
            nationality: 'AFG',
            personalIdentityCode: code,
          },
        ],
      });
      expectStatus(await decide(stack, helsinki, proposalId, 'answer', { decision: 'ACCEPT' }), 200);
      const created = await stack.call(helsinki, 'POST', '/api/v1/clients', {
        proposalId,
        person: { serviceLanguage: 'sv', lastName: 'Korjattu' },
        residenceRight: { type: 'RESIDENCE_PERMIT' },
      });
      expectStatus(created, 201);
      const { provenance } = await view(created.body.id);
      const proposal = (await stack.call(evk, 'GET', `/api/v1/placement-proposals/${proposalId}`)).body;
      expect(provenance.person.firstName).toEqual({
        source: 'PROPOSAL',
        recordedBy: evk,
        recordedAt: proposal.timeline[0].at,
      });
      expect(provenance.person.personalIdentityCode.source).toBe('PROPOSAL');
      expect(provenance.person.lastName).toMatchObject({ source: 'MANUAL', recordedBy: helsinki });
      expect(provenance.person.serviceLanguage).toMatchObject({ source: 'MANUAL', recordedBy: helsinki });
    });

    it('corrects items with a trace: new provenance, old and new values in the timeline and the history', async () => {
      const id = await registerClient(stack);
      const before = await view(id);
      const corrected = await stack.call(helsinki, 'PATCH', `/api/v1/clients/${id}`, {
        person: {
          phone: '+358 50 123 4567',
          email: 'uusi@example.fi',
          serviceLanguage: 'sv',
          languages: [
            { code: 'ar', level: 'native' },
            { code: 'fi', level: 'A2' },
          ],
          rightToWork: 'Rajoittamaton',
        },
        reason: 'Asiakas ilmoitti uudet tiedot',
      });
      expectStatus(corrected, 200);
      expect(corrected.body.person).toMatchObject({
        phone: '+358 50 123 4567',
        email: 'uusi@example.fi',
        serviceLanguage: 'sv',
        rightToWork: 'Rajoittamaton',
      });
      expect(corrected.body.person.languages).toEqual([
        { code: 'ar', level: 'native' },
        { code: 'fi', level: 'A2' },
      ]);
      expect(corrected.body.provenance.person.phone).toEqual({
        source: 'MANUAL',
        recordedBy: helsinki,
        recordedAt: expect.any(String),
      });
      expect(corrected.body.provenance.person.phone.recordedAt > before.createdAt).toBe(true);
      expect(corrected.body.provenance.person.firstName).toEqual(before.provenance.person.firstName);

      const correction = corrected.body.timeline.find((e: { type: string }) => e.type === 'CORRECTED');
      expect(correction).toMatchObject({
        actor: { userId: helsinki, orgId: 'kunta-091' },
        details: { source: 'MANUAL', reason: 'Asiakas ilmoitti uudet tiedot' },
      });
      expect(correction.details.changes).toEqual(
        expect.arrayContaining([
          { item: '/person/phone', from: null, to: '+358 50 123 4567' },
          { item: '/person/serviceLanguage', from: 'fi', to: 'sv' },
          {
            item: '/person/languages',
            from: before.person.languages,
            to: [
              { code: 'ar', level: 'native' },
              { code: 'fi', level: 'A2' },
            ],
          },
        ]),
      );

      // A second correction; the field's history reads back, newest first. Asking for what is
      // recorded already changes nothing.
      expectStatus(
        await stack.call(helsinki, 'PATCH', `/api/v1/clients/${id}`, {
          person: { phone: null, email: 'uusi@example.fi' },
        }),
        200,
      );
      const history = await get(`/api/v1/clients/${id}/corrections?item=/person/phone`);
      expect(history.body.items.map((c: { from: unknown; to: unknown }) => [c.from, c.to])).toEqual([
        ['+358 50 123 4567', null],
        [null, '+358 50 123 4567'],
      ]);
      const all = (await get(`/api/v1/clients/${id}/corrections`)).body.items;
      expect(all.filter((c: { item: string }) => c.item === '/person/email')).toHaveLength(1);
      const after = await view(id);
      expect(after.person.phone).toBeUndefined();
      expect(after.timeline.filter((e: { type: string }) => e.type === 'CORRECTED')).toHaveLength(2);
      await expect(
        stack.db.$executeRaw`UPDATE client_correction SET reason = 'x' WHERE client_id = ${id}`,
      ).rejects.toThrow(/history/);
      expect(await auditActions(id)).toContain('client.correct ALLOWED');
      // The audit log names the items, never their values.
      const audit = (await get(`/api/v1/audit-events?subjectId=${id}&limit=200`, 'keha.supervisor')).body
        .items;
      expect(JSON.stringify(audit)).not.toContain('123 4567');
    });

    it('flags an expired right of residence on the summary and in the inbox', async () => {
      const id = await registerClient(stack);
      const corrected = await stack.call(helsinki, 'PATCH', `/api/v1/clients/${id}`, {
        residenceRight: { type: 'RESIDENCE_PERMIT', validUntil: daysFromNow(-3), certificateId: 'OL-1' },
      });
      expectStatus(corrected, 200);
      expect(corrected.body.residenceRight).toEqual({
        type: 'RESIDENCE_PERMIT',
        validUntil: daysFromNow(-3),
        certificateId: 'OL-1',
      });
      expect(corrected.body.provenance.residenceRight).toMatchObject({
        source: 'MANUAL',
        recordedBy: helsinki,
      });
      const summary = (await get(`/api/v1/clients/${id}/summary`)).body;
      expect(summary.residenceRightExpired).toBe(true);
      expect(summary.residenceRight).toMatchObject({ validUntil: daysFromNow(-3), expired: true });
      expect(summary.flags).toContain('RESIDENCE_RIGHT_EXPIRED');
      const inbox = (await get('/api/v1/inbox')).body.items;
      expect(inbox).toContainEqual(
        expect.objectContaining({
          type: 'RESIDENCE_RIGHT_EXPIRED',
          clientId: id,
          dueDate: daysFromNow(-3),
          overdue: true,
        }),
      );
      // A pending extension with its certificate keeps the stay lawful.
      expectStatus(
        await stack.call(helsinki, 'PATCH', `/api/v1/clients/${id}`, {
          residenceRight: { type: 'PENDING_EXTENSION', validUntil: daysFromNow(-3), certificateId: 'VT-1' },
        }),
        200,
      );
      expect((await get(`/api/v1/clients/${id}/summary`)).body.residenceRightExpired).toBe(false);
      // The client stays in the inbox for its § 14 assessment deadline, no longer for the permit.
      expect(
        (await get('/api/v1/inbox')).body.items
          .filter((i: { type: string }) => i.type === 'RESIDENCE_RIGHT_EXPIRED')
          .map((i: { clientId?: string }) => i.clientId),
      ).not.toContain(id);
    });

    it.each([
      [{}, '/'],
      [{ person: {} }, '/'],
      [{ person: { phone: 'soita minulle' } }, '/person/phone'],
      [{ person: { email: 'ei-osoite' } }, '/person/email'],
      [{ person: { serviceLanguage: 'en' } }, '/person/serviceLanguage'],
      [{ person: { languages: [{ code: 'Arabic' }] } }, '/person/languages/0/code'],
      [{ person: { firstName: 'Uusi' } }, '/person'],
      [{ residenceRight: { type: 'PENDING_EXTENSION' } }, '/residenceRight/certificateId'],
      [{ residenceRight: { type: 'VISA' } }, '/residenceRight/type'],
      [{ residenceRight: null }, '/residenceRight'],
    ])('refuses the correction %j with 422 naming the field, and changes nothing', async (body, pointer) => {
      const id = await registerClient(stack);
      const before = await view(id);
      const reply = await stack.call(helsinki, 'PATCH', `/api/v1/clients/${id}`, body);
      expect(reply.status).toBe(422);
      expect(reply.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      const after = await view(id);
      expect(after.person).toEqual(before.person);
      expect(after.timeline).toEqual(before.timeline);
    });

    it('lets only the client’s municipality correct', async () => {
      const id = await registerClient(stack);
      const body = { person: { phone: '+358 40 999 8888' } };
      expect((await stack.call(tampere, 'PATCH', `/api/v1/clients/${id}`, body)).status).toBe(404);
      expect((await stack.call('keha.supervisor', 'PATCH', `/api/v1/clients/${id}`, body)).status).toBe(403);
      expect((await view(id)).person.phone).toBeUndefined();
      expect(await auditActions(id)).toContain('client.correct REFUSED');
    });
  });
});
