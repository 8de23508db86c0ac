import { Router, type Request } from 'express';
import { z } from 'zod';
import { benefits } from '../domain/registers/ports';
import type { Database } from '../platform/database';
import type { AuditLog } from './audit';
import { createGuard } from './guard';
import type { OperationTable } from './openapi';
import { decodeCursor, encodeCursor } from './pagination';
import { conflict, unprocessable } from './problem';
import { calendarDate, pageQuery, text } from './schemas/common';
import { instant, pageOf } from './schemas/responses';
import { parseBody, parseParam, parseQuery } from './validation';

/**
 * Outreach (asiakkaiden tavoittaminen, `/api/v1/outreach`): the people in the act's target group
 * whom Kelmu shows receiving social assistance or child home-care allowance in the municipality and
 * who are not its clients yet. The list is kept by a scheduled workflow
 * (workflows/registers/registerChecks.ts, `outreachSync`); officers record how reaching each went.
 * Registering the person links the item to the case (REGISTERED). Personal data: every read and
 * outcome is audit-logged; only the municipality's own officers see its list.
 */

export const outreachStatuses = ['OPEN', 'REACHED', 'NOT_REACHED', 'DECLINED', 'REGISTERED'] as const;
export const outreachOutcomes = ['REACHED', 'NOT_REACHED', 'DECLINED', 'REGISTERED'] as const;

const outreachId = z.uuid({ message: 'must be an outreach item ID (UUID)' });

export const outreachQuery = z.strictObject({
  status: z.enum(outreachStatuses).optional(),
  benefit: z.enum(benefits).optional(),
  ...pageQuery,
});

export const outreachOutcomeBody = z
  .strictObject({
    outcome: z.enum(outreachOutcomes),
    note: text(2000).optional(),
    clientId: z
      .uuid({ message: 'must be a client ID (UUID)' })
      .optional()
      .meta({ description: 'with REGISTERED: the client case the person was registered as' }),
  })
  .meta({ id: 'OutreachOutcome' });

export const outreachItem = z
  .object({
    id: outreachId,
    person: z.object({
      firstName: z.string(),
      lastName: z.string(),
      birthDate: calendarDate,
      personalIdentityCode: z.string(),
    }),
    benefit: z.enum(benefits),
    since: calendarDate.meta({ description: 'the first day of the benefit’s current period (Kelmu)' }),
    status: z.enum(outreachStatuses),
    note: z.string().optional(),
    clientId: z.uuid().optional(),
    outcomeBy: z.string().optional(),
    outcomeAt: instant.optional(),
    firstSeenAt: instant,
  })
  .meta({ id: 'OutreachItem' });

export const outreachPage = pageOf(outreachItem, 'OutreachPage');

type Row = NonNullable<Awaited<ReturnType<Database['outreachItem']['findUnique']>>>;

const itemOf = (row: Row): z.input<typeof outreachItem> => ({
  id: row.id,
  person: {
    firstName: row.firstName,
    lastName: row.lastName,
    birthDate: row.birthDate,
    personalIdentityCode: row.personalIdentityCode,
  },
  benefit: row.benefit as (typeof benefits)[number],
  since: row.since,
  status: row.status as (typeof outreachStatuses)[number],
  note: row.note ?? undefined,
  clientId: row.clientId ?? undefined,
  outcomeBy: row.outcomeBy ?? undefined,
  outcomeAt: row.outcomeAt?.toISOString(),
  firstSeenAt: row.firstSeenAt.toISOString(),
});

