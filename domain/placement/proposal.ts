import type { Actor, Role } from '../organisations/kinds';

/**
 * The placement proposal (esitys kuntapaikalle ohjattavasta) as a pure state machine.
 * The workflow's update validators and handlers call `decide`; unit tests call it directly.
 */

export const proposalKinds = ['QUOTA_REFUGEE', 'FROM_RECEPTION', 'FAMILY_MEMBER'] as const;
export type ProposalKind = (typeof proposalKinds)[number];

export const proposalStatuses = [
  'DRAFT',
  'AWAITING_MUNICIPALITY',
  'HEARING',
  'ACCEPTED',
  'REJECTED',
  'PLACED',
  'RETURNED_TO_MIGRI',
  'WITHDRAWN',
] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];

export const finalStatuses: readonly ProposalStatus[] = ['PLACED', 'RETURNED_TO_MIGRI', 'WITHDRAWN'];
export const isFinal = (status: ProposalStatus) => finalStatuses.includes(status);

export interface Person {
  firstName: string;
  lastName: string;
  birthDate: string;
  nationality: string;
  umaNumber?: string;
  personalIdentityCode?: string;
  languages?: { code: string; level?: string }[];
  minor?: boolean;
  /** A minor who came without a guardian (§ 2(6)): placement needs the welfare area's answer too. */
  unaccompanied?: boolean;
}

export type HearingMode = 'IN_SYSTEM' | 'RECORDED';

export interface HearingAnswer {
  canArrangeServices: boolean;
  statement: string;
  answeredAt: string;
  answeredBy: { userId: string; orgId: string };
  late: boolean;
}

/** Hearing of the welfare area (kuuleminen, § 43). */
export interface Hearing {
  round: number;
  welfareAreaId: string | null;
  mode: HearingMode;
  requestedAt: string;
  dueAt: string;
  overdue: boolean;
  answer?: HearingAnswer;
}

export interface Round {
  round: number;
  ownerId: string;
  municipalityId: string;
  sentAt: string;
  answerDueAt: string;
  decision?: 'ACCEPT' | 'REJECT' | 'NOT_ANSWERED';
  reason?: string;
  answeredAt?: string;
  late: boolean;
}

/** What the workflow knows about the receiving municipality, given by the API when sending. */
export interface MunicipalityFacts {
  id: string;
  welfareAreaId: string | null;
  aland: boolean;
}

export interface ProposalState {
  id: string;
  kind: ProposalKind;
  status: ProposalStatus;
  ownerId: string;
  evidentServiceNeeds: boolean;
  unaccompaniedMinor: boolean;
  notes?: string;
  household: Person[];
  municipality: MunicipalityFacts | null;
  round: number;
  rounds: Round[];
  answerDueAt: string | null;
  overdue: boolean;
  hearing: Hearing | null;
  createdAt: string;
  updatedAt: string;
  /** Increases with every change; the read model ignores older snapshots. */
  version: number;
  /** Events not yet given a sequence number are numbered by `seq`. */
  seq: number;
}

export interface TimelineEvent {
  seq: number;
  at: string;
  actor: { userId: string; orgId: string } | null;
  type: string;
  details: Record<string, unknown>;
}

export type Command =
  | { type: 'SEND'; municipality: MunicipalityFacts; answerDueAt: string }
  | { type: 'REQUEST_HEARING'; welfareAreaId: string | null; mode: HearingMode; dueAt: string }
  | { type: 'ANSWER_HEARING'; canArrangeServices: boolean; statement: string }
  | { type: 'ANSWER'; decision: 'ACCEPT' | 'REJECT'; reason?: string }
  | { type: 'REDISTRIBUTE'; municipality: MunicipalityFacts; answerDueAt: string }
  | { type: 'FORWARD'; elinvoimakeskusId: string; reason: string }
  | { type: 'RETURN_TO_MIGRI'; reason: string }
  | { type: 'CONFIRM' }
  | { type: 'WITHDRAW'; reason: string };

export type CommandType = Command['type'];

export type Refusal = {
  /** FORBIDDEN: not this actor's decision (403). CONFLICT: not in this status (409). INVALID: bad content (422). */
  code: 'FORBIDDEN' | 'CONFLICT' | 'INVALID';
  message: string;
  field?: string;
};

export type Decision =
  { ok: true; state: ProposalState; event: TimelineEvent } | { ok: false; refusal: Refusal };

export interface NewProposal {
  id: string;
  kind: ProposalKind;
  ownerId: string;
  household: Person[];
  evidentServiceNeeds: boolean;
  notes?: string;
}

