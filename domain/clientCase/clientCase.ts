import type { Actor } from '../organisations/kinds';
import { checkPlan, type PlanProblem } from './planRules';

/**
 * The client case (asiakkuus) as a pure state machine. The state holds what the deadlines and
 * the rules need (dates, statuses, IDs); the content of assessments and plans passes through to
 * the read model and is not kept here.
 */

export const clientStatuses = ['ACTIVE', 'ENDED', 'DELETED'] as const;
export type ClientStatus = (typeof clientStatuses)[number];

export interface ClientState {
  id: string;
  municipalityId: string;
  status: ClientStatus;
  responsibleExpertId: string | null;
  assessments: number;
  reviews: number;
  firstPermitDate: string | null;
  plan: { validFrom: string; validUntil: string; firstPlanFrom: string; expired: boolean } | null;
  nextReviewDue: string | null;
  reviewReminded: boolean;
  reviewOverdue: boolean;
  /** While ended, how much time the review deadline had left: it resumes from there. */
  reviewRemainingMs: number | null;
  endedAt: string | null;
  deletionDueAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  seq: number;
}

export interface ClientEvent {
  seq: number;
  at: string;
  actor: { userId: string; orgId: string } | null;
  type: string;
  details: Record<string, unknown>;
}

export type ClientCommand =
  | {
      type: 'ASSIGN_EXPERT';
      userId: string;
      /**
       * The organisation whose active officer the user is now (null: nobody's), checked against
       * the case's municipality. Absent in commands recorded before the check moved here.
       */
      officerOf?: string | null;
    }
  | { type: 'RECORD_ASSESSMENT'; assessmentType: 'INITIAL' | 'REASSESSMENT'; completedOn: string }
  | {
      type: 'SET_PLAN';
      validFrom: string;
      validUntil: string;
      nextReviewDue: string;
      /**
       * The § 23 extensions claimed, for checking the plan against the case's earlier plans.
       * Absent in commands recorded before the check moved here (they were checked by the API).
       */
      limits?: { extensionMonths: number; absenceMonths: number };
    }
  | { type: 'RECORD_REVIEW'; reviewedOn: string; nextReviewDue: string }
  | { type: 'END'; reason: string; deletionDueAt: string }
  /** `nextReviewDue`: when the review period restarts, if the case has a plan and no time left over. */
  | { type: 'RESUME'; reason?: string; nextReviewDue: string | null }
  | { type: 'MOVE'; municipalityId: string; consentRecordedOn: string };

export type ClientCommandType = ClientCommand['type'];

export type ClientRefusal = {
  code: 'FORBIDDEN' | 'CONFLICT' | 'INVALID';
  message: string;
  field?: string;
  /** Every field's problem, when there are several (the plan's limits). */
  errors?: PlanProblem[];
};
export type ClientDecision =
  { ok: true; state: ClientState; event: ClientEvent } | { ok: false; refusal: ClientRefusal };

export function registerClient(
  input: { id: string; municipalityId: string; firstPermitDate?: string | null },
  actor: Actor,
  now: Date,
): { state: ClientState; event: ClientEvent } {
  const at = now.toISOString();
  return {
    state: {
      id: input.id,
      municipalityId: input.municipalityId,
      status: 'ACTIVE',
      responsibleExpertId: null,
      assessments: 0,
      reviews: 0,
      firstPermitDate: input.firstPermitDate ?? null,
      plan: null,
      nextReviewDue: null,
      reviewReminded: false,
      reviewOverdue: false,
      reviewRemainingMs: null,
      endedAt: null,
      deletionDueAt: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
      seq: 1,
    },
    event: {
      seq: 1,
      at,
      actor: { userId: actor.userId, orgId: actor.orgId },
      type: 'REGISTERED',
      details: {},
    },
  };
}

/** Which statuses each command may start from. */
const allowedFrom: Record<ClientCommandType, readonly ClientStatus[]> = {
  ASSIGN_EXPERT: ['ACTIVE'],
  RECORD_ASSESSMENT: ['ACTIVE'],
  SET_PLAN: ['ACTIVE'],
  RECORD_REVIEW: ['ACTIVE'],
  END: ['ACTIVE'],
  RESUME: ['ENDED'],
  MOVE: ['ACTIVE'],
};

