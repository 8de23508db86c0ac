import { startStack, type Stack } from '../support/stack';
import {
  createProposal,
  decide,
  evk,
  espoo,
  expectStatus,
  helsinki,
  helsinkiWelfare,
  household,
  keha,
  sentProposal,
  timelineTypes,
  westUusimaa,
} from '../support/placement';

describe('placement: the hearing, the right parties, idempotency and input errors', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  describe('the hearing (§ 43)', () => {
    it('IN_SYSTEM: the welfare area sees it in its inbox and answers; the municipality sees the answer', async () => {
      const id = await sentProposal(stack, { evidentServiceNeeds: true });
      const early = await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' });
      expect(early.status).toBe(409);
      expect(early.body.detail).toMatch(/§ 43/);

      // The welfare area has nothing to see before it is heard.
      expect((await stack.call(helsinkiWelfare, 'GET', `/api/v1/placement-proposals/${id}`)).status).toBe(
        404,
      );
      const heard = await decide(stack, helsinki, id, 'hearing', {
        welfareAreaId: 'hva-helsinki',
        mode: 'IN_SYSTEM',
      });
      expect(heard.body.status).toBe('HEARING');
      const inbox = (await stack.call(helsinkiWelfare, 'GET', '/api/v1/inbox')).body.items;
      expect(inbox).toContainEqual(expect.objectContaining({ type: 'HEARING_TO_ANSWER', proposalId: id }));
      const seen = await stack.call(helsinkiWelfare, 'GET', `/api/v1/placement-proposals/${id}`);
      expect(seen.status).toBe(200);
      expect(seen.body.household).toHaveLength(2);

      // Only the heard welfare area answers an IN_SYSTEM hearing.
      expect(
        (await decide(stack, westUusimaa, id, 'hearing/answer', { canArrangeServices: true, statement: 'x' }))
          .status,
      ).toBe(404);
      expect(
        (await decide(stack, helsinki, id, 'hearing/answer', { canArrangeServices: true, statement: 'x' }))
          .status,
      ).toBe(403);
      const answered = await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
        canArrangeServices: true,
        statement: 'Terveyspalvelut järjestyvät.',
      });
      expect(answered.body.status).toBe('AWAITING_MUNICIPALITY');
      const view = (await stack.call(helsinki, 'GET', `/api/v1/placement-proposals/${id}`)).body;
      expect(view.hearing).toMatchObject({
        mode: 'IN_SYSTEM',
        welfareAreaId: 'hva-helsinki',
        answer: {
          canArrangeServices: true,
          statement: 'Terveyspalvelut järjestyvät.',
          answeredBy: { orgId: 'hva-helsinki' },
          late: false,
        },
      });
      expectStatus(await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }), 200);
      expect(await timelineTypes(stack, id)).toEqual([
        'CREATED',
        'SENT',
        'HEARING_REQUESTED',
        'HEARING_ANSWERED',
        'ACCEPTED',
      ]);
    });

    it('RECORDED: the municipality records the hearing held outside the system', async () => {
      const id = await sentProposal(stack, { evidentServiceNeeds: true });
      expectStatus(
        await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'RECORDED' }),
        200,
      );
      expect(
        (
          await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
            canArrangeServices: false,
            statement: 'x',
          })
        ).status,
      ).toBe(404);
      expect((await stack.call(helsinki, 'GET', '/api/v1/inbox')).body.items).toContainEqual(
        expect.objectContaining({ type: 'HEARING_TO_RECORD', proposalId: id }),
      );
      const recorded = await decide(stack, helsinki, id, 'hearing/answer', {
        canArrangeServices: false,
        statement: 'Puhelimessa 20.11.',
      });
      expect(recorded.body.status).toBe('AWAITING_MUNICIPALITY');
      expectStatus(
        await decide(stack, helsinki, id, 'answer', {
          decision: 'REJECT',
          reason: 'palveluita ei voida järjestää',
        }),
        200,
      );
    });

    it('hears only the municipality’s own welfare area; Åland records its hearing without one', async () => {
      const id = await sentProposal(stack, { evidentServiceNeeds: true });
      const wrong = await decide(stack, helsinki, id, 'hearing', {
        welfareAreaId: 'hva-pirkanmaa',
        mode: 'IN_SYSTEM',
      });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors[0].pointer).toBe('/welfareAreaId');
      const notArea = await decide(stack, helsinki, id, 'hearing', {
        welfareAreaId: 'kunta-091',
        mode: 'IN_SYSTEM',
      });
      expect(notArea.status).toBe(422);

      const aland = await sentProposal(stack, { evidentServiceNeeds: true }, 'kunta-478');
      const inSystem = await decide(stack, 'kunta-478.officer', aland, 'hearing', { mode: 'IN_SYSTEM' });
      expect(inSystem.status).toBe(422);
      expect(inSystem.body.errors[0].pointer).toBe('/mode');
      expectStatus(await decide(stack, 'kunta-478.officer', aland, 'hearing', { mode: 'RECORDED' }), 200);
      expectStatus(
        await decide(stack, 'kunta-478.officer', aland, 'hearing/answer', {
          canArrangeServices: true,
          statement: 'ÅHS ok',
        }),
        200,
      );
      expectStatus(await decide(stack, 'kunta-478.officer', aland, 'answer', { decision: 'ACCEPT' }), 200);
    });

    it('an unaccompanied minor needs the welfare area’s answer before acceptance', async () => {
      const minor = [
        {
          firstName: 'Ali',
          lastName: 'Testi',
          birthDate: '2011-03-04',
          nationality: 'AFG',
          minor: true,
          unaccompanied: true,
        },
      ];
      const id = await sentProposal(stack, { household: minor, evidentServiceNeeds: false });
      expect((await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' })).status).toBe(409);
      expectStatus(
        await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }),
        200,
      );
      expectStatus(
        await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
          canArrangeServices: true,
          statement: 'ok',
        }),
        200,
      );
      expectStatus(await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }), 200);
    });
  });

  describe('wrong parties', () => {
    it('a municipality answering a proposal sent elsewhere: 404, and nothing changes', async () => {
      const id = await sentProposal(stack);
      expect((await decide(stack, espoo, id, 'answer', { decision: 'ACCEPT' })).status).toBe(404);
      expect((await stack.call(espoo, 'GET', `/api/v1/placement-proposals/${id}`)).status).toBe(404);
      expect(await timelineTypes(stack, id)).toEqual(['CREATED', 'SENT']);
    });

    it('an elinvoimakeskus answering for the municipality: 403', async () => {
      const id = await sentProposal(stack);
      const reply = await decide(stack, evk, id, 'answer', { decision: 'ACCEPT' });
      expect(reply.status).toBe(403);
      expect(reply.headers.get('content-type')).toMatch(/problem\+json/);
    });

    it('another elinvoimakeskus: 404; supervisors, admins, Migri and TEM never decide', async () => {
      const id = await createProposal(stack);
      expect(
        (await decide(stack, 'evk-lappi.officer', id, 'send', { municipalityId: 'kunta-091' })).status,
      ).toBe(404);
      expect((await decide(stack, keha, id, 'send', { municipalityId: 'kunta-091' })).status).toBe(403);
      expect(
        (await decide(stack, 'evk-uusimaa.admin', id, 'send', { municipalityId: 'kunta-091' })).status,
      ).toBe(403);
      expect((await decide(stack, 'migri.officer', id, 'withdraw', { reason: 'x' })).status).toBe(403);
      expect((await stack.call('tem.analyst', 'GET', `/api/v1/placement-proposals/${id}`)).status).toBe(403);
      expect((await stack.call('tem.analyst', 'GET', '/api/v1/placement-proposals')).status).toBe(403);
      // KEHA supervisors read everything.
      expect((await stack.call(keha, 'GET', `/api/v1/placement-proposals/${id}`)).status).toBe(200);
      expect(
        (
          await stack.call(helsinki, 'POST', '/api/v1/placement-proposals', {
            kind: 'QUOTA_REFUGEE',
            household: household(),
            evidentServiceNeeds: false,
          })
        ).status,
      ).toBe(403);
    });

    it('forbidden transitions: 409', async () => {
      const id = await sentProposal(stack);
      expect((await decide(stack, evk, id, 'send', { municipalityId: 'kunta-049' })).status).toBe(409);
      expect((await decide(stack, evk, id, 'confirm', {})).status).toBe(409);
      expect((await decide(stack, evk, id, 'redistribute', { municipalityId: 'kunta-049' })).status).toBe(
        409,
      );
      expect(
        (await decide(stack, evk, id, 'forward', { elinvoimakeskusId: 'evk-lappi', reason: 'x' })).status,
      ).toBe(409);
      expect((await decide(stack, evk, id, 'return-to-migri', { reason: 'x' })).status).toBe(409);
      expect(
        (await decide(stack, helsinki, id, 'hearing/answer', { canArrangeServices: true, statement: 'x' }))
          .status,
      ).toBe(409);
      expect(await timelineTypes(stack, id)).toEqual(['CREATED', 'SENT']);
    });
  });

  describe('Idempotency-Key', () => {
    it('a retried decision returns the first result and never transitions twice', async () => {
      const id = await sentProposal(stack);
      const headers = { 'Idempotency-Key': `answer-${id}` };
      const first = await decide(
        stack,
        helsinki,
        id,
        'answer',
        { decision: 'REJECT', reason: 'ei tilaa' },
        headers,
      );
      const again = await decide(
        stack,
        helsinki,
        id,
        'answer',
        { decision: 'REJECT', reason: 'ei tilaa' },
        headers,
      );
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const other = await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }, headers);
      expect(other.status).toBe(422);
      expect(await timelineTypes(stack, id)).toEqual(['CREATED', 'SENT', 'REJECTED']);
    });

    it('a retried create returns the same proposal; the same key with another body is refused', async () => {
      const body = { kind: 'QUOTA_REFUGEE', household: household(1), evidentServiceNeeds: false };
      const headers = { 'Idempotency-Key': `create-${Date.now()}` };
      const first = await stack.call(evk, 'POST', '/api/v1/placement-proposals', body, headers);
      const again = await stack.call(evk, 'POST', '/api/v1/placement-proposals', body, headers);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      const changed = await stack.call(
        evk,
        'POST',
        '/api/v1/placement-proposals',
        { ...body, evidentServiceNeeds: true },
        headers,
      );
      expect(changed.status).toBe(422);
    });

    it('a retry after the process has ended is still answered from the record', async () => {
      const id = await sentProposal(stack);
      expectStatus(await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }), 200);
      const headers = { 'Idempotency-Key': `confirm-${id}` };
      const first = await decide(stack, evk, id, 'confirm', {}, headers);
      expect(first.body.status).toBe('PLACED');
      const again = await decide(stack, evk, id, 'confirm', {}, headers);
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('PLACED');
      expect(await timelineTypes(stack, id)).toEqual(['CREATED', 'SENT', 'ACCEPTED', 'PLACED']);
    });

    it('refuses a malformed key with 400', async () => {
      const id = await sentProposal(stack);
      const reply = await decide(
        stack,
        helsinki,
        id,
        'answer',
        { decision: 'ACCEPT' },
        { 'Idempotency-Key': 'x'.repeat(300) },
      );
      expect(reply.status).toBe(400);
    });
  });

  describe('input errors name the field', () => {
    it.each([
      [{ kind: 'TOURIST', household: household(), evidentServiceNeeds: false }, '/kind'],
      [{ kind: 'QUOTA_REFUGEE', household: [], evidentServiceNeeds: false }, '/household'],
      [{ kind: 'QUOTA_REFUGEE', household: household() }, '/evidentServiceNeeds'],
      [
        {
          kind: 'QUOTA_REFUGEE',
          household: [{ ...household()[0], birthDate: '1990-02-30' }],
          evidentServiceNeeds: false,
        },
        '/household/0/birthDate',
      ],
      [
        {
          kind: 'QUOTA_REFUGEE',
          household: [{ ...household()[0], nationality: 'Syria' }],
          evidentServiceNeeds: false,
        },
        '/household/0/nationality',
      ],
      [
        {
          kind: 'QUOTA_REFUGEE',
          household: [{ ...household()[0], personalIdentityCode: '131052-308A' }],
          evidentServiceNeeds: false,
        },
        '/household/0/personalIdentityCode',
      ],
      [
        {
          kind: 'QUOTA_REFUGEE',
          household: [{ ...household()[0], birthDate: '1952-10-14', personalIdentityCode: '131052-308T' }],
          evidentServiceNeeds: false,
        },
        '/household/0/birthDate',
      ],
      [{ kind: 'QUOTA_REFUGEE', household: household(), evidentServiceNeeds: false, extra: 1 }, '/'],
    ])('create %#', async (body, pointer) => {
      const reply = await stack.call(evk, 'POST', '/api/v1/placement-proposals', body);
      expect(reply.status).toBe(422);
      expect(reply.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    });

    it('decisions: unknown municipality, missing reason, bad IDs', async () => {
      const id = await createProposal(stack);
      const unknown = await decide(stack, evk, id, 'send', { municipalityId: 'kunta-999' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0].pointer).toBe('/municipalityId');
      const notMunicipality = await decide(stack, evk, id, 'send', { municipalityId: 'evk-lappi' });
      expect(notMunicipality.status).toBe(422);
      expectStatus(await decide(stack, evk, id, 'send', { municipalityId: 'kunta-091' }), 200);
      const noReason = await decide(stack, helsinki, id, 'answer', { decision: 'REJECT' });
      expect(noReason.status).toBe(422);
      expect(noReason.body.errors[0].pointer).toBe('/reason');
      expect((await decide(stack, helsinki, 'not-a-uuid', 'answer', { decision: 'ACCEPT' })).status).toBe(
        400,
      );
      expect(
        (
          await decide(stack, helsinki, '00000000-0000-4000-8000-000000000000', 'answer', {
            decision: 'ACCEPT',
          })
        ).status,
      ).toBe(404);
    });
  });
});
