import { startStack, type Stack } from '../support/stack';
import { daysFromNow, helsinki, tampere, testIdentityCode, today } from '../support/clients';
import { expectStatus } from '../support/placement';

/** Anonymous visits over HTTP: counted, never identified, reported only as suppressed aggregates. */
describe('anonymous visits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  const record = (body: unknown, user = helsinki, headers?: Record<string, string>) =>
    stack.call(user, 'POST', '/api/v1/anonymous-visits', body, headers);
  const visit = (overrides: Record<string, unknown> = {}) => ({
    date: today(),
    topics: ['HOUSING', 'language courses'],
    serviceLanguage: 'ar',
    visitors: 2,
    ...overrides,
  });
  const month = today().slice(0, 7);

  it('counts a visit with its date, topics, language and number of visitors', async () => {
    const reply = await record(visit());
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ id: expect.any(String) });
    const row = await stack.db.anonymousVisit.findUnique({
      where: { id: reply.body.id },
      include: { topics: true },
    });
    expect(row).toMatchObject({
      municipalityId: 'kunta-091',
      date: today(),
      visitors: 2,
      serviceLanguage: 'ar',
    });
    expect(row!.topics.map((t) => t.topic).sort()).toEqual(['HOUSING', 'language courses']);
    expectStatus(await record({ date: today(), topics: ['EMPLOYMENT'], visitors: 1 }), 201);
    const audit = await stack.call('kunta-091.admin', 'GET', '/api/v1/audit-events?userId=kunta-091.officer');
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'anonymousVisit.record',
        resourceId: reply.body.id,
        outcome: 'ALLOWED',
      }),
    );
  });

  it.each([
    [{ name: 'Amina Testinen' }, '/name'],
    [{ firstName: 'Amina' }, '/firstName'],
    [{ visitorName: 'x' }, '/visitorName'],
    [{ personalIdentityCode: '131052-308T' }, '/personalIdentityCode'],
    [{ hetu: '131052-308T' }, '/hetu'],
    [{ umaNumber: '12345678' }, '/umaNumber'],
    [{ email: 'x@example.fi' }, '/email'],
    [{ topics: ['131052-308T'] }, '/topics/0'],
    [{ topics: ['HOUSING', 'asked about 131052-308T housing'] }, '/topics/1'],
    [{ topics: ['kysyi 010190-900p asiasta'] }, '/topics/0'],
    [{ topics: ['Amina Testinen'] }, '/topics/0'],
    [{ topics: ['soita 040 123 4567'] }, '/topics/0'],
    [{ topics: ['amina@example.fi'] }, '/topics/0'],
    [{ topics: ['UMA 123456789'] }, '/topics/0'],
    [{ notes: 'Asiakas 131052-308T' }, '/notes'],
    [{ visitor: { lastName: 'Testinen' } }, '/visitor/lastName'],
  ])('refuses personal data with 422 naming where it is: %j', async (override, pointer) => {
    const before = await stack.db.anonymousVisit.count();
    const reply = await record(visit(override));
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    expect(await stack.db.anonymousVisit.count()).toBe(before);
    expect(JSON.stringify(await stack.db.anonymousVisitTopic.findMany())).not.toMatch(/131052|Amina|4567/);
  });

  it('refuses a valid identity code of the test range too, wherever it is', async () => {
    const code = testIdentityCode();
    const reply = await record(visit({ topics: [`asiakas ${code}`] }));
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0].pointer).toBe('/topics/0');
  });

  it.each([
    [{ visitors: 0 }, '/visitors'],
    [{ visitors: 51 }, '/visitors'],
    [{ visitors: 2.5 }, '/visitors'],
    [{ date: daysFromNow(2) }, '/date'],
    [{ date: '2026-02-30' }, '/date'],
    [{ topics: [] }, '/topics'],
    [{ topics: [''] }, '/topics/0'],
    [{ topics: ['x'.repeat(81)] }, '/topics/0'],
    [{ serviceLanguage: 'Finnish' }, '/serviceLanguage'],
  ])('refuses an invalid visit with 422: %j', async (override, pointer) => {
    const reply = await record(visit(override));
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it('records once for a retried request with the same Idempotency-Key', async () => {
    const headers = { 'Idempotency-Key': 'visit-retry-1' };
    const first = await record(visit({ visitors: 3 }), helsinki, headers);
    const again = await record(visit({ visitors: 3 }), helsinki, headers);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await record(visit({ visitors: 4 }), helsinki, headers)).status).toBe(422);
  });

  it('lets municipal officers record, and nobody else', async () => {
    for (const user of ['keha.supervisor', 'tem.analyst', 'evk-uusimaa.officer', 'kunta-091.admin']) {
      expect((await record(visit(), user)).status).toBe(403);
    }
  });

  it('reports by municipality and month, suppressing cells of fewer than five people', async () => {
    for (let i = 0; i < 3; i++)
      expectStatus(await record(visit({ visitors: 2, topics: ['EMPLOYMENT'] }), tampere), 201);
    expectStatus(await record(visit({ visitors: 1, topics: ['HOUSING'] }), 'kunta-049.officer'), 201);

    const all = await stack.call(
      'tem.analyst',
      'GET',
      `/api/v1/reports/anonymous-visits?from=${month}&to=${month}`,
    );
    expect(all.status).toBe(200);
    const cell = (municipalityId: string) =>
      all.body.items.find((c: { municipalityId: string }) => c.municipalityId === municipalityId);
    expect(cell('kunta-837')).toEqual({
      municipalityId: 'kunta-837',
      month,
      visits: 3,
      visitors: 6,
      suppressed: false,
      topics: [{ key: 'EMPLOYMENT', count: 6, suppressed: false }],
    });
    expect(cell('kunta-049')).toEqual({
      municipalityId: 'kunta-049',
      month,
      visits: null,
      visitors: null,
      suppressed: true,
      topics: [],
    });
    const helsinkiCell = cell('kunta-091');
    expect(helsinkiCell.suppressed).toBe(false);
    expect(helsinkiCell.topics).toContainEqual({ key: 'EMPLOYMENT', count: null, suppressed: true });
    expect(helsinkiCell.topics).toContainEqual({ key: 'HOUSING', count: 5, suppressed: false });

    // A municipality sees its own figures only, whatever it asks for.
    const own = await stack.call(tampere, 'GET', '/api/v1/reports/anonymous-visits?municipalityId=kunta-091');
    expect(own.status).toBe(200);
    expect(own.body.items.map((c: { municipalityId: string }) => c.municipalityId)).toEqual(['kunta-837']);
    const keha = await stack.call(
      'keha.supervisor',
      'GET',
      '/api/v1/reports/anonymous-visits?municipalityId=kunta-049',
    );
    expect(keha.body.items.map((c: { municipalityId: string }) => c.municipalityId)).toEqual(['kunta-049']);

    for (const user of ['evk-uusimaa.officer', 'hva-helsinki.officer', 'kunta-091.admin']) {
      expect((await stack.call(user, 'GET', '/api/v1/reports/anonymous-visits')).status).toBe(403);
    }
    for (const query of ['from=2026-13', 'to=yesterday', `from=${month}&to=2020-01`, 'groupBy=person']) {
      expect(
        (await stack.call('tem.analyst', 'GET', `/api/v1/reports/anonymous-visits?${query}`)).status,
      ).toBe(400);
    }
    // No IDs of visits or of people, and no officers, in a report.
    expect(JSON.stringify(all.body)).not.toMatch(/officer|[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
