import crypto from 'node:crypto';
import { z } from 'zod';
import { contactTimeProblem } from '../../domain/clientCase/everydayWork';
import { checkRegistration, type RegistrationFacts } from '../../domain/clientCase/registration';
import { calendarDate, pastOrToday, text } from '../schemas/common';
import { clientPerson, planBody, registerClientBody, residenceRight } from '../clients/schemas';
import { fieldErrors } from '../problem';

/**
 * A client record from a municipality's earlier system (API.md "Data transfer"): the registration
 * body of `POST /api/v1/clients` (without a proposal or a take-over) plus the case's state there.
 */
export const transferRecord = registerClientBody
  .omit({ proposalId: true, personIndex: true, takeOver: true })
  .extend({
    sourceId: text(200).meta({ description: 'the record’s id in the source system (idempotency key)' }),
    status: z.enum(['ACTIVE', 'ENDED']),
    endedOn: pastOrToday.optional(),
    endReason: z.string().max(4000).optional(),
    responsibleExpertId: text(200).optional(),
    assessments: z
      .array(
        z.strictObject({
          type: z.enum(['INITIAL', 'REASSESSMENT']),
          completedOn: pastOrToday,
          summary: z.string().max(20000).optional(),
          serviceNeeds: z.array(text(500)).max(100).optional(),
          welfareAreaParticipated: z.boolean().optional(),
        }),
      )
      .max(100)
      .optional(),
    plan: z
      .strictObject({
        validFrom: calendarDate,
        validUntil: calendarDate,
        lastReviewedOn: pastOrToday.optional(),
        // The plan's content as `PUT /api/v1/clients/{id}/integration-plan` takes it.
        goals: planBody.shape.goals.optional(),
        tasks: planBody.shape.tasks.optional(),
        services: planBody.shape.services.optional(),
      })
      .optional(),
    contacts: z
      .array(
        z.strictObject({
          at: z.iso.datetime({ offset: true }),
          channel: z.enum(['MEETING', 'PHONE', 'EMAIL', 'MESSAGE', 'OTHER']),
          summary: z.string().max(20000),
          interpreterUsed: z.boolean().optional(),
        }),
      )
      .max(1000)
      .optional(),
  })
  .meta({ id: 'TransferRecord' });
export type TransferRecordBody = z.infer<typeof transferRecord>;

