import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { ensureEventRetentionSchedule } from '../../platform/retentionSchedule';
import { eventRetentionScheduleId } from '../../workflows/retention/eventRetention';
import { helsinki, registerClient, tampere } from '../support/clients';
import { expectStatus, keha } from '../support/placement';
import { eventually, startStack, type Stack } from '../support/stack';

/**
 * Retention of events for add-ons and of webhook deliveries, against the real database and the
 * real schedule: rows older than EVENT_RETENTION_PERIOD are pruned by the rule of
 * domain/events/retention.ts, and never an event that a live subscription still has to deliver
 * (waiting, dead, or not yet looked at by its dispatcher).
 */

/** A receiver that verifies signatures and answers 204, or 500 while `failing`. */
function receiver() {
  let secret = '';
  let failing = false;
  const accepted: { id: string; type: string; resource: { id: string } }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = new Webhook(secret).verify(
        Buffer.concat(chunks).toString('utf8'),
        req.headers as Record<string, string>,
      ) as (typeof accepted)[number];
      if (failing) return void res.writeHead(500).end();
      accepted.push(body);
      res.writeHead(204).end();
    });
  });
  return {
    accepted,
    fail: (on: boolean) => void (failing = on),
    setSecret: (s: string) => void (secret = s),
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    },
    close: () => new Promise((resolve) => server.close(resolve)).then(() => server.closeAllConnections()),
  };
}

