import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { outboxHorizon } from '../../activities/outbox';
import { newWebhookSecret } from '../../activities/webhookSecrets';
import { startDispatcher } from '../../api/webhooks';
import { targetRefusals } from '../../domain/events/webhookTargets';
import { SecretBox } from '../../platform/secretBox';
import { registerClient } from '../support/clients';
import { testCodecKeys } from '../support/environment';
import { eventually, startStack, type Stack } from '../support/stack';

/**
 * Webhook targets as production has them (WEBHOOK_ALLOW_INTERNAL_TARGETS off): https to public
 * addresses only, checked when a webhook is created and again at each delivery's connection, so
 * that a host whose DNS has come to point inside the network is never called (SSRF).
 */
describe('webhook targets with internal addresses refused (production’s default)', () => {
  let stack: Stack;
  let connections = 0;
  const inside = http.createServer((_req, res) => res.writeHead(204).end());
  inside.on('connection', () => connections++);
  let port = 0;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        WEBHOOK_ALLOW_INTERNAL_TARGETS: 'false',
        WEBHOOK_POLL_INTERVAL: '300ms',
        WEBHOOK_MAX_ATTEMPTS: '2',
        WEBHOOK_RETRY_INTERVAL: '200ms',
        WEBHOOK_MAX_RETRY_INTERVAL: '500ms',
        WEBHOOK_TIMEOUT: '2s',
      },
    });
    expect(stack.config.webhookTargets).toEqual({ allowInternal: false });
    await new Promise<void>((resolve) => inside.listen(0, '127.0.0.1', resolve));
    port = (inside.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => inside.close(resolve));
    inside.closeAllConnections();
  });

  it('refuses plain http and loopback, private and link-local targets when a webhook is created', async () => {
    for (const [url, detail] of [
      [`http://127.0.0.1:${port}/hooks`, targetRefusals.notHttps],
      [`https://127.0.0.1:${port}/hooks`, targetRefusals.internal],
      // A name is refused by what it resolves to.
      [`https://localhost:${port}/hooks`, targetRefusals.internal],
      ['https://10.20.30.40/hooks', targetRefusals.internal],
      ['https://192.168.0.10/hooks', targetRefusals.internal],
      ['https://169.254.169.254/latest/meta-data/', targetRefusals.internal],
      ['https://0x7f.1/hooks', targetRefusals.internal],
      ['http://addon.example.fi/hooks', targetRefusals.notHttps],
    ]) {
      const reply = await stack.call('kunta-091.admin', 'POST', '/api/v1/webhooks', { url, events: ['*'] });
      expect({ url, status: reply.status, errors: reply.body.errors }).toEqual({
        url,
        status: 422,
        errors: [{ pointer: '/url', detail }],
      });
    }
    expect(await stack.db.webhookSubscription.count()).toBe(0);
    expect(connections).toBe(0);
  });

  it('refuses at delivery a target that has come to point inside, never connecting to it', async () => {
    const box = new SecretBox(testCodecKeys);
    // As if each had resolved to a public address when it was created, and DNS changed since.
    const targets = [`https://localhost:${port}/hooks`, `https://127.0.0.1:${port}/hooks`];
    const ids: string[] = [];
    for (const url of targets) {
      const id = crypto.randomUUID();
      await stack.db.webhookSubscription.create({
        data: {
          id,
          organisationId: 'kunta-091',
          url,
          events: ['client.*'],
          ...newWebhookSecret(box, id).stored,
          cursorTx: await outboxHorizon(stack.db),
          cursorPosition: 0n,
          createdBy: 'kunta-091.admin',
          createdAt: new Date(),
        },
      });
      await startDispatcher(stack.client, stack.config, id);
      ids.push(id);
    }
    const clientId = await registerClient(stack);
    const dead = await eventually(
      async () => {
        const rows = await stack.db.webhookDelivery.findMany({
          where: { subscriptionId: { in: ids }, resourceId: clientId, status: 'DEAD' },
        });
        return rows.length === ids.length ? rows : undefined;
      },
      30_000,
      'both deliveries refused into dead letters',
    );
    for (const row of dead) {
      expect(row).toMatchObject({ attempts: 2, lastError: `refused: the URL ${targetRefusals.internal}` });
    }
    expect(connections).toBe(0);
    // The admin sees why.
    const list = await stack.call('kunta-091.admin', 'GET', '/api/v1/webhooks');
    expect(list.body.items.map((h: { deliveries: { lastError: string } }) => h.deliveries.lastError)).toEqual(
      [`refused: the URL ${targetRefusals.internal}`, `refused: the URL ${targetRefusals.internal}`],
    );
  });
});
