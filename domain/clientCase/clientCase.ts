import type { Actor } from '../organisations/kinds';
import { helsinkiDate, endOfHelsinkiDay } from '../time';
import { addInterval, nextReviewDue } from './deadlines';
import { checkPlan, checkPlanLimits, groundMonths, type PlanGround, type PlanProblem } from './planRules';

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
  /**
   * A Finnish citizen registered under an exception of § 2: no integration plan (seed 000).
   * Absent in states of cases registered before edition 2 (read as false).
   */
  finnishCitizen?: boolean;
  /** The first plan's start in another system, carried over at registration (§ 23 counts from it). */
  carriedFirstPlanFrom?: string | null;
  /** The date of the latest plan review (absent before edition 2: unknown). */
  lastReviewedOn?: string | null;
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
      /** Edition 1: the due date the API computed. From edition 2 the rules compute it. */
      nextReviewDue?: string;
      /**
       * Edition 1: the § 23 extensions claimed, summed by the API (absent in commands recorded
       * before the check moved here).
       */
      limits?: { extensionMonths: number; absenceMonths: number };
      /** Edition 2: the § 23 grounds claimed, each with its months; they combine. */
      grounds?: PlanGround[];
      /** Where the grounds came from in the request (`/extensions` or `/extension/months`). */
      groundsPointer?: string;
    }
  | {
      type: 'RECORD_REVIEW';
      reviewedOn: string;
      /** Edition 1: the due date the API computed. From edition 2 the rules compute it. */
      nextReviewDue?: string;
      /** Edition 2: an earlier next review the officer asks for (§ 22: at most six months on). */
      nextReviewOn?: string;
    }
  /** `deletionDueAt`: edition 1 only (the API computed it); from edition 2 the rules do. */
  | { type: 'END'; reason: string; deletionDueAt?: string }
  /** `nextReviewDue`: edition 1 only, when the review period restarts, if the case has a plan and no time left over. */
  | { type: 'RESUME'; reason?: string; nextReviewDue?: string | null }
  | { type: 'MOVE'; municipalityId: string; consentRecordedOn: string }
  /**
   * Edition 2: another municipality takes over an ENDED case, instead of registering the person
   * again, with the client's consent (§ 85).
   */
  | { type: 'TAKE_OVER'; consentRecordedOn: string };

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
  input: {
    id: string;
    municipalityId: string;
    firstPermitDate?: string | null;
    finnishCitizen?: boolean;
    firstPlanStartedOn?: string | null;
  },
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
      ...(input.finnishCitizen ? { finnishCitizen: true } : {}),
      ...(input.firstPlanStartedOn ? { carriedFirstPlanFrom: input.firstPlanStartedOn } : {}),
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

/**
 * What a municipality's earlier system says of a case it transfers (`/api/v1/transfers`): its
 * status, the end, the responsible expert, the assessments made and the plan in force.
 */
export interface TransferredCase {
  status: 'ACTIVE' | 'ENDED';
  /** The day the client relationship ended (ENDED): § 77's retention counts from it. */
  endedOn?: string | null;
  responsibleExpertId?: string | null;
  assessments?: number;
  plan?: { validFrom: string; validUntil: string; lastReviewedOn?: string | null } | null;
}

/**
 * A case imported from a municipality's earlier system: registered, then put in the state the
 * earlier system recorded, its deadlines computed by these rules (§ 22's next review from the
 * plan or its last review; § 77's deletion from the end).
 */
export function importClient(
  input: Parameters<typeof registerClient>[0],
  transferred: TransferredCase,
  actor: Actor,
  now: Date,
  settings: ClientRuleSettings,
): { state: ClientState; event: ClientEvent } {
  const { state, event } = registerClient(input, actor, now);
  state.responsibleExpertId = transferred.responsibleExpertId ?? null;
  state.assessments = transferred.assessments ?? 0;
  const plan = transferred.plan;
  if (plan) {
    state.plan = {
      validFrom: plan.validFrom,
      validUntil: plan.validUntil,
      firstPlanFrom: input.firstPlanStartedOn ?? plan.validFrom,
      expired: plan.validUntil < helsinkiDate(now),
    };
    if (plan.lastReviewedOn) {
      state.lastReviewedOn = plan.lastReviewedOn;
      state.reviews = 1;
    }
    const due = nextReviewDue(plan.lastReviewedOn ?? plan.validFrom, now, settings.reviewInterval);
    state.nextReviewDue = due.toISOString();
  }
  if (transferred.status === 'ENDED') {
    const endedOn = transferred.endedOn ?? helsinkiDate(now);
    const endedAt = endOfHelsinkiDay(endedOn);
    state.status = 'ENDED';
    state.endedAt = endedAt.toISOString();
    state.deletionDueAt = addInterval(endedAt, settings.retentionAfterEnd).toISOString();
    state.nextReviewDue = null;
    state.reviewRemainingMs = null;
  }
  return { state, event: { ...event, details: { imported: true } } };
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
  TAKE_OVER: ['ENDED'],
};

