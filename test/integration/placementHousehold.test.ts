import crypto from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { helsinkiDate } from '../../domain/time';
import { proposalRecorded, workflowIdFor } from '../../workflows/placementProposal/messages';
import { placementProposal } from '../../workflows/placementProposal/workflow';
import { startStack, type Stack } from '../support/stack';
import {
  createProposal,
  decide,
  evk,
  expectStatus,
  helsinki,
  helsinkiWelfare,
  keha,
  sentProposal,
  timelineTypes,
} from '../support/placement';

/** A birth date `years` years and a few days before today in Helsinki. */
function bornYearsAgo(years: number): string {
  const [y, m, d] = helsinkiDate(new Date()).split('-').map(Number);
  const date = new Date(Date.UTC(y - years, m - 1, d));
  date.setUTCDate(date.getUTCDate() - 3);
  return date.toISOString().slice(0, 10);
}

const person = (extra: Record<string, unknown> = {}) => ({
  firstName: 'Nuori',
  lastName: 'Testi',
  birthDate: bornYearsAgo(20),
  nationality: 'AFG',
  ...extra,
});

/** Each refusal of rules edition 2 (issue 9, § 43 and the household) through HTTP: status and field. */
describe('placement: § 43, § 2(6) and the household over HTTP', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  const get = async (user: string, id: string) => {
    const reply = await stack.call(user, 'GET', `/api/v1/placement-proposals/${id}`);
    expectStatus(reply, 200);
    return reply.body;
  };
  const pointers = (body: { errors?: { pointer: string }[] }) => (body.errors ?? []).map((e) => e.pointer);

  describe('the household’s age flags', () => {
    it('`minor` must agree with the birth date: 422 at the field', async () => {
      const reply = await stack.call(evk, 'POST', '/api/v1/placement-proposals', {
        kind: 'QUOTA_REFUGEE',
        household: [
          person({ birthDate: bornYearsAgo(30) }),
          person({ birthDate: bornYearsAgo(30), minor: true }),
        ],
        evidentServiceNeeds: false,
      });
      expect(reply.status).toBe(422);
      expect(pointers(reply.body)).toEqual(['/household/1/minor']);
    });

    it('`unaccompanied` is for minors and young people under 23: 422 at the field', async () => {
      const reply = await stack.call(evk, 'POST', '/api/v1/placement-proposals', {
        kind: 'QUOTA_REFUGEE',
        household: [person({ birthDate: bornYearsAgo(30), unaccompanied: true })],
        evidentServiceNeeds: false,
      });
      expect(reply.status).toBe(422);
      expect(pointers(reply.body)).toEqual(['/household/0/unaccompanied']);
    });

    it('the workflow refuses the same at creation, whoever starts it (the rule is not only the API’s)', async () => {
      const id = crypto.randomUUID();
      const start = new WithStartWorkflowOperation(placementProposal, {
        workflowId: workflowIdFor(id),
        taskQueue: stack.taskQueue,
        workflowIdConflictPolicy: 'FAIL',
        args: [
          {
            proposal: {
              id,
              kind: 'QUOTA_REFUGEE',
              ownerId: 'evk-uusimaa',
              household: [person({ birthDate: bornYearsAgo(30), minor: true })],
              evidentServiceNeeds: false,
            },
            actor: { userId: evk, orgId: 'evk-uusimaa', orgKind: 'ELINVOIMAKESKUS', roles: ['OFFICER'] },
            settings: { reminderBefore: '2d' },
          },
        ],
      });
      const refused = await stack.client.workflow
        .executeUpdateWithStart(proposalRecorded, { args: [{}], startWorkflowOperation: start })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (refused as WorkflowUpdateFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe('INVALID');
      expect(cause.details?.[0]).toMatchObject({ errors: [{ pointer: '/household/0/minor' }] });
      expect(await (await start.workflowHandle()).result()).toBe('INVALID');
      expect(await stack.db.placementProposal.findUnique({ where: { id } })).toBeNull();
    });

    it('a missing `minor` is derived from the birth date', async () => {
      const id = await createProposal(stack, { household: [person({ birthDate: bornYearsAgo(10) })] });
      expect((await get(evk, id)).household[0].minor).toBe(true);
    });
  });

  describe('an unaccompanied young person (§ 2(6)) needs the welfare area’s agreement', () => {
    it('"cannot arrange services" blocks acceptance (409 naming the rule); confirming needs the housing agreement', async () => {
      const id = await sentProposal(stack, { household: [person({ unaccompanied: true })] });
      const early = await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' });
      expect(early.status).toBe(409);
      expect(early.body.detail).toMatch(/§ 2\(6\)/);

      expectStatus(
        await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }),
        200,
      );
      expectStatus(
        await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
          canArrangeServices: false,
          statement: 'Ei tukiasumispaikkoja.',
        }),
        200,
      );
      const blocked = await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' });
      expect(blocked.status).toBe(409);
      expect(blocked.body.detail).toMatch(/§ 43.*cannot arrange/);
      expect((await get(helsinki, id)).allowedAnswers).toEqual(['REJECT']);

      // A second hearing: the first answer stays, both are shown.
      expectStatus(
        await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }),
        200,
      );
      expectStatus(
        await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
          canArrangeServices: true,
          statement: 'Tukiasunto järjestyi.',
        }),
        200,
      );
      const heard = await get(helsinki, id);
      expect(heard.hearings.map((h: { answer: { statement: string } }) => h.answer.statement)).toEqual([
        'Ei tukiasumispaikkoja.',
        'Tukiasunto järjestyi.',
      ]);
      expect(heard.hearing.answer.statement).toBe('Tukiasunto järjestyi.');
      expect(heard.unaccompanied).toBe(true);
      expectStatus(await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }), 200);

      const unconfirmed = await decide(stack, evk, id, 'confirm', {});
      expect(unconfirmed.status).toBe(409);
      expect(unconfirmed.body.detail).toMatch(/housing agreement/);
      expect((await get(evk, id)).allowedActions).toEqual(['withdraw', 'housing-agreements']);

      const future = await decide(stack, evk, id, 'housing-agreements', {
        agreedOn: '2999-01-01',
        note: 'x',
      });
      expect(future.status).toBe(422);
      expect(pointers(future.body)).toEqual(['/agreedOn']);
      const notWelfare = await decide(stack, evk, id, 'housing-agreements', {
        agreedOn: helsinkiDate(new Date()),
        note: 'x',
        welfareAreaId: 'kunta-091',
      });
      expect(notWelfare.status).toBe(422);
      expect(pointers(notWelfare.body)).toEqual(['/welfareAreaId']);
      const noNote = await decide(stack, evk, id, 'housing-agreements', {
        agreedOn: helsinkiDate(new Date()),
        note: ' ',
      });
      expect(noNote.status).toBe(422);
      expect(pointers(noNote.body)).toEqual(['/note']);
      expect(
        (await decide(stack, helsinki, id, 'housing-agreements', { agreedOn: '2026-01-01', note: 'x' }))
          .status,
      ).toBe(403);

      expectStatus(
        await decide(stack, evk, id, 'housing-agreements', {
          agreedOn: helsinkiDate(new Date()),
          note: 'Tukiasunto sovittu puhelimitse.',
          welfareAreaId: 'hva-helsinki',
        }),
        200,
      );
      const agreed = await get(evk, id);
      expect(agreed.housingAgreements).toEqual([
        expect.objectContaining({ note: 'Tukiasunto sovittu puhelimitse.', welfareAreaId: 'hva-helsinki' }),
      ]);
      expectStatus(await decide(stack, evk, id, 'confirm', {}), 200);
      expect(await timelineTypes(stack, id)).toEqual([
        'CREATED',
        'SENT',
        'HEARING_REQUESTED',
        'HEARING_ANSWERED',
        'HEARING_REQUESTED',
        'HEARING_ANSWERED',
        'ACCEPTED',
        'HOUSING_AGREEMENT_RECORDED',
        'PLACED',
      ]);
    });

    it('a housing agreement for a household with nobody unaccompanied: 409', async () => {
      const id = await createProposal(stack);
      const reply = await decide(stack, evk, id, 'housing-agreements', {
        agreedOn: helsinkiDate(new Date()),
        note: 'x',
      });
      expect(reply.status).toBe(409);
    });
  });

  describe('the hearing is needed before a placement, not before a refusal', () => {
    it('the municipality rejects while the hearing is pending', async () => {
      const id = await sentProposal(stack, { evidentServiceNeeds: true });
      expectStatus(
        await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }),
        200,
      );
      const accept = await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' });
      expect(accept.status).toBe(409);
      expectStatus(
        await decide(stack, helsinki, id, 'answer', { decision: 'REJECT', reason: 'Ei asuntoja.' }),
        200,
      );
      expect((await get(evk, id)).status).toBe('REJECTED');
    });

    it('an unanswered hearing is cancelled by the municipality only; then it no longer counts', async () => {
      const id = await sentProposal(stack, { evidentServiceNeeds: true });
      expectStatus(
        await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }),
        200,
      );
      expect((await decide(stack, helsinkiWelfare, id, 'hearing/cancel', {})).status).toBe(403);
      expect((await decide(stack, evk, id, 'hearing/cancel', {})).status).toBe(403);
      expectStatus(
        await decide(stack, helsinki, id, 'hearing/cancel', { reason: 'Väärä hyvinvointialue' }),
        200,
      );
      const detail = await get(helsinki, id);
      expect(detail.status).toBe('AWAITING_MUNICIPALITY');
      expect(detail.hearings[0].cancelled).toMatchObject({ reason: 'Väärä hyvinvointialue' });
      expect((await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' })).status).toBe(409);
      expect((await decide(stack, helsinki, id, 'hearing/cancel', {})).status).toBe(409);
      // The welfare area asked in the system still sees what it was asked about.
      expect((await get(helsinkiWelfare, id)).hearings).toHaveLength(1);
    });
  });

  it('the welfare area that answered keeps seeing the proposal after it moves on', async () => {
    const id = await sentProposal(stack, { evidentServiceNeeds: true });
    expectStatus(
      await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }),
      200,
    );
    expectStatus(
      await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
        canArrangeServices: true,
        statement: 'Ok.',
      }),
      200,
    );
    expectStatus(
      await decide(stack, helsinki, id, 'answer', { decision: 'REJECT', reason: 'Ei asuntoja.' }),
      200,
    );
    expectStatus(await decide(stack, evk, id, 'redistribute', { municipalityId: 'kunta-049' }), 200);
    const seen = await get(helsinkiWelfare, id);
    expect(seen).toMatchObject({
      municipalityId: 'kunta-049',
      hearings: [{ welfareAreaId: 'hva-helsinki' }],
    });
    expect(seen.hearing).toBeUndefined();
    const list = await stack.call(helsinkiWelfare, 'GET', '/api/v1/placement-proposals?limit=100');
    expectStatus(list, 200);
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(id);
  });

  describe('Åland', () => {
    it('names no welfare area (422 at the field) and records the provincial authority as text', async () => {
      const id = await sentProposal(stack, {}, 'kunta-478');
      const named = await decide(stack, 'kunta-478.officer', id, 'hearing', {
        welfareAreaId: 'hva-varsinais-suomi',
        mode: 'RECORDED',
      });
      expect(named.status).toBe(422);
      expect(pointers(named.body)).toEqual(['/welfareAreaId']);
      expectStatus(
        await decide(stack, 'kunta-478.officer', id, 'hearing', { mode: 'RECORDED', authority: 'ÅHS' }),
        200,
      );
      const detail = await get('kunta-478.officer', id);
      expect(detail.hearing).toMatchObject({ welfareAreaId: null, authority: 'ÅHS', mode: 'RECORDED' });
    });

    it('outside Åland an authority is refused at the field', async () => {
      const id = await sentProposal(stack);
      const reply = await decide(stack, helsinki, id, 'hearing', {
        welfareAreaId: 'hva-helsinki',
        mode: 'RECORDED',
        authority: 'x',
      });
      expect(reply.status).toBe(422);
      expect(pointers(reply.body)).toEqual(['/authority']);
    });
  });

  describe('editing a DRAFT', () => {
    it('the owner edits household, kind, needs and notes with PATCH; the timeline shows it', async () => {
      const id = await createProposal(stack, { notes: 'Alustava' });
      const reply = await stack.call(evk, 'PATCH', `/api/v1/placement-proposals/${id}`, {
        kind: 'FAMILY_MEMBER',
        household: [person({ firstName: 'Uusi', unaccompanied: true })],
        evidentServiceNeeds: true,
        notes: 'Tarkennettu',
      });
      expectStatus(reply, 200);
      expect(reply.body).toMatchObject({ id, status: 'DRAFT' });
      const detail = await get(evk, id);
      expect(detail).toMatchObject({
        kind: 'FAMILY_MEMBER',
        evidentServiceNeeds: true,
        notes: 'Tarkennettu',
        unaccompanied: true,
        household: [{ firstName: 'Uusi', minor: false, unaccompanied: true }],
      });
      expect(detail.allowedActions).toContain('edit');
      expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual(['CREATED', 'DRAFT_EDITED']);
      // The POST form of the same decision, as allowedActions names it.
      expectStatus(await decide(stack, evk, id, 'edit', { notes: '' }), 200);
      expect((await get(evk, id)).notes).toBeUndefined();
    });

    it('refuses wrong age flags at the field, others, sent proposals and empty edits', async () => {
      const id = await createProposal(stack);
      const patch = (user: string, body: unknown) =>
        stack.call(user, 'PATCH', `/api/v1/placement-proposals/${id}`, body);
      const minor = await patch(evk, { household: [person({ minor: true })] });
      expect(minor.status).toBe(422);
      expect(pointers(minor.body)).toEqual(['/household/0/minor']);
      const old = await patch(evk, {
        household: [person({ birthDate: bornYearsAgo(40), unaccompanied: true })],
      });
      expect(old.status).toBe(422);
      expect(pointers(old.body)).toEqual(['/household/0/unaccompanied']);
      expect((await patch(evk, {})).status).toBe(422);
      expect((await patch('evk-lappi.officer', { notes: 'x' })).status).toBe(404);
      expect((await patch(helsinki, { notes: 'x' })).status).toBe(403);
      expectStatus(await decide(stack, evk, id, 'send', { municipalityId: 'kunta-091' }), 200);
      expect((await patch(evk, { notes: 'x' })).status).toBe(409);
      expect((await get(keha, id)).timeline.map((e: { type: string }) => e.type)).toEqual([
        'CREATED',
        'SENT',
      ]);
    });
  });
});
