import { Prisma } from '../generated/prisma/client';
import { insertSkippingDuplicates, type Database } from '../platform/database';
import type { ClientEvent, ClientState } from '../domain/clientCase/clientCase';
import { planChanges, type PlanContent } from '../domain/clientCase/planVersions';
import { registrationItems } from '../domain/clientCase/provenance';
import { clientWorkflowIdFor, type ClientRegistration } from '../workflows/clientCase/messages';
import { clientAudience } from '../domain/events/audience';
import { outboxRow, writeOutbox } from './outbox';

/**
 * The registration's legal facts that have no column of their own (a Finnish citizen's § 2
 * exception, a first plan carried over from another system, the first permit's date) go into the REGISTERED event, where
 * the case's answer shows them and the § 77 erasure clears them with the other event details.
 */
function withRegistrationFacts(event: ClientEvent, r: ClientRegistration): ClientEvent {
  const facts = {
    ...(r.finnishCitizenException ? { finnishCitizenException: r.finnishCitizenException } : {}),
    ...(r.firstPlanStartedOn ? { firstPlanStartedOn: r.firstPlanStartedOn } : {}),
    // § 20: the first plan is due at the latest three years after it (the inbox's FIRST_PLAN_DUE).
    ...(r.firstPermitDate ? { firstPermitDate: r.firstPermitDate } : {}),
  };
  return Object.keys(facts).length ? { ...event, details: { ...event.details, ...facts } } : event;
}

/** A new client's read-model row: the registration's person and the case's first state. */
function clientRow(state: ClientState, r: ClientRegistration) {
  return {
    id: state.id,
    workflowId: clientWorkflowIdFor(state.id),
    municipalityId: state.municipalityId,
    status: state.status,
    personalIdentityCode: (r.personalIdentityCode as string) ?? null,
    umaNumber: (r.umaNumber as string) ?? null,
    firstName: r.firstName as string,
    lastName: r.lastName as string,
    birthDate: r.birthDate as string,
    nationality: r.nationality as string,
    serviceLanguage: r.serviceLanguage as string,
    languages: (r.languages as object) ?? [],
    phone: (r.phone as string) ?? null,
    email: (r.email as string) ?? null,
    rightToWork: (r.rightToWork as string) ?? null,
    residenceRight: (r.residenceRight as object) ?? Prisma.DbNull,
    finnishCitizen: Boolean(r.finnishCitizen),
    proposalId: (r.proposalId as string) ?? null,
    // An imported case starts with the state it had in the earlier system.
    responsibleExpertId: state.responsibleExpertId,
    nextReviewDue: state.nextReviewDue ? new Date(state.nextReviewDue) : null,
    endedAt: state.endedAt ? new Date(state.endedAt) : null,
    deletionDueAt: state.deletionDueAt ? new Date(state.deletionDueAt) : null,
    version: state.version,
    createdAt: new Date(state.createdAt),
    updatedAt: new Date(state.updatedAt),
  };
}

/** A timeline event's columns (besides the client and its number). */
function eventRow(event: ClientEvent) {
  return {
    at: new Date(event.at),
    userId: event.actor?.userId ?? null,
    orgId: event.actor?.orgId ?? null,
    type: event.type,
    details: JSON.parse(JSON.stringify(event.details)),
  };
}

/**
 * A case imported from a municipality's earlier system (activities/transfers.ts): its first state
 * and REGISTERED event, the registration, and what the earlier system recorded besides.
 */
export interface ImportedClient {
  state: ClientState;
  event: ClientEvent;
  registration: ClientRegistration;
  endReason: string | null;
  assessments: {
    type: string;
    completedOn: string;
    summary: string;
    serviceNeeds: string[];
    welfareAreaParticipated: boolean;
  }[];
  /** The plan's content; its dates are the state's. */
  plan: { goals: object[]; tasks: object[]; services: object[] } | null;
  /** Each with an id of its own, the same on every attempt. */
  contacts: { id: string; at: string; channel: string; summary: string; interpreterUsed: boolean }[];
}

