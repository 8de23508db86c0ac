import crypto from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { mayAttempt } from '../domain/access/policy';
import type { Actor } from '../domain/organisations/kinds';
import type { AppConfig } from '../platform/config';
import type { Database } from '../platform/database';
import type { webhookDispatcher } from '../workflows/webhooks/dispatcher';
import {
  dispatcherWorkflowIdFor,
  stopDispatcher,
  wakeDispatcher,
  type WebhookDispatchSettings,
} from '../workflows/webhooks/messages';
import { outboxHorizon } from '../activities/outbox';
import { newWebhookSecret } from '../activities/webhookSecrets';
import type { SecretBox } from '../platform/secretBox';
import { webhookTargetRefusal } from '../platform/webhookTargets';
import type { AuditLog } from './audit';
import type { OperationTable } from './openapi';
import { forbidden, notFound, unprocessable } from './problem';
import { instant } from './schemas/responses';
import { parseBody, parseParam } from './validation';

/**
 * Webhooks for municipal add-ons (`/api/v1/webhooks`, an organisation's admin): the events its
 * organisation may see (`GET /api/v1/events`), delivered by the Standard Webhooks specification by
 * one dispatcher workflow per subscription (workflows/webhooks/dispatcher.ts).
 */

const eventTypePattern = /^(\*|(proposal|client)\.(\*|[A-Z][A-Z0-9_]{0,63}))$/;

export const webhookBody = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, hostname: z.regexes.hostname })
    .max(2000)
    .meta({
      description:
        'where events are POSTed: https, to a host whose every address is public (not loopback, private, ' +
        'link-local or reserved), checked on creation and again at each delivery; a development or test ' +
        'installation may allow http and loopback or private addresses (WEBHOOK_ALLOW_INTERNAL_TARGETS)',
    }),
  events: z
    .array(z.string().regex(eventTypePattern, 'must be an event type such as proposal.SENT, client.* or *'))
    .min(1)
    .max(100)
    .meta({ description: 'event types: proposal.<TYPE>, client.<TYPE>, proposal.*, client.* or * for all' }),
});

export const webhookId = z.uuid();

export const webhookCreated = z
  .object({
    id: z.uuid(),
    secret: z.string().meta({
      description: 'the signing secret (whsec_...), shown this once: verify each delivery with it',
    }),
  })
  .meta({ id: 'WebhookCreated' });

export const deadLetter = z
  .object({
    eventId: z.string(),
    type: z.string(),
    resource: z.object({ type: z.enum(['proposal', 'client']), id: z.string() }),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    lastAttemptAt: instant.nullable(),
  })
  .meta({ id: 'WebhookDeadLetter' });

export const webhook = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.string()),
    createdAt: instant,
    createdBy: z.string(),
    deliveries: z
      .object({
        pending: z.number().int(),
        delivered: z.number().int(),
        dead: z.number().int(),
        lastDeliveredAt: instant.nullable(),
        lastError: z.string().nullable().meta({ description: 'the latest failed attempt’s reason' }),
        lastErrorAt: instant.nullable(),
      })
      .meta({ description: 'the state of deliveries' }),
    deadLetters: z.array(deadLetter).meta({
      description: 'events whose attempts ran out (oldest 100): each holds back its resource’s later events',
    }),
  })
  .meta({ id: 'Webhook' });

export const webhookList = z.object({ items: z.array(webhook) }).meta({ id: 'WebhookList' });
export const webhookDeleted = z
  .object({ id: z.uuid(), deletedAt: instant })
  .meta({ id: 'WebhookDeleted', description: 'nothing more is delivered; the dispatcher stops' });
export const deadLettersRetried = z
  .object({ retried: z.number().int().meta({ description: 'dead letters set to be delivered again' }) })
  .meta({ id: 'DeadLettersRetried' });

