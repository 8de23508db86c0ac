import crypto from 'node:crypto';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { Prisma } from '../generated/prisma/client';
import {
  MAX_TOPIC_LENGTH,
  MAX_TOPICS,
  MAX_VISITORS,
  personalDataIn,
  personalDataInText,
} from '../domain/anonymousVisits/personalData';
import { helsinkiDate } from '../domain/time';
import type { Database } from '../platform/database';
import type { AuditLog } from './audit';
import { idFromKey, requestHash } from './decisions';
import { createGuard } from './guard';
import type { OperationTable } from './openapi';
import { badRequest, fieldErrors, unprocessable } from './problem';
import { SMALLEST_REPORTED_COUNT, reportCell } from './reports';
import { organisationId, pastOrToday } from './schemas/common';
import { instant } from './schemas/responses';
import { idempotencyKey, parseQuery, unstorableText } from './validation';

/**
 * Anonymous visits (anonyymit asiakaskäynnit): a municipality counts the people it guides who do
 * not want to be registered, and reports on them by month. No personal data, ever: a body that
 * names or identifies someone is refused (domain/anonymousVisits/personalData.ts), and only
 * aggregates leave, with small cells suppressed like the other reports.
 */

const topic = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_TOPIC_LENGTH)
  .superRefine((value, ctx) => {
    const problem = personalDataInText(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const anonymousVisitBody = z.strictObject({
  date: pastOrToday.meta({ description: 'the day of the visit' }),
  topics: z
    .array(topic)
    .min(1)
    .max(MAX_TOPICS)
    .meta({ description: 'what the visit was about, such as HOUSING or LANGUAGE_TRAINING; never who' }),
  serviceLanguage: z
    .string()
    .regex(/^[a-z]{2,3}$/, 'must be an ISO 639 language code such as ar or fi')
    .optional()
    .meta({ description: 'the language the guidance was given in' }),
  visitors: z.number().int().min(1).max(MAX_VISITORS).meta({ description: 'how many people came' }),
});

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');

export const anonymousVisitReportQuery = z.strictObject({
  from: month.optional().meta({ description: 'first month (YYYY-MM); default eleven months before `to`' }),
  to: month.optional().meta({ description: 'last month (YYYY-MM); default this month' }),
  municipalityId: organisationId
    .optional()
    .meta({ description: 'one municipality (TEM and KEHA); a municipality always sees its own' }),
});

export const anonymousVisitCreated = z.object({ id: z.uuid() }).meta({ id: 'AnonymousVisitCreated' });

export const anonymousVisitReport = z
  .object({
    from: month,
    to: month,
    items: z.array(
      z
        .object({
          municipalityId: z.string(),
          month,
          visits: z.number().int().nullable().meta({ description: 'visits recorded; null when suppressed' }),
          visitors: z
            .number()
            .int()
            .nullable()
            .meta({ description: `people counted; null when fewer than ${SMALLEST_REPORTED_COUNT}` }),
          suppressed: z.boolean(),
          topics: z
            .array(reportCell)
            .meta({ description: 'people counted by topic, small cells suppressed' }),
        })
        .meta({ id: 'AnonymousVisitCell' }),
    ),
    generatedAt: instant,
  })
  .meta({ id: 'AnonymousVisitReport' });

export function createAnonymousVisitUseCases({ db, audit }: { db: Database; audit: AuditLog }) {
  const { authorise } = createGuard(audit, 'anonymousVisit');

  return {
    async record(req: Request, body: unknown, key?: string) {
      const action = 'anonymousVisit.record';
      const actor = await authorise(req, action);
      // Personal data is looked for before anything else, so that its refusal says what it is.
      const personal = personalDataIn(body ?? {});
      if (personal.length) {
        await audit(req, {
          action,
          resourceType: 'anonymousVisit',
          outcome: 'REFUSED',
          details: { reason: 'personal data', fields: personal.map((p) => p.pointer) },
        });
        throw unprocessable('an anonymous visit carries no personal data', personal);
      }
      const text = unstorableText(body);
      if (text) throw unprocessable('the body has invalid fields', [text]);
      const parsed = anonymousVisitBody.safeParse(body ?? {});
      if (!parsed.success) throw unprocessable('the body has invalid fields', fieldErrors(parsed.error));
      const visit = parsed.data;
      const hash = requestHash(action, visit);
      const id = key ? idFromKey(actor.userId, `anonymous-visit:${key}`) : crypto.randomUUID();
      if (key) {
        const existing = await db.anonymousVisit.findUnique({ where: { id } });
        if (existing) {
          if (existing.requestHash !== hash)
            throw unprocessable('this Idempotency-Key was already used for another request');
          return { id };
        }
      }
      await db.$transaction(async (tx) => {
        await tx.anonymousVisit.create({
          data: {
            id,
            municipalityId: actor.orgId,
            date: visit.date,
            serviceLanguage: visit.serviceLanguage ?? null,
            visitors: visit.visitors,
            recordedBy: actor.userId,
            recordedAt: new Date(),
            requestHash: key ? hash : null,
          },
        });
        await tx.anonymousVisitTopic.createMany({
          data: [...new Set(visit.topics)].map((t) => ({ visitId: id, topic: t })),
        });
      });
      await audit(req, { action, resourceType: 'anonymousVisit', resourceId: id, outcome: 'ALLOWED' });
      return { id };
    },

    /** Monthly aggregates per municipality: counts only, cells under five people suppressed. */
    async report(req: Request, query: z.infer<typeof anonymousVisitReportQuery>) {
      const actor = await authorise(req, 'anonymousVisit.report');
      const to = query.to ?? helsinkiDate(new Date()).slice(0, 7);
      const from = query.from ?? monthsBefore(to, 11);
      if (from > to) {
        throw badRequest('the first month is after the last', [
          { pointer: '/from', detail: 'must not be after to' },
        ]);
      }
      const municipality =
        actor.orgKind === 'MUNICIPALITY' ? actor.orgId : (query.municipalityId ?? undefined);
      const where = Prisma.sql`substring(v.date, 1, 7) BETWEEN ${from} AND ${to}
        ${municipality ? Prisma.sql`AND v.municipality_id = ${municipality}` : Prisma.empty}`;
      const [cells, topics] = await Promise.all([
        db.$queryRaw<{ municipalityId: string; month: string; visits: number; visitors: number }[]>`
          SELECT v.municipality_id AS "municipalityId", substring(v.date, 1, 7) AS month,
            count(*)::int AS visits, sum(v.visitors)::int AS visitors
          FROM anonymous_visit v WHERE ${where}
          GROUP BY 1, 2 ORDER BY 2 DESC, 1`,
        db.$queryRaw<{ municipalityId: string; month: string; topic: string; visitors: number }[]>`
          SELECT v.municipality_id AS "municipalityId", substring(v.date, 1, 7) AS month, t.topic,
            sum(v.visitors)::int AS visitors
          FROM anonymous_visit v JOIN anonymous_visit_topic t ON t.visit_id = v.id WHERE ${where}
          GROUP BY 1, 2, 3`,
      ]);
      const small = (n: number) => n < SMALLEST_REPORTED_COUNT;
      return {
        from,
        to,
        items: cells.map((c) => ({
          municipalityId: c.municipalityId,
          month: c.month,
          visits: small(c.visitors) ? null : c.visits,
          visitors: small(c.visitors) ? null : c.visitors,
          suppressed: small(c.visitors),
          topics: small(c.visitors)
            ? []
            : topics
                .filter((t) => t.municipalityId === c.municipalityId && t.month === c.month)
                .map((t) => ({
                  key: t.topic,
                  count: small(t.visitors) ? null : t.visitors,
                  suppressed: small(t.visitors),
                }))
                .sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || a.key.localeCompare(b.key)),
        })),
        generatedAt: new Date().toISOString(),
      } satisfies z.input<typeof anonymousVisitReport>;
    },
  };
}

function monthsBefore(month: string, count: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - count, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export type AnonymousVisitUseCases = ReturnType<typeof createAnonymousVisitUseCases>;

/** `/api/v1/anonymous-visits` */
export function anonymousVisitRoutes(useCases: AnonymousVisitUseCases): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    res.status(201).json(await useCases.record(req, req.body, idempotencyKey(req)));
  });
  return router;
}