/**
 * Writes many imported cases into the read model at once, in the caller's transaction: the rows a
 * registration writes (the client, its REGISTERED event, each item's provenance TRANSFER, the
 * outbox event) and what the earlier system recorded (the end reason, the assessments, the plan as
 * its first version, the last review, the contacts), where the case's pages and the API read them.
 * Every row is keyed by its case, so writing the same imports again changes nothing. Answers the
 * cases now in the read model: one missing lost its identity code or UMA number to another client
 * (never merged) and has nothing written.
 */
export async function writeImportedClients(
  tx: Prisma.TransactionClient,
  imports: ImportedClient[],
): Promise<Set<string>> {
  if (!imports.length) return new Set();
  // Hundreds of rows a statement (insertSkippingDuplicates), the columns as createMany would write them.
  await insertSkippingDuplicates(tx, 'client', importedColumns.client, imports.map(importedClientRow));
  const present = new Set(
    (
      await tx.client.findMany({
        where: { id: { in: imports.map((i) => i.state.id) } },
        select: { id: true },
      })
    ).map((row) => row.id),
  );
  const written = imports.filter((i) => present.has(i.state.id));
  const recorded = (i: ImportedClient) => ({
    client_id: i.state.id,
    recorded_by: i.event.actor?.userId ?? 'system',
    recorded_at: i.event.at,
  });
  await insertSkippingDuplicates(
    tx,
    'client_event',
    importedColumns.client_event,
    written.map((i) => {
      const event = withRegistrationFacts(i.event, i.registration);
      const row = eventRow(event);
      return { client_id: i.state.id, seq: event.seq, ...row, user_id: row.userId, org_id: row.orgId };
    }),
  );
  await insertSkippingDuplicates(
    tx,
    'client_data_item',
    importedColumns.client_data_item,
    written.flatMap((i) =>
      registrationItems(i.registration, [], 'TRANSFER').map(({ item, source }) => ({
        ...recorded(i),
        item,
        source,
      })),
    ),
  );
  await insertSkippingDuplicates(
    tx,
    'client_assessment',
    importedColumns.client_assessment,
    written.flatMap((i) =>
      i.assessments.map((a, n) => ({
        ...recorded(i),
        seq: n + 1,
        type: a.type,
        completed_on: a.completedOn,
        summary: a.summary,
        service_needs: a.serviceNeeds,
        welfare_area_participated: a.welfareAreaParticipated,
      })),
    ),
  );
  await insertSkippingDuplicates(
    tx,
    'client_plan_version',
    importedColumns.client_plan_version,
    written.flatMap((i) =>
      i.state.plan && i.plan
        ? [
            {
              ...recorded(i),
              version: 1,
              event_seq: i.event.seq,
              valid_from: i.state.plan.validFrom,
              valid_until: i.state.plan.validUntil,
              first_plan_from: i.state.plan.firstPlanFrom,
              ...i.plan,
            },
          ]
        : [],
    ),
  );
  // The earlier system's last review (its date: what was changed is not transferred).
  await insertSkippingDuplicates(
    tx,
    'client_plan_review',
    importedColumns.client_plan_review,
    written.flatMap((i) =>
      i.state.lastReviewedOn
        ? [{ ...recorded(i), seq: 1, reviewed_on: i.state.lastReviewedOn, changes: '' }]
        : [],
    ),
  );
  await insertSkippingDuplicates(
    tx,
    'client_contact',
    importedColumns.client_contact,
    written.flatMap((i) =>
      i.contacts.map((c) => ({
        ...recorded(i),
        id: c.id,
        municipality_id: i.state.municipalityId,
        at: new Date(c.at),
        channel: c.channel,
        summary: c.summary,
        interpreter_used: c.interpreterUsed,
      })),
    ),
  );
  // The outbox rows of the REGISTERED events, as writeOutbox writes one (keyed by resource and seq).
  await insertSkippingDuplicates(
    tx,
    'outbox_event',
    importedColumns.outbox_event,
    written.map((i) => {
      const row = outboxRow('client', i.state.id, i.event, clientAudience(i.state));
      return {
        id: row.id,
        type: row.type,
        occurred_at: row.occurredAt,
        resource_type: row.resourceType,
        resource_id: row.resourceId,
        seq: row.seq,
        audience: row.audience,
      };
    }),
  );
  return present;
}

