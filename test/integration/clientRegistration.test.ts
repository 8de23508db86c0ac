import { startStack, type Stack } from '../support/stack';
import {
  birthDateOf,
  clientBody,
  helsinki,
  registerClient,
  tampere,
  testIdentityCode,
  today,
} from '../support/clients';
import { decide, evk, expectStatus, sentProposal } from '../support/placement';

describe('client registration, search, responsible expert and moving municipality', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  const register = (body: unknown, user = helsinki) => stack.call(user, 'POST', '/api/v1/clients', body);

  it('registers a client with a personal identity code, and shows the case', async () => {
    const body = clientBody(
      {},
      { phone: '+358 40 123 4567', email: 'amina@example.fi', rightToWork: 'Rajoittamaton työnteko-oikeus' },
    );
    const created = await register(body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), status: 'ACTIVE' });
    const view = await stack.call(helsinki, 'GET', `/api/v1/clients/${created.body.id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      id: created.body.id,
      status: 'ACTIVE',
      municipalityId: 'kunta-091',
      person: {
        firstName: 'Amina',
        serviceLanguage: 'fi',
        phone: '+358 40 123 4567',
        rightToWork: 'Rajoittamaton työnteko-oikeus',
      },
      residenceRight: { type: 'RESIDENCE_PERMIT' },
      assessments: [],
    });
    expect(view.body.person.languages).toContainEqual({ code: 'en', level: 'B1' });
    expect(view.body.timeline.map((e: { type: string }) => e.type)).toEqual(['REGISTERED']);
  });

  it('registers with an UMA number only; without either identifier it is refused', async () => {
    const code = testIdentityCode();
    const umaOnly = clientBody(
      {},
      { personalIdentityCode: undefined, umaNumber: `77${code.slice(0, 6)}${code.slice(7, 10)}` },
    );
    expectStatus(await register(umaOnly), 201);
    const neither = await register(clientBody({}, { personalIdentityCode: undefined }));
    expect(neither.status).toBe(422);
    expect(neither.body.errors[0].pointer).toBe('/person/personalIdentityCode');
  });

  it('never registers the same person twice, and tells only what the caller may know', async () => {
    const body = clientBody();
    const first = await register(body);
    expectStatus(first, 201);
    const again = await register(clientBody({}, { ...body.person, firstName: 'Toinen' }));
    expect(again.status).toBe(409);
    expect(again.body.existingClientId).toBe(first.body.id);
    const elsewhere = await register(clientBody({}, { ...body.person }), tampere);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.existingClientId).toBeUndefined();
    expect(JSON.stringify(elsewhere.body)).not.toContain('kunta-091');
    // The same UMA number under another identity code is the same person, too.
    const uma = `55${Date.now() % 10_000_000}`;
    expectStatus(await register(clientBody({}, { umaNumber: uma })), 201);
    expect((await register(clientBody({}, { umaNumber: uma }))).status).toBe(409);
  });

  it.each([
    ['131052-308A', 'wrong check character'],
    ['311352-308T', 'not a real date'],
    ['131052G308T', 'unknown century sign'],
    ['131052-308t', 'lower case'],
    ['131052-30T', 'too short'],
    ['', 'empty'],
  ])('refuses the identity code %s (%s) with 422 naming the field', async (code) => {
    const reply = await register(clientBody({}, { personalIdentityCode: code }));
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(
      '/person/personalIdentityCode',
    );
  });

  it('accepts every century sign, including the 2023 letters', async () => {
    for (const sign of ['-', 'Y', 'X', 'W', 'V', 'U', 'A', 'B', 'C', 'D', 'E', 'F']) {
      const century = ['A', 'B', 'C', 'D', 'E', 'F'].includes(sign) ? '20' : '19';
      const yy = century === '20' ? '05' : '85';
      const individual = String(900 + Math.floor(Math.random() * 100));
      const nine = `1203${yy}${individual}`;
      const check = '0123456789ABCDEFHJKLMNPRSTUVWXY'[Number(nine) % 31];
      const code = `1203${yy}${sign}${individual}${check}`;
      const reply = await register(
        clientBody({}, { personalIdentityCode: code, birthDate: `${century}${yy}-03-12` }),
      );
      expectStatus(reply, 201);
    }
  });

  it.each([
    [{ residenceRight: undefined }, '/residenceRight'],
    [
      { residenceRight: { type: 'RESIDENCE_PERMIT', validUntil: '2020-01-01' } },
      '/residenceRight/validUntil',
    ],
    [{ residenceRight: { type: 'PENDING_EXTENSION' } }, '/residenceRight/certificateId'],
    [{ residenceRight: { type: 'VISA' } }, '/residenceRight/type'],
    [{ finnishCitizen: true, residenceRight: undefined }, '/finnishCitizen'],
  ])('refuses registration without a valid right of residence: %j', async (overrides, pointer) => {
    const reply = await register(clientBody(overrides));
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it('accepts a pending extension with its certificate, the Nordic and EU registrations, and a § 2 exception', async () => {
    expectStatus(
      await register(
        clientBody({ residenceRight: { type: 'PENDING_EXTENSION', certificateId: 'VT-2026-1234' } }),
      ),
      201,
    );
    expectStatus(await register(clientBody({ residenceRight: { type: 'NORDIC_REGISTRATION' } })), 201);
    expectStatus(await register(clientBody({ residenceRight: { type: 'EU_REGISTRATION' } })), 201);
    expectStatus(
      await register(
        clientBody({
          finnishCitizen: true,
          residenceRight: undefined,
          finnishCitizenException: { basis: 'FORMER_INTERNATIONAL_PROTECTION' },
        }),
      ),
      201,
    );
  });

  it.each([
    [{ serviceLanguage: 'en' }, '/person/serviceLanguage'],
    [{ email: 'not-an-address' }, '/person/email'],
    [{ phone: 'call me' }, '/person/phone'],
    [{ nationality: 'FI' }, '/person/nationality'],
  ])('validates contact details and the service language: %j', async (person, pointer) => {
    const reply = await register(clientBody({}, person));
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it('takes the person from an accepted placement without retyping', async () => {
    const code = testIdentityCode();
    const household = [
      {
        firstName: 'Omar',
        lastName: 'Sijoitettu',
        birthDate: birthDateOf(code),
        nationality: 'AFG',
        personalIdentityCode: code,
      },
    ];
    const proposalId = await sentProposal(stack, { household });
    const early = await register({
      proposalId,
      person: { serviceLanguage: 'sv' },
      residenceRight: { type: 'RESIDENCE_PERMIT' },
    });
    expect(early.status).toBe(422);
    expect(early.body.errors[0].pointer).toBe('/proposalId');
    expectStatus(await decide(stack, helsinki, proposalId, 'answer', { decision: 'ACCEPT' }), 200);
    const elsewhere = await register(
      { proposalId, person: { serviceLanguage: 'fi' }, residenceRight: { type: 'RESIDENCE_PERMIT' } },
      tampere,
    );
    expect(elsewhere.status).toBe(422);
    const created = await register({
      proposalId,
      person: { serviceLanguage: 'sv' },
      residenceRight: { type: 'RESIDENCE_PERMIT' },
    });
    expectStatus(created, 201);
    const view = (await stack.call(helsinki, 'GET', `/api/v1/clients/${created.body.id}`)).body;
    expect(view.person).toMatchObject({
      firstName: 'Omar',
      lastName: 'Sijoitettu',
      personalIdentityCode: code,
      serviceLanguage: 'sv',
    });
    expect(view.proposalId).toBe(proposalId);
    expectStatus(await decide(stack, evk, proposalId, 'confirm', {}), 200);
  });

  it('finds a client by identity code or UMA number, exactly, within the caller’s rights', async () => {
    const body = clientBody({}, { umaNumber: `66${Date.now() % 10_000_000}` });
    const id = (await register(body)).body.id;
    for (const identifier of [body.person.personalIdentityCode, body.person.umaNumber]) {
      const found = await stack.call(
        helsinki,
        'GET',
        `/api/v1/clients?identifier=${encodeURIComponent(identifier as string)}`,
      );
      expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    }
    const partial = await stack.call(
      helsinki,
      'GET',
      `/api/v1/clients?identifier=${encodeURIComponent(body.person.personalIdentityCode.slice(0, 6))}`,
    );
    expect(partial.body.items).toEqual([]);
    const otherMunicipality = await stack.call(
      tampere,
      'GET',
      `/api/v1/clients?identifier=${encodeURIComponent(body.person.personalIdentityCode)}`,
    );
    expect(otherMunicipality.body.items).toEqual([]);
    const supervisor = await stack.call(
      'keha.supervisor',
      'GET',
      `/api/v1/clients?identifier=${encodeURIComponent(body.person.personalIdentityCode)}`,
    );
    expect(supervisor.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await stack.call(tampere, 'GET', `/api/v1/clients/${id}`)).status).toBe(404);
    expect((await stack.call('evk-uusimaa.officer', 'GET', `/api/v1/clients?identifier=x`)).status).toBe(403);
    // The search is in the audit log, for the person it found.
    const audit = await stack.call('kunta-091.admin', 'GET', `/api/v1/audit-events?subjectId=${id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['client.register', 'client.search']),
    );
  });

  it('assigns a responsible expert of the municipality, and lists by expert', async () => {
    const id = await registerClient(stack);
    const wrong = await stack.call(helsinki, 'PUT', `/api/v1/clients/${id}/responsible-expert`, {
      userId: 'kunta-837.officer',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].pointer).toBe('/userId');
    const assigned = await stack.call(helsinki, 'PUT', `/api/v1/clients/${id}/responsible-expert`, {
      userId: 'kunta-091.officer',
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.responsibleExpertId).toBe('kunta-091.officer');
    const listed = await stack.call(
      helsinki,
      'GET',
      '/api/v1/clients?responsibleExpertId=kunta-091.officer&limit=200',
    );
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(
      (
        await stack.call(tampere, 'PUT', `/api/v1/clients/${id}/responsible-expert`, {
          userId: 'kunta-837.officer',
        })
      ).status,
    ).toBe(404);
  });

  it('moves with the client’s consent (§ 85): the new municipality sees the history, the old one loses access', async () => {
    const id = await registerClient(stack);
    expectStatus(
      await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/assessments`, {
        type: 'INITIAL',
        completedOn: today(),
        summary: 'Arvio tehty',
        serviceNeeds: ['kielikoulutus'],
      }),
      201,
    );
    const noConsent = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/move`, {
      municipalityId: 'kunta-837',
      consentRecordedOn: today(),
    });
    expect(noConsent.status).toBe(422);
    expect(noConsent.body.errors[0].pointer).toBe('/consent');
    const moved = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/move`, {
      municipalityId: 'kunta-837',
      consent: true,
      consentRecordedOn: today(),
    });
    expect(moved.status).toBe(200);
    expect(moved.body.municipalityId).toBe('kunta-837');
    expect((await stack.call(helsinki, 'GET', `/api/v1/clients/${id}`)).status).toBe(404);
    expect((await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/end`, { reason: 'x' })).status).toBe(
      404,
    );
    const view = await stack.call(tampere, 'GET', `/api/v1/clients/${id}`);
    expect(view.status).toBe(200);
    expect(view.body.assessments).toHaveLength(1);
    expect(view.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'REGISTERED',
      'ASSESSMENT_RECORDED',
      'MOVED',
    ]);
  });
});
