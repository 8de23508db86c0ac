import { z } from 'zod';
import { proposalKinds, proposalStatuses } from '../../domain/placement/proposal';
import { calendarDate, person } from '../schemas/common';
import { actorRef, instant, pageOf, timelineEvent } from '../schemas/responses';
import { answerBody, hearingAnswerBody, hearingBody, proposalId } from './schemas';

/** The answers of `/api/v1/placement-proposals`, as the use cases give them. */

/** What every decision answers: the proposal's status and deadline after it. */
export const proposalDecisionResult = z
  .object({
    id: proposalId,
    status: z.enum(proposalStatuses),
    round: z.number().int().meta({ description: 'the sending round, 0 before the first send' }),
    ownerId: z.string().meta({ description: 'the owning elinvoimakeskus' }),
    municipalityId: z.string().optional().meta({ description: 'the receiving municipality, once sent' }),
    answerDueDate: calendarDate
      .optional()
      .meta({ description: 'the municipality’s answer is due (Helsinki)' }),
    answerDueAt: instant.optional(),
    overdue: z.boolean(),
  })
  .meta({ id: 'ProposalDecisionResult' });

export const proposalCreated = z
  .object({
    id: proposalId,
    status: z.literal('DRAFT'),
    kind: z.enum(proposalKinds),
    ownerId: z.string(),
  })
  .meta({ id: 'ProposalCreated' });

export const proposalListItem = proposalDecisionResult
  .extend({
    kind: z.enum(proposalKinds),
    householdSize: z.number().int(),
    evidentServiceNeeds: z.boolean(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'ProposalListItem' });

export const proposalPage = pageOf(proposalListItem, 'ProposalPage');

/** The welfare area's hearing (§ 43). */
export const hearing = z
  .object({
    round: z.number().int(),
    welfareAreaId: z.string().nullable().meta({ description: 'null for Åland municipalities' }),
    authority: z
      .string()
      .optional()
      .meta({ description: 'Åland: the provincial authority heard (there is no welfare area)' }),
    mode: hearingBody.shape.mode,
    requestedAt: instant,
    dueAt: instant,
    overdue: z.boolean(),
    answer: hearingAnswerBody
      .extend({ answeredAt: instant, answeredBy: actorRef, late: z.boolean() })
      .optional(),
    cancelled: z
      .object({ at: instant, by: actorRef, reason: z.string().optional() })
      .optional()
      .meta({ description: 'set when the municipality cancelled the hearing before its answer' }),
  })
  .meta({ id: 'Hearing' });

/** The elinvoimakeskus's housing agreement with the welfare area (§ 2(6)), reached outside the system. */
export const housingAgreement = z
  .object({
    agreedOn: calendarDate,
    note: z.string(),
    welfareAreaId: z.string().nullable(),
    recordedAt: instant,
    recordedBy: actorRef,
  })
  .meta({ id: 'HousingAgreement' });

/** One round of sending to a municipality and its answer. */
export const proposalRound = z
  .object({
    round: z.number().int(),
    ownerId: z.string(),
    municipalityId: z.string(),
    sentAt: instant,
    answerDueDate: calendarDate,
    answerDueAt: instant,
    decision: z.enum(['ACCEPT', 'REJECT', 'NOT_ANSWERED']).optional(),
    reason: z.string().optional(),
    answeredAt: instant.optional(),
    late: z.boolean(),
  })
  .meta({ id: 'ProposalRound' });

export const proposalDetail = proposalDecisionResult
  .extend({
    allowedActions: z.array(z.string()).meta({
      description:
        'the decision paths the caller may call now (the last path segments, such as "send" or "hearing/answer")',
    }),
    allowedAnswers: z
      .array(answerBody.shape.decision)
      .optional()
      .meta({ description: 'with "answer" allowed: the decisions the municipality may give now' }),
    kind: z.enum(proposalKinds),
    evidentServiceNeeds: z.boolean(),
    unaccompaniedMinor: z.boolean(),
    unaccompanied: z.boolean().meta({
      description:
        'someone in the household came without a guardian (§ 2(6), a minor or under 23): the welfare area must agree',
    }),
    notes: z.string().optional(),
    household: z.array(person),
    hearing: hearing.optional().meta({ description: 'the latest hearing of the current round' }),
    hearings: z.array(hearing).meta({
      description: 'every hearing of every round, oldest first, each with its answer (never overwritten)',
    }),
    housingAgreements: z.array(housingAgreement),
    personalDataErased: z
      .boolean()
      .optional()
      .meta({ description: 'true once the personal data was erased after the retention period' }),
    rounds: z.array(proposalRound),
    timeline: z.array(timelineEvent),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'ProposalDetail' });
