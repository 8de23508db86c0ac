import { z } from 'zod';
import { clientStatuses } from '../../domain/clientCase/clientCase';
import { calendarDate, person } from '../schemas/common';
import { instant, pageOf, timelineEvent } from '../schemas/responses';
import { clientProvenance } from './everydaySchemas';
import {
  assessmentBody,
  clientContact,
  clientId,
  planBody,
  registerClientBody,
  residenceRight,
  reviewBody,
} from './schemas';

/** The answers of `/api/v1/clients`, as the use cases give them. */

export const clientCreated = z
  .object({
    id: clientId,
    status: z.literal('ACTIVE'),
    takenOverFrom: z.string().optional().meta({
      description:
        'with `takeOver`: the municipality whose ENDED case this municipality took over (the case keeps its ID)',
    }),
  })
  .meta({ id: 'ClientCreated' });

/** What every decision on a case answers: its status and review deadline after it. */
export const clientDecisionResult = z
  .object({
    id: clientId,
    status: z.enum(clientStatuses),
    municipalityId: z.string(),
    responsibleExpertId: z.string().optional(),
    nextReviewDue: calendarDate.optional().meta({ description: 'the integration plan’s next review (§ 22)' }),
    nextReviewDueAt: instant.optional(),
    reviewOverdue: z.boolean(),
  })
  .meta({ id: 'ClientDecisionResult' });

export const clientSummary = z
  .object({
    id: clientId,
    status: z.enum(clientStatuses),
    municipalityId: z.string(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    birthDate: calendarDate.optional(),
    responsibleExpertId: z.string().optional(),
    nextReviewDue: calendarDate.optional(),
    nextReviewDueAt: instant.optional(),
    reviewOverdue: z.boolean(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'ClientSummary' });

export const clientPage = pageOf(clientSummary, 'ClientPage');

/** The person as recorded; what is erased four years after the end (§ 77) is absent. */
export const clientRecordPerson = z
  .object({
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    birthDate: calendarDate.optional(),
    nationality: z.string().optional(),
    personalIdentityCode: z.string().optional(),
    umaNumber: z.string().optional(),
    languages: person.shape.languages.unwrap(),
    serviceLanguage: clientContact.serviceLanguage.optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
    rightToWork: z.string().optional(),
  })
  .meta({ id: 'ClientPerson' });

export const assessment = assessmentBody
  .extend({ welfareAreaParticipated: z.boolean(), recordedBy: z.string(), recordedAt: instant })
  .meta({ id: 'Assessment' });

/** The integration plan in force, with the dates the deadlines are computed from. */
export const integrationPlan = planBody
  .extend({
    firstPlanFrom: calendarDate.meta({
      description: 'start of the first plan: the § 23 limits count from it',
    }),
    expired: z.boolean(),
    extension: planBody.shape.extension.unwrap().nullable(),
  })
  .meta({ id: 'IntegrationPlan' });

export const planReview = reviewBody
  .pick({ reviewedOn: true, changes: true })
  .extend({ recordedBy: z.string(), recordedAt: instant })
  .meta({ id: 'PlanReview' });

export const clientDetail = clientSummary
  .extend({
    allowedActions: z.array(z.string()).meta({
      description:
        'the decision paths the caller may call now (the last path segments, such as "integration-plan" or "end")',
    }),
    person: clientRecordPerson,
    residenceRight: residenceRight.optional(),
    finnishCitizen: z.boolean(),
    finnishCitizenException: registerClientBody.shape.finnishCitizenException,
    firstPermitDate: calendarDate
      .optional()
      .meta({ description: 'the first residence permit or registration, as registered (§ 20)' }),
    firstPlanStartedOn: calendarDate
      .optional()
      .meta({ description: 'the first plan’s start in another system, carried over at registration' }),
    proposalId: z.uuid().optional().meta({ description: 'the placement proposal the client came with' }),
    assessments: z.array(assessment),
    plan: integrationPlan.optional(),
    reviews: z.array(planReview),
    endedAt: instant.optional(),
    endReason: z.string().optional(),
    deletionDueAt: instant.optional().meta({ description: 'when the personal data will be erased (§ 77)' }),
    provenance: clientProvenance,
    timeline: z.array(timelineEvent).meta({
      description: 'the workflow’s events with the contacts (CONTACT_RECORDED) and corrections (CORRECTED)',
    }),
  })
  .meta({ id: 'ClientDetail' });
