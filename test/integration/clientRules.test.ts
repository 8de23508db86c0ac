import crypto from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { startStack, type Stack } from '../support/stack';
import { decisionProblem } from '../../api/decisions';
import { AppError } from '../../api/problem';
import { clientCase } from '../../workflows/clientCase/workflow';
import {
  clientRegistered,
  clientWorkflowIdFor,
  type ClientCaseInput,
} from '../../workflows/clientCase/messages';
import { clientBody, daysFromNow, helsinki, registerClient, tampere, today } from '../support/clients';
import { expectStatus } from '../support/placement';
import { addInterval } from '../../domain/clientCase/deadlines';
import { endOfHelsinkiDay, helsinkiDate } from '../../domain/time';

/**
 * Issue 9: the client case's rules decided in its workflow (rule edition 2), through HTTP: each
 * refusal with its status and field pointer.
 */
describe('client case rules (§§ 2, 14, 20, 22, 23, 85) through HTTP', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  const plan = (overrides: Record<string, unknown> = {}) => ({
    validFrom: today(),
    validUntil: daysFromNow(300),
    goals: [{ description: 'Suomen kielen taito A2' }],
    tasks: [],
    services: [],
    ...overrides,
  });
  const putPlan = (id: string, body: Record<string, unknown>, user = helsinki) =>
    stack.call(user, 'PUT', `/api/v1/clients/${id}/integration-plan`, plan(body));
  const review = (id: string, body: Record<string, unknown>) =>
    stack.call(helsinki, 'POST', `/api/v1/clients/${id}/integration-plan/reviews`, {
      changes: 'Tarkistettu',
      ...body,
    });
  const view = async (id: string, user = helsinki) =>
    (await stack.call(user, 'GET', `/api/v1/clients/${id}`)).body;
  const pointers = (reply: { body: { errors?: { pointer: string }[] } }) =>
    (reply.body.errors ?? []).map((e) => e.pointer);

  describe('§ 22: reviews', () => {
    it('refuses a review dated before the plan’s start or before the previous review (422 at /reviewedOn)', async () => {
      const id = await registerClient(stack);
      expectStatus(await putPlan(id, { validFrom: daysFromNow(-20), validUntil: daysFromNow(300) }), 200);
      const early = await review(id, { reviewedOn: daysFromNow(-21) });
      expect(early.status).toBe(422);
      expect(pointers(early)).toEqual(['/reviewedOn']);
      expectStatus(await review(id, { reviewedOn: daysFromNow(-5) }), 201);
      const beforePrevious = await review(id, { reviewedOn: daysFromNow(-6) });
      expect(beforePrevious.status).toBe(422);
      expect(pointers(beforePrevious)).toEqual(['/reviewedOn']);
      const tooLate = await review(id, { reviewedOn: today(), nextReviewOn: daysFromNow(200) });
      expect(tooLate.status).toBe(422);
      expect(pointers(tooLate)).toEqual(['/nextReviewOn']);
      expectStatus(await review(id, { reviewedOn: today(), nextReviewOn: daysFromNow(30) }), 201);
      expect((await view(id)).nextReviewDue).toBe(daysFromNow(30));
    });

    it('saving the plan again after a review never pulls the next review earlier', async () => {
      const id = await registerClient(stack);
      const from = daysFromNow(-60);
      expectStatus(await putPlan(id, { validFrom: from, validUntil: daysFromNow(300) }), 200);
      const reviewed = await review(id, { reviewedOn: today() });
      expectStatus(reviewed, 201);
      const due = reviewed.body.nextReviewDue;
      expect(due > helsinkiDate(addInterval(new Date(`${from}T12:00:00Z`), '6 months'))).toBe(true);
      const again = await putPlan(id, {
        validFrom: from,
        validUntil: daysFromNow(300),
        goals: [{ description: 'Tarkennettu tavoite' }],
      });
      expectStatus(again, 200);
      expect(again.body.nextReviewDue).toBe(due);
    });
  });

  describe('§ 23: durations and grounds', () => {
    it('the first plan’s year cannot be stretched by saving it again or by a later plan’s dates (422 at /validUntil)', async () => {
      const id = await registerClient(stack);
      expectStatus(await putPlan(id, { validFrom: today(), validUntil: daysFromNow(300) }), 200);
      const stretched = await putPlan(id, { validFrom: today(), validUntil: daysFromNow(500) });
      expect(stretched.status).toBe(422);
      expect(pointers(stretched)).toEqual(['/validUntil']);
      const nextDay = await putPlan(id, { validFrom: daysFromNow(1), validUntil: daysFromNow(600) });
      expect(nextDay.status).toBe(422);
      expect(pointers(nextDay)).toEqual(['/validUntil']);
    });

    it('counts from a first plan carried over from another system, shown on the case', async () => {
      const id = await registerClient(stack, helsinki, { firstPlanStartedOn: daysFromNow(-300) });
      expect((await view(id)).firstPlanStartedOn).toBe(daysFromNow(-300));
      // Two years from the carried first plan end in about 430 days, whatever this plan's dates.
      const beyond = await putPlan(id, { validFrom: today(), validUntil: daysFromNow(500) });
      expect(beyond.status).toBe(422);
      expect(pointers(beyond)).toEqual(['/validUntil']);
      expectStatus(await putPlan(id, { validFrom: today(), validUntil: daysFromNow(200) }), 200);
      expect((await view(id)).plan.firstPlanFrom).toBe(daysFromNow(-300));
    });

    it('combines several grounds: extensions up to 24 months together, absences for their length', async () => {
      const id = await registerClient(stack, helsinki, { firstPlanStartedOn: daysFromNow(-700) });
      // Two years from the carried first plan end in about 30 days.
      const beyond = await putPlan(id, { validFrom: today(), validUntil: daysFromNow(400) });
      expect(beyond.status).toBe(422);
      expect(pointers(beyond)).toEqual(['/validUntil']);
      const tooMany = await putPlan(id, {
        validFrom: today(),
        validUntil: daysFromNow(400),
        extensions: [
          { basis: 'LITTLE_SCHOOLING', months: 12 },
          { basis: 'MULTI_SECTOR_NEEDS', months: 13 },
        ],
      });
      expect(tooMany.status).toBe(422);
      expect(pointers(tooMany)).toEqual(['/extensions']);
      const combined = await putPlan(id, {
        validFrom: today(),
        validUntil: daysFromNow(400),
        extensions: [
          { basis: 'LITTLE_SCHOOLING', months: 6 },
          { basis: 'ILLNESS', months: 4 },
          { basis: 'PARENTAL_LEAVE', months: 3 },
        ],
      });
      expectStatus(combined, 200);
      expect((await view(id)).plan.extensions).toHaveLength(3);
      // The older single object is still accepted, and refused at its own pointer.
      expectStatus(
        await putPlan(id, {
          validFrom: today(),
          validUntil: daysFromNow(400),
          extension: { basis: 'MULTI_SECTOR_NEEDS', months: 14 },
        }),
        200,
      );
      const single = await putPlan(id, {
        validFrom: today(),
        validUntil: daysFromNow(400),
        extension: { basis: 'MULTI_SECTOR_NEEDS', months: 30 },
      });
      expect(single.status).toBe(422);
      expect(pointers(single)).toContain('/extension/months');
    });
  });

  describe('§ 2: Finnish citizens', () => {
    it('stores and shows the exception’s basis; refuses a basis not in the act (422)', async () => {
      const wrong = await stack.call(
        helsinki,
        'POST',
        '/api/v1/clients',
        clientBody({
          finnishCitizen: true,
          residenceRight: undefined,
          finnishCitizenException: { basis: 'vapaa teksti' },
        }),
      );
      expect(wrong.status).toBe(422);
      expect(pointers(wrong)).toEqual(['/finnishCitizenException/basis']);
    });

    it('gives a Finnish citizen under a § 2 exception no integration plan (409 naming § 2)', async () => {
      const id = await registerClient(stack, helsinki, {
        finnishCitizen: true,
        residenceRight: undefined,
        finnishCitizenException: { basis: 'FORMER_UNACCOMPANIED_MINOR' },
      });
      const shown = await view(id);
      expect(shown).toMatchObject({
        finnishCitizen: true,
        finnishCitizenException: { basis: 'FORMER_UNACCOMPANIED_MINOR' },
      });
      expect(shown.allowedActions).not.toContain('integration-plan');
      const refused = await putPlan(id, {});
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toMatch(/§ 2/);
      // The assessment is still recorded.
      expectStatus(
        await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/assessments`, {
          type: 'INITIAL',
          completedOn: today(),
          summary: 'Arvio',
          serviceNeeds: [],
        }),
        201,
      );
    });
  });

  describe('registration rules in the workflow', () => {
    it('refuses an invalid registration in the workflow itself, whatever reached it (422 naming the field)', async () => {
      const id = crypto.randomUUID();
      const input: ClientCaseInput = {
        client: { id, municipalityId: 'kunta-091' },
        actor: { userId: helsinki, orgId: 'kunta-091', orgKind: 'MUNICIPALITY', roles: ['OFFICER'] },
        // No right of residence: the API would have refused it; the workflow does too.
        registration: { umaNumber: '12345678', firstName: 'Ohi', lastName: 'Rajapinnan' },
        settings: { reviewReminderBefore: '14d' },
      };
      const answer = await stack.client.workflow
        .executeUpdateWithStart(clientRegistered, {
          startWorkflowOperation: new WithStartWorkflowOperation(clientCase, {
            workflowId: clientWorkflowIdFor(id),
            taskQueue: stack.taskQueue,
            args: [input],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        })
        .then(
          () => undefined,
          (error: unknown) => decisionProblem(error),
        );
      expect(answer).toBeInstanceOf(AppError);
      expect(answer).toMatchObject({ status: 422, errors: [{ pointer: '/residenceRight' }] });
      expect((await stack.call(helsinki, 'GET', `/api/v1/clients/${id}`)).status).toBe(404);
    });
  });

  describe('§ 14 and § 20: deadlines in the inbox', () => {
    it('shows the assessment due after registration, then the first plan due after the assessment', async () => {
      const id = await registerClient(stack);
      const inbox = async () =>
        (
          (await stack.call(helsinki, 'GET', '/api/v1/inbox')).body.items as {
            type: string;
            clientId?: string;
          }[]
        ).filter((i) => i.clientId === id);
      const assessmentDue = helsinkiDate(addInterval(new Date(`${today()}T12:00:00Z`), '1 month'));
      expect(await inbox()).toEqual([
        expect.objectContaining({ type: 'ASSESSMENT_DUE', dueDate: assessmentDue, overdue: false }),
      ]);
      expectStatus(
        await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/assessments`, {
          type: 'INITIAL',
          completedOn: daysFromNow(-40),
          summary: 'Arvio',
          serviceNeeds: [],
        }),
        201,
      );
      const planDue = helsinkiDate(addInterval(new Date(`${daysFromNow(-40)}T12:00:00Z`), '1 month'));
      expect(await inbox()).toEqual([
        expect.objectContaining({
          type: 'FIRST_PLAN_DUE',
          dueDate: planDue,
          dueAt: endOfHelsinkiDay(planDue).toISOString(),
          overdue: true,
        }),
      ]);
      expectStatus(await putPlan(id, {}), 200);
      expect(await inbox()).toEqual([]);
    });
    it('§ 20: the first plan is due at the latest three years after the first permit, shown on the case', async () => {
      const inTenDays = daysFromNow(10);
      const permit = `${Number(inTenDays.slice(0, 4)) - 3}${inTenDays.slice(4)}`;
      const id = await registerClient(stack, helsinki, { firstPermitDate: permit });
      expect((await view(id)).firstPermitDate).toBe(permit);
      expectStatus(
        await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/assessments`, {
          type: 'INITIAL',
          completedOn: today(),
          summary: 'Arvio',
          serviceNeeds: [],
        }),
        201,
      );
      const items = (await stack.call(helsinki, 'GET', '/api/v1/inbox')).body.items as {
        type: string;
        clientId?: string;
        dueDate?: string;
      }[];
      expect(items.filter((i) => i.clientId === id)).toEqual([
        expect.objectContaining({ type: 'FIRST_PLAN_DUE', dueDate: inTenDays, overdue: false }),
      ]);
    });
  });

  describe('§ 85: taking over an ENDED case from another municipality', () => {
    it('refuses a duplicate but says the ENDED case can be taken over, then takes it over with consent', async () => {
      const body = clientBody();
      const created = await stack.call(helsinki, 'POST', '/api/v1/clients', body);
      expectStatus(created, 201);
      const id = created.body.id as string;
      expectStatus(await putPlan(id, {}), 200);

      // Still ACTIVE in Helsinki: no take-over.
      const active = await stack.call(tampere, 'POST', '/api/v1/clients', {
        ...body,
        takeOver: { consent: true, consentRecordedOn: today() },
      });
      expect(active.status).toBe(409);
      const dup = await stack.call(tampere, 'POST', '/api/v1/clients', body);
      expect(dup.status).toBe(409);
      expect(dup.body.canTakeOver).toBeUndefined();

      expectStatus(
        await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/end`, { reason: 'Muutti' }),
        200,
      );
      const ended = await stack.call(tampere, 'POST', '/api/v1/clients', body);
      expect(ended.status).toBe(409);
      expect(ended.body).toMatchObject({ canTakeOver: true });
      expect(ended.body.existingClientId).toBeUndefined();

      // The municipality of the case resumes it rather than taking it over.
      const own = await stack.call(helsinki, 'POST', '/api/v1/clients', {
        ...body,
        takeOver: { consent: true, consentRecordedOn: today() },
      });
      expect(own.status).toBe(409);
      const noConsent = await stack.call(tampere, 'POST', '/api/v1/clients', {
        ...body,
        takeOver: { consentRecordedOn: today() },
      });
      expect(noConsent.status).toBe(422);
      expect(pointers(noConsent)).toContain('/takeOver/consent');
      const beforeEnd = await stack.call(tampere, 'POST', '/api/v1/clients', {
        ...body,
        takeOver: { consent: true, consentRecordedOn: daysFromNow(-1) },
      });
      expect(beforeEnd.status).toBe(422);
      expect(pointers(beforeEnd)).toEqual(['/takeOver/consentRecordedOn']);
      const nobody = await stack.call(tampere, 'POST', '/api/v1/clients', {
        ...clientBody(),
        takeOver: { consent: true, consentRecordedOn: today() },
      });
      expect(nobody.status).toBe(422);
      expect(pointers(nobody)).toEqual(['/takeOver']);

      const taken = await stack.call(tampere, 'POST', '/api/v1/clients', {
        ...body,
        takeOver: { consent: true, consentRecordedOn: today() },
      });
      expectStatus(taken, 201);
      expect(taken.body).toEqual({ id, status: 'ACTIVE', takenOverFrom: 'kunta-091' });
      const theirs = await view(id, tampere);
      expect(theirs).toMatchObject({ status: 'ACTIVE', municipalityId: 'kunta-837' });
      expect(theirs.deletionDueAt).toBeUndefined();
      expect(theirs.nextReviewDue).toBeDefined();
      expect(theirs.timeline.map((e: { type: string }) => e.type)).toContain('TAKEN_OVER');
      expect((await stack.call(helsinki, 'GET', `/api/v1/clients/${id}`)).status).toBe(404);
    });
  });
});