export function createWebhookUseCases(deps: {
  db: Database;
  client: Client;
  config: AppConfig;
  audit: AuditLog;
  secrets: SecretBox;
}) {
  const { db, client, config, audit, secrets } = deps;

  async function authorise(req: Request, action: string, resourceId?: string): Promise<Actor> {
    const actor = req.actor!;
    if (!mayAttempt(actor, 'webhook.manage')) {
      await audit(req, {
        action,
        resourceType: 'webhook',
        resourceId,
        outcome: 'REFUSED',
        details: { reason: 'role' },
      });
      throw forbidden(`${actor.orgId} (${actor.roles.join(', ') || 'no roles'}) may not manage webhooks`);
    }
    return actor;
  }

  /** The organisation's own live subscription, else 404 (another's does not exist for it). */
  async function own(req: Request, action: string, id: string) {
    const actor = await authorise(req, action, id);
    const subscription = await db.webhookSubscription.findUnique({ where: { id } });
    if (!subscription || subscription.deletedAt || subscription.organisationId !== actor.orgId) {
      await audit(req, {
        action,
        resourceType: 'webhook',
        resourceId: id,
        outcome: 'REFUSED',
        details: { reason: 'not visible' },
      });
      throw notFound('no such webhook, or not your organisation’s');
    }
    return subscription;
  }

  return {
    async create(req: Request, body: z.infer<typeof webhookBody>): Promise<z.input<typeof webhookCreated>> {
      const action = 'webhook.create';
      const actor = await authorise(req, action);
      // Checked again at each delivery's connection (activities/webhooks.ts): DNS can change.
      const refusal = await webhookTargetRefusal(body.url, config.webhookTargets);
      if (refusal) {
        throw unprocessable('the webhook’s address is refused', [{ pointer: '/url', detail: refusal }]);
      }
      const id = crypto.randomUUID();
      const { secret, stored } = newWebhookSecret(secrets, id);
      // From now on: events of transactions still running are ahead of the cursor, none is lost.
      const horizon = await outboxHorizon(db);
      await db.webhookSubscription.create({
        data: {
          id,
          organisationId: actor.orgId,
          url: body.url,
          events: [...new Set(body.events)],
          ...stored,
          cursorTx: horizon,
          cursorPosition: 0n,
          createdBy: actor.userId,
          createdAt: new Date(),
        },
      });
      try {
        await startDispatcher(client, config, id);
      } catch (error) {
        // The secret was never shown: a subscription nobody can verify is not left behind.
        await db.webhookSubscription.delete({ where: { id } });
        throw error;
      }
      await audit(req, {
        action,
        resourceType: 'webhook',
        resourceId: id,
        outcome: 'ALLOWED',
        details: { events: body.events },
      });
      return { id, secret };
    },

    async list(req: Request): Promise<z.input<typeof webhookList>> {
      const action = 'webhook.list';
      const actor = await authorise(req, action);
      const subscriptions = await db.webhookSubscription.findMany({
        where: { organisationId: actor.orgId, deletedAt: null },
        orderBy: { createdAt: 'asc' },
      });
      const items = await Promise.all(subscriptions.map((s) => describe(db, s)));
      await audit(req, { action, resourceType: 'webhook', outcome: 'ALLOWED' });
      return { items };
    },

    async remove(req: Request, id: string): Promise<z.input<typeof webhookDeleted>> {
      const action = 'webhook.delete';
      await own(req, action, id);
      const deletedAt = new Date();
      await db.webhookSubscription.update({ where: { id }, data: { deletedAt } });
      await client.workflow
        .getHandle(dispatcherWorkflowIdFor(id))
        .signal(stopDispatcher)
        .catch((error) => {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        });
      await audit(req, { action, resourceType: 'webhook', resourceId: id, outcome: 'ALLOWED' });
      return { id, deletedAt: deletedAt.toISOString() };
    },

    /** Dead letters back to waiting, with fresh attempts; the dispatcher is woken to deliver them. */
    async retryDeadLetters(req: Request, id: string): Promise<z.input<typeof deadLettersRetried>> {
      const action = 'webhook.retryDeadLetters';
      await own(req, action, id);
      const { count } = await db.webhookDelivery.updateMany({
        where: { subscriptionId: id, status: 'DEAD' },
        data: { status: 'PENDING', attempts: 0 },
      });
      // Started again if it is gone (say, a Temporal server that lost it); else woken.
      await startDispatcher(client, config, id);
      await client.workflow.getHandle(dispatcherWorkflowIdFor(id)).signal(wakeDispatcher);
      await audit(req, {
        action,
        resourceType: 'webhook',
        resourceId: id,
        outcome: 'ALLOWED',
        details: { retried: count },
      });
      return { retried: count };
    },
  };
}