export function decideClient(
  state: ClientState,
  command: ClientCommand,
  actor: Actor,
  now: Date,
): ClientDecision {
  if (!(
    actor.orgKind === 'MUNICIPALITY' &&
    actor.orgId === state.municipalityId &&
    actor.roles.includes('OFFICER')
  )) {
    return {
      ok: false,
      refusal: {
        code: 'FORBIDDEN',
        message: `only an officer of ${state.municipalityId} may change this client case`,
      },
    };
  }
  if (!allowedFrom[command.type].includes(state.status)) {
    return {
      ok: false,
      refusal: {
        code: 'CONFLICT',
        message: `cannot ${command.type.toLowerCase().replace(/_/g, ' ')} a client case that is ${state.status}`,
      },
    };
  }
  const at = now.toISOString();
  const next: ClientState = { ...state, updatedAt: at, version: state.version + 1, seq: state.seq + 1 };
  const event = (type: string, details: Record<string, unknown> = {}): ClientDecision => ({
    ok: true,
    state: next,
    event: { seq: next.seq, at, actor: { userId: actor.userId, orgId: actor.orgId }, type, details },
  });
  const schedule = (due: string) => {
    next.nextReviewDue = due;
    next.reviewReminded = false;
    next.reviewOverdue = false;
  };

  switch (command.type) {
    case 'ASSIGN_EXPERT':
      if (command.officerOf !== undefined && command.officerOf !== state.municipalityId) {
        return {
          ok: false,
          refusal: {
            code: 'INVALID',
            message: 'the responsible expert must be an officer of the client’s municipality',
            errors: [{ pointer: '/userId', detail: 'not an officer of this municipality' }],
          },
        };
      }
      next.responsibleExpertId = command.userId;
      return event('RESPONSIBLE_EXPERT_ASSIGNED', { userId: command.userId });
    case 'RECORD_ASSESSMENT':
      next.assessments = state.assessments + 1;
      return event('ASSESSMENT_RECORDED', {
        assessmentType: command.assessmentType,
        completedOn: command.completedOn,
        number: next.assessments,
      });
    case 'SET_PLAN': {
      if (command.limits) {
        const problems = checkPlan(
          { validFrom: command.validFrom, validUntil: command.validUntil, ...command.limits },
          { firstPlanFrom: state.plan?.firstPlanFrom ?? null, firstPermitDate: state.firstPermitDate },
        );
        if (problems.length) {
          return {
            ok: false,
            refusal: {
              code: 'INVALID',
              message: 'the integration plan breaks the act’s limits',
              errors: problems,
            },
          };
        }
      }
      const firstPlanFrom =
        state.plan && state.plan.firstPlanFrom <= command.validFrom
          ? state.plan.firstPlanFrom
          : command.validFrom;
      next.plan = {
        validFrom: command.validFrom,
        validUntil: command.validUntil,
        firstPlanFrom,
        expired: false,
      };
      schedule(command.nextReviewDue);
      return event(state.plan ? 'PLAN_REPLACED' : 'PLAN_SET', {
        validFrom: command.validFrom,
        validUntil: command.validUntil,
        nextReviewDue: command.nextReviewDue,
      });
    }
    case 'RECORD_REVIEW':
      if (!state.plan)
        return {
          ok: false,
          refusal: { code: 'CONFLICT', message: 'there is no integration plan to review' },
        };
      next.reviews = state.reviews + 1;
      schedule(command.nextReviewDue);
      return event('PLAN_REVIEWED', { reviewedOn: command.reviewedOn, nextReviewDue: command.nextReviewDue });
    case 'END': {
      next.status = 'ENDED';
      next.endedAt = at;
      next.deletionDueAt = command.deletionDueAt;
      // Deadlines stop: keep what was left of the review period for a resumption.
      next.reviewRemainingMs =
        state.nextReviewDue && !state.reviewOverdue
          ? Math.max(0, Date.parse(state.nextReviewDue) - now.getTime())
          : null;
      return event('ENDED', { reason: command.reason, deletionDueAt: command.deletionDueAt });
    }
    case 'RESUME': {
      next.status = 'ACTIVE';
      next.endedAt = null;
      next.deletionDueAt = null;
      if (state.reviewRemainingMs !== null) {
        schedule(new Date(now.getTime() + state.reviewRemainingMs).toISOString());
      } else if (command.nextReviewDue && state.plan) {
        schedule(command.nextReviewDue);
      }
      next.reviewRemainingMs = null;
      return event('RESUMED', { reason: command.reason, nextReviewDue: next.nextReviewDue });
    }
    case 'MOVE':
      if (command.municipalityId === state.municipalityId) {
        return {
          ok: false,
          refusal: {
            code: 'INVALID',
            message: 'the client is already in that municipality',
            field: '/municipalityId',
          },
        };
      }
      next.municipalityId = command.municipalityId;
      next.responsibleExpertId = null;
      return event('MOVED', {
        from: state.municipalityId,
        to: command.municipalityId,
        consentRecordedOn: command.consentRecordedOn,
      });
  }
}

