import { z } from 'zod';
import { clientStatuses } from '../../domain/clientCase/clientCase';
import { contactChannels } from '../../domain/clientCase/everydayWork';
import { correctableItems, dataSources, personItems } from '../../domain/clientCase/provenance';
import { calendarDate, pageQuery, person, text } from '../schemas/common';
import { instant, pageOf } from '../schemas/responses';
import { clientContact, clientId, planBody, residenceRight } from './schemas';

/** Requests and answers of everyday work on a client case (API.md, "Everyday client work"). */

const userId = z.string().trim().min(1).max(200);
const languageSkills = person.shape.languages.unwrap();

// ── Contacts and meetings ──────────────────────────────────────────────────────────────────

export const contactBody = z.strictObject({
  at: z.iso.datetime({ offset: true }).meta({ description: 'when the contact or meeting took place' }),
  channel: z.enum(contactChannels),
  summary: text(8000),
  interpreterUsed: z.boolean().optional(),
});

export const contactsQuery = z.strictObject({ ...pageQuery });

export const contact = z
  .object({
    id: z.uuid(),
    clientId,
    at: instant,
    channel: z.enum(contactChannels),
    summary: z.string(),
    interpreterUsed: z.boolean(),
    recordedBy: z.string(),
    recordedAt: instant,
  })
  .meta({ id: 'ClientContact' });

export const contactPage = pageOf(contact, 'ClientContactPage');

export const created = z.object({ id: z.uuid() }).meta({ id: 'Created' });

// ── To-do list ─────────────────────────────────────────────────────────────────────────────

export const todoId = z.uuid({ message: 'must be a to-do ID (UUID)' });

export const todoBody = z.strictObject({
  title: text(500),
  dueDate: calendarDate.optional(),
  assigneeId: userId
    .optional()
    .meta({ description: 'an officer of the client’s municipality; unassigned when left out' }),
});

export const todoPatchBody = z
  .strictObject({
    title: text(500).optional(),
    dueDate: calendarDate.nullable().optional().meta({ description: 'null removes the due date' }),
    assigneeId: userId.nullable().optional().meta({ description: 'null leaves the to-do unassigned' }),
    done: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });

export const todo = z
  .object({
    id: z.uuid(),
    clientId,
    title: z.string(),
    dueDate: calendarDate.optional(),
    assigneeId: z.string().optional(),
    done: z.boolean(),
    doneAt: instant.optional(),
    doneBy: z.string().optional(),
    overdue: z.boolean().meta({ description: 'open and past its due date (Helsinki time)' }),
    createdBy: z.string(),
    createdAt: instant,
    updatedBy: z.string(),
    updatedAt: instant,
  })
  .meta({ id: 'ClientTodo' });

export const todoList = z
  .object({ items: z.array(todo).meta({ description: 'open first, by due date; then done' }) })
  .meta({ id: 'ClientTodoList' });

