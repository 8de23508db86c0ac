import { Prisma } from '../generated/prisma/client';
import type { Database } from '../platform/database';
import { eventIdOf, eventType, type ResourceType } from '../domain/events/audience';

/** One row of the transactional outbox (prisma/schema.prisma, OutboxEvent): no personal data. */
export interface OutboxRow {
  id: string;
  type: string;
  occurredAt: Date;
  resourceType: ResourceType;
  resourceId: string;
  seq: number;
  audience: string[];
}

export function outboxRow(
  resourceType: ResourceType,
  resourceId: string,
  event: { seq: number; at: string; type: string },
  audience: string[],
): OutboxRow {
  return {
    id: eventIdOf(resourceType, resourceId, event.seq),
    type: eventType(resourceType, event.type),
    occurredAt: new Date(event.at),
    resourceType,
    resourceId,
    seq: event.seq,
    audience,
  };
}

/**
 * Writes the event in the caller's transaction, keyed by (resource, seq): a rerun of the write
 * changes nothing, except that the attempt whose snapshot is the newest (`replace`, as for the
 * timeline) states the type and time the history keeps.
 */
export async function writeOutbox(
  tx: Prisma.TransactionClient,
  row: OutboxRow,
  replace: boolean,
): Promise<void> {
  if (replace) {
    await tx.outboxEvent.upsert({
      where: {
        resourceType_resourceId_seq: {
          resourceType: row.resourceType,
          resourceId: row.resourceId,
          seq: row.seq,
        },
      },
      create: row,
      update: { type: row.type, occurredAt: row.occurredAt, audience: row.audience },
    });
    return;
  }
  await tx.outboxEvent.createMany({ data: [row], skipDuplicates: true });
}

export interface OutboxPosition {
  tx: bigint;
  position: bigint;
}

export interface OutboxEventRow {
  position: bigint;
  tx: bigint;
  id: string;
  type: string;
  occurredAt: string;
  resourceType: 'proposal' | 'client';
  resourceId: string;
  seq: number;
}

/**
 * How far the outbox may be read: every transaction of this database with a lower ID has ended,
 * so no event can still appear below it. Transactions of other databases on the same server (a
 * long one there would hold back PostgreSQL's own horizon) do not count: they write no events.
 * Asked in a statement of its own, before the read, so that a transaction ending in between is
 * seen by the read. A 32-bit running xid is widened to 64 bits from the next transaction ID.
 */
export async function outboxHorizon(db: Database): Promise<bigint> {
  const [{ horizon }] = await db.$queryRaw<{ horizon: bigint }[]>`
    WITH next AS (SELECT ((pg_snapshot_xmax(pg_current_snapshot()))::text)::bigint AS xid),
    running AS (
      SELECT ((next.xid >> 32) << 32) + ((a.backend_xid)::text)::bigint AS xid, next.xid AS next
      FROM pg_stat_activity a, next
      WHERE a.datname = current_database() AND a.backend_xid IS NOT NULL
    )
    SELECT COALESCE(
      (SELECT min(CASE WHEN xid > next THEN xid - 4294967296 ELSE xid END) FROM running),
      (SELECT xid FROM next)
    ) AS horizon`;
  return horizon;
}

/**
 * Events after `after` that the organisation may see (all when `everything`), oldest first,
 * only of ended transactions (`outboxHorizon`). Shared by the events API and the webhook dispatcher.
 */
export async function readOutbox(
  db: Database,
  query: { after: OutboxPosition; organisationId: string; everything: boolean; limit: number },
): Promise<OutboxEventRow[]> {
  const { after, organisationId, everything, limit } = query;
  const horizon = await outboxHorizon(db);
  return db.$queryRaw<OutboxEventRow[]>`
    SELECT position, tx_id AS tx, id, type, resource_type AS "resourceType", resource_id AS "resourceId", seq,
      to_char(occurred_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt"
    FROM outbox_event
    WHERE (tx_id, position) > (${after.tx}, ${after.position})
      AND tx_id < ${horizon}
      ${everything ? Prisma.empty : Prisma.sql`AND audience @> ${JSON.stringify([organisationId])}::jsonb`}
    ORDER BY tx_id, position
    LIMIT ${limit}`;
}

/** The event as add-ons see it (`GET /api/v1/events`, webhook bodies): no personal data. */
export const publicEvent = (row: OutboxEventRow) => ({
  id: row.id,
  type: row.type,
  occurredAt: row.occurredAt,
  resource: { type: row.resourceType, id: row.resourceId },
});