/** The source system's name: printable text (it is stored and shown as is). */
const sourceSystem = text(100).refine(
  (value) => ![...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
  'must not contain control characters',
);

export const transferQuery = z.strictObject({
  sourceSystem: sourceSystem.optional(),
  dryRun: z.enum(['true', 'false']).optional(),
});

export const createTransferBody = z.strictObject({
  sourceSystem,
  dryRun: z.boolean(),
  records: z.array(z.unknown()).max(100_000),
});

export interface RecordProblem {
  pointer: string;
  detail: string;
}

/**
 * One record checked with the same rules as a registration: the API's schemas (the record's and
 * the person's), then checkRegistration and the transfer's own rules. Every problem is reported,
 * each naming its JSON pointer inside the record, not only the first.
 */
export function checkTransferRecord(
  raw: unknown,
  today: string,
  now = new Date(),
):
  | { ok: true; record: TransferRecordBody; person: z.infer<typeof clientPerson> }
  | { ok: false; problems: RecordProblem[] } {
  const parsed = transferRecord.safeParse(raw);
  const schema: RecordProblem[] = parsed.success ? [] : fieldErrors(parsed.error);
  const problems: RecordProblem[] = [];
  const given = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  // The person is checked on its own even when the record has other problems.
  let person: z.infer<typeof clientPerson> | undefined;
  if (given.person === undefined) {
    schema.push({ pointer: '/person', detail: 'required' });
  } else if (given.person && typeof given.person === 'object' && !Array.isArray(given.person)) {
    const checked = clientPerson.safeParse(given.person);
    if (checked.success) person = checked.data;
    else schema.push(...fieldErrors(checked.error, '/person'));
  }
  const facts = given.person as { personalIdentityCode?: unknown; umaNumber?: unknown } | undefined;
  const right = residenceRight.safeParse(given.residenceRight);
  const registration = checkRegistration(
    {
      personalIdentityCode: person?.personalIdentityCode ?? stringOr(facts?.personalIdentityCode),
      umaNumber: person?.umaNumber ?? stringOr(facts?.umaNumber),
      finnishCitizen: given.finnishCitizen === true,
      finnishCitizenException: given.finnishCitizenException,
      residenceRight: right.success ? right.data : given.residenceRight,
    } as RegistrationFacts,
    today,
  );
  problems.push(...registration);
  const status = given.status;
  if (status === 'ENDED' && given.endedOn === undefined)
    problems.push({ pointer: '/endedOn', detail: 'required when the status is ENDED' });
  if (status === 'ACTIVE' && given.endedOn !== undefined)
    problems.push({ pointer: '/endedOn', detail: 'only an ENDED case has an end date' });
  if (status === 'ACTIVE' && given.endReason !== undefined)
    problems.push({ pointer: '/endReason', detail: 'only an ENDED case has an end reason' });
  const plan = given.plan as { validFrom?: unknown; validUntil?: unknown } | undefined;
  if (
    typeof plan?.validFrom === 'string' &&
    typeof plan.validUntil === 'string' &&
    plan.validUntil < plan.validFrom
  )
    problems.push({ pointer: '/plan/validUntil', detail: 'must not be before validFrom' });
  if (given.finnishCitizen === true && given.plan !== undefined)
    problems.push({
      pointer: '/plan',
      detail: 'a Finnish citizen registered under § 2 gets no integration plan',
    });
  if (Array.isArray(given.contacts)) {
    given.contacts.forEach((contact: { at?: unknown } | null, i) => {
      const at = typeof contact?.at === 'string' ? new Date(contact.at) : null;
      const problem = at && !Number.isNaN(at.getTime()) ? contactTimeProblem(at, now) : undefined;
      if (problem) problems.push({ pointer: `/contacts/${i}/at`, detail: problem });
    });
  }
  const all = distinct(schema, problems);
  if (all.length || !parsed.success || !person) {
    return { ok: false, problems: all.length ? all : [{ pointer: '', detail: 'not a transfer record' }] };
  }
  return { ok: true, record: parsed.data, person };
}

const stringOr = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Each problem once, in the order found; a rule's problem on a field the schemas refused already
 * (the field itself, inside it or around it) is left out: the schema's says what to mend.
 */
function distinct(schema: RecordProblem[], rules: RecordProblem[]): RecordProblem[] {
  const refused = schema.map((p) => p.pointer);
  const covered = (pointer: string) =>
    refused.some((p) => p === pointer || pointer.startsWith(`${p}/`) || p.startsWith(`${pointer}/`));
  const seen = new Set<string>();
  return [...schema, ...rules.filter((p) => !covered(p.pointer))].filter((p) => {
    const key = `${p.pointer}\n${p.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A stable fingerprint of a record's content: the same record twice is the same hash. */
export function recordHash(raw: unknown): string {
  return crypto.createHash('sha256').update(stableJson(raw)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The client's id for a source record: the same (municipality, system, source id), the same case. */
export function transferredClientId(municipalityId: string, sourceSystem: string, sourceId: string): string {
  return stableUuid(`transfer\n${municipalityId}\n${sourceSystem}\n${sourceId}`);
}

/** An imported contact's id: the same on every attempt of the same import. */
export function transferredContactId(clientId: string, index: number): string {
  return stableUuid(`transfer-contact\n${clientId}\n${index}`);
}

/** A UUID (version 8) named by its text. */
function stableUuid(name: string): string {
  const h = crypto.createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
