import crypto from 'node:crypto';
import type { Request } from 'express';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { z } from 'zod';
import type { Action } from '../../domain/access/policy';
import { createGuard } from '../guard';
import { presentEvent } from '../timeline';
import {
  allowedClientCommands,
  type ClientCommand,
  type ClientCommandType,
  type ClientState,
  type ClientStatus,
} from '../../domain/clientCase/clientCase';
import { clientDecisionPaths } from '../decisionPaths';
import { planGrounds } from '../../domain/clientCase/planRules';
import { checkRegistration, type FinnishCitizenExceptionBasis } from '../../domain/clientCase/registration';
import { mayViewClient } from '../../domain/clientCase/visibility';
import type { Actor } from '../../domain/organisations/kinds';
import { mayView } from '../../domain/placement/visibility';
import { helsinkiDate } from '../../domain/time';
import type { AppConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import { clientCase } from '../../workflows/clientCase/workflow';
import {
  clientRegistered,
  clientUpdates,
  clientWorkflowIdFor,
  type ClientCaseInput,
  type ClientResult,
} from '../../workflows/clientCase/messages';
import type { AuditLog } from '../audit';
import { decisionProblem, deliverDecision, idFromKey, refusalDetails, requestHash } from '../decisions';
import { encodeCursor, decodeCursor } from '../pagination';
import { AppError, conflict, fieldErrors, notFound, unprocessable } from '../problem';
import * as schemas from './schemas';
import { everydayRecordsOf, mergeTimeline } from './everydayWork';
import { proposalPersonItems } from '../../domain/clientCase/provenance';

export interface ClientDeps {
  db: Database;
  client: Client;
  config: AppConfig;
  audit: AuditLog;
}

const NOT_VISIBLE = 'no such client, or the client is not yours to see';

const actionOf: Record<ClientCommandType, Action> = {
  ASSIGN_EXPERT: 'client.assignExpert',
  RECORD_ASSESSMENT: 'client.recordAssessment',
  SET_PLAN: 'client.setPlan',
  RECORD_REVIEW: 'client.recordReview',
  END: 'client.end',
  RESUME: 'client.resume',
  MOVE: 'client.move',
  // Taking an ENDED case over is the registration of the person in the new municipality.
  TAKE_OVER: 'client.register',
};

export function createClientUseCases({ db, client, config, audit }: ClientDeps) {
  const settings = config.clientCase;

  const { authorise, notVisible } = createGuard(audit, 'client');

  async function visibleClient(req: Request, action: Action, id: string) {
    const row = await db.client.findUnique({ where: { id } });
    if (!row || !mayViewClient(req.actor!, row)) {
      throw await notVisible(req, action, id, NOT_VISIBLE);
    }
    return row;
  }

  /** The person to register: from the accepted proposal when one is named, with the body's fields on top. */
  async function personFor(req: Request, body: z.infer<typeof schemas.registerClientBody>) {
    let base: Record<string, unknown> = {};
    if (body.proposalId) {
      const proposal = await db.placementProposal.findUnique({
        where: { id: body.proposalId },
        include: { persons: true },
      });
      const hearing = (proposal?.hearing ?? null) as { welfareAreaId: string | null; mode: string } | null;
      if (
        !proposal ||
        !mayView(req.actor!, { ownerId: proposal.ownerId, municipalityId: proposal.municipalityId, hearing })
      ) {
        throw unprocessable('no such proposal sent to your municipality', [
          { pointer: '/proposalId', detail: 'not found' },
        ]);
      }
      if (proposal.status !== 'ACCEPTED' && proposal.status !== 'PLACED') {
        throw unprocessable('only an accepted placement brings its person along', [
          { pointer: '/proposalId', detail: `the proposal is ${proposal.status}` },
        ]);
      }
      const p = proposal.persons.find((x) => x.position === (body.personIndex ?? 0));
      if (!p)
        throw unprocessable('no such household member', [
          { pointer: '/personIndex', detail: 'out of range' },
        ]);
      base = {
        firstName: p.firstName,
        lastName: p.lastName,
        birthDate: p.birthDate,
        nationality: p.nationality,
        ...(p.umaNumber ? { umaNumber: p.umaNumber } : {}),
        ...(p.personalIdentityCode ? { personalIdentityCode: p.personalIdentityCode } : {}),
        languages: p.languages,
        minor: p.minor,
      };
    } else if (!body.person) {
      throw unprocessable('the person is required', [
        { pointer: '/person', detail: 'required without proposalId' },
      ]);
    }
    const parsed = schemas.clientPerson.safeParse({ ...base, ...(body.person ?? {}) });
    if (!parsed.success)
      throw unprocessable('the person has invalid fields', fieldErrors(parsed.error, '/person'));
    return parsed.data;
  }

  /**
   * Delivers one decision to the case's workflow, whose answer or refusal (visibility included)
   * is final: nothing is read before it. Only a case whose workflow has ended (erased) is looked
   * up in the read model, to tell a stranger 404 and the case's own municipality 409.
   */
  async function deliver(
    req: Request,
    id: string,
    type: ClientCommandType,
    command: ClientCommand,
    content: Record<string, unknown> | undefined,
    body: unknown,
    key?: string,
  ) {
    const action = actionOf[type];
    const actor = req.actor!;
    const hash = requestHash(action, body);
    const scopedKey = key ? `${actor.userId}:${key}` : undefined;
    try {
      const result = (await deliverDecision(
        client.workflow.getHandle(clientWorkflowIdFor(id)),
        clientUpdates[type] as typeof clientUpdates.END,
        {
          actor,
          command: command as Extract<ClientCommand, { type: 'END' }>,
          content,
          idempotencyKey: scopedKey,
          requestHash: hash,
        },
        {
          idempotency: scopedKey ? { key: scopedKey, hash } : undefined,
          notVisible: NOT_VISIBLE,
          whenClosed: async () => {
            const row = await db.client.findUnique({ where: { id } });
            if (!row || !mayViewClient(actor, row)) throw notFound(NOT_VISIBLE);
            throw conflict(`the client case is ${row.status}: no further decisions`);
          },
        },
      )) as ClientResult;
      await audit(req, { action, resourceType: 'client', resourceId: id, subjectId: id, outcome: 'ALLOWED' });
      return present(result);
    } catch (error) {
      if (error instanceof AppError) {
        await audit(req, {
          action,
          resourceType: 'client',
          resourceId: id,
          subjectId: id,
          outcome: 'REFUSED',
          details: refusalDetails(error),
        });
      }
      throw error;
    }
  }

  return {
    async register(req: Request, body: z.infer<typeof schemas.registerClientBody>, key?: string) {
      const actor = await authorise(req, 'client.register');
      const person = await personFor(req, body);
      const problems = checkRegistration(
        { ...body, personalIdentityCode: person.personalIdentityCode, umaNumber: person.umaNumber },
        helsinkiDate(new Date()),
      );
      if (problems.length) throw unprocessable('the client cannot be registered', problems);
      const identifiers = [
        person.personalIdentityCode ? { personalIdentityCode: person.personalIdentityCode } : null,
        person.umaNumber ? { umaNumber: person.umaNumber } : null,
      ].filter((x): x is NonNullable<typeof x> => x !== null);
      const id = key ? idFromKey(actor.userId, key) : crypto.randomUUID();
      const hash = requestHash('client.register', body);
      const existing = await db.client.findFirst({ where: { OR: identifiers } });
      if (body.takeOver) {
        // § 85: the person's ENDED case elsewhere moves here; whether it may is decideClient's answer.
        if (!existing || existing.status === 'DELETED') {
          throw unprocessable('the person has no client case to take over', [
            { pointer: '/takeOver', detail: 'no client case with this identity code or UMA number' },
          ]);
        }
        const taken = await deliver(
          req,
          existing.id,
          'TAKE_OVER',
          { type: 'TAKE_OVER', consentRecordedOn: body.takeOver.consentRecordedOn },
          undefined,
          body,
          key,
        );
        return { id: taken.id, status: 'ACTIVE' as const, takenOverFrom: existing.municipalityId };
      }
      if (existing && !(key && existing.id === id)) {
        await audit(req, {
          action: 'client.register',
          resourceType: 'client',
          outcome: 'REFUSED',
          details: { reason: 'duplicate identifier' },
        });
        throw duplicate(actor, existing);
      }
      const registration = {
        ...person,
        residenceRight: body.residenceRight,
        finnishCitizen: body.finnishCitizen ?? false,
        ...(body.finnishCitizen && body.finnishCitizenException
          ? { finnishCitizenException: body.finnishCitizenException }
          : {}),
        ...(body.firstPlanStartedOn ? { firstPlanStartedOn: body.firstPlanStartedOn } : {}),
        ...(body.firstPermitDate ? { firstPermitDate: body.firstPermitDate } : {}),
        proposalId: body.proposalId,
        // § 73: what the accepted proposal brought along and the officer did not type over.
        itemsFromProposal: body.proposalId
          ? proposalPersonItems.filter((item) => body.person?.[item] === undefined)
          : [],
      };
      const input: ClientCaseInput = {
        client: {
          id,
          municipalityId: actor.orgId,
          firstPermitDate: body.firstPermitDate ?? null,
          ...(body.finnishCitizen ? { finnishCitizen: true } : {}),
          ...(body.firstPlanStartedOn ? { firstPlanStartedOn: body.firstPlanStartedOn } : {}),
        },
        actor,
        registration,
        requestHash: hash,
        // The case's deadlines are computed in its workflow, with these settings.
        settings: {
          reviewReminderBefore: settings.reviewReminderBefore,
          reviewInterval: settings.reviewInterval,
          retentionAfterEnd: settings.retentionAfterEnd,
          assessmentPeriod: settings.assessmentPeriod,
          firstPlanPeriod: settings.firstPlanPeriod,
        },
      };
      try {
        await client.workflow.executeUpdateWithStart(clientRegistered, {
          startWorkflowOperation: new WithStartWorkflowOperation(clientCase, {
            workflowId: clientWorkflowIdFor(id),
            taskQueue: config.temporal.taskQueue,
            args: [input],
            workflowIdConflictPolicy: 'USE_EXISTING',
            staticSummary: `Client case · registered by ${actor.orgId}`,
          }),
        });
      } catch (error) {
        const problem = decisionProblem(error);
        if (problem instanceof AppError && problem.status === 409) {
          const taken = await db.client.findFirst({ where: { OR: identifiers } });
          if (taken) throw duplicate(actor, taken);
        }
        throw problem;
      }
      if (key) {
        const first = await db.clientEvent.findUnique({ where: { clientId_seq: { clientId: id, seq: 1 } } });
        if ((first?.details as { requestHash?: string } | null)?.requestHash !== hash) {
          throw unprocessable('this Idempotency-Key was already used for another request');
        }
      }
      await audit(req, {
        action: 'client.register',
        resourceType: 'client',
        resourceId: id,
        subjectId: id,
        outcome: 'ALLOWED',
      });
      return { id, status: 'ACTIVE' as const };
    },

    async list(req: Request, query: z.infer<typeof schemas.listClientsQuery>) {
      const actor = await authorise(req, query.identifier ? 'client.search' : 'client.list');
      const scope =
        actor.orgKind === 'KEHA'
          ? query.municipalityId
            ? { municipalityId: query.municipalityId }
            : {}
          : { municipalityId: actor.orgId };
      const identifier = query.identifier?.trim().toUpperCase();
      const after = decodeCursor(query.cursor);
      const rows = await db.client.findMany({
        where: {
          AND: [
            scope,
            identifier ? { OR: [{ personalIdentityCode: identifier }, { umaNumber: identifier }] } : {},
            query.responsibleExpertId ? { responsibleExpertId: query.responsibleExpertId } : {},
            query.status ? { status: query.status } : { status: { not: 'DELETED' } },
            query.reviewOverdue ? { reviewOverdue: query.reviewOverdue === 'true' } : {},
            after
              ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] }
              : {},
          ],
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      // One audit row per client shown, written at once (over the pool) rather than one by one.
      await Promise.all(
        page.map((row) =>
          audit(req, {
            action: identifier ? 'client.search' : 'client.list',
            resourceType: 'client',
            resourceId: row.id,
            subjectId: row.id,
            outcome: 'ALLOWED',
          }),
        ),
      );
      const last = page[page.length - 1];
      return {
        items: page.map(summary),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
      };
    },

    async get(req: Request, id: string) {
      await authorise(req, 'client.read', id);
      const row = await visibleClient(req, 'client.read', id);
      const [assessments, reviews, events, everyday] = await Promise.all([
        db.clientAssessment.findMany({ where: { clientId: id }, orderBy: { seq: 'asc' } }),
        db.clientPlanReview.findMany({ where: { clientId: id }, orderBy: { seq: 'asc' } }),
        db.clientEvent.findMany({ where: { clientId: id }, orderBy: { seq: 'asc' } }),
        everydayRecordsOf(db, id),
      ]);
      await audit(req, {
        action: 'client.read',
        resourceType: 'client',
        resourceId: id,
        subjectId: id,
        outcome: 'ALLOWED',
      });
      return {
        ...summary(row),
        allowedActions: allowedClientCommands(decidableState(row), req.actor!, new Date()).map(
          (type) => clientDecisionPaths[type],
        ),
        person: {
          firstName: row.firstName ?? undefined,
          lastName: row.lastName ?? undefined,
          birthDate: row.birthDate ?? undefined,
          nationality: row.nationality ?? undefined,
          personalIdentityCode: row.personalIdentityCode ?? undefined,
          umaNumber: row.umaNumber ?? undefined,
          languages: row.languages,
          serviceLanguage: row.serviceLanguage ?? undefined,
          phone: row.phone ?? undefined,
          email: row.email ?? undefined,
          rightToWork: row.rightToWork ?? undefined,
        },
        residenceRight: row.residenceRight ?? undefined,
        finnishCitizen: row.finnishCitizen,
        ...registrationFacts(events[0]?.details),
        proposalId: row.proposalId ?? undefined,
        assessments: assessments.map((a) => ({
          type: a.type,
          completedOn: a.completedOn,
          summary: a.summary,
          serviceNeeds: a.serviceNeeds,
          welfareAreaParticipated: a.welfareAreaParticipated,
          recordedBy: a.recordedBy,
          recordedAt: a.recordedAt.toISOString(),
        })),
        plan: row.plan ?? undefined,
        reviews: reviews.map((r) => ({
          reviewedOn: r.reviewedOn,
          changes: r.changes,
          recordedBy: r.recordedBy,
          recordedAt: r.recordedAt.toISOString(),
        })),
        endedAt: row.endedAt?.toISOString(),
        endReason: row.endReason ?? undefined,
        deletionDueAt: row.deletionDueAt?.toISOString(),
        provenance: everyday.provenance,
        timeline: mergeTimeline(events.map(presentEvent), everyday.events),
      };
    },

    async assignExpert(
      req: Request,
      id: string,
      body: z.infer<typeof schemas.assignExpertBody>,
      key?: string,
    ) {
      await authorise(req, 'client.assignExpert', id);
      // Whose officer the expert is, from the users' rights; the workflow compares it with the case.
      const now = new Date();
      const expert = await db.user.findUnique({
        where: { id: body.userId },
        include: {
          rights: {
            where: {
              role: 'OFFICER',
              revokedAt: null,
              validFrom: { lte: now },
              OR: [{ validUntil: null }, { validUntil: { gt: now } }],
            },
          },
        },
      });
      const officerOf = expert?.active && expert.rights.length ? expert.organisationId : null;
      return deliver(
        req,
        id,
        'ASSIGN_EXPERT',
        { type: 'ASSIGN_EXPERT', userId: body.userId, officerOf },
        undefined,
        body,
        key,
      );
    },

    async recordAssessment(
      req: Request,
      id: string,
      body: z.infer<typeof schemas.assessmentBody>,
      key?: string,
    ) {
      await authorise(req, 'client.recordAssessment', id);
      return deliver(
        req,
        id,
        'RECORD_ASSESSMENT',
        { type: 'RECORD_ASSESSMENT', assessmentType: body.type, completedOn: body.completedOn },
        {
          summary: body.summary,
          serviceNeeds: body.serviceNeeds,
          welfareAreaParticipated: body.welfareAreaParticipated ?? false,
        },
        body,
        key,
      );
    },

    async setPlan(req: Request, id: string, body: z.infer<typeof schemas.planBody>, key?: string) {
      await authorise(req, 'client.setPlan', id);
      // § 23's limits and the review deadline are the workflow's (decideClient), from its own state.
      const grounds = planGrounds(body);
      return deliver(
        req,
        id,
        'SET_PLAN',
        {
          type: 'SET_PLAN',
          validFrom: body.validFrom,
          validUntil: body.validUntil,
          grounds,
          groundsPointer: body.extensions ? '/extensions' : body.extension ? '/extension/months' : undefined,
        },
        {
          goals: body.goals,
          tasks: body.tasks,
          services: body.services,
          extension: body.extension ?? grounds[0] ?? null,
          ...(body.extensions ? { extensions: grounds } : {}),
        },
        body,
        key,
      );
    },

    async recordReview(req: Request, id: string, body: z.infer<typeof schemas.reviewBody>, key?: string) {
      await authorise(req, 'client.recordReview', id);
      return deliver(
        req,
        id,
        'RECORD_REVIEW',
        { type: 'RECORD_REVIEW', reviewedOn: body.reviewedOn, nextReviewOn: body.nextReviewOn },
        { changes: body.changes },
        body,
        key,
      );
    },

    async end(req: Request, id: string, body: z.infer<typeof schemas.endBody>, key?: string) {
      await authorise(req, 'client.end', id);
      return deliver(req, id, 'END', { type: 'END', reason: body.reason }, undefined, body, key);
    },

    async resume(req: Request, id: string, body: z.infer<typeof schemas.resumeBody>, key?: string) {
      await authorise(req, 'client.resume', id);
      return deliver(req, id, 'RESUME', { type: 'RESUME', reason: body.reason }, undefined, body, key);
    },

    async move(req: Request, id: string, body: z.infer<typeof schemas.moveBody>, key?: string) {
      await authorise(req, 'client.move', id);
      const target = await db.organisation.findUnique({ where: { id: body.municipalityId } });
      if (target?.kind !== 'MUNICIPALITY') {
        throw unprocessable('no such municipality', [
          { pointer: '/municipalityId', detail: `${body.municipalityId} is not a municipality` },
        ]);
      }
      return deliver(
        req,
        id,
        'MOVE',
        { type: 'MOVE', municipalityId: body.municipalityId, consentRecordedOn: body.consentRecordedOn },
        undefined,
        body,
        key,
      );
    },
  };
}

export type ClientUseCases = ReturnType<typeof createClientUseCases>;

/** The case's state as far as the decision rules look at it, rebuilt from the read model. */
function decidableState(row: {
  id: string;
  municipalityId: string;
  status: string;
  finnishCitizen: boolean;
  responsibleExpertId: string | null;
  plan: unknown;
  nextReviewDue: Date | null;
  reviewOverdue: boolean;
  endedAt: Date | null;
  deletionDueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}): ClientState {
  const plan = row.plan as { validFrom: string; validUntil: string; firstPlanFrom?: string } | null;
  return {
    id: row.id,
    municipalityId: row.municipalityId,
    status: row.status as ClientStatus,
    responsibleExpertId: row.responsibleExpertId,
    assessments: 0,
    reviews: 0,
    firstPermitDate: null,
    plan: plan
      ? {
          validFrom: plan.validFrom,
          validUntil: plan.validUntil,
          firstPlanFrom: plan.firstPlanFrom ?? plan.validFrom,
          expired: false,
        }
      : null,
    nextReviewDue: row.nextReviewDue?.toISOString() ?? null,
    reviewReminded: false,
    reviewOverdue: row.reviewOverdue,
    reviewRemainingMs: null,
    endedAt: row.endedAt?.toISOString() ?? null,
    deletionDueAt: row.deletionDueAt?.toISOString() ?? null,
    ...(row.finnishCitizen ? { finnishCitizen: true } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    seq: 0,
  };
}

/** The registration's facts kept in the REGISTERED event (activities/clientRecords.ts). */
function registrationFacts(details: unknown) {
  const d = (details ?? {}) as {
    finnishCitizenException?: { basis: FinnishCitizenExceptionBasis; note?: string };
    firstPlanStartedOn?: string;
    firstPermitDate?: string;
  };
  return {
    ...(d.finnishCitizenException ? { finnishCitizenException: d.finnishCitizenException } : {}),
    ...(d.firstPlanStartedOn ? { firstPlanStartedOn: d.firstPlanStartedOn } : {}),
    ...(d.firstPermitDate ? { firstPermitDate: d.firstPermitDate } : {}),
  };
}

/**
 * 409 for a duplicate, saying only what the caller may know: the client's ID if it is theirs;
 * for another municipality's ENDED case, that it can be taken over (`takeOver`, § 85).
 */
function duplicate(actor: Actor, existing: { id: string; municipalityId: string; status: string }): AppError {
  const own = mayViewClient(actor, existing);
  const takeable = !own && existing.status === 'ENDED';
  const error = conflict(
    own
      ? `the person is already registered as client ${existing.id} of your municipality`
      : takeable
        ? 'the person’s client case in another municipality has ENDED: take it over with the client’s consent (takeOver, § 85) instead of registering them again'
        : 'the person is already registered as a client in another municipality',
  );
  if (own) error.extensions = { existingClientId: existing.id };
  if (takeable) error.extensions = { canTakeOver: true };
  return error;
}

function summary(row: {
  id: string;
  status: string;
  municipalityId: string;
  firstName: string | null;
  lastName: string | null;
  birthDate: string | null;
  responsibleExpertId: string | null;
  nextReviewDue: Date | null;
  reviewOverdue: boolean;
  createdAt: Date;
  updatedAt: Date;
}) {
  return {
    id: row.id,
    status: row.status,
    municipalityId: row.municipalityId,
    firstName: row.firstName ?? undefined,
    lastName: row.lastName ?? undefined,
    birthDate: row.birthDate ?? undefined,
    responsibleExpertId: row.responsibleExpertId ?? undefined,
    nextReviewDue: row.nextReviewDue ? helsinkiDate(row.nextReviewDue) : undefined,
    nextReviewDueAt: row.nextReviewDue?.toISOString(),
    reviewOverdue: row.reviewOverdue,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function present(result: ClientResult) {
  return {
    id: result.id,
    status: result.status,
    municipalityId: result.municipalityId,
    responsibleExpertId: result.responsibleExpertId ?? undefined,
    nextReviewDue: result.nextReviewDue ? helsinkiDate(new Date(result.nextReviewDue)) : undefined,
    nextReviewDueAt: result.nextReviewDue ?? undefined,
    reviewOverdue: result.reviewOverdue,
  };
}