export type ClientSystemEvent = 'REVIEW_REMINDER' | 'REVIEW_OVERDUE' | 'PLAN_EXPIRED' | 'DELETED';

/** Events the workflow's timers produce, without an actor. */
export function clientSystemEvent(
  state: ClientState,
  type: ClientSystemEvent,
  now: Date,
): { state: ClientState; event: ClientEvent } {
  const at = now.toISOString();
  const next: ClientState = { ...state, updatedAt: at, version: state.version + 1, seq: state.seq + 1 };
  const details: Record<string, unknown> = {};
  switch (type) {
    case 'REVIEW_REMINDER':
      next.reviewReminded = true;
      details.nextReviewDue = state.nextReviewDue;
      details.responsibleExpertId = state.responsibleExpertId;
      break;
    case 'REVIEW_OVERDUE':
      next.reviewOverdue = true;
      details.nextReviewDue = state.nextReviewDue;
      break;
    case 'PLAN_EXPIRED':
      if (next.plan) next.plan = { ...next.plan, expired: true };
      details.validUntil = state.plan?.validUntil;
      break;
    case 'DELETED':
      next.status = 'DELETED';
      next.responsibleExpertId = null;
      next.nextReviewDue = null;
      next.reviewOverdue = false;
      details.endedAt = state.endedAt;
      break;
  }
  return { state: next, event: { seq: next.seq, at, actor: null, type, details } };
}

/** Review deadline runs only for an active case with a plan in force. */
export function reviewDeadlineRunning(state: ClientState): boolean {
  return (
    state.status === 'ACTIVE' &&
    state.nextReviewDue !== null &&
    !state.reviewOverdue &&
    !!state.plan &&
    !state.plan.expired
  );
}

export const clientCommandTypes = [
  'ASSIGN_EXPERT',
  'RECORD_ASSESSMENT',
  'SET_PLAN',
  'RECORD_REVIEW',
  'END',
  'RESUME',
  'MOVE',
] as const satisfies readonly ClientCommandType[];

function probeClient(type: ClientCommandType, now: Date): ClientCommand {
  const today = now.toISOString().slice(0, 10);
  const later = new Date(now.getTime() + 86400_000).toISOString();
  switch (type) {
    case 'ASSIGN_EXPERT':
      return { type, userId: '-' };
    case 'RECORD_ASSESSMENT':
      return { type, assessmentType: 'INITIAL', completedOn: today };
    case 'SET_PLAN':
      return { type, validFrom: today, validUntil: today, nextReviewDue: later };
    case 'RECORD_REVIEW':
      return { type, reviewedOn: today, nextReviewDue: later };
    case 'END':
      return { type, reason: '-', deletionDueAt: later };
    case 'RESUME':
      return { type, nextReviewDue: null };
    case 'MOVE':
      return { type, municipalityId: '', consentRecordedOn: today };
  }
}

/** The commands this actor may give the case now, by `decideClient`'s own rules (arguments aside). */
export function allowedClientCommands(state: ClientState, actor: Actor, now: Date): ClientCommandType[] {
  return clientCommandTypes.filter((type) => {
    const decision = decideClient(state, probeClient(type, now), actor, now);
    return decision.ok || decision.refusal.code === 'INVALID';
  });
}
