import crypto from 'node:crypto';
import { decisionProblem, deliverDecision, idFromKey, refusalDetails, requestHash } from '../decisions';
import type { Request } from 'express';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  type Client,
} from '@temporalio/client';
import type { z } from 'zod';
import type { Action } from '../../domain/access/policy';
import { createGuard } from '../guard';
import { presentEvent } from '../timeline';
import { resolveDeadline, type DeadlinePolicy } from '../../domain/placement/deadlines';
import {
  allowedAnswers,
  allowedCommands,
  hearingsOf,
  type Command,
  type CommandType,
  type MunicipalityFacts,
  type ProposalState,
  type ProposalStatus,
} from '../../domain/placement/proposal';
import { proposalDecisionPaths } from '../decisionPaths';
import { mayView, type ProposalParties } from '../../domain/placement/visibility';
import { householdProblems, withMinorFlags } from '../../domain/placement/household';
import { helsinkiDate } from '../../domain/time';
import type { AppConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import { placementProposal } from '../../workflows/placementProposal/workflow';
import {
  decisionUpdates,
  proposalRecorded,
  workflowIdFor,
  type DecisionResult,
  type PlacementProposalInput,
} from '../../workflows/placementProposal/messages';
import type { AuditLog } from '../audit';
import { encodeCursor, decodeCursor } from '../pagination';
import { AppError, conflict, notFound, unprocessable } from '../problem';
import type * as schemas from './schemas';

export interface PlacementDeps {
  db: Database;
  client: Client;
  config: AppConfig;
  audit: AuditLog;
}

const NOT_VISIBLE = 'no such placement proposal, or it is not visible to your organisation';

const actionOf: Record<CommandType, Action> = {
  SEND: 'proposal.send',
  REQUEST_HEARING: 'proposal.requestHearing',
  ANSWER_HEARING: 'proposal.answerHearing',
  ANSWER: 'proposal.answer',
  REDISTRIBUTE: 'proposal.redistribute',
  FORWARD: 'proposal.forward',
  RETURN_TO_MIGRI: 'proposal.returnToMigri',
  CONFIRM: 'proposal.confirm',
  WITHDRAW: 'proposal.withdraw',
  EDIT_DRAFT: 'proposal.edit',
  CANCEL_HEARING: 'proposal.cancelHearing',
  RECORD_HOUSING_AGREEMENT: 'proposal.recordHousingAgreement',
};

export function createPlacementUseCases({ db, client, config, audit }: PlacementDeps) {
  const answerPolicy: DeadlinePolicy = {
    period: config.placement.answerPeriod,
    min: config.placement.answerPeriodMin,
    max: config.placement.answerPeriodMax,
  };
  const hearingPolicy: DeadlinePolicy = { ...answerPolicy, period: config.placement.hearingPeriod };

  const { authorise, notVisible } = createGuard(audit, 'placement-proposal');

  /** The proposal as the caller may see it, or 404: existence must not leak to other authorities. */
  async function visibleProposal(req: Request, action: Action, id: string) {
    const row = await db.placementProposal.findUnique({ where: { id } });
    if (!row || !mayView(req.actor!, partiesOf(row))) {
      throw await notVisible(req, action, id, NOT_VISIBLE);
    }
    return row;
  }

  async function municipalityFacts(id: string, pointer: string): Promise<MunicipalityFacts> {
    const org = await db.organisation.findUnique({ where: { id } });
    if (!org || org.kind !== 'MUNICIPALITY') {
      throw unprocessable('no such municipality', [{ pointer, detail: `${id} is not a municipality` }]);
    }
    return { id: org.id, welfareAreaId: org.welfareAreaId, aland: org.aland };
  }

  function deadline(date: string | undefined, policy: DeadlinePolicy, pointer: string): string {
    const result = resolveDeadline(new Date(), date, policy);
    if (!result.ok)
      throw unprocessable('the due date is out of bounds', [{ pointer, detail: result.reason }]);
    return result.dueAt.toISOString();
  }

  /** Translates a body into the domain command, resolving referenced organisations and deadlines. */
  async function commandFor(type: CommandType, body: Record<string, unknown>): Promise<Command> {
    switch (type) {
      case 'SEND':
      case 'REDISTRIBUTE': {
        const b = body as z.infer<typeof schemas.sendBody>;
        return {
          type,
          municipality: await municipalityFacts(b.municipalityId, '/municipalityId'),
          answerDueAt: deadline(b.answerDueDate, answerPolicy, '/answerDueDate'),
        };
      }
      case 'REQUEST_HEARING': {
        const b = body as z.infer<typeof schemas.hearingBody>;
        if (b.welfareAreaId) {
          const org = await db.organisation.findUnique({ where: { id: b.welfareAreaId } });
          if (org?.kind !== 'WELFARE_AREA')
            throw unprocessable('no such welfare area', [
              { pointer: '/welfareAreaId', detail: `${b.welfareAreaId} is not a welfare area` },
            ]);
        }
        return {
          type,
          welfareAreaId: b.welfareAreaId ?? null,
          mode: b.mode,
          dueAt: deadline(b.dueDate, hearingPolicy, '/dueDate'),
          ...(b.authority !== undefined ? { authority: b.authority } : {}),
        };
      }
      case 'RECORD_HOUSING_AGREEMENT': {
        const b = body as z.infer<typeof schemas.housingAgreementBody>;
        if (b.welfareAreaId) {
          const org = await db.organisation.findUnique({ where: { id: b.welfareAreaId } });
          if (org?.kind !== 'WELFARE_AREA')
            throw unprocessable('no such welfare area', [
              { pointer: '/welfareAreaId', detail: `${b.welfareAreaId} is not a welfare area` },
            ]);
        }
        return { type, agreedOn: b.agreedOn, note: b.note, welfareAreaId: b.welfareAreaId ?? null };
      }
      case 'EDIT_DRAFT':
        return { type, changes: body as z.infer<typeof schemas.editDraftBody> };
      case 'FORWARD': {
        const b = body as z.infer<typeof schemas.forwardBody>;
        const org = await db.organisation.findUnique({ where: { id: b.elinvoimakeskusId } });
        if (org?.kind !== 'ELINVOIMAKESKUS') {
          throw unprocessable('no such elinvoimakeskus', [
            { pointer: '/elinvoimakeskusId', detail: `${b.elinvoimakeskusId} is not an elinvoimakeskus` },
          ]);
        }
        return { type, elinvoimakeskusId: b.elinvoimakeskusId, reason: b.reason };
      }
      default:
        return { type, ...body } as Command;
    }
  }

  /**
   * The proposal's state as far as the decision rules look at it, rebuilt from the read model, so
   * that `allowedActions` comes from `decide` itself without a round trip to the workflow.
   */
  async function decidableState(
    row: NonNullable<Awaited<ReturnType<typeof db.placementProposal.findUnique>>>,
    household: ProposalState['household'],
  ) {
    const municipality = row.municipalityId
      ? await db.organisation.findUnique({ where: { id: row.municipalityId } })
      : null;
    const awaited = row.status === 'AWAITING_MUNICIPALITY' || row.status === 'HEARING';
    const state: ProposalState = {
      id: row.id,
      kind: row.kind as ProposalState['kind'],
      status: row.status as ProposalStatus,
      ownerId: row.ownerId,
      evidentServiceNeeds: row.evidentServiceNeeds,
      unaccompaniedMinor: row.unaccompaniedMinor,
      household,
      municipality: municipality
        ? { id: municipality.id, welfareAreaId: municipality.welfareAreaId, aland: municipality.aland }
        : null,
      round: row.round,
      rounds: [],
      answerDueAt: row.answerDueAt?.toISOString() ?? null,
      // The workflow marks the answer overdue when its deadline passes.
      overdue: awaited && !!row.answerDueAt && row.answerDueAt.getTime() <= Date.now(),
      hearing: (row.hearing ?? null) as ProposalState['hearing'],
      hearings: (row.hearings ?? undefined) as ProposalState['hearings'],
      housingAgreements: (row.housingAgreements ?? []) as unknown as ProposalState['housingAgreements'],
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      version: row.version,
      seq: 0,
    };
    return state;
  }

  return {
    async create(req: Request, body: z.infer<typeof schemas.createProposalBody>, idempotencyKey?: string) {
      const actor = await authorise(req, 'proposal.create');
      // § 2(6): `minor` agrees with the birth date, `unaccompanied` is for those under 23 (Helsinki date).
      const problems = householdProblems(body.household, new Date());
      if (problems.length)
        throw unprocessable('the household’s age flags do not agree with the birth dates', problems);
      const hash = requestHash('proposal.create', body);
      const id = idempotencyKey ? idFromKey(actor.userId, idempotencyKey) : crypto.randomUUID();
      const input: PlacementProposalInput = {
        proposal: {
          id,
          kind: body.kind,
          ownerId: actor.orgId,
          household: withMinorFlags(body.household, new Date()),
          evidentServiceNeeds: body.evidentServiceNeeds,
          notes: body.notes,
        },
        actor,
        requestHash: hash,
        settings: { reminderBefore: config.placement.reminderBefore },
      };
      try {
        // A retried create (same key, so same ID) finds the running workflow, which checks the body.
        await client.workflow.executeUpdateWithStart(proposalRecorded, {
          args: [{ requestHash: hash }],
          startWorkflowOperation: new WithStartWorkflowOperation(placementProposal, {
            workflowId: workflowIdFor(id),
            taskQueue: config.temporal.taskQueue,
            args: [input],
            workflowIdConflictPolicy: 'USE_EXISTING',
            // Never a second run for a proposal that has ended: its retried create is checked below.
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            staticSummary: `Placement proposal · ${body.kind} · ${body.household.length} person(s) · owner ${actor.orgId}`,
          }),
        });
      } catch (error) {
        const reused = () =>
          unprocessable('this Idempotency-Key was already used for another request', [
            { pointer: '/', detail: 'Idempotency-Key reused with a different body' },
          ]);
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          const created = await db.proposalEvent.findUnique({
            where: { proposalId_seq: { proposalId: id, seq: 1 } },
          });
          if ((created?.details as { requestHash?: string } | null)?.requestHash !== hash) throw reused();
        } else {
          const problem = decisionProblem(error);
          // A refused household (the workflow's own check) names its fields; a bare 422 is a reused key.
          throw problem instanceof AppError && problem.status === 422 && !problem.errors?.length
            ? reused()
            : problem;
        }
      }
      await audit(req, {
        action: 'proposal.create',
        resourceType: 'placement-proposal',
        resourceId: id,
        subjectId: id,
        outcome: 'ALLOWED',
      });
      return { id, status: 'DRAFT' as ProposalStatus, kind: body.kind, ownerId: actor.orgId };
    },

    async decide(
      req: Request,
      id: string,
      type: CommandType,
      body: Record<string, unknown>,
      idempotencyKey?: string,
    ) {
      const action = actionOf[type];
      const actor = await authorise(req, action, id);
      const hash = requestHash(action, body);
      const scopedKey = idempotencyKey ? `${actor.userId}:${idempotencyKey}` : undefined;
      const refused = (error: AppError) =>
        audit(req, {
          action,
          resourceType: 'placement-proposal',
          resourceId: id,
          subjectId: id,
          outcome: 'REFUSED',
          details: refusalDetails(error),
        });
      // Visibility, status and the rules are the workflow's answer; the read model is read only
      // once the workflow has ended (a retried request is answered from the record of its result).
      const whenClosed = async () => {
        const row = await db.placementProposal.findUnique({ where: { id } });
        if (!row || !mayView(actor, partiesOf(row))) throw notFound(NOT_VISIBLE);
        if (scopedKey) {
          const earlier = await db.proposalEvent.findFirst({
            where: { proposalId: id, details: { path: ['idempotencyKey'], equals: scopedKey } },
          });
          if (earlier) {
            if ((earlier.details as { requestHash?: string }).requestHash !== hash)
              throw unprocessable('this Idempotency-Key was already used for another request');
            return resultOfRow(row);
          }
        }
        throw conflict(`the proposal is ${row.status}: no further decisions`);
      };
      const command = await commandFor(type, body);
      try {
        const result = await deliverDecision(
          client.workflow.getHandle(workflowIdFor(id)),
          decisionUpdates[type] as typeof decisionUpdates.SEND,
          {
            actor,
            command: command as Extract<Command, { type: 'SEND' }>,
            idempotencyKey: scopedKey,
            requestHash: hash,
          },
          {
            idempotency: scopedKey ? { key: scopedKey, hash } : undefined,
            notVisible: NOT_VISIBLE,
            whenClosed,
          },
        );
        await audit(req, {
          action,
          resourceType: 'placement-proposal',
          resourceId: id,
          subjectId: id,
          outcome: 'ALLOWED',
        });
        return present(result);
      } catch (error) {
        if (error instanceof AppError) await refused(error);
        throw error;
      }
    },

    async get(req: Request, id: string) {
      await authorise(req, 'proposal.read', id);
      const row = await visibleProposal(req, 'proposal.read', id);
      const [persons, rounds, events] = await Promise.all([
        db.proposalPerson.findMany({ where: { proposalId: id }, orderBy: { position: 'asc' } }),
        db.proposalRound.findMany({ where: { proposalId: id }, orderBy: { round: 'asc' } }),
        db.proposalEvent.findMany({ where: { proposalId: id }, orderBy: { seq: 'asc' } }),
      ]);
      await audit(req, {
        action: 'proposal.read',
        resourceType: 'placement-proposal',
        resourceId: id,
        subjectId: id,
        outcome: 'ALLOWED',
      });
      const household = persons.map((p) => ({
        firstName: p.firstName,
        lastName: p.lastName,
        birthDate: p.birthDate,
        nationality: p.nationality,
        umaNumber: p.umaNumber ?? undefined,
        personalIdentityCode: p.personalIdentityCode ?? undefined,
        languages: p.languages as { code: string; level?: string }[],
        minor: p.minor,
        unaccompanied: p.unaccompanied,
      }));
      const state = await decidableState(row, household);
      const now = new Date();
      const allowed = allowedCommands(state, req.actor!, now);
      return {
        ...viewResult(row),
        allowedActions: allowed.map((type) => proposalDecisionPaths[type]),
        ...(allowed.includes('ANSWER') ? { allowedAnswers: allowedAnswers(state, req.actor!, now) } : {}),
        kind: row.kind,
        evidentServiceNeeds: row.evidentServiceNeeds,
        unaccompaniedMinor: row.unaccompaniedMinor,
        unaccompanied: row.unaccompaniedMinor || household.some((p) => p.unaccompanied),
        notes: row.notes ?? undefined,
        household,
        hearing: row.hearing ?? undefined,
        hearings: hearingsOf(state),
        housingAgreements: state.housingAgreements ?? [],
        ...(row.erasedAt ? { personalDataErased: true } : {}),
        rounds: rounds.map((r) => ({
          round: r.round,
          ownerId: r.ownerId,
          municipalityId: r.municipalityId,
          sentAt: r.sentAt.toISOString(),
          answerDueDate: helsinkiDate(r.answerDueAt),
          answerDueAt: r.answerDueAt.toISOString(),
          decision: r.decision ?? undefined,
          reason: r.reason ?? undefined,
          answeredAt: r.answeredAt?.toISOString(),
          late: r.late,
        })),
        timeline: events.map(presentEvent),
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
      };
    },

    async list(req: Request, query: z.infer<typeof schemas.listProposalsQuery>) {
      const actor = await authorise(req, 'proposal.list');
      const scope =
        actor.orgKind === 'KEHA'
          ? {}
          : actor.orgKind === 'ELINVOIMAKESKUS'
            ? { ownerId: actor.orgId }
            : actor.orgKind === 'MUNICIPALITY'
              ? { municipalityId: actor.orgId }
              : {
                  // Every welfare area heard in the system keeps seeing the proposal (visibility.ts).
                  OR: [
                    { hearings: { array_contains: [{ welfareAreaId: actor.orgId, mode: 'IN_SYSTEM' }] } },
                    {
                      AND: [
                        { hearing: { path: ['welfareAreaId'], equals: actor.orgId } },
                        { hearing: { path: ['mode'], equals: 'IN_SYSTEM' } },
                      ],
                    },
                  ],
                };
      const after = decodeCursor(query.cursor);
      const rows = await db.placementProposal.findMany({
        where: {
          AND: [
            scope,
            query.status ? { status: query.status } : {},
            query.municipalityId ? { municipalityId: query.municipalityId } : {},
            query.elinvoimakeskusId ? { ownerId: query.elinvoimakeskusId } : {},
            query.overdue ? { overdue: query.overdue === 'true' } : {},
            after
              ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] }
              : {},
          ],
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
        include: { _count: { select: { persons: true } } },
      });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((row) => ({
          ...viewResult(row),
          kind: row.kind,
          householdSize: row._count.persons,
          evidentServiceNeeds: row.evidentServiceNeeds,
          createdAt: row.createdAt.toISOString(),
          updatedAt: row.updatedAt.toISOString(),
        })),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
      };
    },
  };
}

