import {
  ActivityFailure,
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createWebhookActivities } from '../../activities/webhooks';
import { stopDispatcher, wakeDispatcher, type WebhookDispatcherInput } from './messages';

type WebhookActivities = ReturnType<typeof createWebhookActivities>;

/** Resources delivered to at once; each resource's events go one after another. */
const MAX_IN_FLIGHT = 16;
/** Far below Temporal's limit (50,000 events), far above its suggestion to continue as new. */
const DRAIN_AT_HISTORY_LENGTH = 20_000;

/**
 * Delivers one webhook subscription's events (Standard Webhooks), at least once and in order per
 * resource. One long-running workflow per subscription, started when the subscription is created:
 *
 * - it polls (a local activity: no server round trip) the transactional outbox, copying the events
 *   its organisation may see into deliveries, and answers each resource's oldest undelivered event;
 * - each such event is POSTed by a regular activity (HTTP with a timeout), retried by Temporal with
 *   exponential backoff; after the last attempt it is a dead letter, and it holds back the
 *   resource's later events until an admin retries it (`wakeDispatcher`), so order is never broken;
 * - it sleeps between polls (a timer: cheap while idle), and continues as new when the history grows.
 *
 * Why a workflow per subscription rather than a schedule: deliveries of one subscription must not
 * overlap or overtake each other, which a single owner of its queue guarantees without locks, and
 * its retries, timers and failures are one history a supervisor can read in the Temporal UI.
 */
export async function webhookDispatcher(input: WebhookDispatcherInput): Promise<void> {
  const { subscriptionId, settings } = input;
  const local = proxyLocalActivities<WebhookActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
  const remote = proxyActivities<WebhookActivities>({
    // No schedule-to-start limit: a worker outage delays deliveries, it never makes dead letters.
    startToCloseTimeout: settings.timeout,
    retry: {
      initialInterval: settings.firstRetryInterval,
      backoffCoefficient: 2,
      maximumInterval: settings.maxRetryInterval,
      maximumAttempts: settings.maxAttempts,
    },
  });

  let woken = false;
  let stopped = false;
  setHandler(wakeDispatcher, () => void (woken = true));
  setHandler(stopDispatcher, () => void (stopped = true));
  const inFlight = new Set<string>();

  const deliverInOrder = async (eventId: string) => {
    try {
      await remote.deliverWebhook({ subscriptionId, eventId, maxAttempts: settings.maxAttempts });
    } catch (error) {
      // Attempts used up without the activity recording it (a worker died on the last one).
      const cause =
        error instanceof ActivityFailure ? (error.cause?.message ?? error.message) : String(error);
      await local.markWebhookDead({ subscriptionId, eventId, error: cause });
    }
  };

  for (;;) {
    woken = false;
    const { active, heads } = await local.pollWebhookDeliveries({
      subscriptionId,
      busy: [...inFlight],
      limit: MAX_IN_FLIGHT - inFlight.size,
    });
    if (!active || stopped) return;
    for (const head of heads) {
      inFlight.add(head.resource);
      void deliverInOrder(head.eventId).finally(() => {
        inFlight.delete(head.resource);
        woken = true; // the resource's next event may go now
      });
    }
    // Continue as new between deliveries; only a very long history waits for the ones under way.
    const info = workflowInfo();
    if (
      info.continueAsNewSuggested &&
      (inFlight.size === 0 || info.historyLength > DRAIN_AT_HISTORY_LENGTH)
    ) {
      await condition(() => inFlight.size === 0 || stopped);
      if (stopped) return;
      await continueAsNew<typeof webhookDispatcher>(input);
    }
    await condition(() => woken || stopped, settings.pollInterval);
  }
}