export function createProposal(
  input: NewProposal,
  actor: Actor,
  now: Date,
): { state: ProposalState; event: TimelineEvent } {
  const at = now.toISOString();
  const state: ProposalState = {
    ...input,
    status: 'DRAFT',
    unaccompaniedMinor: input.household.some((p) => p.minor && p.unaccompanied),
    municipality: null,
    round: 0,
    rounds: [],
    answerDueAt: null,
    overdue: false,
    hearing: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
    seq: 1,
  };
  return {
    state,
    event: {
      seq: 1,
      at,
      actor: who(actor),
      type: 'CREATED',
      details: { kind: input.kind, persons: input.household.length },
    },
  };
}

const who = (actor: Actor) => ({ userId: actor.userId, orgId: actor.orgId });
const hasRole = (actor: Actor, role: Role) => actor.roles.includes(role);
const refuse = (code: Refusal['code'], message: string, field?: string): Decision => ({
  ok: false,
  refusal: { code, message, ...(field ? { field } : {}) },
});

function isOwnerOfficer(state: ProposalState, actor: Actor) {
  return actor.orgKind === 'ELINVOIMAKESKUS' && actor.orgId === state.ownerId && hasRole(actor, 'OFFICER');
}
function isReceivingOfficer(state: ProposalState, actor: Actor) {
  return (
    actor.orgKind === 'MUNICIPALITY' && actor.orgId === state.municipality?.id && hasRole(actor, 'OFFICER')
  );
}

/** The party entitled to a command, whatever the status: checked first, so a stranger always gets 403. */
function entitled(state: ProposalState, command: Command, actor: Actor): boolean {
  switch (command.type) {
    case 'SEND':
    case 'REDISTRIBUTE':
    case 'FORWARD':
    case 'RETURN_TO_MIGRI':
    case 'CONFIRM':
    case 'WITHDRAW':
      return isOwnerOfficer(state, actor);
    case 'REQUEST_HEARING':
    case 'ANSWER':
      return isReceivingOfficer(state, actor);
    case 'ANSWER_HEARING': {
      const hearing = state.hearing;
      if (!hearing || hearing.answer)
        return isReceivingOfficer(state, actor) || actor.orgKind === 'WELFARE_AREA';
      if (hearing.mode === 'RECORDED') return isReceivingOfficer(state, actor);
      return (
        actor.orgKind === 'WELFARE_AREA' && actor.orgId === hearing.welfareAreaId && hasRole(actor, 'OFFICER')
      );
    }
  }
}

/** Which statuses each command may start from. */
const allowedFrom: Record<CommandType, readonly ProposalStatus[]> = {
  SEND: ['DRAFT'],
  REQUEST_HEARING: ['AWAITING_MUNICIPALITY'],
  ANSWER_HEARING: ['HEARING'],
  ANSWER: ['AWAITING_MUNICIPALITY'],
  REDISTRIBUTE: ['REJECTED', 'AWAITING_MUNICIPALITY', 'HEARING'],
  FORWARD: ['REJECTED'],
  RETURN_TO_MIGRI: ['REJECTED'],
  CONFIRM: ['ACCEPTED'],
  WITHDRAW: ['DRAFT', 'AWAITING_MUNICIPALITY', 'HEARING', 'ACCEPTED', 'REJECTED'],
};

