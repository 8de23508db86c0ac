import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Custom search attributes for supervisors in the Temporal UI. Stored unencrypted, so they hold
 * organisation IDs, statuses and dates only: never personal data.
 */
export const ProposalStatus = defineSearchAttributeKey('ProposalStatus', 'KEYWORD');
export const OwnerElinvoimakeskusId = defineSearchAttributeKey('OwnerElinvoimakeskusId', 'KEYWORD');
export const MunicipalityId = defineSearchAttributeKey('MunicipalityId', 'KEYWORD');
export const WelfareAreaId = defineSearchAttributeKey('WelfareAreaId', 'KEYWORD');
export const AnswerDue = defineSearchAttributeKey('AnswerDue', 'DATETIME');
export const Overdue = defineSearchAttributeKey('Overdue', 'BOOL');
export const ClientStatus = defineSearchAttributeKey('ClientStatus', 'KEYWORD');
export const ReviewDue = defineSearchAttributeKey('ReviewDue', 'DATETIME');
export const ReviewOverdue = defineSearchAttributeKey('ReviewOverdue', 'BOOL');

export const allSearchAttributes = [
  ProposalStatus,
  OwnerElinvoimakeskusId,
  MunicipalityId,
  WelfareAreaId,
  AnswerDue,
  Overdue,
  ClientStatus,
  ReviewDue,
  ReviewOverdue,
];
