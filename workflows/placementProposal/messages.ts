import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/organisations/kinds';
import type { Command, NewProposal, ProposalState, ProposalStatus } from '../../domain/placement/proposal';

/** One place for every message's name and payload type: the workflow and the API import these. */

export const workflowIdFor = (proposalId: string) => `placement-proposal-${proposalId}`;

export interface PlacementDeadlineSettings {
  reminderBefore: string;
}

export interface PlacementProposalInput {
  proposal: NewProposal;
  actor: Actor;
  settings: PlacementDeadlineSettings;
  /** Fingerprint of the creating request, kept so a retried create with another body is refused. */
  requestHash?: string;
}

/** A decision as the API delivers it: who decides, what, and the request's idempotency data. */
export interface DecisionRequest<C extends Command = Command> {
  actor: Actor;
  command: C;
  idempotencyKey?: string;
  requestHash?: string;
}

/** What every decision answers with. */
export interface DecisionResult {
  id: string;
  status: ProposalStatus;
  round: number;
  ownerId: string;
  municipalityId: string | null;
  answerDueAt: string | null;
  overdue: boolean;
  version: number;
}

type Of<T extends Command['type']> = DecisionRequest<Extract<Command, { type: T }>>;

/** What a retried create is checked against: the first request's fingerprint. */
export interface CreationCheck {
  requestHash?: string;
}

/** Answers once the new proposal is in the read model; refuses a create retried with another body. */
export const proposalRecorded = defineUpdate<DecisionResult, [CreationCheck?]>('proposalRecorded');
export const sendProposal = defineUpdate<DecisionResult, [Of<'SEND'>]>('sendProposal');
export const requestHearing = defineUpdate<DecisionResult, [Of<'REQUEST_HEARING'>]>('requestHearing');
export const answerHearing = defineUpdate<DecisionResult, [Of<'ANSWER_HEARING'>]>('answerHearing');
export const answerProposal = defineUpdate<DecisionResult, [Of<'ANSWER'>]>('answerProposal');
export const redistributeProposal = defineUpdate<DecisionResult, [Of<'REDISTRIBUTE'>]>(
  'redistributeProposal',
);
export const forwardProposal = defineUpdate<DecisionResult, [Of<'FORWARD'>]>('forwardProposal');
export const returnToMigri = defineUpdate<DecisionResult, [Of<'RETURN_TO_MIGRI'>]>('returnToMigri');
export const confirmPlacement = defineUpdate<DecisionResult, [Of<'CONFIRM'>]>('confirmPlacement');
export const withdrawProposal = defineUpdate<DecisionResult, [Of<'WITHDRAW'>]>('withdrawProposal');
export const editDraft = defineUpdate<DecisionResult, [Of<'EDIT_DRAFT'>]>('editDraft');
export const cancelHearing = defineUpdate<DecisionResult, [Of<'CANCEL_HEARING'>]>('cancelHearing');
export const recordHousingAgreement = defineUpdate<DecisionResult, [Of<'RECORD_HOUSING_AGREEMENT'>]>(
  'recordHousingAgreement',
);

/** The update for each command type, so the API can deliver any decision generically. */
export const decisionUpdates = {
  SEND: sendProposal,
  REQUEST_HEARING: requestHearing,
  ANSWER_HEARING: answerHearing,
  ANSWER: answerProposal,
  REDISTRIBUTE: redistributeProposal,
  FORWARD: forwardProposal,
  RETURN_TO_MIGRI: returnToMigri,
  CONFIRM: confirmPlacement,
  WITHDRAW: withdrawProposal,
  EDIT_DRAFT: editDraft,
  CANCEL_HEARING: cancelHearing,
  RECORD_HOUSING_AGREEMENT: recordHousingAgreement,
} as const;

export const getProposalState = defineQuery<ProposalState>('getProposalState');