/** The columns an import writes, with their types (prisma/schema.prisma). */
const importedColumns = {
  client: {
    id: 'text',
    workflow_id: 'text',
    municipality_id: 'text',
    status: 'text',
    personal_identity_code: 'text',
    uma_number: 'text',
    first_name: 'text',
    last_name: 'text',
    birth_date: 'text',
    nationality: 'text',
    service_language: 'text',
    languages: 'jsonb',
    phone: 'text',
    email: 'text',
    right_to_work: 'text',
    residence_right: 'jsonb',
    finnish_citizen: 'boolean',
    responsible_expert_id: 'text',
    plan: 'jsonb',
    next_review_due: 'timestamp(3)',
    ended_at: 'timestamp(3)',
    end_reason: 'text',
    deletion_due_at: 'timestamp(3)',
    version: 'integer',
    created_at: 'timestamp(3)',
    updated_at: 'timestamp(3)',
  },
  client_event: {
    client_id: 'text',
    seq: 'integer',
    at: 'timestamp(3)',
    user_id: 'text',
    org_id: 'text',
    type: 'text',
    details: 'jsonb',
  },
  client_data_item: {
    client_id: 'text',
    item: 'text',
    source: 'text',
    recorded_by: 'text',
    recorded_at: 'timestamp(3)',
  },
  client_assessment: {
    client_id: 'text',
    seq: 'integer',
    type: 'text',
    completed_on: 'text',
    summary: 'text',
    service_needs: 'jsonb',
    welfare_area_participated: 'boolean',
    recorded_by: 'text',
    recorded_at: 'timestamp(3)',
  },
  client_plan_version: {
    client_id: 'text',
    version: 'integer',
    event_seq: 'integer',
    valid_from: 'text',
    valid_until: 'text',
    first_plan_from: 'text',
    goals: 'jsonb',
    tasks: 'jsonb',
    services: 'jsonb',
    recorded_by: 'text',
    recorded_at: 'timestamp(3)',
  },
  client_plan_review: {
    client_id: 'text',
    seq: 'integer',
    reviewed_on: 'text',
    changes: 'text',
    recorded_by: 'text',
    recorded_at: 'timestamp(3)',
  },
  client_contact: {
    id: 'text',
    client_id: 'text',
    municipality_id: 'text',
    at: 'timestamp(3)',
    channel: 'text',
    summary: 'text',
    interpreter_used: 'boolean',
    recorded_by: 'text',
    recorded_at: 'timestamp(3)',
  },
  outbox_event: {
    id: 'text',
    type: 'text',
    occurred_at: 'timestamp(3)',
    resource_type: 'text',
    resource_id: 'text',
    seq: 'integer',
    audience: 'jsonb',
  },
} as const satisfies Record<string, Record<string, string>>;

