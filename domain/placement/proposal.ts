import type { Actor, Role } from '../organisations/kinds';
import { helsinkiDate, isCalendarDate } from '../time';
import { hasUnaccompanied, householdProblems, withMinorFlags } from './household';

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
  /**
   * Came to Finland without a guardian (§ 2(6)): a minor or a young person under 23. Placement
   * needs the welfare area's agreement too (from rules edition 2; edition 1 looked at minors only).
   */
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
  /** On Åland (no welfare area): the provincial authority heard, as text. */
  authority?: string;
  mode: HearingMode;
  requestedAt: string;
  dueAt: string;
  overdue: boolean;
  answer?: HearingAnswer;
  /** An unanswered hearing the municipality cancelled (rules edition 2). */
  cancelled?: { at: string; by: { userId: string; orgId: string }; reason?: string };
}

/**
 * The elinvoimakeskus's agreement with the welfare area about an unaccompanied person's housing
 * (§ 43, § 2(6)); reached outside the system (seed 002) and recorded here as a fact.
 */
export interface HousingAgreement {
  agreedOn: string;
  note: string;
  welfareAreaId: string | null;
  recordedAt: string;
  recordedBy: { userId: string; orgId: string };
}

/** The provincial authority heard on Åland when the municipality names none. */
export const ALAND_DEFAULT_AUTHORITY = 'Ålands landskapsregering';

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
  /** The current round's latest hearing (kept for API compatibility; `hearings` has them all). */
  hearing: Hearing | null;
  /**
   * Every hearing ever requested, oldest first, each with its answer: a second hearing never
   * overwrites an earlier one. Absent in states written before it existed (`hearingsOf`).
   */
  hearings?: Hearing[];
  /** Housing agreements with the welfare area (§ 2(6)); absent in older states. */
  housingAgreements?: HousingAgreement[];
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
  | {
      type: 'REQUEST_HEARING';
      welfareAreaId: string | null;
      mode: HearingMode;
      dueAt: string;
      /** Åland: the provincial authority heard (edition 2). */
      authority?: string;
    }
  | { type: 'ANSWER_HEARING'; canArrangeServices: boolean; statement: string }
  | { type: 'ANSWER'; decision: 'ACCEPT' | 'REJECT'; reason?: string }
  | { type: 'REDISTRIBUTE'; municipality: MunicipalityFacts; answerDueAt: string }
  | { type: 'FORWARD'; elinvoimakeskusId: string; reason: string }
  | { type: 'RETURN_TO_MIGRI'; reason: string }
  | { type: 'CONFIRM' }
  | { type: 'WITHDRAW'; reason: string }
  /** Rules edition 2: the owner edits its draft. */
  | { type: 'EDIT_DRAFT'; changes: DraftChanges }
  /** Rules edition 2: the municipality cancels its unanswered hearing. */
  | { type: 'CANCEL_HEARING'; reason?: string }
  /** Rules edition 2: the owner records its housing agreement with the welfare area. */
  | { type: 'RECORD_HOUSING_AGREEMENT'; agreedOn: string; note: string; welfareAreaId: string | null };

/** What an edit of a draft may change; a missing field stays as it was, `notes: ''` clears. */
export interface DraftChanges {
  kind?: ProposalKind;
  household?: Person[];
  evidentServiceNeeds?: boolean;
  notes?: string;
}

export type CommandType = Command['type'];

