import type { Database } from '../platform/database';
import { isOverdue, type ProposalState, type TimelineEvent } from '../domain/placement/proposal';
import { workflowIdFor } from '../workflows/placementProposal/messages';

export interface ProposalChange {
  state: ProposalState;
  event: TimelineEvent;
}

/**
 * Writes the placement proposal's read model. Idempotent: a retried or reordered call never
 * writes twice or goes backwards (the snapshot carries a version; events have a sequence number).
 */
export function createPlacementActivities(deps: { db: Database }) {
  const { db } = deps;
  return {
    async recordProposalChange({ state, event }: ProposalChange): Promise<void> {
      await db.$transaction(async (tx) => {
        const hearing = state.hearing ? JSON.stringify(state.hearing) : null;
        const written = await tx.$executeRaw`
          INSERT INTO placement_proposal (id, workflow_id, kind, status, owner_id, municipality_id, round,
            answer_due_at, overdue, evident_service_needs, unaccompanied_minor, notes, hearing, version,
            created_at, updated_at)
          VALUES (${state.id}, ${workflowIdFor(state.id)}, ${state.kind}, ${state.status}, ${state.ownerId},
            ${state.municipality?.id ?? null}, ${state.round}, ${state.answerDueAt ? new Date(state.answerDueAt) : null},
            ${isOverdue(state)}, ${state.evidentServiceNeeds}, ${state.unaccompaniedMinor}, ${state.notes ?? null},
            ${hearing}::jsonb, ${state.version}, ${new Date(state.createdAt)}, ${new Date(state.updatedAt)})
          ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, owner_id = EXCLUDED.owner_id,
            municipality_id = EXCLUDED.municipality_id, round = EXCLUDED.round, answer_due_at = EXCLUDED.answer_due_at,
            overdue = EXCLUDED.overdue, hearing = EXCLUDED.hearing, version = EXCLUDED.version,
            updated_at = EXCLUDED.updated_at
          WHERE placement_proposal.version < EXCLUDED.version`;
        await tx.proposalPerson.createMany({
          data: state.household.map((person, position) => ({
            proposalId: state.id,
            position,
            firstName: person.firstName,
            lastName: person.lastName,
            birthDate: person.birthDate,
            nationality: person.nationality,
            umaNumber: person.umaNumber ?? null,
            personalIdentityCode: person.personalIdentityCode ?? null,
            languages: person.languages ?? [],
            minor: person.minor ?? false,
            unaccompanied: person.unaccompanied ?? false,
          })),
          skipDuplicates: true,
        });
        if (written > 0) {
          for (const round of state.rounds) {
            const data = {
              ownerId: round.ownerId,
              municipalityId: round.municipalityId,
              sentAt: new Date(round.sentAt),
              answerDueAt: new Date(round.answerDueAt),
              decision: round.decision ?? null,
              reason: round.reason ?? null,
              answeredAt: round.answeredAt ? new Date(round.answeredAt) : null,
              late: round.late,
            };
            await tx.proposalRound.upsert({
              where: { proposalId_round: { proposalId: state.id, round: round.round } },
              create: { proposalId: state.id, round: round.round, ...data },
              update: data,
            });
          }
        }
        await tx.proposalEvent.createMany({
          data: [
            {
              proposalId: state.id,
              seq: event.seq,
              at: new Date(event.at),
              userId: event.actor?.userId ?? null,
              orgId: event.actor?.orgId ?? null,
              type: event.type,
              details: JSON.parse(JSON.stringify(event.details)),
            },
          ],
          skipDuplicates: true,
        });
      });
    },
  };
}
