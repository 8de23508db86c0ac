import { z } from 'zod';
import { proposalKinds, proposalStatuses } from '../../domain/placement/proposal';
import {
  calendarDate,
  organisationId,
  pageQuery,
  pastOrToday,
  person,
  reason,
  text,
} from '../schemas/common';

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
  welfareAreaId: organisationId.optional().meta({
    description:
      'required except for Åland municipalities, which have no welfare area: there it must be left out (422)',
  }),
  mode: z.enum(['IN_SYSTEM', 'RECORDED']),
  dueDate: calendarDate.optional(),
  authority: z.string().trim().min(1).max(200).optional().meta({
    description:
      'Åland municipalities only: the provincial authority heard, as text (default "Ålands landskapsregering")',
  }),
});

export const cancelHearingBody = z.strictObject({ reason: z.string().max(4000).optional() });

export const housingAgreementBody = z.strictObject({
  agreedOn: pastOrToday.meta({ description: 'the day the agreement was reached (Helsinki)' }),
  note: text(4000).meta({ description: 'what was agreed about housing and with whom' }),
  welfareAreaId: organisationId
    .optional()
    .meta({ description: 'the welfare area agreed with (left out where none applies)' }),
});

/** An edit of a DRAFT by its owner: the fields given replace the draft's; `notes: ""` clears them. */
export const editDraftBody = z
  .strictObject({
    kind: z.enum(proposalKinds).optional(),
    household: z.array(person).min(1, 'a household has at least one person').max(30).optional(),
    evidentServiceNeeds: z.boolean().optional(),
    notes: z.string().max(4000).optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), {
    message: 'give at least one of kind, household, evidentServiceNeeds, notes',
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