export type Refusal = {
  /** FORBIDDEN: not this actor's decision (403). CONFLICT: not in this status (409). INVALID: bad content (422). */
  code: 'FORBIDDEN' | 'CONFLICT' | 'INVALID';
  message: string;
  field?: string;
  /** Several field problems at once (JSON pointer and what is wrong). */
  errors?: { pointer: string; detail: string }[];
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
    hearings: [],
    housingAgreements: [],
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

/** Every hearing of the proposal, oldest first; states from before the list have the latest only. */
export function hearingsOf(state: Pick<ProposalState, 'hearing' | 'hearings'>): Hearing[] {
  return state.hearings ?? (state.hearing ? [state.hearing] : []);
}

/** The state's hearings with the latest one replaced (it is `hearing`, and the list's last). */
function withLatestHearing(state: ProposalState, latest: Hearing): Hearing[] {
  const all = hearingsOf(state);
  return all.length ? [...all.slice(0, -1), latest] : [latest];
}

/** The answered, not cancelled hearings of the current round, oldest first. */
function answeredThisRound(state: ProposalState): Hearing[] {
  return hearingsOf(state).filter((h) => h.round === state.round && h.answer && !h.cancelled);
}

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
    case 'EDIT_DRAFT':
    case 'RECORD_HOUSING_AGREEMENT':
      return isOwnerOfficer(state, actor);
    case 'REQUEST_HEARING':
    case 'ANSWER':
    case 'CANCEL_HEARING':
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

const OPEN: readonly ProposalStatus[] = ['DRAFT', 'AWAITING_MUNICIPALITY', 'HEARING', 'ACCEPTED', 'REJECTED'];

/** Which statuses each command may start from, in rules edition 1 (the commands it knew). */
const allowedFromEdition1: Record<CommandType, readonly ProposalStatus[]> = {
  SEND: ['DRAFT'],
  REQUEST_HEARING: ['AWAITING_MUNICIPALITY'],
  ANSWER_HEARING: ['HEARING'],
  ANSWER: ['AWAITING_MUNICIPALITY'],
  REDISTRIBUTE: ['REJECTED', 'AWAITING_MUNICIPALITY', 'HEARING'],
  FORWARD: ['REJECTED'],
  RETURN_TO_MIGRI: ['REJECTED'],
  CONFIRM: ['ACCEPTED'],
  WITHDRAW: OPEN,
  EDIT_DRAFT: [],
  CANCEL_HEARING: [],
  RECORD_HOUSING_AGREEMENT: [],
};

/**
 * Edition 2: the municipality may reject while a hearing is pending (the hearing is needed
 * before a placement, not before a refusal), cancel an unanswered hearing, the owner may edit its
 * draft and record its housing agreement with the welfare area while the proposal is open.
 */
const allowedFromEdition2: Record<CommandType, readonly ProposalStatus[]> = {
  ...allowedFromEdition1,
  ANSWER: ['AWAITING_MUNICIPALITY', 'HEARING'],
  EDIT_DRAFT: ['DRAFT'],
  CANCEL_HEARING: ['HEARING'],
  RECORD_HOUSING_AGREEMENT: OPEN,
};

const allowedFrom = (edition: number) => (edition >= 2 ? allowedFromEdition2 : allowedFromEdition1);

/**
 * The edition of these rules: raise it when a rule changes, and branch on `edition` inside
 * `decide` so that decisions recorded under an earlier edition still decide as they did
 * (workflows/shared/ruleEditions.ts).
 */
export const PLACEMENT_RULES_EDITION = 2;

/**
 * Edition 2 (issue 9, § 43 and the household): an unaccompanied person (§ 2(6), minors and young
 * people under 23) needs the welfare area's agreement: its answer "cannot arrange services" blocks
 * acceptance, and confirming the placement needs the elinvoimakeskus's recorded housing agreement
 * with the welfare area; the municipality may reject while a hearing is pending and cancel an
 * unanswered hearing; every hearing is kept; an Åland hearing names no welfare area; the owner
 * may edit its draft.
 */
export function decide(
  state: ProposalState,
  command: Command,
  actor: Actor,
  now: Date,
  edition: number = PLACEMENT_RULES_EDITION,
): Decision {
  if (!entitled(state, command, actor))
    return refuse('FORBIDDEN', `${actor.orgId} may not ${describe(command.type)} this proposal`);
  if (!allowedFrom(edition)[command.type].includes(state.status)) {
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
      if (edition >= 2 && municipality.aland && command.welfareAreaId !== null) {
        return refuse(
          'INVALID',
          'an Åland municipality hears the provincial authority, not a welfare area: name it in "authority"',
          '/welfareAreaId',
        );
      }
      if (edition >= 2 && !municipality.aland && command.authority !== undefined) {
        return refuse(
          'INVALID',
          'only an Åland municipality names a provincial authority; others hear their welfare area',
          '/authority',
        );
      }
      if (!municipality.aland && command.welfareAreaId !== municipality.welfareAreaId) {
        return refuse(
          'INVALID',
          `must be the municipality's own welfare area (${municipality.welfareAreaId})`,
          '/welfareAreaId',
        );
      }
      const authority =
        edition >= 2 && municipality.aland ? command.authority?.trim() || ALAND_DEFAULT_AUTHORITY : undefined;
      const requested: Hearing = {
        round: state.round,
        welfareAreaId: command.welfareAreaId,
        ...(authority ? { authority } : {}),
        mode: command.mode,
        requestedAt: at,
        dueAt: command.dueAt,
        overdue: false,
      };
      next.status = 'HEARING';
      next.hearing = requested;
      next.hearings = [...hearingsOf(state), requested];
      return event('HEARING_REQUESTED', {
        welfareAreaId: command.welfareAreaId,
        ...(authority ? { authority } : {}),
        mode: command.mode,
        dueAt: command.dueAt,
      });
    }
    case 'ANSWER_HEARING': {
      const hearing = state.hearing!;
      const late = now.getTime() > Date.parse(hearing.dueAt);
      const answered: Hearing = {
        ...hearing,
        answer: {
          canArrangeServices: command.canArrangeServices,
          statement: command.statement,
          answeredAt: at,
          answeredBy: who(actor),
          late,
        },
      };
      next.status = 'AWAITING_MUNICIPALITY';
      next.hearing = answered;
      next.hearings = withLatestHearing(state, answered);
      return event('HEARING_ANSWERED', {
        mode: hearing.mode,
        canArrangeServices: command.canArrangeServices,
        statement: command.statement,
        late,
      });
    }
    case 'CANCEL_HEARING': {
      const hearing = state.hearing!;
      const cancelled: Hearing = {
        ...hearing,
        cancelled: { at, by: who(actor), ...(command.reason?.trim() ? { reason: command.reason } : {}) },
      };
      next.status = 'AWAITING_MUNICIPALITY';
      next.hearing = cancelled;
      next.hearings = withLatestHearing(state, cancelled);
      return event('HEARING_CANCELLED', {
        welfareAreaId: hearing.welfareAreaId,
        mode: hearing.mode,
        ...(command.reason?.trim() ? { reason: command.reason } : {}),
      });
    }
    case 'ANSWER': {
      if (command.decision === 'REJECT' && !command.reason?.trim()) {
        return refuse('INVALID', 'a rejection needs a reason', '/reason');
      }
      if (command.decision === 'ACCEPT' && edition >= 2) {
        const refusal = acceptanceRefusal(state);
        if (refusal) return { ok: false, refusal };
      } else if (command.decision === 'ACCEPT' && needsHearing(state) && !state.hearing?.answer) {
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
      if (edition >= 2 && hasUnaccompanied(state.household) && !state.housingAgreements?.length) {
        return refuse(
          'CONFLICT',
          'act 681/2023 § 43, § 2(6): the placement of a person who came without a guardian needs the elinvoimakeskus’s agreement with the welfare area; record the housing agreement first',
        );
      }
      next.status = 'PLACED';
      return event('PLACED', { municipalityId: state.municipality?.id, round: state.round });
    case 'WITHDRAW':
      next.status = 'WITHDRAWN';
      return event('WITHDRAWN', { reason: command.reason });
    case 'RECORD_HOUSING_AGREEMENT': {
      if (!hasUnaccompanied(state.household)) {
        return refuse(
          'CONFLICT',
          'a housing agreement is recorded for a person who came without a guardian (act 681/2023 § 2(6)); the household has none',
        );
      }
      if (!isCalendarDate(command.agreedOn) || command.agreedOn > helsinkiDate(now)) {
        return refuse('INVALID', 'must be a date on or before today (Helsinki)', '/agreedOn');
      }
      if (!command.note.trim()) return refuse('INVALID', 'describe what was agreed', '/note');
      const agreement: HousingAgreement = {
        agreedOn: command.agreedOn,
        note: command.note,
        welfareAreaId: command.welfareAreaId,
        recordedAt: at,
        recordedBy: who(actor),
      };
      next.housingAgreements = [...(state.housingAgreements ?? []), agreement];
      return event('HOUSING_AGREEMENT_RECORDED', {
        agreedOn: command.agreedOn,
        welfareAreaId: command.welfareAreaId,
        note: command.note,
      });
    }
    case 'EDIT_DRAFT': {
      const changes = command.changes;
      const fields = (Object.keys(changes) as (keyof DraftChanges)[]).filter((k) => changes[k] !== undefined);
      if (!fields.length) return refuse('INVALID', 'nothing to change', '/');
      if (changes.household) {
        if (!changes.household.length)
          return refuse('INVALID', 'a household has at least one person', '/household');
        const problems = householdProblems(changes.household, now);
        if (problems.length) {
          return {
            ok: false,
            refusal: {
              code: 'INVALID',
              message: 'the household’s age flags do not agree with the birth dates',
              field: problems[0].pointer,
              errors: problems,
            },
          };
        }
        next.household = withMinorFlags(changes.household, now);
        next.unaccompaniedMinor = next.household.some((p) => p.minor && p.unaccompanied);
      }
      if (changes.kind !== undefined) next.kind = changes.kind;
      if (changes.evidentServiceNeeds !== undefined) next.evidentServiceNeeds = changes.evidentServiceNeeds;
      if (changes.notes !== undefined) next.notes = changes.notes.trim() ? changes.notes : undefined;
      return event('DRAFT_EDITED', {
        fields,
        ...(changes.household ? { persons: changes.household.length } : {}),
      });
    }
  }
}

/**
 * Edition 2 of § 43 for the municipality's acceptance: a person with evident service needs, or
 * anyone who came without a guardian (§ 2(6), under 23), needs an answered hearing of this round
 * (a cancelled one does not count); for an unaccompanied person the welfare area must also agree:
 * its latest answer "cannot arrange services" blocks acceptance.
 */
function acceptanceRefusal(state: ProposalState): Refusal | null {
  const unaccompanied = hasUnaccompanied(state.household) || state.unaccompaniedMinor;
  if (state.status === 'HEARING') {
    return {
      code: 'CONFLICT',
      message:
        'act 681/2023 § 43: the hearing of the welfare area is pending; wait for its answer (or cancel it) before accepting',
    };
  }
  if (!state.evidentServiceNeeds && !unaccompanied) return null;
  const answered = answeredThisRound(state);
  if (!answered.length) {
    return {
      code: 'CONFLICT',
      message: state.evidentServiceNeeds
        ? 'act 681/2023 § 43: the welfare area must be heard before accepting a person with evident service needs'
        : 'act 681/2023 § 43, § 2(6): a person who came without a guardian can be accepted only after the welfare area has answered',
    };
  }
  if (unaccompanied && !answered[answered.length - 1].answer!.canArrangeServices) {
    return {
      code: 'CONFLICT',
      message:
        'act 681/2023 § 43, § 2(6): the welfare area answered that it cannot arrange the services of a person who came without a guardian; its agreement is required before acceptance',
    };
  }
  return null;
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

/** In the order user interfaces offer them (edition 2's commands last, so earlier orders hold). */
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
  'EDIT_DRAFT',
  'CANCEL_HEARING',
  'RECORD_HOUSING_AGREEMENT',
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
    case 'EDIT_DRAFT':
      return { type, changes: { notes: '-' } };
    case 'CANCEL_HEARING':
      return { type };
    case 'RECORD_HOUSING_AGREEMENT':
      return { type, agreedOn: helsinkiDate(now), note: '-', welfareAreaId: null };
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
