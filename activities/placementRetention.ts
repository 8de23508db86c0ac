import type { Client } from '@temporalio/client';
import { Prisma } from '../generated/prisma/client';
import { finalStatuses, type Hearing, type HousingAgreement } from '../domain/placement/proposal';
import type { Database } from '../platform/database';
import { workflowIdFor } from '../workflows/placementProposal/messages';
import { deleteWorkflowRuns } from './retention';

const PROPOSAL_BASIS =
  'retention of placement proposals: the personal data is erased when the retention period after the final state has passed';
const CLIENT_BASIS = 'act 681/2023 § 77: the client case the person came with was erased';

/** A hearing without its free texts (a statement or a reason may name the person). */
function redactHearing(hearing: Hearing): Hearing {
  return {
    ...hearing,
    ...(hearing.answer ? { answer: { ...hearing.answer, statement: '' } } : {}),
    ...(hearing.cancelled ? { cancelled: { at: hearing.cancelled.at, by: hearing.cancelled.by } } : {}),
  };
}

const json = (value: unknown) => (value ?? Prisma.DbNull) as Prisma.InputJsonValue;

/**
 * Erasure of a placement proposal's personal data in every copy: the read model (household,
 * notes, statements, reasons, timeline details) and the proposal's Temporal histories.
 * Idempotent: running any of these again changes nothing.
 */
export function createPlacementRetentionActivities(deps: { db: Database; temporal: Client }) {
  const { db, temporal } = deps;
  return {
    /** Proposals in a final state since before `finalBefore` whose personal data is still there. */
    async findProposalsDueForErasure(input: { finalBefore: string; limit: number }): Promise<string[]> {
      const rows = await db.placementProposal.findMany({
        where: {
          status: { in: [...finalStatuses] },
          updatedAt: { lt: new Date(input.finalBefore) },
          erasedAt: null,
        },
        select: { id: true },
        orderBy: { updatedAt: 'asc' },
        take: input.limit,
      });
      return rows.map((r) => r.id);
    },

    /** Deletes every run of the proposal's workflow (closed: it has reached its final state). */
    async purgeProposalHistory(proposalId: string): Promise<number> {
      return (await deleteWorkflowRuns(temporal, workflowIdFor(proposalId))).deleted;
    },

    /** Erases the proposal's personal data in the read model; what remains is who decided what, when. */
    async eraseProposal(input: { proposalId: string; at: string }): Promise<boolean> {
      const { proposalId } = input;
      const at = new Date(input.at);
      return db.$transaction(async (tx) => {
        const row = await tx.placementProposal.findUnique({ where: { id: proposalId } });
        if (!row || row.erasedAt) return false;
        const hearings = ((row.hearings ?? (row.hearing ? [row.hearing] : [])) as unknown as Hearing[]).map(
          redactHearing,
        );
        const agreements = ((row.housingAgreements ?? []) as unknown as HousingAgreement[]).map((a) => ({
          ...a,
          note: '',
        }));
        await tx.proposalPerson.deleteMany({ where: { proposalId } });
        await tx.proposalRound.updateMany({ where: { proposalId }, data: { reason: null } });
        await tx.proposalEvent.updateMany({ where: { proposalId }, data: { details: {} } });
        const last = await tx.proposalEvent.aggregate({ where: { proposalId }, _max: { seq: true } });
        await tx.proposalEvent.create({
          data: {
            proposalId,
            seq: (last._max.seq ?? 0) + 1,
            at,
            userId: null,
            orgId: null,
            type: 'PERSONAL_DATA_ERASED',
            details: { basis: PROPOSAL_BASIS },
          },
        });
        await tx.placementProposal.update({
          where: { id: proposalId },
          data: {
            notes: null,
            hearing: json(row.hearing ? redactHearing(row.hearing as unknown as Hearing) : null),
            hearings: json(hearings),
            housingAgreements: json(agreements),
            erasedAt: at,
            version: row.version + 1,
          },
        });
        await tx.auditEvent.create({
          data: {
            userId: 'system',
            organisationId: 'system',
            action: 'proposal.erase',
            resourceType: 'placement-proposal',
            resourceId: proposalId,
            subjectId: proposalId,
            outcome: 'ALLOWED',
            requestId: `workflow:${workflowIdFor(proposalId)}`,
            details: { basis: PROPOSAL_BASIS },
          },
        });
        return true;
      });
    },

    /**
     * § 77 for a client case that came from a proposal: before the case itself is erased, the
     * client's person in that proposal's household goes, and so do the proposal's histories (the
     * workflow's input holds the whole household; a history cannot be edited, only deleted). A
     * proposal still open (accepted, never confirmed) keeps its history until its own retention.
     */
    async eraseClientProposalCopies(input: {
      clientId: string;
    }): Promise<{ removed: number; historyDeleted: boolean }> {
      const client = await db.client.findUnique({ where: { id: input.clientId } });
      if (!client?.proposalId) return { removed: 0, historyDeleted: false };
      const proposalId = client.proposalId;
      const persons = await db.proposalPerson.findMany({ where: { proposalId } });
      const same = (a: string | null, b: string | null) => a !== null && a === b;
      const positions = persons
        .filter(
          (p) =>
            same(client.personalIdentityCode, p.personalIdentityCode) ||
            same(client.umaNumber, p.umaNumber) ||
            (same(client.firstName, p.firstName) &&
              same(client.lastName, p.lastName) &&
              same(client.birthDate, p.birthDate)),
        )
        .map((p) => p.position);
      const history = await deleteWorkflowRuns(temporal, workflowIdFor(proposalId), 'skip');
      await db.$transaction([
        db.proposalPerson.deleteMany({ where: { proposalId, position: { in: positions } } }),
        db.auditEvent.create({
          data: {
            userId: 'system',
            organisationId: 'system',
            action: 'proposal.erasePerson',
            resourceType: 'placement-proposal',
            resourceId: proposalId,
            subjectId: input.clientId,
            outcome: 'ALLOWED',
            requestId: `client-erasure:${input.clientId}`,
            details: {
              basis: CLIENT_BASIS,
              positions,
              historyDeleted: !history.running,
            },
          },
        }),
      ]);
      return { removed: positions.length, historyDeleted: !history.running };
    },
  };
}
