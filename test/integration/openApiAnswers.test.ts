import { z } from 'zod';
import { auditEventPage } from '../../api/auditEvents';
import * as clientAnswers from '../../api/clients/responses';
import * as everydayAnswers from '../../api/clients/everydaySchemas';
import { anonymousVisitCreated, anonymousVisitReport } from '../../api/anonymousVisits';
import { health, readiness } from '../../api/health';
import { inbox } from '../../api/inbox';
import { organisationList } from '../../api/organisations';
import * as proposalAnswers from '../../api/placement/responses';
import { clientReport, placementReport } from '../../api/reports';
import { problem } from '../../api/schemas/responses';
import { authConfigResponse, meResponse } from '../../api/session/schemas';
import { grantedRight, revokedRight, user, userList } from '../../api/users/routes';
import { clientBody, daysFromNow, today } from '../support/clients';
import { createProposal, decide, evk, helsinki, helsinkiWelfare, keha } from '../support/placement';
import { startStack, type Reply, type Stack } from '../support/stack';

/**
 * The answers the OpenAPI document describes are the answers the API gives: each real answer
 * parses with its documented schema, and parsing keeps every field (no undocumented ones).
 */

function expectDescribed(schema: z.ZodType, reply: Reply, status = 200): void {
  if (reply.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
  const parsed = schema.safeParse(reply.body);
  if (!parsed.success) {
    throw new Error(`not as documented: ${z.prettifyError(parsed.error)}\n${JSON.stringify(reply.body)}`);
  }
  expect(parsed.data).toEqual(reply.body);
}

describe('answers as the OpenAPI document describes them', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  it('operations, organisations, the session and problems', async () => {
    expectDescribed(health, await stack.call(null, 'GET', '/health'));
    expectDescribed(readiness, await stack.call(null, 'GET', '/ready'));
    expectDescribed(organisationList, await stack.call(helsinki, 'GET', '/api/v1/organisations'));
    expectDescribed(
      organisationList,
      await stack.call(helsinki, 'GET', '/api/v1/organisations?kind=MUNICIPALITY'),
    );
    expectDescribed(meResponse, await stack.call(helsinki, 'GET', '/api/v1/me'));
    expectDescribed(authConfigResponse, await stack.call(null, 'GET', '/auth/config'));

    expectDescribed(problem, await stack.call(null, 'GET', '/api/v1/inbox'), 401);
    expectDescribed(
      problem,
      await stack.call(keha, 'GET', '/api/v1/placement-proposals/00000000-0000-4000-8000-000000000000'),
      404,
    );
    expectDescribed(
      problem,
      await stack.call(evk, 'POST', '/api/v1/placement-proposals', { kind: 'NOPE' }),
      422,
    );
  });

  it('a placement proposal through its decisions, lists and the inbox', async () => {
    const created = await stack.call(evk, 'POST', '/api/v1/placement-proposals', {
      kind: 'QUOTA_REFUGEE',
      household: [
        {
          firstName: 'Amal',
          lastName: 'Testi',
          birthDate: '2012-01-01',
          nationality: 'SYR',
          minor: true,
          unaccompanied: true,
          languages: [{ code: 'ar' }],
        },
      ],
      evidentServiceNeeds: true,
      notes: 'arrives in May',
    });
    expectDescribed(proposalAnswers.proposalCreated, created, 201);
    const id = created.body.id as string;
    const path = `/api/v1/placement-proposals/${id}`;

    const decisions: [string, string, unknown][] = [
      [evk, 'send', { municipalityId: 'kunta-091' }],
      [helsinki, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }],
      [helsinkiWelfare, 'hearing/answer', { canArrangeServices: true, statement: 'we can' }],
    ];
    for (const [user, decision, body] of decisions) {
      expectDescribed(proposalAnswers.proposalDecisionResult, await decide(stack, user, id, decision, body));
    }
    expectDescribed(proposalAnswers.proposalDetail, await stack.call(helsinki, 'GET', path));
    expectDescribed(
      proposalAnswers.proposalDecisionResult,
      await decide(stack, helsinki, id, 'answer', { decision: 'REJECT', reason: 'no flat' }),
    );
    expectDescribed(proposalAnswers.proposalDetail, await stack.call(evk, 'GET', path));
    expectDescribed(inbox, await stack.call(evk, 'GET', '/api/v1/inbox'));
    expectDescribed(
      proposalAnswers.proposalDecisionResult,
      await decide(stack, evk, id, 'return-to-migri', { reason: 'no municipality' }),
    );
    expectDescribed(proposalAnswers.proposalDetail, await stack.call(keha, 'GET', path));

    await createProposal(stack);
    expectDescribed(
      proposalAnswers.proposalPage,
      await stack.call(evk, 'GET', '/api/v1/placement-proposals?limit=1'),
    );
    expectDescribed(inbox, await stack.call(helsinki, 'GET', '/api/v1/inbox'));
    expectDescribed(inbox, await stack.call(helsinkiWelfare, 'GET', '/api/v1/inbox'));
  });

  it('a client case through its decisions and lists', async () => {
    const body = clientBody({}, { phone: '+358 40 123 4567', email: 'amina@example.org' });
    const registered = await stack.call(helsinki, 'POST', '/api/v1/clients', body);
    expectDescribed(clientAnswers.clientCreated, registered, 201);
    const id = registered.body.id as string;
    const path = `/api/v1/clients/${id}`;
    expectDescribed(clientAnswers.clientDetail, await stack.call(helsinki, 'GET', path));

    const decisions: [string, string, unknown, number][] = [
      ['PUT', 'responsible-expert', { userId: helsinki }, 200],
      [
        'POST',
        'assessments',
        { type: 'INITIAL', completedOn: today(), summary: 'needs Finnish', serviceNeeds: ['language'] },
        201,
      ],
      [
        'PUT',
        'integration-plan',
        {
          validFrom: today(),
          validUntil: daysFromNow(200),
          goals: [{ description: 'Finnish B1', endDate: daysFromNow(200) }],
          tasks: [{ description: 'enrol', dueDate: daysFromNow(10), responsible: 'client' }],
          services: [{ name: 'Finnish course', provider: 'the adult education centre' }],
        },
        200,
      ],
      ['POST', 'integration-plan/reviews', { reviewedOn: today(), changes: 'on track' }, 201],
    ];
    for (const [method, decision, decisionBody, status] of decisions) {
      expectDescribed(
        clientAnswers.clientDecisionResult,
        await stack.call(helsinki, method, `${path}/${decision}`, decisionBody),
        status,
      );
    }
    expectDescribed(clientAnswers.clientDetail, await stack.call(helsinki, 'GET', path));
    expectDescribed(
      clientAnswers.clientDecisionResult,
      await stack.call(helsinki, 'POST', `${path}/end`, { reason: 'moved abroad' }),
    );
    expectDescribed(clientAnswers.clientDetail, await stack.call(keha, 'GET', path));
    expectDescribed(
      clientAnswers.clientDecisionResult,
      await stack.call(helsinki, 'POST', `${path}/resume`, {}),
    );
    expectDescribed(clientAnswers.clientPage, await stack.call(helsinki, 'GET', '/api/v1/clients?limit=5'));
    expectDescribed(
      clientAnswers.clientPage,
      await stack.call(helsinki, 'GET', `/api/v1/clients?identifier=${body.person.personalIdentityCode}`),
    );
    expectDescribed(
      problem,
      await stack.call(helsinki, 'POST', '/api/v1/clients', clientBody({}, body.person)),
      409,
    );
  });

  it('everyday work on a case and anonymous visits', async () => {
    const registered = await stack.call(helsinki, 'POST', '/api/v1/clients', clientBody());
    const path = `/api/v1/clients/${registered.body.id}`;
    const contact = await stack.call(helsinki, 'POST', `${path}/contacts`, {
      at: new Date(Date.now() - 60_000).toISOString(),
      channel: 'MEETING',
      summary: 'first meeting',
      interpreterUsed: true,
    });
    expectDescribed(everydayAnswers.created, contact, 201);
    expectDescribed(everydayAnswers.contactPage, await stack.call(helsinki, 'GET', `${path}/contacts`));
    const todo = await stack.call(helsinki, 'POST', `${path}/todos`, {
      title: 'call back',
      dueDate: daysFromNow(-1),
      assigneeId: helsinki,
    });
    expectDescribed(everydayAnswers.todo, todo, 201);
    expectDescribed(
      everydayAnswers.todo,
      await stack.call(helsinki, 'PATCH', `${path}/todos/${todo.body.id}`, { title: 'call back soon' }),
    );
    expectDescribed(everydayAnswers.todoList, await stack.call(helsinki, 'GET', `${path}/todos`));
    expectDescribed(
      everydayAnswers.myTodoList,
      await stack.call(helsinki, 'GET', '/api/v1/todos?done=false'),
    );
    expectDescribed(
      clientAnswers.clientDetail,
      await stack.call(helsinki, 'PATCH', path, {
        person: { phone: '+358 40 765 4321', languages: [{ code: 'fi', level: 'A1' }] },
        residenceRight: { type: 'RESIDENCE_PERMIT', validUntil: daysFromNow(-1) },
        reason: 'new number',
      }),
    );
    expectDescribed(everydayAnswers.correctionList, await stack.call(helsinki, 'GET', `${path}/corrections`));
    await stack.call(helsinki, 'POST', `${path}/assessments`, {
      type: 'INITIAL',
      completedOn: today(),
      summary: 'x',
      serviceNeeds: ['language'],
    });
    await stack.call(helsinki, 'PUT', `${path}/integration-plan`, {
      validFrom: today(),
      validUntil: daysFromNow(100),
      goals: [{ description: 'Finnish A2', startDate: today() }],
      tasks: [{ description: 'enrol', dueDate: daysFromNow(5), responsible: 'client' }],
      services: [{ name: 'course', provider: 'college' }],
      extension: { basis: 'ILLNESS', months: 2 },
    });
    expectDescribed(
      everydayAnswers.planVersionList,
      await stack.call(helsinki, 'GET', `${path}/integration-plan/versions`),
    );
    expectDescribed(everydayAnswers.caseSummary, await stack.call(helsinki, 'GET', `${path}/summary`));
    expectDescribed(clientAnswers.clientDetail, await stack.call(keha, 'GET', path));
    expectDescribed(inbox, await stack.call(helsinki, 'GET', '/api/v1/inbox'));
    expectDescribed(
      problem,
      await stack.call(helsinki, 'POST', `${path}/todos`, { title: 'x', assigneeId: 'kunta-837.officer' }),
      422,
    );

    expectDescribed(
      anonymousVisitCreated,
      await stack.call(helsinki, 'POST', '/api/v1/anonymous-visits', {
        date: today(),
        topics: ['HOUSING'],
        serviceLanguage: 'ar',
        visitors: 6,
      }),
      201,
    );
    expectDescribed(
      anonymousVisitReport,
      await stack.call('tem.analyst', 'GET', '/api/v1/reports/anonymous-visits'),
    );
    expectDescribed(
      problem,
      await stack.call(helsinki, 'POST', '/api/v1/anonymous-visits', {
        date: today(),
        topics: ['x'],
        visitors: 1,
        name: 'A',
      }),
      422,
    );
  });

  it('users and rights, the audit log and the reports', async () => {
    const admin = 'kunta-091.admin';
    expectDescribed(userList, await stack.call(admin, 'GET', '/api/v1/users'));
    expectDescribed(
      user,
      await stack.call(admin, 'POST', '/api/v1/users', {
        id: 'kunta-091.openapi',
        organisationId: 'kunta-091',
        displayName: 'Olli Openapi',
      }),
      201,
    );
    const granted = await stack.call(admin, 'POST', '/api/v1/users/kunta-091.openapi/rights', {
      role: 'OFFICER',
      validUntil: daysFromNow(30),
    });
    expectDescribed(grantedRight, granted, 201);
    expectDescribed(user, await stack.call(admin, 'GET', '/api/v1/users/kunta-091.openapi'));
    expectDescribed(
      revokedRight,
      await stack.call(admin, 'DELETE', `/api/v1/users/kunta-091.openapi/rights/${granted.body.id}`),
    );

    expectDescribed(auditEventPage, await stack.call(keha, 'GET', '/api/v1/audit-events?limit=20'));
    expectDescribed(placementReport, await stack.call('tem.analyst', 'GET', '/api/v1/reports/placements'));
    expectDescribed(
      placementReport,
      await stack.call('tem.analyst', 'GET', '/api/v1/reports/placements?groupBy=municipality'),
    );
    expectDescribed(clientReport, await stack.call('tem.analyst', 'GET', '/api/v1/reports/clients'));
  });
});
