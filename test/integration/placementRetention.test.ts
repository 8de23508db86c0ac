import { WorkflowNotFoundError } from '@temporalio/common';
import { ensurePlacementRetentionSchedule } from '../../platform/retentionSchedule';
import { workflowIdFor } from '../../workflows/placementProposal/messages';
import { placementRetentionScheduleId } from '../../workflows/retention/placementRetention';
import { birthDateOf, helsinki, testIdentityCode } from '../support/clients';
import { createProposal, decide, evk, expectStatus, keha, sentProposal } from '../support/placement';
import { eventually, startStack, type Stack } from '../support/stack';

/** Nothing of the workflow is left in Temporal: every run deleted. */
async function historyGone(stack: Stack, workflowId: string): Promise<boolean> {
  try {
    await stack.client.workflow.getHandle(workflowId).describe();
    return false;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return true;
    throw error;
  }
}

/**
 * Proposals' personal data has its own retention (here: seconds after the final state), erased by
 * the retention schedule in every copy; a client case's erasure (§ 77) also covers the proposal it
 * came from.
 */
describe('placement proposals: retention and erasure of personal data', () => {
  describe('after the final state', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({
        env: { PLACEMENT_RETENTION_AFTER_FINAL: '3s', PLACEMENT_RETENTION_SCAN_EVERY: '2s' },
      });
      await ensurePlacementRetentionSchedule(stack.client, stack.taskQueue, stack.config.placement);
    });
    afterAll(async () => {
      await stack?.client.schedule
        .getHandle(placementRetentionScheduleId(stack.taskQueue))
        .delete()
        .catch(() => undefined);
      await stack?.stop();
    });

    it('erases the household, free texts and histories of a final proposal; open ones stay', async () => {
      const household = [
        { firstName: 'Poistettava', lastName: 'Henkilö', birthDate: '1988-02-03', nationality: 'SYR' },
      ];
      const ended = await sentProposal(stack, {
        household,
        evidentServiceNeeds: true,
        notes: 'Salainen muistiinpano',
      });
      expectStatus(
        await decide(stack, helsinki, ended, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'RECORDED' }),
        200,
      );
      expectStatus(
        await decide(stack, helsinki, ended, 'hearing/answer', {
          canArrangeServices: true,
          statement: 'Lausunto Poistettavasta',
        }),
        200,
      );
      expectStatus(await decide(stack, evk, ended, 'withdraw', { reason: 'Perustelu Poistettavasta' }), 200);
      const open = await createProposal(stack, { notes: 'Avoin muistiinpano' });

      const erased = await eventually(
        async () => {
          const reply = await stack.call(evk, 'GET', `/api/v1/placement-proposals/${ended}`);
          return reply.body.personalDataErased ? reply.body : undefined;
        },
        30_000,
        'the erasure after the retention period',
      );
      expect(erased).toMatchObject({ status: 'WITHDRAWN', household: [] });
      expect(erased.notes).toBeUndefined();
      expect(erased.timeline.at(-1)).toMatchObject({
        type: 'PERSONAL_DATA_ERASED',
        actor: { userId: 'system', orgId: 'system' },
      });
      const raw = JSON.stringify([
        await stack.db.placementProposal.findUnique({ where: { id: ended } }),
        await stack.db.proposalPerson.findMany({ where: { proposalId: ended } }),
        await stack.db.proposalRound.findMany({ where: { proposalId: ended } }),
        await stack.db.proposalEvent.findMany({ where: { proposalId: ended } }),
      ]);
      for (const secret of ['Poistettava', '1988-02-03', 'Salainen', 'Lausunto', 'Perustelu']) {
        expect(raw).not.toContain(secret);
      }
      // Deleting a workflow's runs completes in the background on the server.
      await eventually(
        async () => ((await historyGone(stack, workflowIdFor(ended))) ? true : undefined),
        // Temporal deletes asynchronously: the runs vanish some seconds after the purge returns.
        90_000,
        'the proposal’s histories to be deleted',
      );
      const audit = await stack.call(keha, 'GET', `/api/v1/audit-events?subjectId=${ended}&limit=200`);
      expect(audit.body.items).toContainEqual(
        expect.objectContaining({ action: 'proposal.erase', userId: 'system', outcome: 'ALLOWED' }),
      );

      // A proposal that has not reached a final state keeps everything.
      const kept = (await stack.call(evk, 'GET', `/api/v1/placement-proposals/${open}`)).body;
      expect(kept).toMatchObject({ status: 'DRAFT', notes: 'Avoin muistiinpano' });
      expect(kept.household).toHaveLength(2);
      expect(kept.personalDataErased).toBeUndefined();
      expect(await historyGone(stack, workflowIdFor(open))).toBe(false);
    });
  });

  describe('with the client case that came from the proposal (§ 77)', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ env: { CLIENT_RETENTION_AFTER_END: '4s' } });
    });
    afterAll(async () => stack?.stop());

    it('erases the client’s person in the proposal’s household and the proposal’s histories', async () => {
      const code = testIdentityCode();
      const household = [
        {
          firstName: 'Omar',
          lastName: 'Poistuva',
          birthDate: birthDateOf(code),
          nationality: 'AFG',
          personalIdentityCode: code,
        },
        { firstName: 'Sara', lastName: 'Jää', birthDate: '1991-04-05', nationality: 'AFG' },
      ];
      const proposalId = await sentProposal(stack, { household });
      expectStatus(await decide(stack, helsinki, proposalId, 'answer', { decision: 'ACCEPT' }), 200);
      expectStatus(await decide(stack, evk, proposalId, 'confirm', {}), 200);
      const created = await stack.call(helsinki, 'POST', '/api/v1/clients', {
        proposalId,
        person: { serviceLanguage: 'fi' },
        residenceRight: { type: 'RESIDENCE_PERMIT' },
      });
      expectStatus(created, 201);
      const clientId = created.body.id as string;
      expectStatus(
        await stack.call(helsinki, 'POST', `/api/v1/clients/${clientId}/end`, { reason: 'Muutti pois.' }),
        200,
      );
      await eventually(
        async () => {
          const v = (await stack.call(helsinki, 'GET', `/api/v1/clients/${clientId}`)).body;
          return v.status === 'DELETED' ? true : undefined;
        },
        30_000,
        'the client erasure',
      );
      const persons = await stack.db.proposalPerson.findMany({ where: { proposalId } });
      expect(persons.map((p) => p.firstName)).toEqual(['Sara']);
      expect(JSON.stringify(persons)).not.toContain(code);
      await eventually(
        async () => ((await historyGone(stack, workflowIdFor(proposalId))) ? true : undefined),
        // Temporal deletes asynchronously: the runs vanish some seconds after the purge returns.
        90_000,
        'the proposal’s histories to be deleted',
      );
      const audit = await stack.call(keha, 'GET', `/api/v1/audit-events?subjectId=${clientId}&limit=200`);
      expect(audit.body.items).toContainEqual(
        expect.objectContaining({ action: 'proposal.erasePerson', userId: 'system', outcome: 'ALLOWED' }),
      );
    });
  });
});
