import { addDays } from '../../domain/registers/ports';
import { outreachItem, outreachPage } from '../../api/outreach';
import { registerRetry } from '../../platform/registers/config';
import { startRegisterSimulators, type RegisterSimulators } from '../../platform/registers/simulators';
import { simulatedData, testCode } from '../../platform/registers/testData';
import { findSeededUser } from '../../prisma/seed/users';
import { clientBody, helsinki, tampere, today } from '../support/clients';
import { outreachItem as outreachItemRow } from '../support/outreach';
import { expectStatus, keha } from '../support/placement';
import { eventually, startStack, type Stack } from '../support/stack';

/**
 * Outreach over HTTP against the Kelmu simulator: the scheduled workflow keeps each municipality's
 * list of target-group benefit recipients who are not clients, idempotently and through a Kelmu
 * outage; officers record outcomes; registering the person links the item to the case.
 */
describe('outreach', () => {
  let sims: RegisterSimulators;
  let stack: Stack;
  const data = simulatedData(today());
  const person = (first: string) => data.population.find((p) => p.firstName === first)!;
  let run = 0;

  beforeAll(async () => {
    sims = await startRegisterSimulators({ hangMs: 3_000, data });
    stack = await startStack({
      env: {
        ...sims.env,
        REGISTER_CALL_TIMEOUT: '1s',
        REGISTER_FIRST_RETRY_INTERVAL: '200ms',
        REGISTER_MAX_RETRY_INTERVAL: '1s',
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await sims?.close();
  });

  const sync = (municipalityIds = ['kunta-091', 'kunta-837']) =>
    stack.client.workflow.execute('outreachSync', {
      taskQueue: stack.taskQueue,
      workflowId: `outreach-test-${process.pid}-${++run}`,
      args: [{ municipalityIds, retry: registerRetry(stack.config.registers) }],
    });
  const list = async (user = helsinki, query = '') => {
    const reply = await stack.call(user, 'GET', `/api/v1/outreach${query}`);
    expectStatus(reply, 200);
    return reply.body as { items: any[]; nextCursor: string | null }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const itemOf = async (first: string, benefit = 'SOCIAL_ASSISTANCE', user = helsinki) =>
    (await list(user)).items.find((i) => i.person.firstName === first && i.benefit === benefit);
  const outcome = (id: string, body: unknown, user = helsinki) =>
    stack.call(user, 'POST', `/api/v1/outreach/${id}/outcome`, body);
  const registerClient = async (first: string) => {
    const p = person(first);
    const reply = await stack.call(
      helsinki,
      'POST',
      '/api/v1/clients',
      clientBody(
        {},
        {
          firstName: p.firstName,
          lastName: p.lastName,
          birthDate: p.birthDate,
          personalIdentityCode: p.personalIdentityCode,
        },
      ),
    );
    expectStatus(reply, 201);
    return reply.body.id as string;
  };

  it('keeps each municipality’s list from Kelmu, once, through an outage; only its own officers see it', async () => {
    sims.kelmu.fail('ERROR', 3);
    const first = await sync();
    expect(first).toEqual({ municipalities: 2, created: 5 });
    const helsinkiList = await list();
    expect(helsinkiList.items.map((i) => [i.person.firstName, i.benefit, i.status]).sort()).toEqual([
      ['Ahmad', 'CHILD_HOME_CARE_ALLOWANCE', 'OPEN'],
      ['Ahmad', 'SOCIAL_ASSISTANCE', 'OPEN'],
      ['Amina', 'SOCIAL_ASSISTANCE', 'OPEN'],
      ['Dawit', 'SOCIAL_ASSISTANCE', 'OPEN'],
    ]);
    expect(helsinkiList.items[0]).toEqual({
      id: expect.any(String),
      person: {
        firstName: expect.any(String),
        lastName: expect.any(String),
        birthDate: expect.any(String),
        personalIdentityCode: expect.any(String),
      },
      benefit: expect.any(String),
      since: expect.any(String),
      status: 'OPEN',
      firstSeenAt: expect.any(String),
    });
    // As the OpenAPI document describes them, no field more.
    expect(outreachPage.parse(helsinkiList)).toEqual(helsinkiList);
    expect((await itemOf('Amina'))!.since).toBe(addDays(today(), -90));
    expect((await list(tampere)).items.map((i) => i.person.firstName)).toEqual(['Olena']);

    // Again: nothing new, the same items.
    expect(await sync()).toEqual({ municipalities: 2, created: 0 });
    const again = await list();
    expect(again.items.map((i) => i.id).sort()).toEqual(helsinkiList.items.map((i) => i.id).sort());

    // Pages.
    const page = await list(helsinki, '?limit=3');
    expect(page.items).toHaveLength(3);
    const rest = await list(helsinki, `?limit=3&cursor=${page.nextCursor}`);
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    expect((await list(helsinki, '?benefit=CHILD_HOME_CARE_ALLOWANCE')).items).toHaveLength(1);

    // Personal data: its own officers only.
    expectStatus(await stack.call(keha, 'GET', '/api/v1/outreach'), 403);
    expectStatus(await stack.call('kunta-091.admin', 'GET', '/api/v1/outreach'), 403);
    expectStatus(await stack.call('evk-uusimaa.officer', 'GET', '/api/v1/outreach'), 403);
    const audit = await stack.db.auditEvent.findMany({
      where: { action: 'outreach.list', userId: findSeededUser(helsinki)!.id },
    });
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a) => a.outcome === 'ALLOWED' && a.organisationId === 'kunta-091')).toBe(true);
  });

  it('records outcomes, refusing what does not fit with the field named', async () => {
    const amina = (await itemOf('Amina'))!;
    const reached = await outcome(amina.id, { outcome: 'NOT_REACHED', note: 'ei vastannut puhelimeen' });
    expectStatus(reached, 200);
    expect(reached.body).toMatchObject({
      id: amina.id,
      status: 'NOT_REACHED',
      note: 'ei vastannut puhelimeen',
      outcomeBy: findSeededUser(helsinki)!.id,
    });
    expect(outreachItem.parse(reached.body)).toEqual(reached.body);
    expect((await itemOf('Amina'))!.status).toBe('NOT_REACHED');
    expect((await list(helsinki, '?status=OPEN')).items.map((i) => i.id)).not.toContain(amina.id);

    const bad = await outcome(amina.id, { outcome: 'MAYBE' });
    expectStatus(bad, 422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/outcome' })]);
    const noClient = await outcome(amina.id, { outcome: 'REGISTERED' });
    expectStatus(noClient, 422);
    expect(noClient.body.errors).toEqual([expect.objectContaining({ pointer: '/clientId' })]);
    const strayClient = await outcome(amina.id, {
      outcome: 'DECLINED',
      clientId: '00000000-0000-4000-8000-000000000000',
    });
    expectStatus(strayClient, 422);
    expect(strayClient.body.errors).toEqual([expect.objectContaining({ pointer: '/clientId' })]);
    expectStatus(await outcome(amina.id, { outcome: 'REACHED' }, tampere), 404);
    expectStatus(await outcome(amina.id, { outcome: 'REACHED' }, keha), 403);
    expectStatus(await outcome('not-a-uuid', { outcome: 'REACHED' }), 400);
    expectStatus(await outcome('00000000-0000-4000-8000-000000000000', { outcome: 'REACHED' }), 404);
    const refused = await stack.db.auditEvent.findMany({
      where: { action: 'outreach.recordOutcome', resourceId: amina.id, outcome: 'REFUSED' },
    });
    expect(refused.length).toBeGreaterThanOrEqual(3);
  });

  it('registering the person links the item to the case; a client never becomes a new item', async () => {
    const dawit = (await itemOf('Dawit'))!;
    const clientId = await registerClient('Dawit');
    const linked = await eventually(async () => {
      const item = await itemOf('Dawit');
      return item?.status === 'REGISTERED' ? item : undefined;
    });
    expect(linked).toMatchObject({ id: dawit.id, clientId });
    expectStatus(await outcome(dawit.id, { outcome: 'REACHED' }), 409);

    // Another person's case is not this person's registration.
    const ahmad = (await itemOf('Ahmad'))!;
    const wrong = await outcome(ahmad.id, { outcome: 'REGISTERED', clientId });
    expectStatus(wrong, 422);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ pointer: '/clientId' })]);

    // An officer records the registration by hand.
    const amina = (await itemOf('Amina'))!;
    const aminaClient = await registerClient('Amina');
    await eventually(async () => ((await itemOf('Amina'))?.status === 'REGISTERED' ? true : undefined));
    expect((await itemOf('Amina'))!.clientId).toBe(aminaClient);
    expect(amina.id).toBe((await itemOf('Amina'))!.id);

    // A recipient who is a client already: no item.
    const sahra = person('Sahra');
    await registerClient('Sahra');
    sims.kelmu.reset();
    data.recipients.push({
      municipalityCode: '091',
      personalIdentityCode: sahra.personalIdentityCode,
      firstName: sahra.firstName,
      lastName: sahra.lastName,
      birthDate: sahra.birthDate,
      benefit: 'SOCIAL_ASSISTANCE',
      since: today(),
    });
    // An item Kelmu has not listed for over a year is forgotten (personal data kept no longer than needed).
    const stale = await outreachItemRow(stack);
    await stack.db.outreachItem.update({
      where: { id: stale.id },
      data: { lastSeenAt: new Date(Date.now() - 400 * 24 * 3_600_000) },
    });
    // Someone UMA does not know is outside the act's target group: no item.
    data.recipients.push({
      municipalityCode: '091',
      personalIdentityCode: testCode('010190', '-', 912),
      firstName: 'Matti',
      lastName: 'Virtanen',
      birthDate: '1990-01-01',
      benefit: 'SOCIAL_ASSISTANCE',
      since: today(),
    });
    expect(await sync(['kunta-091'])).toEqual({ municipalities: 1, created: 0 });
    expect(await itemOf('Sahra')).toBeUndefined();
    expect(await itemOf('Matti')).toBeUndefined();
    expect(await stack.db.outreachItem.findUnique({ where: { id: stale.id } })).toBeNull();
  });
});