export function decide(state: ProposalState, command: Command, actor: Actor, now: Date): Decision {
  if (!entitled(state, command, actor))
    return refuse('FORBIDDEN', `${actor.orgId} may not ${describe(command.type)} this proposal`);
  if (!allowedFrom[command.type].includes(state.status)) {
    return refuse('CONFLICT', `cannot ${describe(command.type)} a proposal in status ${state.status}`);
  }
  const at = now.toISOString();
  const next: ProposalState = { ...state, updatedAt: at, version: state.version + 1, seq: state.seq + 1 };
  const event = (type: string, details: Record<string, unknown> = {}): Decision => ({
    ok: true,
    state: next,
    event: { seq: next.seq, at, actor: who(actor), type, details },
  });

  switch (command.type) {
    case 'SEND':
    case 'REDISTRIBUTE': {
      if (command.type === 'REDISTRIBUTE') {
        if (state.status !== 'REJECTED' && !state.overdue) {
          return refuse(
            'CONFLICT',
            'a proposal can be redistributed after a rejection or once its answer is overdue',
          );
        }
        if (command.municipality.id === state.municipality?.id) {
          return refuse(
            'INVALID',
            'must be another municipality than the one of the current round',
            '/municipalityId',
          );
        }
      }
      const previous = state.rounds.map((r) =>
        r.round === state.round && !r.decision ? { ...r, decision: 'NOT_ANSWERED' as const } : r,
      );
      next.round = state.round + 1;
      next.status = 'AWAITING_MUNICIPALITY';
      next.municipality = command.municipality;
      next.answerDueAt = command.answerDueAt;
      next.overdue = false;
      next.hearing = null;
      next.rounds = [
        ...previous,
        {
          round: next.round,
          ownerId: state.ownerId,
          municipalityId: command.municipality.id,
          sentAt: at,
          answerDueAt: command.answerDueAt,
          late: false,
        },
      ];
      return event(command.type === 'SEND' ? 'SENT' : 'REDISTRIBUTED', {
        round: next.round,
        municipalityId: command.municipality.id,
        answerDueAt: command.answerDueAt,
      });
    }
    case 'REQUEST_HEARING': {
      const municipality = state.municipality!;
      if (command.mode === 'IN_SYSTEM' && municipality.aland) {
        return refuse(
          'INVALID',
          'Åland has no welfare area: record the hearing instead (mode RECORDED)',
          '/mode',
        );
      }
      if (!municipality.aland && command.welfareAreaId !== municipality.welfareAreaId) {
        return refuse(
          'INVALID',
          `must be the municipality's own welfare area (${municipality.welfareAreaId})`,
          '/welfareAreaId',
        );
      }
      next.status = 'HEARING';
      next.hearing = {
        round: state.round,
        welfareAreaId: command.welfareAreaId,
        mode: command.mode,
        requestedAt: at,
        dueAt: command.dueAt,
        overdue: false,
      };
      return event('HEARING_REQUESTED', {
        welfareAreaId: command.welfareAreaId,
        mode: command.mode,
        dueAt: command.dueAt,
      });
    }
    case 'ANSWER_HEARING': {
      const hearing = state.hearing!;
      const late = now.getTime() > Date.parse(hearing.dueAt);
      next.status = 'AWAITING_MUNICIPALITY';
      next.hearing = {
        ...hearing,
        answer: {
          canArrangeServices: command.canArrangeServices,
          statement: command.statement,
          answeredAt: at,
          answeredBy: who(actor),
          late,
        },
      };
      return event('HEARING_ANSWERED', {
        mode: hearing.mode,
        canArrangeServices: command.canArrangeServices,
        statement: command.statement,
        late,
      });
    }
    case 'ANSWER': {
      if (command.decision === 'REJECT' && !command.reason?.trim()) {
        return refuse('INVALID', 'a rejection needs a reason', '/reason');
      }
      if (command.decision === 'ACCEPT' && needsHearing(state) && !state.hearing?.answer) {
        return refuse(
          'CONFLICT',
          state.evidentServiceNeeds
            ? 'the welfare area must be heard before accepting a person with evident service needs (act 681/2023 § 43)'
            : 'an unaccompanied minor can be accepted only after the welfare area has answered (act 681/2023 § 43)',
        );
      }
      const late = state.answerDueAt !== null && now.getTime() > Date.parse(state.answerDueAt);
      next.status = command.decision === 'ACCEPT' ? 'ACCEPTED' : 'REJECTED';
      next.rounds = state.rounds.map((r) =>
        r.round === state.round
          ? { ...r, decision: command.decision, reason: command.reason, answeredAt: at, late }
          : r,
      );
      return event(command.decision === 'ACCEPT' ? 'ACCEPTED' : 'REJECTED', {
        round: state.round,
        reason: command.reason,
        late,
      });
    }
    case 'FORWARD': {
      if (command.elinvoimakeskusId === state.ownerId) {
        return refuse(
          'INVALID',
          'must be another elinvoimakeskus than the current owner',
          '/elinvoimakeskusId',
        );
      }
      next.status = 'DRAFT';
      next.ownerId = command.elinvoimakeskusId;
      next.municipality = null;
      next.answerDueAt = null;
      next.overdue = false;
      next.hearing = null;
      return event('FORWARDED', {
        from: state.ownerId,
        to: command.elinvoimakeskusId,
        reason: command.reason,
      });
    }
    case 'RETURN_TO_MIGRI':
      next.status = 'RETURNED_TO_MIGRI';
      return event('RETURNED_TO_MIGRI', { reason: command.reason });
    case 'CONFIRM':
      next.status = 'PLACED';
      return event('PLACED', { municipalityId: state.municipality?.id, round: state.round });
    case 'WITHDRAW':
      next.status = 'WITHDRAWN';
      return event('WITHDRAWN', { reason: command.reason });
  }
}

/** § 43: evident service needs, or an unaccompanied minor, require the welfare area's answer first. */
export function needsHearing(
  state: Pick<ProposalState, 'evidentServiceNeeds' | 'unaccompaniedMinor'>,
): boolean {
  return state.evidentServiceNeeds || state.unaccompaniedMinor;
}

