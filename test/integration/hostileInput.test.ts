import fc from 'fast-check';
import { eventually, startStack, type Stack } from '../support/stack';
import { clientBody, registerClient } from '../support/clients';
import { outreachItem } from '../support/outreach';
import { household, sentProposal } from '../support/placement';

/**
 * Property: whatever body, header or identifier a caller sends, the API answers with a client
 * error or a success, never a 500, and a refused request changes nothing.
 */
describe('hostile input at every endpoint', () => {
  let stack: Stack;
  let proposalId: string;
  let clientId: string;
  let todoId: string;
  let webhookId: string;
  let outreachId: string;
  beforeAll(async () => {
    stack = await startStack();
    proposalId = await sentProposal(stack);
    clientId = await registerClient(stack);
    todoId = (
      await stack.call('kunta-091.officer', 'POST', `/api/v1/clients/${clientId}/todos`, { title: 'x' })
    ).body.id;
    webhookId = (
      await stack.call('kunta-091.admin', 'POST', '/api/v1/webhooks', {
        url: 'http://127.0.0.1:9/hooks',
        events: ['client.ERASED'],
      })
    ).body.id;
    outreachId = (await outreachItem(stack)).id;
  });
  afterAll(async () => stack?.stop());

  const endpoints: [string, string][] = [
    ['POST', '/api/v1/placement-proposals'],
    ['GET', '/api/v1/placement-proposals'],
    ['GET', '/api/v1/placement-proposals/:p'],
    ...[
      'send',
      'hearing',
      'hearing/answer',
      'answer',
      'redistribute',
      'forward',
      'return-to-migri',
      'confirm',
      'withdraw',
    ].map((action) => ['POST', `/api/v1/placement-proposals/:p/${action}`] as [string, string]),
    ['GET', '/api/v1/inbox'],
    ['GET', '/api/v1/audit-events'],
    ['GET', '/api/v1/organisations'],
    ['POST', '/api/v1/clients'],
    ['GET', '/api/v1/clients'],
    ['GET', '/api/v1/clients/:c'],
    ['PUT', '/api/v1/clients/:c/responsible-expert'],
    ['POST', '/api/v1/clients/:c/assessments'],
    ['PUT', '/api/v1/clients/:c/integration-plan'],
    ['POST', '/api/v1/clients/:c/integration-plan/reviews'],
    ['POST', '/api/v1/clients/:c/end'],
    ['POST', '/api/v1/clients/:c/resume'],
    ['POST', '/api/v1/clients/:c/move'],
    ['PATCH', '/api/v1/clients/:c'],
    ['GET', '/api/v1/clients/:c/summary'],
    ['POST', '/api/v1/clients/:c/contacts'],
    ['GET', '/api/v1/clients/:c/contacts'],
    ['POST', '/api/v1/clients/:c/todos'],
    ['GET', '/api/v1/clients/:c/todos'],
    ['PATCH', '/api/v1/clients/:c/todos/:t'],
    ['GET', '/api/v1/clients/:c/integration-plan/versions'],
    ['GET', '/api/v1/clients/:c/corrections'],
    ['GET', '/api/v1/todos'],
    ['POST', '/api/v1/anonymous-visits'],
    ['GET', '/api/v1/reports/anonymous-visits'],
    ['GET', '/api/v1/users'],
    ['POST', '/api/v1/users'],
    ['POST', '/api/v1/users/kunta-091.officer/rights'],
    ['POST', '/codec/decode'],
    ['GET', '/api/v1/reports/placements'],
    ['GET', '/api/v1/reports/clients'],
    ['GET', '/api/v1/events'],
    ['GET', '/api/v1/webhooks'],
    ['POST', '/api/v1/webhooks'],
    ['DELETE', '/api/v1/webhooks/:w'],
    ['POST', '/api/v1/webhooks/:w/dead-letters/retry'],
    ['GET', '/api/v1/clients/:c/registers'],
    ['POST', '/api/v1/clients/:c/refresh-from-vtj'],
    ['GET', '/api/v1/outreach'],
    ['POST', '/api/v1/outreach/:o/outcome'],
  ];
  const users = [
    'evk-uusimaa.officer',
    'kunta-091.officer',
    'kunta-091.admin',
    'hva-helsinki.officer',
    'keha.supervisor',
    'keha.admin',
    'tem.analyst',
  ];

  const hostileString = fc.oneof(
    fc.string(),
    fc.constantFrom(
      '',
      ' ',
      '../../etc/passwd',
      '%00',
      '\u0000',
      "' OR 1=1 --",
      '<script>alert(1)</script>',
      '${jndi:ldap://x}',
      'x'.repeat(5000),
      '🙂'.repeat(50),
      '__proto__',
      'constructor',
    ),
  );
  const hostileValue = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.record({
      kind: hostileString,
      household: fc.anything(),
      evidentServiceNeeds: fc.anything(),
      __proto__: fc.anything(),
    }),
    fc.record({ decision: fc.constantFrom('ACCEPT', 'REJECT', 'MAYBE', 1), reason: fc.anything() }),
    fc.record({ municipalityId: hostileString, answerDueDate: hostileString }),
    fc.record({ person: fc.anything(), residenceRight: fc.anything(), proposalId: hostileString }),
    fc.record({ payloads: fc.anything() }),
    fc.record({
      at: hostileString,
      channel: hostileString,
      summary: hostileString,
      interpreterUsed: fc.anything(),
    }),
    fc.record({
      title: hostileString,
      dueDate: hostileString,
      assigneeId: hostileString,
      done: fc.anything(),
    }),
    fc.record({
      person: fc.record({ phone: fc.anything(), languages: fc.anything() }),
      residenceRight: fc.anything(),
    }),
    fc.record({ url: hostileString, events: fc.oneof(fc.array(hostileString), fc.anything()) }),
    fc.record({
      outcome: fc.constantFrom('REACHED', 'REGISTERED', 'DECLINED', 'MAYBE', 1),
      note: fc.oneof(hostileString, fc.anything()),
      clientId: fc.oneof(hostileString, fc.uuid()),
    }),
    fc.record({
      date: hostileString,
      topics: fc.array(hostileString),
      visitors: fc.anything(),
      name: fc.anything(),
    }),
  );
  const pathId = (real: string) =>
    fc.oneof(fc.constant(real), hostileString.map(encodeURIComponent), fc.uuid());

  const state = async () => {
    const [
      events,
      clientEvents,
      proposals,
      clients,
      rights,
      users,
      contacts,
      todos,
      corrections,
      visits,
      webhooks,
      outreach,
    ] = await Promise.all([
      stack.db.proposalEvent.count(),
      stack.db.clientEvent.count(),
      stack.db.placementProposal.count(),
      stack.db.client.count(),
      stack.db.userRight.count(),
      stack.db.user.count(),
      stack.db.clientContact.count(),
      stack.db.clientTodo.findMany({ select: { updatedAt: true }, orderBy: { id: 'asc' } }),
      stack.db.clientCorrection.count(),
      stack.db.anonymousVisit.count(),
      stack.db.webhookSubscription.findMany({ select: { deletedAt: true }, orderBy: { id: 'asc' } }),
      stack.db.outreachItem.findMany({ select: { status: true, note: true }, orderBy: { id: 'asc' } }),
    ]);
    return {
      events,
      clientEvents,
      proposals,
      clients,
      rights,
      users,
      contacts,
      todos,
      corrections,
      visits,
      webhooks,
      outreach,
    };
  };

  it('never answers 500 and never changes state on a refusal', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.constantFrom(...users),
        pathId(''),
        fc.oneof(
          hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
          hostileString,
        ),
        fc.record({
          contentType: fc.constantFrom(
            'application/json',
            'text/plain',
            'application/json; charset=utf-16',
            'application/x-www-form-urlencoded',
          ),
          idempotencyKey: fc.option(
            hostileString.filter((s) => /^[\x20-\x7e]*$/.test(s)),
            { nil: undefined },
          ),
          query: fc.option(
            fc.dictionary(
              fc.constantFrom(
                'status',
                'limit',
                'cursor',
                'overdue',
                'identifier',
                'from',
                'to',
                'kind',
                'groupBy',
                'assigneeId',
                'done',
                'item',
                'municipalityId',
                'after',
                'benefit',
              ),
              hostileString,
            ),
            { nil: undefined },
          ),
        }),
        async ([method, template], user, randomId, body, extra) => {
          const path =
            template
              .replace(':p', randomId || proposalId)
              .replace(':c', randomId || clientId)
              .replace(':t', randomId || todoId)
              .replace(':w', randomId || webhookId)
              .replace(':o', randomId || outreachId) +
            (extra.query ? `?${new URLSearchParams(extra.query).toString()}` : '');
          const before = await state();
          const headers: Record<string, string> = { 'content-type': extra.contentType };
          if (extra.idempotencyKey !== undefined) headers['Idempotency-Key'] = extra.idempotencyKey;
          const reply = await stack.call(user, method, path, method === 'GET' ? undefined : body, headers);
          expect(reply.status).toBeLessThan(500);
          if (reply.status >= 400) {
            expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
            expect(await state()).toEqual(before);
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS) || 300, seed: Number(process.env.FC_SEED) || undefined },
    );
  });

  it('never answers 500 to a hostile data transfer, and every transfer it takes finishes', async () => {
    const token = await stack.token('kunta-091.admin');
    const taken: string[] = [];
    const line = fc.oneof(
      hostileString,
      hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
      fc
        .record({
          sourceId: fc.oneof(hostileString, fc.anything()),
          status: fc.constantFrom('ACTIVE', 'ENDED', 'x', 1),
          endedOn: hostileString,
          person: fc.anything(),
          residenceRight: fc.anything(),
          plan: fc.anything(),
          __proto__: fc.anything(),
        })
        .map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('application/x-ndjson', 'application/json'),
        fc.dictionary(fc.constantFrom('sourceSystem', 'dryRun', 'limit'), hostileString),
        fc.array(line, { maxLength: 8 }),
        async (contentType, query, lines) => {
          const before = await stack.db.transfer.count();
          const body =
            contentType === 'application/json'
              ? JSON.stringify({ sourceSystem: query.sourceSystem ?? 'x', dryRun: true, records: lines })
              : lines.join('\n');
          const res = await fetch(`${stack.url}/api/v1/transfers?${new URLSearchParams(query).toString()}`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
            body,
          });
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
            expect(await stack.db.transfer.count()).toBe(before);
          } else {
            expect(res.status).toBe(202);
            taken.push(((await res.json()) as { id: string }).id);
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS) || 60, seed: Number(process.env.FC_SEED) || undefined },
    );
    for (const id of taken) {
      await eventually(
        async () => {
          const r = await stack.call('kunta-091.admin', 'GET', `/api/v1/transfers/${id}`);
          expect(r.status).toBe(200);
          return r.body.status === 'DONE' ? r.body : undefined;
        },
        60_000,
        `transfer ${id} to finish`,
      );
    }
  }, 300_000);

  // Found by hand: a NUL in a valid body's text started a workflow whose read-model write could
  // never succeed (PostgreSQL refuses U+0000), and the caller waited 30 s for a 503.
  it.each([
    ['a NUL character', 'a\u0000b', 'must not contain the NUL character (U+0000)'],
    ['a lone surrogate', 'a\ud800b', 'must be Unicode text: it contains a lone UTF-16 surrogate'],
  ])('refuses text with %s at its field, at once, and writes nothing', async (_what, text, detail) => {
    const before = await state();
    const cases: [string, string, string, unknown, number, string][] = [
      [
        'evk-uusimaa.officer',
        'POST',
        '/api/v1/placement-proposals',
        { kind: 'QUOTA_REFUGEE', household: household(1), evidentServiceNeeds: false, notes: text },
        422,
        '/notes',
      ],
      [
        'kunta-091.officer',
        'POST',
        '/api/v1/clients',
        clientBody({}, { firstName: text }),
        422,
        '/person/firstName',
      ],
      [
        'kunta-091.officer',
        'POST',
        `/api/v1/placement-proposals/${proposalId}/answer`,
        { decision: 'REJECT', reason: text },
        422,
        '/reason',
      ],
      ['kunta-091.officer', 'POST', `/api/v1/clients/${clientId}/todos`, { title: text }, 422, '/title'],
      [
        'kunta-091.officer',
        'POST',
        '/api/v1/anonymous-visits',
        { date: '2026-11-02', topics: ['HOUSING', text], visitors: 1 },
        422,
        '/topics/1',
      ],
    ];
    // A query string carries only UTF-8: a lone surrogate cannot even be written into one.
    if (text.includes('\u0000'))
      cases.push([
        'kunta-091.officer',
        'GET',
        `/api/v1/clients?status=${encodeURIComponent(text)}`,
        undefined,
        400,
        '/status',
      ]);
    for (const [user, method, path, body, status, pointer] of cases) {
      const reply = await stack.call(user, method, path, body);
      expect({ path, status: reply.status, errors: reply.body.errors }).toEqual({
        path,
        status,
        errors: [{ pointer, detail }],
      });
    }
    expect(await state()).toEqual(before);
  });

  it('answers an oversized URL or header block with problem details too (found by the property above)', async () => {
    const longUrl = await stack.call(
      'evk-uusimaa.officer',
      'GET',
      `/api/v1/placement-proposals?status=${'x'.repeat(20_000)}`,
    );
    expect(longUrl.status).toBe(431);
    expect(longUrl.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(longUrl.body).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
    const longHeader = await stack.call('evk-uusimaa.officer', 'POST', '/api/v1/placement-proposals', '{}', {
      'Idempotency-Key': 'k'.repeat(20_000),
    });
    expect(longHeader.status).toBe(431);
  });

  it('never answers 500 to hostile headers and tokens', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.constantFrom(...endpoints), async (token, [method, template]) => {
        const path = template
          .replace(':p', proposalId)
          .replace(':c', clientId)
          .replace(':t', todoId)
          .replace(':w', webhookId)
          .replace(':o', outreachId);
        const reply = await stack.call(null, method, path, method === 'GET' ? undefined : '{}', {
          authorization: `Bearer ${token.replace(/[\r\n]/g, '')}`,
          'content-type': 'application/json',
        });
        expect([401, 404]).toContain(reply.status);
      }),
      { numRuns: 100 },
    );
  });
});
