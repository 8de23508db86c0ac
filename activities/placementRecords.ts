import type { Database } from '../platform/database';
import { hearingsOf, isOverdue, type ProposalState, type TimelineEvent } from '../domain/placement/proposal';
import { workflowIdFor } from '../workflows/placementProposal/messages';
import { proposalAudience } from '../domain/events/audience';
import { outboxRow } from './outbox';

export interface ProposalChange {
  state: ProposalState;
  event: TimelineEvent;
}

/**
 * Writes the placement proposal's read model. Idempotent: a retried or reordered call never
 * writes twice or goes backwards (the snapshot carries a version; events have a sequence number).
 * A write of the same version replaces the earlier one: a local activity runs again when its
 * workflow task is retried, and the attempt that completes is the one the history keeps.
 *
 * One SQL statement per change (atomic by itself, one round trip), prepared once per connection
 * (platform/database.ts): it runs inside each decision, before the decision answers, so it is kept
 * as short as the database allows.
 */
export function createPlacementActivities(deps: { db: Database }) {
  const { db } = deps;
  return {
    async recordProposalChange({ state, event }: ProposalChange): Promise<void> {
      const hearing = state.hearing ? JSON.stringify(state.hearing) : null;
      const hearings = JSON.stringify(hearingsOf(state));
      const housingAgreements = JSON.stringify(state.housingAgreements ?? []);
      // The household is written with every change, so the first write of a proposal brings it
      // even if a later version got there first. Only a draft's household changes (EDIT_DRAFT):
      // then the newest snapshot's household replaces the stored one.
      const householdMayChange = state.status === 'DRAFT';
      const persons = JSON.stringify(
        state.household.map((person, position) => ({
          position,
          first_name: person.firstName,
          last_name: person.lastName,
          birth_date: person.birthDate,
          nationality: person.nationality,
          uma_number: person.umaNumber ?? null,
          personal_identity_code: person.personalIdentityCode ?? null,
          languages: person.languages ?? [],
          minor: person.minor ?? false,
          unaccompanied: person.unaccompanied ?? false,
        })),
      );
      const rounds = JSON.stringify(
        state.rounds.map((round) => ({
          round: round.round,
          owner_id: round.ownerId,
          municipality_id: round.municipalityId,
          sent_at: round.sentAt,
          answer_due_at: round.answerDueAt,
          decision: round.decision ?? null,
          reason: round.reason ?? null,
          answered_at: round.answeredAt ?? null,
          late: round.late,
        })),
      );
      const details = JSON.stringify(event.details);
      const at = new Date(event.at);
      const userId = event.actor?.userId ?? null;
      const orgId = event.actor?.orgId ?? null;
      // The add-ons' event (outbox), in the same statement and so the same transaction.
      const outbox = outboxRow(
        'proposal',
        state.id,
        event,
        proposalAudience({
          ownerId: state.ownerId,
          municipalityId: state.municipality?.id ?? null,
          hearing: state.hearing,
          hearings: state.hearings,
        }),
      );
      const audience = JSON.stringify(outbox.audience);
      // `snapshot` is empty when a newer version is stored: then rounds are left alone and the
      // event is only added if missing; otherwise the event replaces one of the same number.
      await db.$executeRaw`/* prepared */
        WITH snapshot AS (
          INSERT INTO placement_proposal (id, workflow_id, kind, status, owner_id, municipality_id, round,
            answer_due_at, overdue, evident_service_needs, unaccompanied_minor, notes, hearing, hearings,
            housing_agreements, version, created_at, updated_at)
          VALUES (${state.id}, ${workflowIdFor(state.id)}, ${state.kind}, ${state.status}, ${state.ownerId},
            ${state.municipality?.id ?? null}, ${state.round}, ${state.answerDueAt ? new Date(state.answerDueAt) : null},
            ${isOverdue(state)}, ${state.evidentServiceNeeds}, ${state.unaccompaniedMinor}, ${state.notes ?? null},
            ${hearing}::jsonb, ${hearings}::jsonb, ${housingAgreements}::jsonb, ${state.version},
            ${new Date(state.createdAt)}, ${new Date(state.updatedAt)})
          ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, owner_id = EXCLUDED.owner_id,
            municipality_id = EXCLUDED.municipality_id, round = EXCLUDED.round, answer_due_at = EXCLUDED.answer_due_at,
            overdue = EXCLUDED.overdue, hearing = EXCLUDED.hearing, hearings = EXCLUDED.hearings,
            housing_agreements = EXCLUDED.housing_agreements, kind = EXCLUDED.kind,
            evident_service_needs = EXCLUDED.evident_service_needs,
            unaccompanied_minor = EXCLUDED.unaccompanied_minor, notes = EXCLUDED.notes,
            version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
          WHERE placement_proposal.version <= EXCLUDED.version
          RETURNING 1
        ),
        persons AS (
          INSERT INTO proposal_person (proposal_id, position, first_name, last_name, birth_date, nationality,
            uma_number, personal_identity_code, languages, minor, unaccompanied)
          SELECT ${state.id}, p.position, p.first_name, p.last_name, p.birth_date, p.nationality, p.uma_number,
            p.personal_identity_code, p.languages, p.minor, p.unaccompanied
          FROM jsonb_to_recordset(${persons}::jsonb) AS p(position int, first_name text, last_name text,
            birth_date text, nationality text, uma_number text, personal_identity_code text, languages jsonb,
            minor boolean, unaccompanied boolean)
          ON CONFLICT (proposal_id, position) DO UPDATE SET first_name = EXCLUDED.first_name,
            last_name = EXCLUDED.last_name, birth_date = EXCLUDED.birth_date, nationality = EXCLUDED.nationality,
            uma_number = EXCLUDED.uma_number, personal_identity_code = EXCLUDED.personal_identity_code,
            languages = EXCLUDED.languages, minor = EXCLUDED.minor, unaccompanied = EXCLUDED.unaccompanied
          WHERE ${householdMayChange} AND EXISTS (SELECT 1 FROM snapshot)
        ),
        dropped_persons AS (
          DELETE FROM proposal_person
          WHERE proposal_id = ${state.id} AND position >= ${state.household.length}
            AND ${householdMayChange} AND EXISTS (SELECT 1 FROM snapshot)
        ),
        rounds AS (
          INSERT INTO proposal_round (proposal_id, round, owner_id, municipality_id, sent_at, answer_due_at,
            decision, reason, answered_at, late)
          SELECT ${state.id}, r.round, r.owner_id, r.municipality_id, r.sent_at AT TIME ZONE 'UTC',
            r.answer_due_at AT TIME ZONE 'UTC', r.decision, r.reason, r.answered_at AT TIME ZONE 'UTC', r.late
          FROM jsonb_to_recordset(${rounds}::jsonb) AS r(round int, owner_id text, municipality_id text,
            sent_at timestamptz, answer_due_at timestamptz, decision text, reason text, answered_at timestamptz,
            late boolean)
          WHERE EXISTS (SELECT 1 FROM snapshot)
          ON CONFLICT (proposal_id, round) DO UPDATE SET owner_id = EXCLUDED.owner_id,
            municipality_id = EXCLUDED.municipality_id, sent_at = EXCLUDED.sent_at,
            answer_due_at = EXCLUDED.answer_due_at, decision = EXCLUDED.decision, reason = EXCLUDED.reason,
            answered_at = EXCLUDED.answered_at, late = EXCLUDED.late
        ),
        outbox AS (
          INSERT INTO outbox_event (id, type, occurred_at, resource_type, resource_id, seq, audience)
          VALUES (${outbox.id}, ${outbox.type}, ${outbox.occurredAt}, ${outbox.resourceType}, ${state.id},
            ${event.seq}, ${audience}::jsonb)
          ON CONFLICT (resource_type, resource_id, seq) DO UPDATE SET type = EXCLUDED.type,
            occurred_at = EXCLUDED.occurred_at, audience = EXCLUDED.audience
          WHERE EXISTS (SELECT 1 FROM snapshot)
        ),
        replaced AS (
          INSERT INTO proposal_event (proposal_id, seq, at, user_id, org_id, type, details)
          SELECT ${state.id}, ${event.seq}, ${at}, ${userId}, ${orgId}, ${event.type}, ${details}::jsonb
          WHERE EXISTS (SELECT 1 FROM snapshot)
          ON CONFLICT (proposal_id, seq) DO UPDATE SET at = EXCLUDED.at, user_id = EXCLUDED.user_id,
            org_id = EXCLUDED.org_id, type = EXCLUDED.type, details = EXCLUDED.details
        )
        INSERT INTO proposal_event (proposal_id, seq, at, user_id, org_id, type, details)
        SELECT ${state.id}, ${event.seq}, ${at}, ${userId}, ${orgId}, ${event.type}, ${details}::jsonb
        WHERE NOT EXISTS (SELECT 1 FROM snapshot)
        ON CONFLICT DO NOTHING`;
    },
  };
}