export const myTodosQuery = z.strictObject({
  assigneeId: z
    .string()
    .max(200)
    .default('me')
    .meta({ description: '`me` (the default) or a colleague’s user ID' }),
  done: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const myTodo = todo
  .extend({
    client: z.object({
      id: clientId,
      status: z.enum(clientStatuses),
      firstName: z.string().optional(),
      lastName: z.string().optional(),
    }),
  })
  .meta({ id: 'AssignedTodo' });

export const myTodoList = z
  .object({ items: z.array(myTodo).meta({ description: 'overdue and soonest due first, undated last' }) })
  .meta({ id: 'AssignedTodoList' });

// ── Corrections with provenance (§ 73) ─────────────────────────────────────────────────────

export const correctionBody = z
  .strictObject({
    person: z
      .strictObject({
        phone: clientContact.phone.unwrap().nullable().optional(),
        email: clientContact.email.unwrap().nullable().optional(),
        serviceLanguage: clientContact.serviceLanguage.optional(),
        languages: languageSkills.optional(),
        rightToWork: text(2000).nullable().optional().meta({ description: 'free text (työnteko-oikeus)' }),
      })
      .optional()
      .meta({ description: 'null removes an optional item' }),
    residenceRight: residenceRight.optional(),
    reason: text(1000).optional().meta({ description: 'why the items are corrected; kept in their history' }),
  })
  .refine((body) => Object.keys(body.person ?? {}).length > 0 || body.residenceRight !== undefined, {
    message: 'give at least one item to correct',
  });

export const provenanceEntry = z
  .object({
    source: z.enum(dataSources).meta({
      description:
        'MANUAL (typed by an officer), VTJ, UMA, TRANSFER, or PROPOSAL (from the accepted placement proposal)',
    }),
    recordedBy: z.string(),
    recordedAt: instant,
  })
  .meta({ id: 'Provenance' });

export const clientProvenance = z
  .object({
    person: z.object(Object.fromEntries(personItems.map((item) => [item, provenanceEntry.optional()]))),
    residenceRight: provenanceEntry.optional(),
    finnishCitizen: provenanceEntry.optional(),
  })
  .meta({
    id: 'ClientProvenance',
    description: 'where each recorded item came from and who recorded it (§ 73), in the shape of the case',
  });

const itemValue = z
  .union([z.string(), languageSkills, residenceRight, z.null()])
  .meta({ description: 'the item’s value; null when nothing was recorded' });

export const correctionsQuery = z.strictObject({
  item: z
    .enum(correctableItems)
    .optional()
    .meta({ description: 'one item’s history, such as /person/phone' }),
});

export const correction = z
  .object({
    correctionId: z.uuid(),
    item: z.enum(correctableItems),
    from: itemValue,
    to: itemValue,
    source: z.enum(dataSources),
    reason: z.string().optional(),
    recordedBy: z.string(),
    recordedAt: instant,
  })
  .meta({ id: 'ClientCorrection' });

export const correctionList = z
  .object({ items: z.array(correction).meta({ description: 'newest first' }) })
  .meta({ id: 'ClientCorrectionList' });

// ── Plan versions ──────────────────────────────────────────────────────────────────────────

export const planVersion = planBody
  .extend({
    version: z.number().int().meta({ description: '1 for the first plan saved, then 2, 3...' }),
    current: z.boolean().meta({ description: 'the plan in force now (the newest version)' }),
    firstPlanFrom: calendarDate,
    extension: planBody.shape.extension.unwrap().nullable(),
    recordedBy: z.string(),
    recordedAt: instant,
  })
  .meta({ id: 'IntegrationPlanVersion' });

export const planVersionList = z
  .object({
    items: z.array(planVersion).meta({ description: 'every plan as it was saved, unchanged, newest first' }),
  })
  .meta({ id: 'IntegrationPlanVersionList' });

// ── The summary ────────────────────────────────────────────────────────────────────────────

export const summaryFlags = [
  'RESIDENCE_RIGHT_EXPIRED',
  'REVIEW_OVERDUE',
  'PLAN_EXPIRED',
  'TODOS_OVERDUE',
  'NO_RESPONSIBLE_EXPERT',
] as const;

export const caseSummary = z
  .object({
    id: clientId,
    status: z.enum(clientStatuses),
    municipalityId: z.string(),
    person: z.object({
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      birthDate: calendarDate.optional(),
      personalIdentityCode: z.string().optional(),
      umaNumber: z.string().optional(),
      languages: languageSkills,
      serviceLanguage: clientContact.serviceLanguage.optional(),
    }),
    responsibleExpertId: z.string().optional(),
    currentPlan: z
      .object({
        version: z.number().int().optional(),
        validFrom: calendarDate,
        validUntil: calendarDate,
        firstPlanFrom: calendarDate,
        expired: z.boolean(),
      })
      .optional(),
    nextReviewDue: calendarDate.optional(),
    nextReviewDueAt: instant.optional(),
    reviewOverdue: z.boolean(),
    lastContactAt: instant.optional(),
    lastContactChannel: z.enum(contactChannels).optional(),
    openTodos: z
      .array(
        z.object({
          id: z.uuid(),
          title: z.string(),
          dueDate: calendarDate.optional(),
          assigneeId: z.string().optional(),
          overdue: z.boolean(),
        }),
      )
      .meta({ description: 'the open to-dos, soonest due first (at most 20; openTodoCount counts all)' }),
    openTodoCount: z.number().int(),
    overdueTodoCount: z.number().int(),
    latestAssessment: z
      .object({
        type: z.enum(['INITIAL', 'REASSESSMENT']),
        completedOn: calendarDate,
        serviceNeeds: z.array(z.string()),
        welfareAreaParticipated: z.boolean(),
      })
      .optional(),
    residenceRight: residenceRight
      .extend({ expired: z.boolean() })
      .meta({ id: 'ResidenceRightStatus' })
      .optional(),
    residenceRightExpired: z.boolean(),
    flags: z.array(z.enum(summaryFlags)).meta({ description: 'what needs attention' }),
  })
  .meta({ id: 'ClientCaseSummary' });