export type PlacementUseCases = ReturnType<typeof createPlacementUseCases>;

/** Who may see a proposal, from its read-model row. */
function partiesOf(row: {
  ownerId: string;
  municipalityId: string | null;
  hearing: unknown;
  hearings: unknown;
}): ProposalParties {
  return {
    ownerId: row.ownerId,
    municipalityId: row.municipalityId,
    hearing: (row.hearing ?? null) as ProposalParties['hearing'],
    hearings: (row.hearings ?? null) as ProposalParties['hearings'],
  };
}

function resultOfRow(row: {
  id: string;
  status: string;
  round: number;
  ownerId: string;
  municipalityId: string | null;
  answerDueAt: Date | null;
  overdue: boolean;
  version: number;
}): DecisionResult {
  return {
    id: row.id,
    status: row.status as ProposalStatus,
    round: row.round,
    ownerId: row.ownerId,
    municipalityId: row.municipalityId,
    answerDueAt: row.answerDueAt?.toISOString() ?? null,
    overdue: row.overdue,
    version: row.version,
  };
}

const viewResult = (row: Parameters<typeof resultOfRow>[0]) => present(resultOfRow(row));

function present(result: DecisionResult) {
  return {
    id: result.id,
    status: result.status,
    round: result.round,
    ownerId: result.ownerId,
    municipalityId: result.municipalityId ?? undefined,
    answerDueDate: result.answerDueAt ? helsinkiDate(new Date(result.answerDueAt)) : undefined,
    answerDueAt: result.answerDueAt ?? undefined,
    overdue: result.overdue,
  };
}
