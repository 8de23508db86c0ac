import { startStack, type Stack } from '../support/stack';

describe('foundation: health, readiness, reference data, errors', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  it('reports the process up and every component ready', async () => {
    expect((await stack.call(null, 'GET', '/health')).body).toEqual({ status: 'up' });
    const ready = await stack.call(null, 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.components).toMatchObject({
      temporal: { status: 'up' },
      database: { status: 'up' },
      migrations: { status: 'up', detail: 'current' },
      worker: { status: 'up' },
    });
  });

  it('reports not ready, per component, when the worker stops polling', async () => {
    await stack.stopWorker();
    try {
      const ready = await stack.call(null, 'GET', '/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.components.worker.status).toBe('down');
      expect(ready.body.components.database.status).toBe('up');
    } finally {
      await stack.startWorker();
    }
  });

  it('lists the seeded organisations with their links', async () => {
    const all = await stack.call('kunta-091.officer', 'GET', '/api/v1/organisations');
    expect(all.status).toBe(200);
    const byId = new Map(all.body.items.map((o: { id: string }) => [o.id, o]));
    const evk = all.body.items.filter((o: { kind: string }) => o.kind === 'ELINVOIMAKESKUS');
    expect(evk.map((o: { id: string }) => o.id).sort()).toEqual(
      [
        'evk-uusimaa',
        'evk-lounais-suomi',
        'evk-kaakkois-suomi',
        'evk-sisa-suomi',
        'evk-keski-suomi',
        'evk-ita-suomi',
        'evk-pohjanmaa',
        'evk-pohjois-suomi',
        'evk-etela-pohjanmaa',
        'evk-lappi',
      ].sort(),
    );
    expect(all.body.items.filter((o: { kind: string }) => o.kind === 'WELFARE_AREA')).toHaveLength(22);
    expect(byId.get('kunta-091')).toMatchObject({
      kind: 'MUNICIPALITY',
      name: { fi: 'Helsinki', sv: 'Helsingfors' },
      municipalityCode: '091',
      welfareAreaId: 'hva-helsinki',
      elinvoimakeskusId: 'evk-uusimaa',
    });
    expect(byId.get('kunta-837')).toMatchObject({
      welfareAreaId: 'hva-pirkanmaa',
      elinvoimakeskusId: 'evk-sisa-suomi',
    });
    for (const id of ['keha', 'migri', 'tem']) expect(byId.has(id)).toBe(true);
    const municipalities = await stack.call(
      'kunta-091.officer',
      'GET',
      '/api/v1/organisations?kind=MUNICIPALITY',
    );
    expect(municipalities.body.items.length).toBeGreaterThanOrEqual(40);
    for (const m of municipalities.body.items) {
      expect(m.id).toMatch(/^kunta-\d{3}$/);
      expect(m.elinvoimakeskusId).toMatch(/^evk-/);
      if (!m.aland) expect(byId.has(m.welfareAreaId)).toBe(true);
    }
  });

  it('answers a bad kind filter with 400 naming the parameter', async () => {
    const reply = await stack.call('kunta-091.officer', 'GET', '/api/v1/organisations?kind=CITY');
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(reply.body.errors[0].pointer).toBe('/kind');
  });

  it('refuses missing, malformed and forged tokens with 401 problem details', async () => {
    for (const authorization of [undefined, 'Bearer', 'Bearer not.a.jwt', 'Basic abc']) {
      const reply = await stack.call(
        null,
        'GET',
        '/api/v1/organisations',
        undefined,
        authorization ? { authorization } : {},
      );
      expect(reply.status).toBe(401);
      expect(reply.body).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(JSON.stringify(reply.body)).not.toMatch(/at .*\.ts/);
    }
  });

  it('answers unknown paths and malformed JSON with problem details, never 500', async () => {
    expect((await stack.call('kunta-091.officer', 'GET', '/api/v1/nothing')).status).toBe(404);
    const bad = await stack.call('evk-uusimaa.officer', 'POST', '/api/v1/placement-proposals', '{"kind":', {
      'content-type': 'application/json',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/JSON/);
  });

  it('serves an OpenAPI 3.1 description of the public contract', async () => {
    const doc = (await stack.call(null, 'GET', '/api/v1/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/placement-proposals',
        '/api/v1/placement-proposals/{id}/answer',
        '/api/v1/inbox',
        '/api/v1/audit-events',
      ]),
    );
    expect(
      doc.paths['/api/v1/placement-proposals'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('household');
  });
});
