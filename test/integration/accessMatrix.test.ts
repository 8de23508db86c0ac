import { startStack, type Stack } from '../support/stack';
import { clientBody, registerClient, today, daysFromNow } from '../support/clients';
import { createProposal, decide, expectStatus, sentProposal } from '../support/placement';
import { outreachItem } from '../support/outreach';

/**
 * Every role of every organisation kind against every endpoint: exactly the listed users get
 * through (2xx); everyone else is refused with 403, or 404 where existence must not leak, and
 * changes nothing. The table is written out here, independently of the policy module.
 */
const users = [
  'evk-uusimaa.officer',
  'evk-uusimaa.admin',
  'kunta-091.officer',
  'kunta-091.admin',
  'kunta-091.system',
  'hva-helsinki.officer',
  'hva-helsinki.admin',
  'keha.supervisor',
  'keha.officer',
  'keha.admin',
  'migri.officer',
  'migri.admin',
  'tem.analyst',
  'tem.officer',
  'tem.admin',
];

type Setup = (stack: Stack) => Promise<string>;

interface Case {
  name: string;
  method: string;
  path: (id: string) => string;
  body?: unknown;
  setup?: Setup;
  allowed: string[];
}

const evkOfficer = 'evk-uusimaa.officer';
const municipalityOfficer = 'kunta-091.officer';

const withHearing: Setup = async (stack) => {
  const id = await sentProposal(stack, { evidentServiceNeeds: true });
  expectStatus(
    await decide(stack, municipalityOfficer, id, 'hearing', {
      welfareAreaId: 'hva-helsinki',
      mode: 'IN_SYSTEM',
    }),
    200,
  );
  return id;
};
const rejected: Setup = async (stack) => {
  const id = await sentProposal(stack);
  expectStatus(
    await decide(stack, municipalityOfficer, id, 'answer', { decision: 'REJECT', reason: 'ei tilaa' }),
    200,
  );
  return id;
};
const accepted: Setup = async (stack) => {
  const id = await sentProposal(stack);
  expectStatus(await decide(stack, municipalityOfficer, id, 'answer', { decision: 'ACCEPT' }), 200);
  return id;
};
const client: Setup = (stack) => registerClient(stack);
const endedClient: Setup = async (stack) => {
  const id = await registerClient(stack);
  expectStatus(
    await stack.call(municipalityOfficer, 'POST', `/api/v1/clients/${id}/end`, { reason: 'x' }),
    200,
  );
  return id;
};
const plannedClient: Setup = async (stack) => {
  const id = await registerClient(stack);
  const plan = { validFrom: today(), validUntil: daysFromNow(200), goals: [], tasks: [], services: [] };
  expectStatus(
    await stack.call(municipalityOfficer, 'PUT', `/api/v1/clients/${id}/integration-plan`, plan),
    200,
  );
  return id;
};

const clientWithTodo: Setup = async (stack) => {
  const id = await registerClient(stack);
  const reply = await stack.call(municipalityOfficer, 'POST', `/api/v1/clients/${id}/todos`, { title: 'x' });
  expectStatus(reply, 201);
  return `${id}/todos/${reply.body.id}`;
};
const minuteAgo = () => new Date(Date.now() - 60_000).toISOString();
const admins = ['evk-uusimaa.admin', 'kunta-091.admin', 'hva-helsinki.admin', 'keha.admin'];
// Subscribed to an event type no test produces, at a port nobody listens on: nothing is delivered.
const webhookBody = { url: 'http://127.0.0.1:9/hooks', events: ['client.ERASED'] };
const helsinkiWebhook: Setup = async (stack) => {
  const reply = await stack.call('kunta-091.admin', 'POST', '/api/v1/webhooks', webhookBody);
  expectStatus(reply, 201);
  return reply.body.id;
};

