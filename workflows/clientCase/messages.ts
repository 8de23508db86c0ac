import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/organisations/kinds';
import type { ClientCommand, ClientState, ClientStatus } from '../../domain/clientCase/clientCase';

/** Messages of the client case workflow, shared by the workflow and the API. */

export const clientWorkflowIdFor = (clientId: string) => `client-case-${clientId}`;

/** Registration data for the read model; passed once, never kept in the workflow's state. */
export type ClientRegistration = Record<string, unknown>;

export interface ClientCaseSettings {
  reviewReminderBefore: string;
}

export interface ClientCaseInput {
  client: { id: string; municipalityId: string; firstPermitDate?: string | null };
  actor: Actor;
  registration?: ClientRegistration;
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

export const clientUpdates = {
  ASSIGN_EXPERT: assignResponsibleExpert,
  RECORD_ASSESSMENT: recordAssessment,
  SET_PLAN: setIntegrationPlan,
  RECORD_REVIEW: recordPlanReview,
  END: endClientRelationship,
  RESUME: resumeClientRelationship,
  MOVE: moveClient,
} as const;

export const getClientState = defineQuery<ClientState>('getClientState');
