import { ApplicationFailure, Context } from '@temporalio/activity';
import { Webhook } from 'standardwebhooks';
import { Prisma } from '../generated/prisma/client';
import { seesEveryResource } from '../domain/events/audience';
import type { WebhookTargetPolicy } from '../domain/events/webhookTargets';
import { publicEvent, readOutbox, type OutboxEventRow } from './outbox';
import { webhookSecretOf } from './webhookSecrets';
import type { Database } from '../platform/database';
import type { SecretBox } from '../platform/secretBox';
import { postToWebhookTarget, WebhookTargetRefused } from '../platform/webhookTargets';

/** Does a subscription's list of types (`proposal.SENT`, `client.*`, `*`) take this event type? */
export function wantsEvent(types: string[], type: string): boolean {
  return types.some((t) => t === '*' || t === type || (t.endsWith('.*') && type.startsWith(t.slice(0, -1))));
}

const BATCH = 500;
/** Batches copied from the outbox per poll; the rest waits for the next poll. */
const BATCHES_PER_POLL = 10;

/**
 * The webhook dispatcher's work (workflows/webhooks/dispatcher.ts): copying the outbox into
 * deliveries, and the HTTP delivery of one event by the Standard Webhooks specification.
 */
export function createWebhookActivities(deps: {
  db: Database;
  /** Opens the subscriptions' sealed signing secrets (the payload keys). */
  secrets: SecretBox;
  /** Where deliveries may go (WEBHOOK_ALLOW_INTERNAL_TARGETS). */
  webhookTargets: WebhookTargetPolicy;
}) {
  const { db, secrets, webhookTargets } = deps;

  async function recordAttempt(
    subscriptionId: string,
    eventId: string,
    data: Prisma.WebhookDeliveryUpdateInput,
  ): Promise<void> {
    await db.webhookDelivery.update({ where: { subscriptionId_eventId: { subscriptionId, eventId } }, data });
  }

  return {
    /**
     * Copies the new events the subscription's organisation may see, of its types, into deliveries
     * (idempotent: keyed by event, the cursor moves in the same transaction), and answers each
     * resource's oldest undelivered event when it is waiting, not dead and not already under way.
     */
    async pollWebhookDeliveries(input: {
      subscriptionId: string;
      busy: string[];
      limit: number;
    }): Promise<{ active: boolean; heads: { eventId: string; resource: string }[] }> {
      const subscription = await db.webhookSubscription.findUnique({ where: { id: input.subscriptionId } });
      if (!subscription || subscription.deletedAt) return { active: false, heads: [] };
      const organisation = await db.organisation.findUnique({ where: { id: subscription.organisationId } });
      const everything =
        !!organisation &&
        seesEveryResource({ orgId: organisation.id, orgKind: organisation.kind, userId: '', roles: [] });
      const types = subscription.events as string[];
      let after = { tx: subscription.cursorTx, position: subscription.cursorPosition };
      for (let batch = 0; batch < BATCHES_PER_POLL; batch++) {
        const rows: OutboxEventRow[] = await readOutbox(db, {
          after,
          organisationId: subscription.organisationId,
          everything,
          limit: BATCH,
        });
        if (!rows.length) break;
        const last = rows[rows.length - 1];
        const now = new Date();
        await db.$transaction([
          db.webhookDelivery.createMany({
            data: rows
              .filter((row) => wantsEvent(types, row.type))
              .map((row) => ({
                subscriptionId: subscription.id,
                eventId: row.id,
                resourceType: row.resourceType,
                resourceId: row.resourceId,
                seq: row.seq,
                status: 'PENDING',
                createdAt: now,
              })),
            skipDuplicates: true,
          }),
          db.webhookSubscription.update({
            where: { id: subscription.id },
            data: { cursorTx: last.tx, cursorPosition: last.position },
          }),
        ]);
        after = { tx: last.tx, position: last.position };
        if (rows.length < BATCH) break;
      }
      if (input.limit <= 0) return { active: true, heads: [] };
      const heads = await db.$queryRaw<{ eventId: string; resource: string }[]>`
        SELECT h.event_id AS "eventId", h.resource_type || ':' || h.resource_id AS resource
        FROM (
          SELECT DISTINCT ON (resource_type, resource_id) event_id, resource_type, resource_id, status, created_at
          FROM webhook_delivery
          WHERE subscription_id = ${subscription.id} AND status <> 'DELIVERED'
          ORDER BY resource_type, resource_id, seq
        ) h
        WHERE h.status = 'PENDING'
          AND h.resource_type || ':' || h.resource_id NOT IN (SELECT jsonb_array_elements_text(${JSON.stringify(input.busy)}::jsonb))
        ORDER BY h.created_at, h.event_id
        LIMIT ${input.limit}`;
      return { active: true, heads };
    },

    /**
     * POSTs one event to the subscription's URL, signed (`webhook-id`, `webhook-timestamp`,
     * `webhook-signature`: HMAC-SHA256 with the subscription's `whsec_` secret). A 2xx answer
     * delivers it; anything else, a timeout or a refused connection is recorded and thrown for
     * Temporal to retry with backoff, except on the last attempt, which makes it a dead letter.
     * The target is checked again here (domain/events/webhookTargets.ts), at the connection: a
     * host that has come to resolve to an internal address is refused like a failed attempt.
     */
    async deliverWebhook(input: {
      subscriptionId: string;
      eventId: string;
      maxAttempts: number;
    }): Promise<'DELIVERED' | 'DEAD' | 'SKIPPED'> {
      const { subscriptionId, eventId } = input;
      const context = Context.current();
      const attempt = context.info.attempt;
      const [subscription, delivery, event] = await Promise.all([
        db.webhookSubscription.findUnique({ where: { id: subscriptionId } }),
        db.webhookDelivery.findUnique({ where: { subscriptionId_eventId: { subscriptionId, eventId } } }),
        db.outboxEvent.findUnique({ where: { id: eventId } }),
      ]);
      if (!subscription || subscription.deletedAt || !delivery || !event || delivery.status !== 'PENDING')
        return 'SKIPPED';
      const body = JSON.stringify(
        publicEvent({
          id: event.id,
          type: event.type,
          occurredAt: event.occurredAt.toISOString(),
          resourceType: event.resourceType as 'proposal' | 'client',
          resourceId: event.resourceId,
          seq: event.seq,
          position: event.position,
          tx: event.txId,
        }),
      );
      const timestamp = new Date();
      const signature = new Webhook(webhookSecretOf(secrets, subscription)).sign(event.id, timestamp, body);
      // The HTTP attempt ends before the activity's own timeout, so that its failure is recorded.
      const timeoutMs = Math.max(500, Math.floor(context.info.startToCloseTimeoutMs * 0.9) - 200);
      const timeout = AbortSignal.timeout(timeoutMs);
      let failure: string | undefined;
      try {
        const status = await postToWebhookTarget(subscription.url, {
          headers: {
            'content-type': 'application/json',
            'user-agent': 'koto-webhooks/1',
            'webhook-id': event.id,
            'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body,
          signal: AbortSignal.any([timeout, context.cancellationSignal]),
          policy: webhookTargets,
        });
        if (status < 200 || status > 299) failure = `HTTP ${status}`;
      } catch (error) {
        const e = error as Error & { code?: string };
        failure = timeout.aborted
          ? `no answer within ${timeoutMs} ms`
          : error instanceof WebhookTargetRefused
            ? `refused: the URL ${e.message}`
            : `could not deliver: ${e.code ?? e.message}`.slice(0, 200);
      }
      const at = new Date();
      if (!failure) {
        await recordAttempt(subscriptionId, eventId, {
          status: 'DELIVERED',
          attempts: delivery.attempts + 1,
          lastAttemptAt: at,
          deliveredAt: at,
        });
        return 'DELIVERED';
      }
      const last = attempt >= input.maxAttempts;
      await recordAttempt(subscriptionId, eventId, {
        status: last ? 'DEAD' : 'PENDING',
        attempts: delivery.attempts + 1,
        lastAttemptAt: at,
        lastError: failure,
      });
      if (last) return 'DEAD';
      throw ApplicationFailure.retryable(failure, 'WebhookNotDelivered');
    },

    /** The event's attempts are used up: a dead letter, until an admin retries it. */
    async markWebhookDead(input: { subscriptionId: string; eventId: string; error: string }): Promise<void> {
      await db.webhookDelivery.updateMany({
        where: { subscriptionId: input.subscriptionId, eventId: input.eventId, status: 'PENDING' },
        data: { status: 'DEAD', lastError: input.error.slice(0, 200) },
      });
    },
  };
}