/** `/api/v1/reports/anonymous-visits`, mounted before the other reports (municipalities read it too). */
export function anonymousVisitReportRoutes(useCases: AnonymousVisitUseCases): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await useCases.report(req, parseQuery(anonymousVisitReportQuery, req)));
  });
  return router;
}

export const anonymousVisitOpenApi: OperationTable = {
  'POST /api/v1/anonymous-visits': {
    operationId: 'recordAnonymousVisit',
    summary: 'Count an anonymous visit: date, topics, language and number of visitors, never who',
    description:
      'A body with a name or an identifier anywhere (a field named for personal data, or a text holding a ' +
      'personal identity code, an UMA or phone number, an e-mail address or a person’s name) is refused ' +
      'with 422, each place named by JSON pointer.',
    body: anonymousVisitBody,
    idempotent: true,
    status: 201,
    response: anonymousVisitCreated,
    errors: [400, 403, 422],
  },
  'GET /api/v1/reports/anonymous-visits': {
    operationId: 'getAnonymousVisitReport',
    summary: 'Anonymous visits by municipality and month, small cells suppressed',
    description: 'A municipality’s officers see their own municipality; TEM analysts and KEHA see all.',
    query: anonymousVisitReportQuery,
    response: anonymousVisitReport,
    errors: [400, 403],
  },
};
