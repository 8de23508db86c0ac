import { z } from 'zod';
import { proposalKinds, proposalStatuses } from '../../domain/placement/proposal';
import { calendarDate, organisationId, pageQuery, person, reason, text } from '../schemas/common';

export const createProposalBody = z.strictObject({
  kind: z.enum(proposalKinds),
  household: z.array(person).min(1, 'a household has at least one person').max(30),
  evidentServiceNeeds: z.boolean(),
  notes: z.string().max(4000).optional(),
});

export const sendBody = z.strictObject({
  municipalityId: organisationId,
  answerDueDate: calendarDate.optional(),
});
export const redistributeBody = sendBody;

export const hearingBody = z.strictObject({
  welfareAreaId: organisationId
    .optional()
    .meta({ description: 'required except for Åland municipalities (no welfare area)' }),
  mode: z.enum(['IN_SYSTEM', 'RECORDED']),
  dueDate: calendarDate.optional(),
});

export const hearingAnswerBody = z.strictObject({ canArrangeServices: z.boolean(), statement: text(8000) });

export const answerBody = z
  .strictObject({ decision: z.enum(['ACCEPT', 'REJECT']), reason: z.string().max(4000).optional() })
  .superRefine((body, ctx) => {
    if (body.decision === 'REJECT' && !body.reason?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a rejection needs a reason' });
    }
  });

export const forwardBody = z.strictObject({ elinvoimakeskusId: organisationId, reason });
export const reasonBody = z.strictObject({ reason });
export const emptyBody = z.strictObject({});

export const listProposalsQuery = z.strictObject({
  status: z.enum(proposalStatuses).optional(),
  municipalityId: organisationId.optional(),
  elinvoimakeskusId: organisationId.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});

export const proposalId = z.uuid({ message: 'must be a proposal ID (UUID)' });