/**
 * The durations the rules compute deadlines with, from the case's settings
 * (`ClientCaseInput.settings`; cases started before a setting existed get its default).
 */
export interface ClientRuleSettings {
  /** § 22: the longest time to the next plan review (calendar months, or an `ms` duration). */
  reviewInterval: string;
  /** § 77: the client's data is deleted this long after the end. */
  retentionAfterEnd: string;
  /** § 14: the assessment is due this long after registration ("without delay"). */
  assessmentPeriod: string;
  /** § 20: the first plan is due this long after the first assessment ("without delay"). */
  firstPlanPeriod: string;
}

export const defaultClientRuleSettings: ClientRuleSettings = {
  reviewInterval: '6 months',
  retentionAfterEnd: '4y',
  assessmentPeriod: '1 month',
  firstPlanPeriod: '1 month',
};

/** The settings with a default for each one missing (inputs of cases started before it existed). */
export function clientRuleSettings(settings: Partial<ClientRuleSettings> | undefined): ClientRuleSettings {
  const defined = Object.fromEntries(
    Object.entries(settings ?? {}).filter(([, value]) => typeof value === 'string' && value !== ''),
  );
  return { ...defaultClientRuleSettings, ...defined };
}

/**
 * The edition of these rules: raise it when a rule changes, and branch on `edition` inside
 * `decideClient` so that decisions recorded under an earlier edition still decide as they did
 * (workflows/shared/ruleEditions.ts).
 */
export const CLIENT_CASE_RULES_EDITION = 2;

/**
 * Edition 2 (issue 9): deadlines (next review, deletion, resumption) are computed here from the
 * settings rather than carried in the command; a review may not predate the plan or the previous
 * review, and the next review is checked here (§ 22); saving the plan again never pulls the next
 * review earlier; § 23's first-plan year and total run from the earliest first plan, including
 * one carried over from another system, and its grounds combine; resuming keeps an overdue review
 * overdue; a Finnish citizen (§ 2 exception) gets no plan; an ENDED case can be taken over.
 */