const cases: Case[] = [
  { name: 'list organisations', method: 'GET', path: () => '/api/v1/organisations', allowed: users },
  {
    name: 'create proposal',
    method: 'POST',
    path: () => '/api/v1/placement-proposals',
    body: {
      kind: 'QUOTA_REFUGEE',
      household: [{ firstName: 'A', lastName: 'B', birthDate: '1990-01-01', nationality: 'SYR' }],
      evidentServiceNeeds: false,
    },
    allowed: [evkOfficer],
  },
  {
    name: 'list proposals',
    method: 'GET',
    path: () => '/api/v1/placement-proposals',
    allowed: [evkOfficer, municipalityOfficer, 'hva-helsinki.officer', 'keha.supervisor'],
  },
  {
    name: 'read proposal',
    method: 'GET',
    path: (id) => `/api/v1/placement-proposals/${id}`,
    setup: withHearing,
    allowed: [evkOfficer, municipalityOfficer, 'hva-helsinki.officer', 'keha.supervisor'],
  },
  {
    name: 'send',
    method: 'POST',
    path: (id) => `/api/v1/placement-proposals/${id}/send`,
    body: { municipalityId: 'kunta-091' },
    setup: (s) => createProposal(s),
    allowed: [evkOfficer],
  },
  {
    name: 'request hearing',
    method: 'POST',
    path: (id) => `/api/v1/placement-proposals/${id}/hearing`,
    body: { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' },
    setup: (s) => sentProposal(s),
    allowed: [municipalityOfficer],
  },
  {
    name: 'answer hearing',
    method: 'POST',
    path: (id) => `/api/v1/placement-proposals/${id}/hearing/answer`,
    body: { canArrangeServices: true, statement: 'ok' },
    setup: withHearing,
    allowed: ['hva-helsinki.officer'],
  },
  {
    name: 'answer',
    method: 'POST',
    path: (id) => `/api/v1/placement-proposals/${id}/answer`,
    body: { decision: 'ACCEPT' },
    setup: (s) => sentProposal(s),
    allowed: [municipalityOfficer],
  },
  {
    name: 'redistribute',
    method: 'POST',
    path: (id) => `/api/v1/placement-proposals/${id}/redistribute`,
    body: { municipalityId: 'kunta-049' },
    setup: rejected,
    allowed: [evkOfficer],
  },
  {
    name: 'forward',
    method: 'POST',
    path: (id) => `/api/v1/placement-proposals/${id}/forward`,
    body: { elinvoimakeskusId: 'evk-lappi', reason: 'x' },
    setup: rejected,
    allowed: [evkOfficer],
  },
  {
    name: 'return to Migri',
    method: 'POST',
    path: (id) => `/api/v1/placement-proposals/${id}/return-to-migri`,
    body: { reason: 'x' },
    setup: rejected,
    allowed: [evkOfficer],
  },
  {
    name: 'confirm',
    method: 'POST',
    path: (id) => `/api/v1/placement-proposals/${id}/confirm`,
    body: {},
    setup: accepted,
    allowed: [evkOfficer],
  },
  {
    name: 'withdraw',
    method: 'POST',
    path: (id) => `/api/v1/placement-proposals/${id}/withdraw`,
    body: { reason: 'x' },
    setup: (s) => sentProposal(s),
    allowed: [evkOfficer],
  },
  {
    name: 'inbox',
    method: 'GET',
    path: () => '/api/v1/inbox',
    allowed: [evkOfficer, municipalityOfficer, 'hva-helsinki.officer'],
  },
  {
    name: 'audit log',
    method: 'GET',
    path: () => '/api/v1/audit-events',
    allowed: ['kunta-091.admin', 'keha.supervisor'],
  },
  {
    name: 'register client',
    method: 'POST',
    path: () => '/api/v1/clients',
    body: () => clientBody(),
    allowed: [municipalityOfficer],
  },
  {
    name: 'search clients',
    method: 'GET',
    path: () => '/api/v1/clients?identifier=131052-308T',
    allowed: [municipalityOfficer, 'keha.supervisor'],
  },
  {
    name: 'list clients',
    method: 'GET',
    path: () => '/api/v1/clients',
    allowed: [municipalityOfficer, 'keha.supervisor'],
  },
  {
    name: 'read client',
    method: 'GET',
    path: (id) => `/api/v1/clients/${id}`,
    setup: client,
    allowed: [municipalityOfficer, 'keha.supervisor'],
  },
  {
    name: 'responsible expert',
    method: 'PUT',
    path: (id) => `/api/v1/clients/${id}/responsible-expert`,
    body: { userId: municipalityOfficer },
    setup: client,
    allowed: [municipalityOfficer],
  },
  {
    name: 'assessment',
    method: 'POST',
    path: (id) => `/api/v1/clients/${id}/assessments`,
    body: { type: 'INITIAL', completedOn: '2026-01-01', summary: 'x', serviceNeeds: [] },
    setup: client,
    allowed: [municipalityOfficer],
  },
  {
    name: 'integration plan',
    method: 'PUT',
    path: (id) => `/api/v1/clients/${id}/integration-plan`,
    body: () => ({ validFrom: today(), validUntil: daysFromNow(100), goals: [], tasks: [], services: [] }),
    setup: client,
    allowed: [municipalityOfficer],
  },
  {
    name: 'plan review',
    method: 'POST',
    path: (id) => `/api/v1/clients/${id}/integration-plan/reviews`,
    body: () => ({ reviewedOn: today(), changes: 'x' }),
    setup: plannedClient,
    allowed: [municipalityOfficer],
  },
  {
    name: 'end client',
    method: 'POST',
    path: (id) => `/api/v1/clients/${id}/end`,
    body: { reason: 'x' },
    setup: client,
    allowed: [municipalityOfficer],
  },
  {
    name: 'resume client',
    method: 'POST',
    path: (id) => `/api/v1/clients/${id}/resume`,
    body: {},
    setup: endedClient,
    allowed: [municipalityOfficer],
  },
  {
    name: 'move client',
    method: 'POST',
    path: (id) => `/api/v1/clients/${id}/move`,
    body: () => ({ municipalityId: 'kunta-837', consent: true, consentRecordedOn: today() }),
    setup: client,
    allowed: [municipalityOfficer],
  },
  {
    name: 'correct client',
    method: 'PATCH',
    path: (id) => `/api/v1/clients/${id}`,
    body: { person: { phone: '+358 40 123 4567' } },
    setup: client,
    allowed: [municipalityOfficer],
  },
  {
    name: 'client summary',
    method: 'GET',
    path: (id) => `/api/v1/clients/${id}/summary`,
    setup: client,
    allowed: [municipalityOfficer, 'keha.supervisor'],
  },
  {
    name: 'record contact',
    method: 'POST',
    path: (id) => `/api/v1/clients/${id}/contacts`,
    body: () => ({ at: minuteAgo(), channel: 'MEETING', summary: 'x' }),
    setup: client,
    allowed: [municipalityOfficer],
  },
  {
    name: 'list contacts',
    method: 'GET',
    path: (id) => `/api/v1/clients/${id}/contacts`,
    setup: client,
    allowed: [municipalityOfficer, 'keha.supervisor'],
  },
  {
    name: 'create to-do',
    method: 'POST',
    path: (id) => `/api/v1/clients/${id}/todos`,
    body: { title: 'x', assigneeId: municipalityOfficer },
    setup: client,
    allowed: [municipalityOfficer],
  },
  {
    name: 'update to-do',
    method: 'PATCH',
    path: (id) => `/api/v1/clients/${id}`,
    body: { done: true },
    setup: clientWithTodo,
    allowed: [municipalityOfficer],
  },
  {
    name: 'list a client’s to-dos',
    method: 'GET',
    path: (id) => `/api/v1/clients/${id}/todos`,
    setup: client,
    allowed: [municipalityOfficer, 'keha.supervisor'],
  },
  {
    name: 'own to-dos',
    method: 'GET',
    path: () => '/api/v1/todos?assigneeId=me&done=false',
    allowed: [municipalityOfficer],
  },
  {
    name: 'plan versions',
    method: 'GET',
    path: (id) => `/api/v1/clients/${id}/integration-plan/versions`,
    setup: plannedClient,
    allowed: [municipalityOfficer, 'keha.supervisor'],
  },
  {
    name: 'correction history',
    method: 'GET',
    path: (id) => `/api/v1/clients/${id}/corrections`,
    setup: client,
    allowed: [municipalityOfficer, 'keha.supervisor'],
  },
  {
    name: 'record anonymous visit',
    method: 'POST',
    path: () => '/api/v1/anonymous-visits',
    body: () => ({ date: today(), topics: ['HOUSING'], visitors: 1 }),
    allowed: [municipalityOfficer],
  },
  {
    name: 'anonymous visit report',
    method: 'GET',
    path: () => '/api/v1/reports/anonymous-visits',
    allowed: [municipalityOfficer, 'tem.analyst', 'keha.supervisor'],
  },
  {
    name: 'list users',
    method: 'GET',
    path: () => '/api/v1/users',
    allowed: ['kunta-091.admin', 'keha.admin'],
  },
  {
    name: 'create a municipal user',
    method: 'POST',
    path: () => '/api/v1/users',
    body: () => ({
      id: `kunta-091.u${Math.random().toString(36).slice(2, 10)}`,
      organisationId: 'kunta-091',
      displayName: 'Uusi Käyttäjä',
    }),
    allowed: ['kunta-091.admin'],
  },
  {
    name: 'grant a municipal right',
    method: 'POST',
    path: () => '/api/v1/users/kunta-091.officer/rights',
    body: { role: 'OFFICER' },
    allowed: ['kunta-091.admin'],
  },
  {
    name: 'grant an elinvoimakeskus right',
    method: 'POST',
    path: () => '/api/v1/users/evk-uusimaa.officer/rights',
    body: { role: 'OFFICER' },
    allowed: ['keha.admin'],
  },
  {
    name: 'placement report',
    method: 'GET',
    path: () => '/api/v1/reports/placements?groupBy=municipality',
    allowed: ['tem.analyst', 'keha.supervisor'],
  },
  {
    name: 'client report',
    method: 'GET',
    path: () => '/api/v1/reports/clients',
    allowed: ['tem.analyst', 'keha.supervisor'],
  },
  {
    name: 'events for add-ons',
    method: 'GET',
    path: () => '/api/v1/events',
    allowed: [
      evkOfficer,
      'evk-uusimaa.admin',
      municipalityOfficer,
      'kunta-091.admin',
      'hva-helsinki.officer',
      'hva-helsinki.admin',
      'keha.supervisor',
      'keha.admin',
    ],
  },
  { name: 'list webhooks', method: 'GET', path: () => '/api/v1/webhooks', allowed: admins },
  {
    name: 'create webhook',
    method: 'POST',
    path: () => '/api/v1/webhooks',
    body: webhookBody,
    allowed: admins,
  },
  {
    name: 'delete webhook',
    method: 'DELETE',
    path: (id) => `/api/v1/webhooks/${id}`,
    setup: helsinkiWebhook,
    allowed: ['kunta-091.admin'],
  },
  {
    name: 'retry webhook dead letters',
    method: 'POST',
    path: (id) => `/api/v1/webhooks/${id}/dead-letters/retry`,
    body: {},
    setup: helsinkiWebhook,
    allowed: ['kunta-091.admin'],
  },
  {
    name: 'client register data (VTJ, UMA)',
    method: 'GET',
    path: (id) => `/api/v1/clients/${id}/registers`,
    setup: client,
    allowed: [municipalityOfficer, 'keha.supervisor'],
  },
  {
    name: 'refresh from VTJ',
    method: 'POST',
    path: (id) => `/api/v1/clients/${id}/refresh-from-vtj`,
    setup: client,
    allowed: [municipalityOfficer],
  },
  { name: 'outreach list', method: 'GET', path: () => '/api/v1/outreach', allowed: [municipalityOfficer] },
  {
    name: 'record an outreach outcome',
    method: 'POST',
    path: (id) => `/api/v1/outreach/${id}/outcome`,
    body: { outcome: 'REACHED', note: 'tavoitettu puhelimitse' },
    setup: async (stack) => (await outreachItem(stack)).id,
    allowed: [municipalityOfficer],
  },
  {
    name: 'data transfer (dry run)',
    method: 'POST',
    path: () => '/api/v1/transfers',
    body: { sourceSystem: 'Effica', dryRun: true, records: [] },
    allowed: ['kunta-091.admin', 'kunta-091.system'],
  },
  {
    name: 'data transfer report',
    method: 'GET',
    path: (id) => `/api/v1/transfers/${id}`,
    setup: async (stack) =>
      (
        await stack.call('kunta-091.admin', 'POST', '/api/v1/transfers', {
          sourceSystem: 'Effica',
          dryRun: true,
          records: [],
        })
      ).body.id as string,
    allowed: ['kunta-091.admin', 'kunta-091.system'],
  },
  {
    name: 'decode histories (codec server)',
    method: 'POST',
    path: () => '/codec/decode',
    body: { payloads: [] },
    allowed: ['keha.supervisor'],
  },
];

describe('the access matrix: every role of every organisation kind against every endpoint', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  const bodyOf = (c: Case) => (typeof c.body === 'function' ? (c.body as () => unknown)() : c.body);
  const stateOf = async () => {
    const [
      events,
      clientEvents,
      rights,
      accounts,
      contacts,
      todos,
      corrections,
      visits,
      webhooks,
      outreach,
      transfers,
    ] = await Promise.all([
      stack.db.proposalEvent.count(),
      stack.db.clientEvent.count(),
      stack.db.userRight.count(),
      stack.db.user.count(),
      stack.db.clientContact.count(),
      stack.db.clientTodo.findMany({ select: { updatedAt: true } }),
      stack.db.clientCorrection.count(),
      stack.db.anonymousVisit.count(),
      stack.db.webhookSubscription.findMany({ select: { deletedAt: true }, orderBy: { id: 'asc' } }),
      stack.db.outreachItem.findMany({ select: { status: true, outcomeAt: true }, orderBy: { id: 'asc' } }),
      stack.db.transfer.count(),
    ]);
    return {
      events,
      clientEvents,
      rights,
      accounts,
      contacts,
      todos,
      corrections,
      visits,
      webhooks,
      outreach,
      transfers,
    };
  };

  it.each(cases.map((c) => [c.name, c]))('%s', async (_name, c) => {
    const shared = c.setup ? await c.setup(stack) : '';
    const outcomes: Record<string, number> = {};
    for (const user of users.filter((u) => !c.allowed.includes(u))) {
      const before = await stateOf();
      const reply = await stack.call(user, c.method, c.path(shared), bodyOf(c));
      outcomes[user] = reply.status;
      expect(await stateOf()).toEqual(before);
    }
    for (const user of c.allowed) {
      const id = c.setup ? await c.setup(stack) : '';
      const reply = await stack.call(user, c.method, c.path(id), bodyOf(c));
      outcomes[user] = reply.status;
    }
    const expected = Object.fromEntries(
      users.map((u) => [u, c.allowed.includes(u) ? 'allowed (2xx)' : 'refused (403/404)']),
    );
    const actual = Object.fromEntries(
      users.map((u) => [
        u,
        outcomes[u] >= 200 && outcomes[u] < 300
          ? 'allowed (2xx)'
          : [403, 404].includes(outcomes[u])
            ? 'refused (403/404)'
            : `HTTP ${outcomes[u]}`,
      ]),
    );
    expect(actual).toEqual(expected);
  });

  it('refuses every endpoint without a token', async () => {
    for (const c of cases) {
      expect(
        (await stack.call(null, c.method, c.path('00000000-0000-4000-8000-000000000000'), bodyOf(c))).status,
      ).toBe(401);
    }
  });
});
