import { proxyActivities } from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import type { DeliveryKey, EventRetentionActivities } from '../../activities/eventRetention';
import { retentionCutoff } from '../../domain/events/retention';

const retention = proxyActivities<EventRetentionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface EventRetentionInput {
  /** How long events and delivered deliveries are kept (`ms` duration, "90d"). */
  retentionPeriod: string;
  /** Rows looked at per batch (default 1000). */
  batch?: number;
}

/** The schedule that starts `eventRetention` on each task queue (platform/retentionSchedule.ts). */
export const eventRetentionScheduleId = (taskQueue: string) => `event-retention-${taskQueue}`;

/** Batches of each kind per run: a backlog larger than this is worked off over the next runs. */
const MAX_BATCHES = 100;

/**
 * Prunes the transactional outbox and the webhook deliveries by the retention rule
 * (domain/events/retention.ts): delivered rows first, then events no live subscription still has
 * to deliver. Started by a Temporal schedule (platform/retentionSchedule.ts), one run at a time,
 * like the placement retention: a scan applies the configured period to every row at each run,
 * and keeps nothing open in between.
 */
export async function eventRetention(
  input: EventRetentionInput,
): Promise<{ deliveries: number; events: number }> {
  const limit = input.batch ?? 1000;
  const cutoff = retentionCutoff(new Date(), msToNumber(input.retentionPeriod as never)).toISOString();
  let deliveries = 0;
  let afterDelivery: DeliveryKey | null = null;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const done: { deleted: number; next: DeliveryKey | null } = await retention.pruneWebhookDeliveries({
      cutoff,
      after: afterDelivery,
      limit,
    });
    deliveries += done.deleted;
    afterDelivery = done.next;
    if (!afterDelivery) break;
  }
  let events = 0;
  let afterEvent: string | null = null;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const done: { deleted: number; next: string | null } = await retention.pruneOutboxEvents({
      cutoff,
      after: afterEvent,
      limit,
    });
    events += done.deleted;
    afterEvent = done.next;
    if (!afterEvent) break;
  }
  return { deliveries, events };
}
