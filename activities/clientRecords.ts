import { Prisma } from '../generated/prisma/client';
import type { Database } from '../platform/database';
import type { ClientEvent, ClientState } from '../domain/clientCase/clientCase';
import { clientWorkflowIdFor, type ClientRegistration } from '../workflows/clientCase/messages';

/**
 * Writes the client case read model. Idempotent like the placement records: snapshots carry a
 * version, events and content rows a sequence number.
 */
export function createClientActivities(deps: { db: Database }) {
  const { db } = deps;

  async function writeSnapshot(tx: Prisma.TransactionClient, state: ClientState): Promise<boolean> {
    const written = await tx.client.updateMany({
      where: { id: state.id, version: { lt: state.version } },
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

  async function writeEvent(
    tx: Prisma.TransactionClient,
    clientId: string,
    event: ClientEvent,
  ): Promise<void> {
    await tx.clientEvent.createMany({
      data: [
        {
          clientId,
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
        if (newest && (event.type === 'PLAN_SET' || event.type === 'PLAN_REPLACED') && content) {
          await tx.client.update({
            where: { id: state.id },
            data: { plan: { ...state.plan, ...content } as object },
          });
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
        await writeEvent(tx, state.id, event);
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