/** Overdue: the municipality's answer or the hearing answer is late and still awaited. */
export function isOverdue(state: Pick<ProposalState, 'status' | 'overdue' | 'hearing'>): boolean {
  const answerAwaited = state.status === 'AWAITING_MUNICIPALITY' || state.status === 'HEARING';
  return (
    (answerAwaited && state.overdue) ||
    (state.status === 'HEARING' && !!state.hearing?.overdue && !state.hearing.answer)
  );
}

/** What the proposal waits for, and from whom: drives the inbox and the UI's current details. */
export function waitingFor(
  state: ProposalState,
): { orgId: string; what: string; dueAt: string | null } | null {
  switch (state.status) {
    case 'DRAFT':
      return { orgId: state.ownerId, what: 'sending to a municipality', dueAt: null };
    case 'AWAITING_MUNICIPALITY':
      return { orgId: state.municipality!.id, what: 'the municipality’s answer', dueAt: state.answerDueAt };
    case 'HEARING':
      return state.hearing!.mode === 'IN_SYSTEM'
        ? {
            orgId: state.hearing!.welfareAreaId!,
            what: 'the welfare area’s hearing answer',
            dueAt: state.hearing!.dueAt,
          }
        : { orgId: state.municipality!.id, what: 'the recorded hearing answer', dueAt: state.hearing!.dueAt };
    case 'ACCEPTED':
      return { orgId: state.ownerId, what: 'confirmation of the placement', dueAt: null };
    case 'REJECTED':
      return { orgId: state.ownerId, what: 'redistribution, forwarding or return to Migri', dueAt: null };
    default:
      return null;
  }
}

/** Deadline events the workflow's timers produce (no actor: the system). */
export function deadlineEvent(
  state: ProposalState,
  type: 'ANSWER_REMINDER' | 'ANSWER_OVERDUE' | 'HEARING_REMINDER' | 'HEARING_OVERDUE',
  now: Date,
): { state: ProposalState; event: TimelineEvent } {
  const at = now.toISOString();
  const next: ProposalState = { ...state, updatedAt: at, version: state.version + 1, seq: state.seq + 1 };
  if (type === 'ANSWER_OVERDUE') next.overdue = true;
  if (type === 'HEARING_OVERDUE' && next.hearing) next.hearing = { ...next.hearing, overdue: true };
  const dueAt = type.startsWith('ANSWER') ? state.answerDueAt : state.hearing?.dueAt;
  return {
    state: next,
    event: { seq: next.seq, at, actor: null, type, details: { round: state.round, dueAt } },
  };
}

function describe(type: CommandType): string {
  return type.toLowerCase().replace(/_/g, ' ');
}

export const commandTypes = [
  'SEND',
  'REQUEST_HEARING',
  'ANSWER_HEARING',
  'ANSWER',
  'REDISTRIBUTE',
  'FORWARD',
  'RETURN_TO_MIGRI',
  'CONFIRM',
  'WITHDRAW',
] as const satisfies readonly CommandType[];

/** A command with harmless arguments, to ask `decide` whether its kind is possible at all. */
function probe(type: CommandType, state: ProposalState, now: Date): Command {
  const dueAt = new Date(now.getTime() + 7 * 86400_000).toISOString();
  const elsewhere = { id: '', welfareAreaId: null, aland: false };
  switch (type) {
    case 'SEND':
    case 'REDISTRIBUTE':
      return { type, municipality: elsewhere, answerDueAt: dueAt };
    case 'REQUEST_HEARING':
      return { type, welfareAreaId: state.municipality?.welfareAreaId ?? null, mode: 'RECORDED', dueAt };
    case 'ANSWER_HEARING':
      return { type, canArrangeServices: true, statement: '-' };
    case 'ANSWER':
      return { type, decision: 'REJECT', reason: '-' };
    case 'FORWARD':
      return { type, elinvoimakeskusId: '', reason: '-' };
    case 'RETURN_TO_MIGRI':
    case 'WITHDRAW':
      return { type, reason: '-' };
    case 'CONFIRM':
      return { type };
  }
}

/**
 * The commands this actor may give now: exactly those `decide` would not refuse for who the actor
 * is or for the proposal's status (a refusal of the arguments alone, INVALID, still leaves the
 * command open). User interfaces offer these and nothing else.
 */
export function allowedCommands(state: ProposalState, actor: Actor, now: Date): CommandType[] {
  return commandTypes.filter((type) => {
    const decision = decide(state, probe(type, state, now), actor, now);
    return decision.ok || decision.refusal.code === 'INVALID';
  });
}

/** The municipality's possible answers now: accepting waits for the § 43 hearing where one is needed. */
export function allowedAnswers(state: ProposalState, actor: Actor, now: Date): ('ACCEPT' | 'REJECT')[] {
  return (['ACCEPT', 'REJECT'] as const).filter(
    (decision) => decide(state, { type: 'ANSWER', decision, reason: '-' }, actor, now).ok,
  );
}