export function createOutreachUseCases({ db, audit }: { db: Database; audit: AuditLog }) {
  const { authorise, notVisible } = createGuard(audit, 'outreach');

  return {
    async list(req: Request, query: z.infer<typeof outreachQuery>) {
      const actor = await authorise(req, 'outreach.list');
      const after = decodeCursor(query.cursor);
      const rows = await db.outreachItem.findMany({
        where: {
          municipalityId: actor.orgId,
          ...(query.status ? { status: query.status } : {}),
          ...(query.benefit ? { benefit: query.benefit } : {}),
          ...(after
            ? { OR: [{ firstSeenAt: { lt: after.at } }, { firstSeenAt: after.at, id: { lt: after.id } }] }
            : {}),
        },
        orderBy: [{ firstSeenAt: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      await audit(req, {
        action: 'outreach.list',
        resourceType: 'outreach',
        outcome: 'ALLOWED',
        details: { items: page.length },
      });
      const last = page[page.length - 1];
      return {
        items: page.map(itemOf),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last.firstSeenAt, last.id) : null,
      };
    },

    async recordOutcome(req: Request, id: string, body: z.infer<typeof outreachOutcomeBody>) {
      const action = 'outreach.recordOutcome';
      const actor = await authorise(req, action, id);
      const item = await db.outreachItem.findUnique({ where: { id } });
      if (!item || item.municipalityId !== actor.orgId)
        throw await notVisible(req, action, id, 'no such outreach item, or not yours');
      const refuse = async (reason: string, error: Error) => {
        await audit(req, {
          action,
          resourceType: 'outreach',
          resourceId: id,
          subjectId: id,
          outcome: 'REFUSED',
          details: { reason },
        });
        return error;
      };
      if (item.status === 'REGISTERED')
        throw await refuse('registered', conflict('the person is already registered as a client'));
      if (body.outcome === 'REGISTERED') {
        if (!body.clientId) {
          throw await refuse(
            'no client',
            unprocessable('REGISTERED needs the client case', [
              {
                pointer: '/clientId',
                detail: 'required with REGISTERED: the client case the person was registered as',
              },
            ]),
          );
        }
        const client = await db.client.findUnique({
          where: { id: body.clientId },
          select: { municipalityId: true, status: true, personalIdentityCode: true },
        });
        if (!client || client.municipalityId !== actor.orgId || client.status === 'DELETED') {
          throw await refuse(
            'no such client',
            unprocessable('no such client in your municipality', [
              { pointer: '/clientId', detail: 'no client case with this ID in your municipality' },
            ]),
          );
        }
        if (client.personalIdentityCode && client.personalIdentityCode !== item.personalIdentityCode) {
          throw await refuse(
            'another person',
            unprocessable('the client is another person', [
              { pointer: '/clientId', detail: 'the client’s identity code is not this person’s' },
            ]),
          );
        }
      } else if (body.clientId) {
        throw await refuse(
          'client without registration',
          unprocessable('a client case goes with REGISTERED only', [
            { pointer: '/clientId', detail: 'only with the outcome REGISTERED' },
          ]),
        );
      }
      const updated = await db.outreachItem.update({
        where: { id },
        data: {
          status: body.outcome,
          note: body.note ?? null,
          clientId: body.clientId ?? null,
          outcomeBy: actor.userId,
          outcomeAt: new Date(),
        },
      });
      await audit(req, {
        action,
        resourceType: 'outreach',
        resourceId: id,
        subjectId: body.clientId ?? id,
        outcome: 'ALLOWED',
        details: { outcome: body.outcome },
      });
      return itemOf(updated);
    },
  };
}

export type OutreachUseCases = ReturnType<typeof createOutreachUseCases>;

/** `/api/v1/outreach` */
export function outreachRoutes(useCases: OutreachUseCases): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await useCases.list(req, parseQuery(outreachQuery, req)));
  });
  router.post('/:id/outcome', async (req, res) => {
    const id = parseParam(outreachId, req.params.id, 'id');
    res.json(await useCases.recordOutcome(req, id, parseBody(outreachOutcomeBody, req)));
  });
  return router;
}

export const outreachOpenApi: OperationTable = {
  'GET /api/v1/outreach': {
    operationId: 'listOutreach',
    summary: 'Your municipality’s outreach list: target-group benefit recipients who are not clients yet',
    description: 'Kept daily from Kelmu by a scheduled workflow; newest first. Municipality officers.',
    query: outreachQuery,
    response: outreachPage,
    errors: [400, 403],
  },
  'POST /api/v1/outreach/{id}/outcome': {
    operationId: 'recordOutreachOutcome',
    summary:
      'Record how reaching the person went: REACHED, NOT_REACHED, DECLINED or REGISTERED (with clientId)',
    description:
      'REGISTERED needs `clientId`, a client case of your municipality with the person’s identity code (422 ' +
      'otherwise); an item already REGISTERED answers 409.',
    params: { id: outreachId },
    body: outreachOutcomeBody,
    response: outreachItem,
    errors: [400, 403, 404, 409, 422],
  },
};
