import { Prisma } from '../generated/prisma/client';
import type { Database } from '../platform/database';
import type { ClientEvent, ClientState } from '../domain/clientCase/clientCase';
import { planChanges, type PlanContent } from '../domain/clientCase/planVersions';
import { registrationItems } from '../domain/clientCase/provenance';
import { clientWorkflowIdFor, type ClientRegistration } from '../workflows/clientCase/messages';

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
    const row = {
      at: new Date(event.at),
      userId: event.actor?.userId ?? null,
      orgId: event.actor?.orgId ?? null,
      type: event.type,
      details: JSON.parse(JSON.stringify(event.details)),
    };
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
      data: registrationItems(registration, drawnUp ? fromProposal : []).map(({ item, source }) => ({
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
          await tx.client.create({
            data: {
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
              version: state.version,
              createdAt: new Date(state.createdAt),
              updatedAt: new Date(state.updatedAt),
            },
          });
          await writeEvent(tx, state.id, event);
          await writeRegistrationProvenance(tx, state.id, r, event);
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
        if (newest && event.type === 'MOVED') {
          await tx.clientTodo.updateMany({
            where: { clientId: state.id, done: false },
            data: { assigneeId: null },
          });
        }
        await writeEvent(tx, state.id, recorded, newest);
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
