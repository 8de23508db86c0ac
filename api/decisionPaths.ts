import type { ClientCommandType } from '../domain/clientCase/clientCase';
import type { CommandType } from '../domain/placement/proposal';

/**
 * The path of each decision under its case (`POST /placement-proposals/{id}/<path>`,
 * `/clients/{id}/<path>`). `allowedActions` in the detail answers names these paths, so a user
 * interface shows exactly the decisions the workflow would accept from the caller now.
 */
export const proposalDecisionPaths = {
  SEND: 'send',
  REQUEST_HEARING: 'hearing',
  ANSWER_HEARING: 'hearing/answer',
  ANSWER: 'answer',
  REDISTRIBUTE: 'redistribute',
  FORWARD: 'forward',
  RETURN_TO_MIGRI: 'return-to-migri',
  CONFIRM: 'confirm',
  WITHDRAW: 'withdraw',
  // Also `PATCH /placement-proposals/{id}` (API.md): the same edit of a draft.
  EDIT_DRAFT: 'edit',
  CANCEL_HEARING: 'hearing/cancel',
  RECORD_HOUSING_AGREEMENT: 'housing-agreements',
} as const satisfies Record<CommandType, string>;

export const clientDecisionPaths = {
  ASSIGN_EXPERT: 'responsible-expert',
  RECORD_ASSESSMENT: 'assessments',
  SET_PLAN: 'integration-plan',
  RECORD_REVIEW: 'integration-plan/reviews',
  END: 'end',
  RESUME: 'resume',
  MOVE: 'move',
  /** Not a path under the case: `POST /clients` with `takeOver` (the caller cannot see the case yet). */
  TAKE_OVER: 'takeover',
} as const satisfies Record<ClientCommandType, string>;
