import { deliveryExpired, eventExpired } from '../domain/events/retention';
import type { Database } from '../platform/database';

/** Where a batch of deliveries ended: the next batch starts after it. */
export interface DeliveryKey {
  subscriptionId: string;
  eventId: string;
}

/**
 * The retention schedule's work (workflows/retention/eventRetention.ts): batches of candidates
 * found by age (indexed), each decided by the rule in domain/events/retention.ts, the chosen ones
 * deleted. Each batch answers where it ended, so candidates the rule keeps are not looked at again
 * in the same run. Idempotent: a rerun finds the deleted rows gone.
 */
export function createEventRetentionActivities(deps: { db: Database }) {
  const { db } = deps;
  return {
    /** Deletes delivered rows (and rows of deleted subscriptions) older than `cutoff`. */
    async pruneWebhookDeliveries(input: {
      cutoff: string;
      after: DeliveryKey | null;
      limit: number;
    }): Promise<{ deleted: number; next: DeliveryKey | null }> {
      const cutoff = new Date(input.cutoff);
      const after = input.after ?? { subscriptionId: '', eventId: '' };
      const rows = await db.$queryRaw<
        (DeliveryKey & { status: string; deliveredAt: Date | null; subscriptionDeletedAt: Date | null })[]
      >`
        SELECT d.subscription_id AS "subscriptionId", d.event_id AS "eventId", d.status,
          d.delivered_at AS "deliveredAt", s.deleted_at AS "subscriptionDeletedAt"
        FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
        WHERE ((d.status = 'DELIVERED' AND d.delivered_at < ${cutoff}) OR s.deleted_at < ${cutoff})
          AND (d.subscription_id, d.event_id) > (${after.subscriptionId}, ${after.eventId})
        ORDER BY d.subscription_id, d.event_id
        LIMIT ${input.limit}`;
      const expired = rows.filter((row) => deliveryExpired(row, cutoff));
      let deleted = 0;
      if (expired.length) {
        deleted = await db.$executeRaw`
          DELETE FROM webhook_delivery
          WHERE (subscription_id, event_id) IN (
            SELECT * FROM unnest(${expired.map((r) => r.subscriptionId)}::text[], ${expired.map((r) => r.eventId)}::text[])
          )`;
      }
      const last = rows.at(-1);
      return {
        deleted,
        next:
          rows.length < input.limit || !last
            ? null
            : { subscriptionId: last.subscriptionId, eventId: last.eventId },
      };
    },

    /**
     * Deletes outbox events older than `cutoff` that every live subscription has looked at and
     * none still has to deliver. `after`: the position the previous batch ended at (a string:
     * payloads are JSON, positions are bigints).
     */
    async pruneOutboxEvents(input: {
      cutoff: string;
      after: string | null;
      limit: number;
    }): Promise<{ deleted: number; next: string | null }> {
      const cutoff = new Date(input.cutoff);
      const cursors = (
        await db.webhookSubscription.findMany({
          where: { deletedAt: null },
          select: { cursorTx: true, cursorPosition: true },
        })
      ).map((s) => ({ tx: s.cursorTx, position: s.cursorPosition }));
      // Joined from the live subscriptions, so each look-up is one by the delivery's primary key.
      const rows = await db.$queryRaw<
        { position: bigint; tx: bigint; id: string; occurredAt: Date; undelivered: number }[]
      >`
        SELECT e.position, e.tx_id AS tx, e.id, e.occurred_at AS "occurredAt",
          (SELECT count(*)::int
           FROM webhook_subscription s
           JOIN webhook_delivery d ON d.subscription_id = s.id AND d.event_id = e.id
           WHERE s.deleted_at IS NULL AND d.status <> 'DELIVERED') AS undelivered
        FROM outbox_event e
        WHERE e.occurred_at < ${cutoff} AND e.position > ${BigInt(input.after ?? '0')}
        ORDER BY e.position
        LIMIT ${input.limit}`;
      const expired = rows.filter((row) => eventExpired(row, cutoff, cursors));
      const deleted = expired.length
        ? (await db.outboxEvent.deleteMany({ where: { position: { in: expired.map((r) => r.position) } } }))
            .count
        : 0;
      const last = rows.at(-1);
      return { deleted, next: rows.length < input.limit || !last ? null : String(last.position) };
    },
  };
}

export type EventRetentionActivities = ReturnType<typeof createEventRetentionActivities>;
