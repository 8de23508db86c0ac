import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/organisations/kinds';
import type {
  ClientCommand,
  ClientRuleSettings,
  ClientState,
  ClientStatus,
  TransferredCase,
} from '../../domain/clientCase/clientCase';

/** Messages of the client case workflow, shared by the workflow and the API. */

export const clientWorkflowIdFor = (clientId: string) => `client-case-${clientId}`;

/** Registration data for the read model; passed once, never kept in the workflow's state. */
export type ClientRegistration = Record<string, unknown>;

/**
 * The case's settings, fixed when it is registered (carried across continue-as-new). Cases
 * started before a setting existed lack it: the rules use its default (`clientRuleSettings`).
 */
export interface ClientCaseSettings extends Partial<ClientRuleSettings> {
  reviewReminderBefore: string;
}

export interface ClientCaseInput {
  client: {
    id: string;
    municipalityId: string;
    firstPermitDate?: string | null;
    /** A Finnish citizen under a § 2 exception (absent before rule edition 2). */
    finnishCitizen?: boolean;
    /** The first plan's start in another system, carried over (absent before rule edition 2). */
    firstPlanStartedOn?: string | null;
  };
  actor: Actor;
  registration?: ClientRegistration;
  /**
   * Set when the case was imported from a municipality's earlier system by a release before the
   * bulk import (`importClient` ran here, and the registration wrote the read model). Kept for the
   * cases such a release started.
   */
  transferred?: TransferredCase;
  /**
   * Set when the case is imported from a municipality's earlier system (`/api/v1/transfers`): the
   * state `importClient` gave it, which the transfer has already written to the read model with
   * the rest of the record (activities/transfers.ts). The case starts from it, as a continued run
   * starts from `carried`.
   */
  imported?: { state: ClientState };
  requestHash?: string;
  settings: ClientCaseSettings;
  /** Set when the workflow continues as new: the state and the idempotency keys it had. */
  carried?: { state: ClientState; applied: [string, { hash?: string; result: ClientResult }][] };
}

export interface ClientDecisionRequest<C extends ClientCommand = ClientCommand> {
  actor: Actor;
  command: C;
  /** Content for the read model (assessment text, plan goals...): recorded, not kept in state. */
  content?: Record<string, unknown>;
  idempotencyKey?: string;
  requestHash?: string;
}

export interface ClientResult {
  id: string;
  status: ClientStatus;
  municipalityId: string;
  responsibleExpertId: string | null;
  nextReviewDue: string | null;
  reviewOverdue: boolean;
  version: number;
}

type Of<T extends ClientCommand['type']> = ClientDecisionRequest<Extract<ClientCommand, { type: T }>>;

export const clientRegistered = defineUpdate<ClientResult>('clientRegistered');
export const assignResponsibleExpert = defineUpdate<ClientResult, [Of<'ASSIGN_EXPERT'>]>(
  'assignResponsibleExpert',
);
export const recordAssessment = defineUpdate<ClientResult, [Of<'RECORD_ASSESSMENT'>]>('recordAssessment');
export const setIntegrationPlan = defineUpdate<ClientResult, [Of<'SET_PLAN'>]>('setIntegrationPlan');
export const recordPlanReview = defineUpdate<ClientResult, [Of<'RECORD_REVIEW'>]>('recordPlanReview');
export const endClientRelationship = defineUpdate<ClientResult, [Of<'END'>]>('endClientRelationship');
export const resumeClientRelationship = defineUpdate<ClientResult, [Of<'RESUME'>]>(
  'resumeClientRelationship',
);
export const moveClient = defineUpdate<ClientResult, [Of<'MOVE'>]>('moveClient');
export const takeOverClient = defineUpdate<ClientResult, [Of<'TAKE_OVER'>]>('takeOverClient');

export const clientUpdates = {
  ASSIGN_EXPERT: assignResponsibleExpert,
  RECORD_ASSESSMENT: recordAssessment,
  SET_PLAN: setIntegrationPlan,
  RECORD_REVIEW: recordPlanReview,
  END: endClientRelationship,
  RESUME: resumeClientRelationship,
  MOVE: moveClient,
  TAKE_OVER: takeOverClient,
} as const;

export const getClientState = defineQuery<ClientState>('getClientState');
