import { z } from 'zod';
import { clientStatuses } from '../../domain/clientCase/clientCase';
import { absenceBases, extensionBases } from '../../domain/clientCase/planRules';
import { finnishCitizenExceptionBases, residenceRightTypes } from '../../domain/clientCase/registration';
import {
  calendarDate,
  organisationId,
  pageQuery,
  pastOrToday,
  person,
  reason,
  text,
} from '../schemas/common';

export const clientContact = {
  serviceLanguage: z.enum(['fi', 'sv'], { message: 'the service language is Finnish (fi) or Swedish (sv)' }),
  phone: z
    .string()
    .regex(/^\+?[0-9][0-9 ()-]{4,22}[0-9]$/, 'must be a phone number such as +358 40 123 4567')
    .optional(),
  email: z.email('must be an e-mail address').max(254).optional(),
  rightToWork: z.string().max(2000).optional().meta({ description: 'free text (työnteko-oikeus)' }),
};

/** The client as a person: Person (API.md) with service language and contact details. */
export const clientPerson = person.and(z.object(clientContact));

export const residenceRight = z
  .strictObject({
    type: z.enum(residenceRightTypes),
    validUntil: calendarDate.optional(),
    certificateId: text(100).optional(),
  })
  .meta({ id: 'ResidenceRight' });

export const registerClientBody = z.strictObject({
  // With proposalId the person comes from the accepted proposal; fields given here override it.
  person: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({
      description:
        'Person plus serviceLanguage (fi or sv), phone?, email? and rightToWork?; required without proposalId, ' +
        'otherwise the fields given override those of the proposal’s person',
    }),
  personIndex: z
    .number()
    .int()
    .min(0)
    .max(29)
    .optional()
    .meta({ description: 'which household member of the proposal (default 0)' }),
  residenceRight: residenceRight.optional(),
  finnishCitizen: z.boolean().optional(),
  finnishCitizenException: z
    .strictObject({
      basis: z.enum(finnishCitizenExceptionBases).meta({ description: 'the case of act 681/2023 § 2' }),
      note: z.string().max(1000).optional(),
    })
    .optional()
    .meta({
      description:
        'the act’s § 2 exception that applies (required with finnishCitizen); such a client gets no integration plan',
    }),
  firstPermitDate: pastOrToday
    .optional()
    .meta({ description: 'first residence permit or registration (§ 20: plan within 3 years)' }),
  firstPlanStartedOn: pastOrToday.optional().meta({
    description:
      'start of the client’s first integration plan drawn up in another system: § 23’s limits count from it',
  }),
  proposalId: z.uuid().optional(),
  takeOver: z
    .strictObject({
      consent: z.literal(true, { message: 'the client’s consent is required to take the case over (§ 85)' }),
      consentRecordedOn: pastOrToday,
    })
    .optional()
    .meta({
      description:
        'take over the person’s ENDED client case in another municipality instead of registering them again (§ 85)',
    }),
});

export const assignExpertBody = z.strictObject({ userId: z.string().min(1).max(200) });

export const assessmentBody = z.strictObject({
  type: z.enum(['INITIAL', 'REASSESSMENT']),
  completedOn: pastOrToday,
  summary: text(8000),
  serviceNeeds: z.array(text(500)).max(100),
  welfareAreaParticipated: z.boolean().optional(),
});

const planGround = z
  .strictObject({
    basis: z.enum([...extensionBases, ...absenceBases]),
    months: z.number().int().min(1).max(48),
  })
  .meta({ id: 'PlanGround' });

const dated = { startDate: calendarDate.optional(), endDate: calendarDate.optional() };
export const planBody = z.strictObject({
  validFrom: calendarDate,
  validUntil: calendarDate,
  goals: z.array(z.strictObject({ description: text(2000), ...dated })).max(100),
  tasks: z
    .array(
      z.strictObject({
        description: text(2000),
        dueDate: calendarDate.optional(),
        responsible: z.string().max(200).optional(),
      }),
    )
    .max(200),
  services: z
    .array(z.strictObject({ name: text(500), provider: z.string().max(500).optional(), ...dated }))
    .max(100),
  extension: planGround
    .optional()
    .meta({ description: 'one § 23 ground for plans beyond two years (the older form of `extensions`)' }),
  extensions: z.array(planGround).max(10).optional().meta({
    description:
      '§ 23 grounds for plans beyond two years: extension bases combine up to 24 months, absences (ILLNESS, DISABILITY, PARENTAL_LEAVE) extend for their length',
  }),
});

export const reviewBody = z.strictObject({
  reviewedOn: pastOrToday,
  changes: text(8000),
  nextReviewOn: calendarDate
    .optional()
    .meta({ description: 'an earlier next review; at most six months on (§ 22)' }),
});

export const endBody = z.strictObject({ reason });
export const resumeBody = z.strictObject({ reason: reason.optional() });
export const moveBody = z.strictObject({
  municipalityId: organisationId,
  consent: z.literal(true, { message: 'the client’s consent is required to move the case (§ 85)' }),
  consentRecordedOn: pastOrToday,
});

export const listClientsQuery = z.strictObject({
  identifier: z
    .string()
    .min(1)
    .max(40)
    .optional()
    .meta({ description: 'personal identity code or UMA number, exact' }),
  responsibleExpertId: z.string().max(200).optional(),
  status: z.enum(clientStatuses).optional(),
  reviewOverdue: z.enum(['true', 'false']).optional(),
  municipalityId: organisationId.optional(),
  ...pageQuery,
});

export const clientId = z.uuid({ message: 'must be a client ID (UUID)' });