/** Starts the subscription's dispatcher unless it runs already. */
export async function startDispatcher(
  client: Client,
  config: { temporal: { taskQueue: string }; webhooks: WebhookDispatchSettings },
  subscriptionId: string,
): Promise<void> {
  await client.workflow.start<typeof webhookDispatcher>('webhookDispatcher', {
    workflowId: dispatcherWorkflowIdFor(subscriptionId),
    taskQueue: config.temporal.taskQueue,
    args: [{ subscriptionId, settings: config.webhooks }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: 'Webhook deliveries of one subscription',
  });
}

/** At worker start: every live subscription has its dispatcher running. */
export async function ensureDispatchers(
  db: Database,
  client: Client,
  config: { temporal: { taskQueue: string }; webhooks: WebhookDispatchSettings },
): Promise<number> {
  const live = await db.webhookSubscription.findMany({ where: { deletedAt: null }, select: { id: true } });
  for (const { id } of live) await startDispatcher(client, config, id);
  return live.length;
}

async function describe(
  db: Database,
  s: { id: string; url: string; events: unknown; createdAt: Date; createdBy: string },
): Promise<z.input<typeof webhook>> {
  const [counts, lastDelivered, lastFailed, dead] = await Promise.all([
    db.webhookDelivery.groupBy({ by: ['status'], where: { subscriptionId: s.id }, _count: { _all: true } }),
    db.webhookDelivery.findFirst({
      where: { subscriptionId: s.id, status: 'DELIVERED' },
      orderBy: { deliveredAt: 'desc' },
      select: { deliveredAt: true },
    }),
    db.webhookDelivery.findFirst({
      where: { subscriptionId: s.id, lastError: { not: null } },
      orderBy: { lastAttemptAt: 'desc' },
      select: { lastError: true, lastAttemptAt: true },
    }),
    db.webhookDelivery.findMany({
      where: { subscriptionId: s.id, status: 'DEAD' },
      orderBy: [{ createdAt: 'asc' }, { eventId: 'asc' }],
      take: 100,
    }),
  ]);
  const events = await db.outboxEvent.findMany({
    where: { id: { in: dead.map((d) => d.eventId) } },
    select: { id: true, type: true },
  });
  const typeOf = new Map(events.map((e) => [e.id, e.type]));
  const count = (status: string) => counts.find((c) => c.status === status)?._count._all ?? 0;
  return {
    id: s.id,
    url: s.url,
    events: s.events as string[],
    createdAt: s.createdAt.toISOString(),
    createdBy: s.createdBy,
    deliveries: {
      pending: count('PENDING'),
      delivered: count('DELIVERED'),
      dead: count('DEAD'),
      lastDeliveredAt: lastDelivered?.deliveredAt?.toISOString() ?? null,
      lastError: lastFailed?.lastError ?? null,
      lastErrorAt: lastFailed?.lastAttemptAt?.toISOString() ?? null,
    },
    deadLetters: dead.map((d) => ({
      eventId: d.eventId,
      type: typeOf.get(d.eventId) ?? 'unknown',
      resource: { type: d.resourceType as 'proposal' | 'client', id: d.resourceId },
      attempts: d.attempts,
      lastError: d.lastError,
      lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    })),
  };
}

export type WebhookUseCases = ReturnType<typeof createWebhookUseCases>;

/** `/api/v1/webhooks` */
export function webhookRoutes(useCases: WebhookUseCases): Router {
  const router = Router();
  const id = (raw: unknown) => parseParam(webhookId, raw, 'id');
  router.post('/', async (req, res) => {
    res.status(201).json(await useCases.create(req, parseBody(webhookBody, req)));
  });
  router.get('/', async (req, res) => {
    res.json(await useCases.list(req));
  });
  router.delete('/:id', async (req, res) => {
    res.json(await useCases.remove(req, id(req.params.id)));
  });
  router.post('/:id/dead-letters/retry', async (req, res) => {
    res.json(await useCases.retryDeadLetters(req, id(req.params.id)));
  });
  return router;
}

const params = { id: webhookId };

export const webhookOpenApi: OperationTable = {
  'POST /api/v1/webhooks': {
    operationId: 'createWebhook',
    summary: 'Have your organisation’s events POSTed to an add-on (Standard Webhooks)',
    description:
      'An organisation’s admin. Each delivery carries `webhook-id` (the event ID), `webhook-timestamp` and ' +
      '`webhook-signature` (v1, HMAC-SHA256 with the secret answered here, once). At least once, in order ' +
      'per resource, retried with exponential backoff; after the last attempt a dead letter, which holds ' +
      'back its resource’s later events until retried.',
    body: webhookBody,
    status: 201,
    response: webhookCreated,
    errors: [403, 422],
  },
  'GET /api/v1/webhooks': {
    operationId: 'listWebhooks',
    summary: 'Your organisation’s webhooks with the state of their deliveries and their dead letters',
    response: webhookList,
    errors: [403],
  },
  'DELETE /api/v1/webhooks/{id}': {
    operationId: 'deleteWebhook',
    summary: 'Stop a webhook: nothing more is delivered',
    params,
    response: webhookDeleted,
    errors: [400, 403, 404],
  },
  'POST /api/v1/webhooks/{id}/dead-letters/retry': {
    operationId: 'retryWebhookDeadLetters',
    summary: 'Deliver the dead letters again, each resource’s in order, with fresh attempts',
    params,
    response: deadLettersRetried,
    errors: [400, 403, 404],
  },
};