describe('retention of events for add-ons and webhook deliveries', () => {
  let stack: Stack;
  const receivers: ReturnType<typeof receiver>[] = [];

  beforeAll(async () => {
    stack = await startStack({
      env: {
        WEBHOOK_POLL_INTERVAL: '300ms',
        WEBHOOK_MAX_ATTEMPTS: '1',
        WEBHOOK_TIMEOUT: '2s',
        EVENT_RETENTION_PERIOD: '90d',
        EVENT_RETENTION_SCAN_EVERY: '1h',
      },
    });
    // Created, then updated in place when it exists (as at every start).
    await ensureEventRetentionSchedule(stack.client, stack.taskQueue, stack.config.eventRetention);
    await ensureEventRetentionSchedule(stack.client, stack.taskQueue, stack.config.eventRetention);
  });
  afterAll(async () => {
    await stack?.client.schedule
      .getHandle(eventRetentionScheduleId(stack.taskQueue))
      .delete()
      .catch(() => undefined);
    await stack?.stop();
    await Promise.all(receivers.map((r) => r.close()));
  });

  async function subscribe(admin: string, events: string[]) {
    const r = receiver();
    receivers.push(r);
    const reply = await stack.call(admin, 'POST', '/api/v1/webhooks', { url: await r.listen(), events });
    expectStatus(reply, 201);
    r.setSecret(reply.body.secret);
    return { id: reply.body.id as string, receiver: r };
  }

  /** Triggers the schedule and answers what its run pruned. */
  async function runRetention(): Promise<{ deliveries: number; events: number }> {
    const schedule = stack.client.schedule.getHandle(eventRetentionScheduleId(stack.taskQueue));
    const before = (await schedule.describe()).info.recentActions.length;
    await schedule.trigger();
    const action = await eventually(
      async () => {
        const { info } = await schedule.describe();
        return info.recentActions.length > before ? info.recentActions.at(-1)!.action : undefined;
      },
      15_000,
      'the scheduled run',
    );
    const { workflowId, firstExecutionRunId } = action.workflow;
    return stack.client.workflow.getHandle(workflowId, firstExecutionRunId).result();
  }

  const deliveryKeys = async () =>
    (await stack.db.webhookDelivery.findMany())
      .map((d) => `${d.subscriptionId}/${d.eventId}/${d.status}`)
      .sort();
  const eventIds = async () => (await stack.db.outboxEvent.findMany()).map((e) => e.id).sort();

  it('prunes old delivered rows and events, never one a live subscription still has to deliver', async () => {
    const live = await subscribe('kunta-091.admin', ['client.*']);
    const deleted = await subscribe('kunta-091.admin', ['*']);
    const failing = await subscribe('kunta-837.admin', ['client.*']);
    failing.receiver.fail(true);

    const first = await registerClient(stack);
    const second = await registerClient(stack);
    const moved = await registerClient(stack, tampere);
    expectStatus(
      await stack.call(tampere, 'POST', `/api/v1/clients/${moved}/end`, { reason: 'muutti' }),
      200,
    );
    // Recorded as delivered (the receiver has the event a moment before the row says so).
    const counted = (subscriptionId: string, status: string) =>
      stack.db.webhookDelivery.count({ where: { subscriptionId, status } });
    await eventually(
      async () =>
        (await counted(live.id, 'DELIVERED')) === 2 && (await counted(deleted.id, 'DELIVERED')) === 2
          ? true
          : undefined,
      30_000,
      'the Helsinki events delivered',
    );
    // Tampere's registration is a dead letter; the end of its case waits behind it.
    await eventually(
      async () =>
        (await counted(failing.id, 'DEAD')) === 1 && (await counted(failing.id, 'PENDING')) === 1
          ? true
          : undefined,
      30_000,
      'a dead letter and the event behind it',
    );
    expectStatus(await stack.call('kunta-091.admin', 'DELETE', `/api/v1/webhooks/${deleted.id}`), 200);

    // Time passes: everything so far is 100 days old, the deleted webhook went 100 days ago.
    await stack.db.$executeRaw`UPDATE outbox_event SET occurred_at = occurred_at - interval '100 days'`;
    await stack.db
      .$executeRaw`UPDATE webhook_delivery SET delivered_at = delivered_at - interval '100 days' WHERE status = 'DELIVERED'`;
    await stack.db
      .$executeRaw`UPDATE webhook_subscription SET deleted_at = now() - interval '100 days' WHERE id = ${deleted.id}`;
    const oldEvents = await eventIds();
    // A live webhook whose dispatcher has looked at nothing yet (say, it was down for months).
    const lagging = crypto.randomUUID();
    await stack.db.webhookSubscription.create({
      data: {
        id: lagging,
        organisationId: 'kunta-049',
        url: 'https://addon.example.fi/hooks',
        events: ['*'],
        secret: 'sealed',
        secretKeyId: 'test-1',
        cursorTx: 0n,
        cursorPosition: 0n,
        createdBy: 'kunta-049.admin',
        createdAt: new Date(),
      },
    });
    // A fresh event, delivered now.
    const fresh = await registerClient(stack);
    const freshEvent = `evt_client_${fresh}_1`;
    await eventually(
      async () => {
        const delivery = await stack.db.webhookDelivery.findUnique({
          where: { subscriptionId_eventId: { subscriptionId: live.id, eventId: freshEvent } },
        });
        return delivery?.status === 'DELIVERED' ? true : undefined;
      },
      30_000,
      'the fresh event delivered',
    );

    const before = await deliveryKeys();
    const first_ = `evt_client_${first}_1`;
    const second_ = `evt_client_${second}_1`;
    const [movedRegistered, movedEnded] = [`evt_client_${moved}_1`, `evt_client_${moved}_2`];
    expect(before).toEqual(
      [
        `${live.id}/${first_}/DELIVERED`,
        `${live.id}/${second_}/DELIVERED`,
        `${live.id}/${freshEvent}/DELIVERED`,
        `${deleted.id}/${first_}/DELIVERED`,
        `${deleted.id}/${second_}/DELIVERED`,
        `${failing.id}/${movedRegistered}/DEAD`,
        `${failing.id}/${movedEnded}/PENDING`,
      ].sort(),
    );

    // The lagging webhook holds back every old event; old delivered rows and the deleted webhook's go.
    expect(await runRetention()).toEqual({ deliveries: 4, events: 0 });
    expect(await deliveryKeys()).toEqual(
      [
        `${live.id}/${freshEvent}/DELIVERED`,
        `${failing.id}/${movedRegistered}/DEAD`,
        `${failing.id}/${movedEnded}/PENDING`,
      ].sort(),
    );
    expect(await eventIds()).toEqual([...oldEvents, freshEvent].sort());

    // Once it is deleted, the old events delivered everywhere go; the dead letter and the event
    // behind it stay, and so does the fresh one.
    await stack.db.webhookSubscription.update({ where: { id: lagging }, data: { deletedAt: new Date() } });
    const pruned = await runRetention();
    expect(pruned.deliveries).toBe(0);
    expect(await eventIds()).toEqual([movedRegistered, movedEnded, freshEvent].sort());
    expect(pruned.events).toBe(oldEvents.length - 2);
    expect(await runRetention()).toEqual({ deliveries: 0, events: 0 });

    // The feed goes on from what is kept; the dead letter is still there to send again, in order.
    const feed = await stack.call(keha, 'GET', '/api/v1/events?limit=500');
    expectStatus(feed, 200);
    expect(feed.body.items.map((e: { id: string }) => e.id)).toEqual([
      movedRegistered,
      movedEnded,
      freshEvent,
    ]);
    const helsinkiFeed = await stack.call(helsinki, 'GET', '/api/v1/events?limit=500');
    expect(helsinkiFeed.body.items.map((e: { id: string }) => e.id)).toEqual([freshEvent]);
    const hooks = await stack.call('kunta-837.admin', 'GET', '/api/v1/webhooks');
    expect(hooks.body.items[0].deadLetters).toEqual([
      expect.objectContaining({ eventId: movedRegistered, type: 'client.REGISTERED' }),
    ]);
    failing.receiver.fail(false);
    expectStatus(
      await stack.call('kunta-837.admin', 'POST', `/api/v1/webhooks/${failing.id}/dead-letters/retry`, {}),
      200,
    );
    await eventually(
      async () => (failing.receiver.accepted.length === 2 ? true : undefined),
      30_000,
      'the dead letter and the event behind it delivered',
    );
    expect(failing.receiver.accepted.map((e) => e.type)).toEqual(['client.REGISTERED', 'client.ENDED']);
  }, 150_000);
});