/** An imported client's row: what a registration writes (clientRow), with the plan and the end reason. */
function importedClientRow(i: ImportedClient): Record<string, unknown> {
  const row = clientRow(i.state, i.registration);
  return {
    id: row.id,
    workflow_id: row.workflowId,
    municipality_id: row.municipalityId,
    status: row.status,
    personal_identity_code: row.personalIdentityCode,
    uma_number: row.umaNumber,
    first_name: row.firstName,
    last_name: row.lastName,
    birth_date: row.birthDate,
    nationality: row.nationality,
    service_language: row.serviceLanguage,
    languages: row.languages,
    phone: row.phone,
    email: row.email,
    right_to_work: row.rightToWork,
    residence_right: i.registration.residenceRight ?? null,
    finnish_citizen: row.finnishCitizen,
    responsible_expert_id: row.responsibleExpertId,
    plan: i.state.plan && i.plan ? { ...i.state.plan, ...i.plan } : null,
    next_review_due: row.nextReviewDue,
    ended_at: row.endedAt,
    end_reason: i.endReason,
    deletion_due_at: row.deletionDueAt,
    version: row.version,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

/**
 * Writes the client case read model. Idempotent like the placement records: snapshots carry a
 * version, events and content rows a sequence number; a write of the same version replaces the
 * earlier one (a retried workflow task's local activity: the attempt that completes wins).
 */
export function createClientActivities(deps: { db: Database }) {
  const { db } = deps;

  async function writeSnapshot(tx: Prisma.TransactionClient, state: ClientState): Promise<boolean> {
    const written = await tx.client.updateMany({
      where: { id: state.id, version: { lte: state.version } },
      data: {
        municipalityId: state.municipalityId,
        status: state.status,
        responsibleExpertId: state.responsibleExpertId,
        nextReviewDue: state.nextReviewDue ? new Date(state.nextReviewDue) : null,
        reviewOverdue: state.reviewOverdue,
        endedAt: state.endedAt ? new Date(state.endedAt) : null,
        deletionDueAt: state.deletionDueAt ? new Date(state.deletionDueAt) : null,
        version: state.version,
        updatedAt: new Date(state.updatedAt),
      },
    });
    return written.count > 0;
  }

  /** `replace`: the event's snapshot was the newest, so it replaces one of the same number. */
  async function writeEvent(
    tx: Prisma.TransactionClient,
    clientId: string,
    event: ClientEvent,
    replace = false,
  ): Promise<void> {
    const row = eventRow(event);
    if (replace) {
      await tx.clientEvent.upsert({
        where: { clientId_seq: { clientId, seq: event.seq } },
        create: { clientId, seq: event.seq, ...row },
        update: row,
      });
      return;
    }
    await tx.clientEvent.createMany({ data: [{ clientId, seq: event.seq, ...row }], skipDuplicates: true });
  }

  /**
   * § 73: each registered item with its source and recorder. What came over from the accepted
   * placement proposal was recorded by the elinvoimakeskus officer who drew the proposal up.
   */
  async function writeRegistrationProvenance(
    tx: Prisma.TransactionClient,
    clientId: string,
    registration: ClientRegistration,
    event: ClientEvent,
  ): Promise<void> {
    const fromProposal = Array.isArray(registration.itemsFromProposal)
      ? (registration.itemsFromProposal as string[])
      : [];
    const proposalId = typeof registration.proposalId === 'string' ? registration.proposalId : null;
    const drawnUp =
      proposalId && fromProposal.length
        ? await tx.proposalEvent.findUnique({ where: { proposalId_seq: { proposalId, seq: 1 } } })
        : null;
    await tx.clientDataItem.createMany({
      data: registrationItems(
        registration,
        drawnUp ? fromProposal : [],
        registration.transfer ? 'TRANSFER' : 'MANUAL',
      ).map(({ item, source }) => ({
        clientId,
        item,
        source,
        recordedBy:
          source === 'PROPOSAL' && drawnUp?.userId ? drawnUp.userId : (event.actor?.userId ?? 'system'),
        recordedAt: source === 'PROPOSAL' && drawnUp ? drawnUp.at : new Date(event.at),
      })),
      skipDuplicates: true,
    });
  }

  /**
   * Keeps the plan just saved as a new version beside the earlier ones, and says in the timeline
   * event what changed from the previous version. A version is never changed afterwards; only a
   * retried write of the same event (the attempt that completes wins, `replace`) writes it anew.
   */
  async function keepPlanVersion(
    tx: Prisma.TransactionClient,
    state: ClientState,
    event: ClientEvent,
    content: Record<string, unknown>,
    replace: boolean,
  ): Promise<ClientEvent> {
    const saved: PlanContent = {
      validFrom: String(event.details.validFrom ?? state.plan?.validFrom),
      validUntil: String(event.details.validUntil ?? state.plan?.validUntil),
      goals: (content.goals as PlanContent['goals']) ?? [],
      tasks: (content.tasks as PlanContent['tasks']) ?? [],
      services: (content.services as PlanContent['services']) ?? [],
      extension: (content.extension as PlanContent['extension']) ?? null,
    };
    const previous = await tx.clientPlanVersion.findFirst({
      where: { clientId: state.id, eventSeq: { lt: event.seq } },
      orderBy: { version: 'desc' },
    });
    const where = { clientId_eventSeq: { clientId: state.id, eventSeq: event.seq } };
    const existing = await tx.clientPlanVersion.findUnique({ where });
    const version = existing?.version ?? (previous?.version ?? 0) + 1;
    if (existing && replace) await tx.clientPlanVersion.delete({ where });
    if (!existing || replace) {
      await tx.clientPlanVersion.create({
        data: {
          clientId: state.id,
          version,
          eventSeq: event.seq,
          validFrom: saved.validFrom,
          validUntil: saved.validUntil,
          firstPlanFrom: state.plan?.firstPlanFrom ?? saved.validFrom,
          goals: saved.goals as object[],
          tasks: saved.tasks as object[],
          services: saved.services as object[],
          extensionBasis: saved.extension?.basis ?? null,
          extensionMonths: saved.extension?.months ?? null,
          recordedBy: event.actor?.userId ?? 'system',
          recordedAt: new Date(event.at),
        },
      });
    }
    const before: PlanContent | null = previous
      ? {
          validFrom: previous.validFrom,
          validUntil: previous.validUntil,
          goals: previous.goals as unknown as PlanContent['goals'],
          tasks: previous.tasks as unknown as PlanContent['tasks'],
          services: previous.services as unknown as PlanContent['services'],
          extension:
            previous.extensionBasis && previous.extensionMonths !== null
              ? { basis: previous.extensionBasis, months: previous.extensionMonths }
              : null,
        }
      : null;
    return {
      ...event,
      details: { ...event.details, planVersion: version, changes: planChanges(before, saved) },
    };
  }

  return {
    /** The first record of a client; a unique identifier already taken means a duplicate. */
    async registerClient(input: {
      state: ClientState;
      event: ClientEvent;
      registration: ClientRegistration;
    }): Promise<{ duplicate: boolean }> {
      const { state, event, registration: r } = input;
      const existing = await db.client.findUnique({ where: { id: state.id }, select: { id: true } });
      if (existing) return { duplicate: false }; // a retried activity: already written
      try {
        await db.$transaction(async (tx) => {
          await tx.client.create({ data: clientRow(state, r) });
          await writeEvent(tx, state.id, withRegistrationFacts(event, r));
          await writeRegistrationProvenance(tx, state.id, r, event);
          await writeOutbox(tx, outboxRow('client', state.id, event, clientAudience(state)), false);
        });
        return { duplicate: false };
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
          return { duplicate: true };
        throw error;
      }
    },

    async recordClientChange(input: {
      state: ClientState;
      event: ClientEvent;
      content?: Record<string, unknown>;
    }): Promise<void> {
      const { state, event, content } = input;
      await db.$transaction(async (tx) => {
        const newest = await writeSnapshot(tx, state);
        const by = event.actor?.userId ?? 'system';
        if (event.type === 'ASSESSMENT_RECORDED' && content) {
          await tx.clientAssessment.createMany({
            data: [
              {
                clientId: state.id,
                seq: state.assessments,
                type: String(event.details.assessmentType),
                completedOn: String(event.details.completedOn),
                summary: String(content.summary ?? ''),
                serviceNeeds: (content.serviceNeeds as object) ?? [],
                welfareAreaParticipated: Boolean(content.welfareAreaParticipated),
                recordedBy: by,
                recordedAt: new Date(event.at),
              },
            ],
            skipDuplicates: true,
          });
        }
        // The plan's content arrives once, with the event that sets it; later snapshots keep it.
        let recorded = event;
        if ((event.type === 'PLAN_SET' || event.type === 'PLAN_REPLACED') && content) {
          if (newest) {
            await tx.client.update({
              where: { id: state.id },
              data: { plan: { ...state.plan, ...content } as object },
            });
          }
          recorded = await keepPlanVersion(tx, state, event, content, newest);
        }
        if (newest && event.type === 'PLAN_EXPIRED') {
          const current = await tx.client.findUnique({ where: { id: state.id }, select: { plan: true } });
          await tx.client.update({
            where: { id: state.id },
            data: { plan: { ...(current?.plan as object), expired: true } },
          });
        }
        if (event.type === 'PLAN_REVIEWED' && content) {
          await tx.clientPlanReview.createMany({
            data: [
              {
                clientId: state.id,
                seq: state.reviews,
                reviewedOn: String(event.details.reviewedOn),
                changes: String(content.changes ?? ''),
                recordedBy: by,
                recordedAt: new Date(event.at),
              },
            ],
            skipDuplicates: true,
          });
        }
        if (event.type === 'ENDED') {
          await tx.client.update({
            where: { id: state.id },
            data: { endReason: String(event.details.reason ?? '') },
          });
        }
        // § 85: the new municipality's staff take over; the old one's assignments lapse with its access.
        if (newest && (event.type === 'MOVED' || event.type === 'TAKEN_OVER')) {
          await tx.clientTodo.updateMany({
            where: { clientId: state.id, done: false },
            data: { assigneeId: null },
          });
        }
        await writeEvent(tx, state.id, recorded, newest);
        await writeOutbox(tx, outboxRow('client', state.id, event, clientAudience(state)), newest);
      });
    },

    /**
     * § 77: four years after the end, the client's personal data is deleted. What remains is a
     * statistical skeleton (municipality, dates, status, event types) with no personal data.
     */
    async eraseClient(input: { clientId: string; event: ClientEvent }): Promise<void> {
      const { clientId, event } = input;
      await db.$transaction(async (tx) => {
        await tx.clientAssessment.deleteMany({ where: { clientId } });
        await tx.clientPlanReview.deleteMany({ where: { clientId } });
        await tx.clientPlanVersion.deleteMany({ where: { clientId } });
        await tx.clientContact.deleteMany({ where: { clientId } });
        await tx.clientTodo.deleteMany({ where: { clientId } });
        await tx.clientCorrection.deleteMany({ where: { clientId } });
        await tx.clientDataItem.deleteMany({ where: { clientId } });
        // Copies from the registers (VTJ, UMA) and the outreach item that led to the case.
        await tx.clientRegisterRecord.deleteMany({ where: { clientId } });
        await tx.permitExpiryFlag.deleteMany({ where: { clientId } });
        await tx.outreachItem.deleteMany({ where: { clientId } });
        await tx.clientEvent.updateMany({ where: { clientId }, data: { details: {} } });
        await tx.client.update({
          where: { id: clientId },
          data: {
            status: 'DELETED',
            personalIdentityCode: null,
            umaNumber: null,
            firstName: null,
            lastName: null,
            birthDate: null,
            nationality: null,
            serviceLanguage: null,
            languages: [],
            phone: null,
            email: null,
            rightToWork: null,
            residenceRight: Prisma.DbNull,
            plan: Prisma.DbNull,
            endReason: null,
            responsibleExpertId: null,
            nextReviewDue: null,
            reviewOverdue: false,
            updatedAt: new Date(event.at),
          },
        });
        await writeEvent(tx, clientId, event);
        const { municipalityId } = await tx.client.findUniqueOrThrow({ where: { id: clientId } });
        await writeOutbox(
          tx,
          outboxRow('client', clientId, event, clientAudience({ municipalityId })),
          false,
        );
        await tx.auditEvent.create({
          data: {
            userId: 'system',
            organisationId: 'system',
            action: 'client.erase',
            resourceType: 'client',
            resourceId: clientId,
            subjectId: clientId,
            outcome: 'ALLOWED',
            requestId: `workflow:${clientWorkflowIdFor(clientId)}`,
            details: { basis: 'act 681/2023 § 77: four years after the client relationship ended' },
          },
        });
      });
    },
  };
}