export function decideClient(
  state: ClientState,
  command: ClientCommand,
  actor: Actor,
  now: Date,
  edition: number = CLIENT_CASE_RULES_EDITION,
  settings: ClientRuleSettings = defaultClientRuleSettings,
): ClientDecision {
  if (command.type === 'TAKE_OVER') return takeOver(state, command, actor, now, settings);
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
      if (edition >= 2) return setPlan(state, command, next, event, now, settings);
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
      const due =
        command.nextReviewDue ?? nextReviewDue(command.validFrom, now, settings.reviewInterval).toISOString();
      schedule(due);
      return event(state.plan ? 'PLAN_REPLACED' : 'PLAN_SET', {
        validFrom: command.validFrom,
        validUntil: command.validUntil,
        nextReviewDue: due,
      });
    }
    case 'RECORD_REVIEW': {
      if (!state.plan)
        return {
          ok: false,
          refusal: { code: 'CONFLICT', message: 'there is no integration plan to review' },
        };
      let due = command.nextReviewDue;
      if (edition >= 2 || !due) {
        const problem = reviewProblem(state, command, now, settings);
        if ('refusal' in problem) return { ok: false, refusal: problem.refusal };
        due = problem.due;
      }
      next.reviews = state.reviews + 1;
      next.lastReviewedOn =
        state.lastReviewedOn && state.lastReviewedOn > command.reviewedOn
          ? state.lastReviewedOn
          : command.reviewedOn;
      schedule(due);
      return event('PLAN_REVIEWED', { reviewedOn: command.reviewedOn, nextReviewDue: due });
    }
    case 'END': {
      const deletionDueAt =
        edition >= 2 || !command.deletionDueAt
          ? addInterval(now, settings.retentionAfterEnd).toISOString()
          : command.deletionDueAt;
      next.status = 'ENDED';
      next.endedAt = at;
      next.deletionDueAt = deletionDueAt;
      // Deadlines stop: keep what was left of the review period for a resumption.
      next.reviewRemainingMs =
        state.nextReviewDue && !state.reviewOverdue
          ? Math.max(0, Date.parse(state.nextReviewDue) - now.getTime())
          : null;
      return event('ENDED', { reason: command.reason, deletionDueAt });
    }
    case 'RESUME': {
      next.status = 'ACTIVE';
      next.endedAt = null;
      next.deletionDueAt = null;
      if (edition >= 2) {
        resumeReview(state, next, now, settings);
      } else if (state.reviewRemainingMs !== null) {
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

type Emit = (type: string, details?: Record<string, unknown>) => ClientDecision;

const invalid = (message: string, errors: PlanProblem[]): ClientDecision => ({
  ok: false,
  refusal: { code: 'INVALID', message, errors },
});

/** SET_PLAN under edition 2. */
function setPlan(
  state: ClientState,
  command: Extract<ClientCommand, { type: 'SET_PLAN' }>,
  next: ClientState,
  event: Emit,
  now: Date,
  settings: ClientRuleSettings,
): ClientDecision {
  if (state.finnishCitizen) {
    return {
      ok: false,
      refusal: {
        code: 'CONFLICT',
        message:
          'a Finnish citizen registered under an exception of act 681/2023 § 2 gets no integration plan (§ 2; seed 000)',
      },
    };
  }
  const grounds =
    command.grounds ??
    (command.limits
      ? ([
          ...(command.limits.extensionMonths
            ? [{ basis: 'MULTI_SECTOR_NEEDS', months: command.limits.extensionMonths }]
            : []),
          ...(command.limits.absenceMonths
            ? [{ basis: 'ILLNESS', months: command.limits.absenceMonths }]
            : []),
        ] as PlanGround[])
      : []);
  const problems = checkPlanLimits(
    {
      validFrom: command.validFrom,
      validUntil: command.validUntil,
      grounds,
      groundsPointer: command.groundsPointer,
    },
    {
      firstPlanFrom: state.plan?.firstPlanFrom ?? null,
      carriedFirstPlanFrom: state.carriedFirstPlanFrom ?? null,
      firstPlanUntil:
        state.plan && state.plan.validFrom === state.plan.firstPlanFrom ? state.plan.validUntil : null,
      firstPermitDate: state.firstPermitDate,
    },
  );
  if (problems.length) return invalid('the integration plan breaks the act’s limits', problems);
  const firstPlanFrom = [state.plan?.firstPlanFrom, state.carriedFirstPlanFrom, command.validFrom]
    .filter((d): d is string => !!d)
    .sort()[0];
  next.plan = { validFrom: command.validFrom, validUntil: command.validUntil, firstPlanFrom, expired: false };
  // § 22 from the plan's start; saving the plan again never pulls a later due date earlier.
  const fromPlan = nextReviewDue(command.validFrom, now, settings.reviewInterval).toISOString();
  const kept = state.plan && state.nextReviewDue && Date.parse(state.nextReviewDue) > Date.parse(fromPlan);
  if (!kept) {
    next.nextReviewDue = fromPlan;
    next.reviewReminded = false;
    next.reviewOverdue = false;
  }
  return event(state.plan ? 'PLAN_REPLACED' : 'PLAN_SET', {
    validFrom: command.validFrom,
    validUntil: command.validUntil,
    nextReviewDue: next.nextReviewDue,
    ...(grounds.length ? { grounds: groundMonths(grounds) } : {}),
  });
}

/**
 * § 22 for a review (edition 2): dated neither in the future, nor before the plan's start, nor
 * before the previous review; the next one at most the interval on, and not in the past.
 */
export function reviewProblem(
  state: Pick<ClientState, 'plan' | 'lastReviewedOn'>,
  review: { reviewedOn: string; nextReviewOn?: string },
  now: Date,
  settings: Pick<ClientRuleSettings, 'reviewInterval'> = defaultClientRuleSettings,
): { due: string } | { refusal: ClientRefusal } {
  const refuse = (pointer: string, detail: string) => ({
    refusal: {
      code: 'INVALID' as const,
      message: 'the plan review breaks the rules of § 22',
      errors: [{ pointer, detail }],
    },
  });
  const today = helsinkiDate(now);
  if (review.reviewedOn > today) return refuse('/reviewedOn', 'must not be in the future');
  // The plan started with the case's first plan; a version saved since may start later, and a
  // review of the plan in force before it is still a review of the plan.
  if (state.plan && review.reviewedOn < state.plan.firstPlanFrom)
    return refuse('/reviewedOn', `must not be before the plan’s start (${state.plan.firstPlanFrom})`);
  if (state.lastReviewedOn && review.reviewedOn < state.lastReviewedOn)
    return refuse('/reviewedOn', `must not be before the previous review (${state.lastReviewedOn})`);
  const latest = nextReviewDue(review.reviewedOn, now, settings.reviewInterval);
  if (!review.nextReviewOn) return { due: latest.toISOString() };
  const asked = endOfHelsinkiDay(review.nextReviewOn);
  if (asked.getTime() < now.getTime() || asked.getTime() > latest.getTime()) {
    return refuse('/nextReviewOn', `must be between today and ${helsinkiDate(latest)} (§ 22)`);
  }
  return { due: asked.toISOString() };
}

/**
 * Resumption (edition 2; also a take-over): an overdue review stays overdue (due at once), a
 * running one gets the time it had left, a plan without a due date starts a new period.
 */
function resumeReview(state: ClientState, next: ClientState, now: Date, settings: ClientRuleSettings): void {
  const planInForce = !!state.plan && !state.plan.expired;
  if (planInForce && state.reviewOverdue && state.nextReviewDue) {
    next.reviewOverdue = true;
  } else if (state.reviewRemainingMs !== null && state.nextReviewDue) {
    next.nextReviewDue = new Date(now.getTime() + state.reviewRemainingMs).toISOString();
    next.reviewReminded = false;
    next.reviewOverdue = false;
  } else if (planInForce && !state.nextReviewDue) {
    next.nextReviewDue = nextReviewDue(helsinkiDate(now), now, settings.reviewInterval).toISOString();
    next.reviewReminded = false;
    next.reviewOverdue = false;
  }
}

/** TAKE_OVER: an officer of another municipality takes an ENDED case over (§ 85: with consent). */
function takeOver(
  state: ClientState,
  command: Extract<ClientCommand, { type: 'TAKE_OVER' }>,
  actor: Actor,
  now: Date,
  settings: ClientRuleSettings,
): ClientDecision {
  if (!(actor.orgKind === 'MUNICIPALITY' && actor.roles.includes('OFFICER'))) {
    return {
      ok: false,
      refusal: { code: 'FORBIDDEN', message: 'only a municipality’s officer may take a client case over' },
    };
  }
  if (actor.orgId === state.municipalityId) {
    return {
      ok: false,
      refusal: { code: 'CONFLICT', message: 'the client case is your municipality’s own: resume it instead' },
    };
  }
  if (!allowedFrom.TAKE_OVER.includes(state.status)) {
    return {
      ok: false,
      refusal: {
        code: 'CONFLICT',
        message: `only an ENDED client case can be taken over; this one is ${state.status}`,
      },
    };
  }
  const ended = state.endedAt ? helsinkiDate(new Date(state.endedAt)) : null;
  if (command.consentRecordedOn > helsinkiDate(now) || (ended && command.consentRecordedOn < ended)) {
    return invalid('the client’s consent must be recorded for this take-over (§ 85)', [
      {
        pointer: '/takeOver/consentRecordedOn',
        detail: `must be between the end of the case (${ended}) and today`,
      },
    ]);
  }
  const at = now.toISOString();
  const next: ClientState = {
    ...state,
    status: 'ACTIVE',
    municipalityId: actor.orgId,
    responsibleExpertId: null,
    endedAt: null,
    deletionDueAt: null,
    reviewRemainingMs: null,
    updatedAt: at,
    version: state.version + 1,
    seq: state.seq + 1,
  };
  resumeReview(state, next, now, settings);
  return {
    ok: true,
    state: next,
    event: {
      seq: next.seq,
      at,
      actor: { userId: actor.userId, orgId: actor.orgId },
      type: 'TAKEN_OVER',
      details: {
        from: state.municipalityId,
        to: actor.orgId,
        consentRecordedOn: command.consentRecordedOn,
        nextReviewDue: next.nextReviewDue,
      },
    },
  };
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
  'TAKE_OVER',
] as const satisfies readonly ClientCommandType[];

function probeClient(type: ClientCommandType, now: Date): ClientCommand {
  const today = helsinkiDate(now);
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
    case 'TAKE_OVER':
      return { type, consentRecordedOn: today };
  }
}

/** The commands this actor may give the case now, by `decideClient`'s own rules (arguments aside). */
export function allowedClientCommands(state: ClientState, actor: Actor, now: Date): ClientCommandType[] {
  return clientCommandTypes.filter((type) => {
    const decision = decideClient(state, probeClient(type, now), actor, now);
    return decision.ok || decision.refusal.code === 'INVALID';
  });
}
