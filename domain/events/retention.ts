/**
 * How long events for add-ons and their webhook deliveries are kept (EVENT_RETENTION_PERIOD). The
 * outbox and the deliveries would otherwise grow with every state change for ever; a reader of
 * `GET /api/v1/events` or a webhook receiver has the whole period to catch up.
 *
 * Never pruned, whatever its age: an event that a live subscription still has to deliver. That is
 * one its dispatcher has not yet looked at (after the subscription's cursor), or one it copied and
 * has not delivered (waiting, or a dead letter, which an admin may send again and which holds back
 * its resource's later events). Both only move towards prunable (cursors move forward, a delivery
 * once delivered stays so), so what this rule lets go is never wanted again.
 */

/** A place in the outbox's order of writing: (transaction ID, position). */
export interface OutboxPlace {
  tx: bigint;
  position: bigint;
}

export interface EventFacts extends OutboxPlace {
  occurredAt: Date;
  /** Live subscriptions holding a delivery of it that is not delivered (waiting or dead). */
  undelivered: number;
}

export interface DeliveryFacts {
  status: string;
  deliveredAt: Date | null;
  /** When its subscription was deleted; null while it lives. */
  subscriptionDeletedAt: Date | null;
}

/** Rows older than this go. */
export function retentionCutoff(now: Date, retentionMs: number): Date {
  return new Date(now.getTime() - retentionMs);
}

const lookedAt = (event: OutboxPlace, cursor: OutboxPlace) =>
  event.tx < cursor.tx || (event.tx === cursor.tx && event.position <= cursor.position);

/** May the event go? `cursors`: how far each live subscription has looked at the outbox. */
export function eventExpired(event: EventFacts, cutoff: Date, cursors: OutboxPlace[]): boolean {
  return (
    event.occurredAt < cutoff && event.undelivered === 0 && cursors.every((cursor) => lookedAt(event, cursor))
  );
}

/**
 * May the delivery row go? Delivered before the cutoff; or any row of a subscription deleted
 * before the cutoff (it delivers nothing more). Waiting and dead rows of a live one stay.
 */
export function deliveryExpired(delivery: DeliveryFacts, cutoff: Date): boolean {
  if (delivery.subscriptionDeletedAt && delivery.subscriptionDeletedAt < cutoff) return true;
  return delivery.status === 'DELIVERED' && delivery.deliveredAt !== null && delivery.deliveredAt < cutoff;
}
