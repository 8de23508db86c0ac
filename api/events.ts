import { Router, type Request } from 'express';
import { z } from 'zod';
import { seesEveryResource } from '../domain/events/audience';
import type { Database } from '../platform/database';
import { publicEvent, readOutbox, type OutboxPosition } from '../activities/outbox';
import type { AuditLog } from './audit';
import { createGuard } from './guard';
import type { OperationTable } from './openapi';
import { badRequest } from './problem';
import { instant } from './schemas/responses';
import { parseQuery } from './validation';

/**
 * Events for municipal add-ons (`GET /api/v1/events`): what happened to the proposals and client
 * cases the caller's organisation could see when it happened, in the order it was written. No
 * personal data: the receiver reads the resource with its own token.
 *
 * The order is the outbox's (transaction, position). Only events of transactions older than the
 * oldest one of this database still running are answered (activities/outbox.ts, `outboxHorizon`),
 * so an event committed late never appears behind a cursor already handed out: paging with
 * `after` loses nothing.
 */

export const eventsQuery = z.strictObject({
  after: z
    .string()
    .max(100)
    .optional()
    .meta({ description: 'the `nextCursor` of the previous page; from the beginning without it' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const resourceEvent = z
  .object({
    id: z.string().meta({ description: 'unique and stable: the Standard Webhooks `webhook-id` too' }),
    type: z
      .string()
      .meta({ description: '`proposal.<timeline type>` or `client.<timeline type>`, e.g. proposal.SENT' }),
    occurredAt: instant,
    resource: z.object({
      type: z.enum(['proposal', 'client']),
      id: z
        .string()
        .meta({ description: 'read it at /api/v1/placement-proposals/{id} or /api/v1/clients/{id}' }),
    }),
  })
  .meta({ id: 'ResourceEvent' });

export const eventPage = z
  .object({
    items: z.array(resourceEvent),
    nextCursor: z
      .string()
      .nullable()
      .meta({
        description:
          'pass as `after` for what came next; given even when the page is not full (poll with it later), ' +
          'null only when no event was ever answered',
      }),
  })
  .meta({ id: 'ResourceEventPage' });

export function encodeEventCursor(at: OutboxPosition): string {
  return Buffer.from(`${at.tx}.${at.position}`).toString('base64url');
}

const MAX_BIGINT = 2n ** 63n - 1n;

export function decodeEventCursor(cursor: string | undefined): OutboxPosition {
  if (!cursor) return { tx: 0n, position: 0n };
  const match = /^(\d{1,19})\.(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const at = match && { tx: BigInt(match[1]), position: BigInt(match[2]) };
  // Both are PostgreSQL bigints: a larger number was never handed out.
  if (!at || at.tx > MAX_BIGINT || at.position > MAX_BIGINT)
    throw badRequest('the cursor is not one this API returned', [
      { pointer: '/after', detail: 'invalid cursor' },
    ]);
  return at;
}

export function createEventUseCases({ db, audit }: { db: Database; audit: AuditLog }) {
  const { authorise } = createGuard(audit, 'event');
  return {
    async list(req: Request, query: z.infer<typeof eventsQuery>): Promise<z.input<typeof eventPage>> {
      const actor = await authorise(req, 'event.read');
      const after = decodeEventCursor(query.after);
      const rows = await readOutbox(db, {
        after,
        organisationId: actor.orgId,
        everything: seesEveryResource(actor),
        limit: query.limit,
      });
      const last = rows.at(-1);
      return {
        items: rows.map(publicEvent),
        nextCursor: last ? encodeEventCursor(last) : (query.after ?? null),
      };
    },
  };
}

/** `/api/v1/events` */
export function eventRoutes(useCases: ReturnType<typeof createEventUseCases>): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await useCases.list(req, parseQuery(eventsQuery, req)));
  });
  return router;
}

export const eventOpenApi: OperationTable = {
  'GET /api/v1/events': {
    operationId: 'listEvents',
    summary:
      'Events for add-ons: what happened to the proposals and client cases your organisation sees, in order',
    description:
      'Every state change of a placement proposal or a client case, oldest first, for the organisations ' +
      'that could see the resource when it happened (KEHA: all). No personal data: read the resource with ' +
      'your own token. Page on with `after=nextCursor`; the feed never skips an event.',
    query: eventsQuery,
    response: eventPage,
    errors: [400, 403],
  },
};
