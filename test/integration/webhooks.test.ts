import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client as PgClient } from 'pg';
import { Webhook } from 'standardwebhooks';
import type { z } from 'zod';
import { createClientActivities } from '../../activities/clientRecords';
import { createPlacementActivities } from '../../activities/placementRecords';
import { outboxHorizon } from '../../activities/outbox';
import { resealWebhookSecrets, webhookSecretOf } from '../../activities/webhookSecrets';
import { targetRefusals } from '../../domain/events/webhookTargets';
import { SecretBox } from '../../platform/secretBox';
import { clientWorkflowIdFor, getClientState } from '../../workflows/clientCase/messages';
import { getProposalState, workflowIdFor } from '../../workflows/placementProposal/messages';
import { eventPage } from '../../api/events';
import {
  deadLettersRetried,
  ensureDispatchers,
  startDispatcher,
  webhookCreated,
  webhookDeleted,
  webhookList,
} from '../../api/webhooks';
import { clientBody, daysFromNow, registerClient, today } from '../support/clients';
import {
  createProposal,
  decide,
  evk,
  expectStatus,
  helsinki,
  helsinkiWelfare,
  keha,
} from '../support/placement';
import { adminUrl, testCodecKeys } from '../support/environment';
import { eventually, startStack, type Stack } from '../support/stack';

/**
 * Events for add-ons, end to end: decisions over the API write events in the same transaction as
 * the read model; the events API pages through them per organisation; a real receiver over HTTP
 * verifies every Standard Webhooks signature, fails on purpose (500s, a timeout, a dead letter),
 * and nothing is lost or reordered per resource.
 */

interface Received {
  id: string;
  body: { id: string; type: string; occurredAt: string; resource: { type: string; id: string } };
  raw: string;
  accepted: boolean;
}

/** A receiver of one subscription: verifies signatures, answers as `behaviour` says. */
function receiver() {
  const received: Received[] = [];
  const refusedSignatures: string[] = [];
  const attempts = new Map<string, number>();
  let secret = '';
  let behaviour: (id: string, attempt: number, n: number) => 'OK' | 'FAIL' | 'HANG' = () => 'OK';
  let requests = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Received['body'];
      try {
        body = new Webhook(secret).verify(raw, req.headers as Record<string, string>) as Received['body'];
      } catch (error) {
        refusedSignatures.push(String(error));
        res.writeHead(401).end();
        return;
      }
      const id = String(req.headers['webhook-id']);
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      const answer = behaviour(id, attempt, ++requests);
      if (answer === 'HANG') {
        // Longer than the delivery timeout: the dispatcher gives up on this attempt first.
        setTimeout(() => res.writeHead(500).end(), 2500);
        received.push({ id, body, raw, accepted: false });
        return;
      }
      received.push({ id, body, raw, accepted: answer === 'OK' });
      res.writeHead(answer === 'OK' ? 204 : 500).end();
    });
  });
  return {
    received,
    refusedSignatures,
    attempts,
    accepted: () => received.filter((r) => r.accepted),
    setSecret: (s: string) => void (secret = s),
    secret: () => secret,
    behave: (b: typeof behaviour) => void (behaviour = b),
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    },
    close: () => new Promise((resolve) => server.close(resolve)).then(() => server.closeAllConnections()),
  };
}

/** The answer parses with its documented (OpenAPI) schema, keeping every field. */
function expectDescribed(schema: z.ZodType, body: unknown): void {
  expect(schema.parse(body)).toEqual(body);
}

type Receiver = ReturnType<typeof receiver>;
type Event = Received['body'];

async function allEvents(stack: Stack, user: string, limit = 500): Promise<Event[]> {
  const events: Event[] = [];
  let after: string | null = null;
  for (;;) {
    const reply = await stack.call(
      user,
      'GET',
      `/api/v1/events?limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`,
    );
    expectStatus(reply, 200);
    expectDescribed(eventPage, reply.body);
    events.push(...reply.body.items);
    if (reply.body.items.length < limit) return events;
    after = reply.body.nextCursor;
  }
}

const key = (e: Event) => `${e.resource.type}:${e.resource.id}`;
const seqOf = (e: Event) => Number(e.id.split('_').at(-1));

/** Accepted deliveries, first of each event, grouped by resource in the order they arrived. */
function arrivedByResource(r: Receiver): Map<string, Event[]> {
  const seen = new Set<string>();
  const byResource = new Map<string, Event[]>();
  for (const { id, body } of r.accepted()) {
    if (seen.has(id)) continue;
    seen.add(id);
    byResource.set(key(body), [...(byResource.get(key(body)) ?? []), body]);
  }
  return byResource;
}

function expectDeliveredInOrder(r: Receiver, expected: Event[]): void {
  const wanted = new Map<string, string[]>();
  for (const e of expected) wanted.set(key(e), [...(wanted.get(key(e)) ?? []), e.id]);
  const arrived = arrivedByResource(r);
  expect(new Map([...arrived].map(([k, events]) => [k, events.map((e) => e.id)]))).toEqual(wanted);
  // No event arrived (even one then refused) before its resource's previous one was accepted.
  const place = new Map(expected.map((e) => [e.id, wanted.get(key(e))!.indexOf(e.id)]));
  const acceptedUpTo = new Map<string, number>();
  for (const { id, body, accepted } of r.received) {
    const done = acceptedUpTo.get(key(body)) ?? -1;
    expect({ id, ahead: place.get(id)! > done + 1 }).toEqual({ id, ahead: false });
    if (accepted) acceptedUpTo.set(key(body), Math.max(done, place.get(id)!));
  }
}

describe('events for add-ons: the outbox, the events API and webhooks', () => {
  let stack: Stack;
  const municipal = receiver();
  const centre = receiver();
  const failing = receiver();
  let proposals: string[] = [];
  let clients: string[] = [];

  beforeAll(async () => {
    stack = await startStack({
      env: {
        WEBHOOK_POLL_INTERVAL: '300ms',
        WEBHOOK_MAX_ATTEMPTS: '4',
        WEBHOOK_RETRY_INTERVAL: '200ms',
        WEBHOOK_MAX_RETRY_INTERVAL: '1s',
        WEBHOOK_TIMEOUT: '1500ms',
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await Promise.all(listening.map((r) => r.close()));
  });

  const listening: Receiver[] = [];
  async function subscribe(user: string, r: Receiver, events: string[]): Promise<string> {
    listening.push(r);
    const reply = await stack.call(user, 'POST', '/api/v1/webhooks', { url: await r.listen(), events });
    expectStatus(reply, 201);
    expectDescribed(webhookCreated, reply.body);
    expect(reply.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    r.setSecret(reply.body.secret);
    return reply.body.id;
  }

  it('delivers every event signed, in order per resource, through 500s and a timeout', async () => {
    await subscribe('kunta-091.admin', municipal, ['*']);
    await subscribe('evk-uusimaa.admin', centre, ['proposal.*']);
    // Every third event fails twice; the fourth request of all hangs past the timeout.
    municipal.behave((id, attempt, n) =>
      n === 4 ? 'HANG' : Number(id.split('_').at(-1)) % 3 === 0 && attempt <= 2 ? 'FAIL' : 'OK',
    );
    centre.behave((id, attempt) => (Number(id.split('_').at(-1)) % 2 === 0 && attempt === 1 ? 'FAIL' : 'OK'));

    // Proposals through their decisions: accepted and placed, one with a hearing, one rejected.
    const driveProposal = async (hearing: boolean, accept: boolean) => {
      const id = await createProposal(stack, { evidentServiceNeeds: hearing });
      expectStatus(await decide(stack, evk, id, 'send', { municipalityId: 'kunta-091' }), 200);
      if (hearing) {
        expectStatus(
          await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }),
          200,
        );
        expectStatus(
          await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
            canArrangeServices: true,
            statement: 'palvelut järjestyvät',
          }),
          200,
        );
      }
      if (accept) {
        expectStatus(await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }), 200);
        expectStatus(await decide(stack, evk, id, 'confirm', {}), 200);
      } else {
        expectStatus(
          await decide(stack, helsinki, id, 'answer', { decision: 'REJECT', reason: 'ei tilaa' }),
          200,
        );
        expectStatus(await decide(stack, evk, id, 'withdraw', { reason: 'peruttu' }), 200);
      }
      return id;
    };
    const driveClient = async () => {
      const id = await registerClient(stack);
      const plan = { validFrom: today(), validUntil: daysFromNow(200), goals: [], tasks: [], services: [] };
      expectStatus(await stack.call(helsinki, 'PUT', `/api/v1/clients/${id}/integration-plan`, plan), 200);
      expectStatus(
        await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/end`, { reason: 'muutti' }),
        200,
      );
      expectStatus(await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/resume`, {}), 200);
      return id;
    };
    [proposals, clients] = await Promise.all([
      Promise.all([driveProposal(true, true), driveProposal(false, true), driveProposal(false, false)]),
      Promise.all([driveClient(), driveClient()]),
    ]);

    // Every state change has its one event, written with the timeline.
    for (const id of proposals) {
      expect(await stack.db.outboxEvent.count({ where: { resourceId: id } })).toBe(
        await stack.db.proposalEvent.count({ where: { proposalId: id } }),
      );
    }
    for (const id of clients) {
      expect(await stack.db.outboxEvent.count({ where: { resourceId: id } })).toBe(
        await stack.db.clientEvent.count({ where: { clientId: id } }),
      );
    }

    // The feed holds events back behind transactions still running (a busy machine has some, and
    // may be slow to finish them): wait until it shows every event written, then read each party's.
    const ours = [...proposals, ...clients];
    const written = await stack.db.outboxEvent.count({ where: { resourceId: { in: ours } } });
    await eventually(
      async () =>
        (await allEvents(stack, keha)).filter((e) => ours.includes(e.resource.id)).length === written
          ? true
          : undefined,
      30_000,
      'the events feed to show every event written',
    );
    const municipalEvents = (await allEvents(stack, helsinki)).filter((e) =>
      [...proposals, ...clients].includes(e.resource.id),
    );
    const centreEvents = (await allEvents(stack, evk)).filter((e) => proposals.includes(e.resource.id));
    expect(municipalEvents.length).toBeGreaterThan(15);
    await eventually(
      async () =>
        new Set(municipal.accepted().map((r) => r.id)).size === municipalEvents.length &&
        new Set(centre.accepted().map((r) => r.id)).size === centreEvents.length
          ? true
          : undefined,
      90_000,
      'every event delivered',
    );
    expect(municipal.refusedSignatures).toEqual([]);
    expect(centre.refusedSignatures).toEqual([]);
    expectDeliveredInOrder(municipal, municipalEvents);
    expectDeliveredInOrder(centre, centreEvents);
    // It did fail on purpose: retried events arrived more than once before they were accepted.
    expect(municipal.received.some((r) => !r.accepted)).toBe(true);
    expect([...municipal.attempts.values()].some((n) => n >= 3)).toBe(true);

    // No personal data: exactly the event's four fields.
    for (const { raw, body } of [...municipal.received, ...centre.received]) {
      expect(Object.keys(JSON.parse(raw)).sort()).toEqual(['id', 'occurredAt', 'resource', 'type']);
      expect(Object.keys(body.resource).sort()).toEqual(['id', 'type']);
      expect(raw).not.toMatch(/Testinen|Henkilö|Amina|Testi0|\b\d{6}[-+A]\d{3}[0-9A-Y]\b/);
    }
    // The centre's subscription took only proposal events, and only its own proposals'.
    expect(centre.accepted().every((r) => r.body.type.startsWith('proposal.'))).toBe(true);

    const list = await stack.call('kunta-091.admin', 'GET', '/api/v1/webhooks');
    expectStatus(list, 200);
    expectDescribed(webhookList, list.body);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      events: ['*'],
      deliveries: { pending: 0, dead: 0, delivered: municipalEvents.length },
      deadLetters: [],
    });
    expect(list.body.items[0].deliveries.lastError).toMatch(/HTTP 500|no answer within/);
    expect(list.body.items[0]).not.toHaveProperty('secret');
  }, 150_000);

  it('keeps a dead letter, holds back its resource’s later events, and delivers them in order when retried', async () => {
    const id = await subscribe('kunta-837.admin', failing, ['client.*']);
    failing.behave(() => 'FAIL');
    const tampere = 'kunta-837.officer';
    const reply = await stack.call(tampere, 'POST', '/api/v1/clients', clientBody());
    expectStatus(reply, 201);
    const clientId = reply.body.id;
    expectStatus(
      await stack.call(tampere, 'POST', `/api/v1/clients/${clientId}/end`, { reason: 'muutti pois' }),
      200,
    );
    const dead = await eventually(
      async () => {
        const list = await stack.call('kunta-837.admin', 'GET', '/api/v1/webhooks');
        const hook = list.body.items.find((h: { id: string }) => h.id === id);
        return hook?.deadLetters.length ? hook : undefined;
      },
      30_000,
      'a dead letter',
    );
    expectDescribed(webhookList, { items: [dead] });
    expect(dead.deadLetters).toEqual([
      expect.objectContaining({
        type: 'client.REGISTERED',
        resource: { type: 'client', id: clientId },
        attempts: 4,
        lastError: 'HTTP 500',
      }),
    ]);
    // The end of the case waits behind its registration: never tried while that is dead.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(failing.received.every((r) => r.body.type === 'client.REGISTERED')).toBe(true);
    // The end of the case is counted as pending once its dispatcher has read it from the feed.
    const counted = await eventually(
      async () => {
        const list = await stack.call('kunta-837.admin', 'GET', '/api/v1/webhooks');
        const hook = list.body.items.find((h: { id: string }) => h.id === id);
        return hook?.deliveries.pending === 1 ? hook : undefined;
      },
      30_000,
      'the held-back end of the case counted as pending',
    );
    expect(counted.deliveries).toMatchObject({ dead: 1, pending: 1, delivered: 0 });

    failing.behave(() => 'OK');
    const retried = await stack.call(
      'kunta-837.admin',
      'POST',
      `/api/v1/webhooks/${id}/dead-letters/retry`,
      {},
    );
    expectStatus(retried, 200);
    expectDescribed(deadLettersRetried, retried.body);
    expect(retried.body).toEqual({ retried: 1 });
    await eventually(
      async () => (failing.accepted().length >= 2 ? true : undefined),
      30_000,
      'the retried dead letter and the event behind it',
    );
    expect(failing.accepted().map((r) => r.body.type)).toEqual(['client.REGISTERED', 'client.ENDED']);
    expect(failing.refusedSignatures).toEqual([]);

    // Audit log: the webhook's management is logged.
    const audit = await stack.db.auditEvent.findMany({ where: { resourceType: 'webhook', resourceId: id } });
    expect(audit.map((a) => a.action).sort()).toEqual(['webhook.create', 'webhook.retryDeadLetters']);

    // Deleted: nothing more is delivered, and the dispatcher stops.
    const deleted = await stack.call('kunta-837.admin', 'DELETE', `/api/v1/webhooks/${id}`);
    expect(deleted.status).toBe(200);
    expectDescribed(webhookDeleted, deleted.body);
    expect(deleted.body).toEqual({ id, deletedAt: expect.any(String) });
    expect((await stack.call('kunta-837.admin', 'GET', '/api/v1/webhooks')).body.items).toEqual([]);
    expect((await stack.call('kunta-837.admin', 'DELETE', `/api/v1/webhooks/${id}`)).status).toBe(404);
    await eventually(
      async () => {
        const { status } = await stack.client.workflow.getHandle(`webhook-dispatcher-${id}`).describe();
        return status.name === 'COMPLETED' ? true : undefined;
      },
      15_000,
      'the dispatcher to stop',
    );
  }, 90_000);

  it('pages through events in order, per organisation’s visibility', async () => {
    const all = await allEvents(stack, helsinki);
    const paged = await allEvents(stack, helsinki, 2);
    expect(paged).toEqual(all);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    // In order per resource, every state change of each.
    for (const id of clients) {
      const seqs = all.filter((e) => e.resource.id === id).map(seqOf);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    // Another municipality sees none of Helsinki's; KEHA sees them all.
    const tampere = await allEvents(stack, 'kunta-837.officer');
    expect(tampere.some((e) => [...proposals, ...clients].includes(e.resource.id))).toBe(false);
    const supervisor = await allEvents(stack, keha);
    expect(all.every((e) => supervisor.some((s) => s.id === e.id))).toBe(true);
    // The welfare area sees a proposal from its hearing on, and no client cases.
    const welfare = await allEvents(stack, helsinkiWelfare);
    expect(welfare.some((e) => e.resource.type === 'client')).toBe(false);
    expect(welfare.map((e) => e.resource.id)).toEqual(expect.arrayContaining([proposals[0]]));
    expect(welfare.some((e) => e.resource.id === proposals[1])).toBe(false);
    // The elinvoimakeskus sees its proposals but no client cases.
    expect((await allEvents(stack, evk)).some((e) => e.resource.type === 'client')).toBe(false);

    // A cursor from the end answers nothing new, and keeps its place.
    const last = await stack.call(helsinki, 'GET', `/api/v1/events?limit=500`);
    const end = await stack.call(
      helsinki,
      'GET',
      `/api/v1/events?after=${encodeURIComponent(last.body.nextCursor)}`,
    );
    expect(end.body).toEqual({ items: [], nextCursor: last.body.nextCursor });

    const bad = await stack.call(helsinki, 'GET', '/api/v1/events?after=bm9wZQ');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ pointer: '/after', detail: 'invalid cursor' }]);
    const huge = Buffer.from('9999999999999999999.1').toString('base64url');
    const tooLarge = await stack.call(helsinki, 'GET', `/api/v1/events?after=${huge}`);
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.errors).toEqual([{ pointer: '/after', detail: 'invalid cursor' }]);
    const badLimit = await stack.call(helsinki, 'GET', '/api/v1/events?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors[0].pointer).toBe('/limit');
  });

  it('answers each event to whoever could see its resource when it happened (a client who moved)', async () => {
    const id = await registerClient(stack);
    expectStatus(
      await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/move`, {
        municipalityId: 'kunta-837',
        consent: true,
        consentRecordedOn: today(),
      }),
      200,
    );
    expectStatus(
      await stack.call('kunta-837.officer', 'POST', `/api/v1/clients/${id}/end`, { reason: 'x' }),
      200,
    );
    const typesFor = async (user: string) =>
      (await allEvents(stack, user)).filter((e) => e.resource.id === id).map((e) => e.type);
    expect(await typesFor(helsinki)).toEqual(['client.REGISTERED']);
    expect(await typesFor('kunta-837.officer')).toEqual(['client.MOVED', 'client.ENDED']);
    expect(await typesFor(keha)).toEqual(['client.REGISTERED', 'client.MOVED', 'client.ENDED']);
  });

  it('holds events back behind a transaction of its own database still running, not another database’s', async () => {
    const typesOf = async (id: string) =>
      (await allEvents(stack, helsinki)).filter((e) => e.resource.id === id).map((e) => e.type);
    // A writing transaction (it has an ID) left open in another database on the same server.
    const elsewhere = new PgClient({ connectionString: adminUrl(stack.databaseUrl) });
    await elsewhere.connect();
    await elsewhere.query('BEGIN');
    await elsewhere.query('CREATE TEMP TABLE held_elsewhere (x int)');
    const first = await registerClient(stack);
    expect(await typesOf(first)).toEqual(['client.REGISTERED']);
    // One in this database: what commits after it waits (a cursor could skip it otherwise), then comes.
    const here = new PgClient({ connectionString: stack.databaseUrl });
    await here.connect();
    await here.query('BEGIN');
    await here.query('CREATE TEMP TABLE held_here (x int)');
    const second = await registerClient(stack);
    expect(await typesOf(second)).toEqual([]);
    await here.query('ROLLBACK');
    expect(await typesOf(second)).toEqual(['client.REGISTERED']);
    await Promise.all([here.end(), elsewhere.query('ROLLBACK').then(() => elsewhere.end())]);
  });

  it('writes each event once when a read-model write runs again (a retried local activity)', async () => {
    const events = (rows: {
      seq: number;
      at: Date;
      userId: string | null;
      orgId: string | null;
      type: string;
      details: unknown;
    }) => ({
      seq: rows.seq,
      at: rows.at.toISOString(),
      actor: rows.userId && rows.orgId ? { userId: rows.userId, orgId: rows.orgId } : null,
      type: rows.type,
      details: rows.details as Record<string, unknown>,
    });
    const outboxOf = (id: string) =>
      stack.db.outboxEvent.findMany({ where: { resourceId: id }, orderBy: { position: 'asc' } });

    const proposalId = proposals[0];
    const proposalState = await stack.client.workflow
      .getHandle(workflowIdFor(proposalId))
      .query(getProposalState);
    const lastProposalEvent = await stack.db.proposalEvent.findFirstOrThrow({
      where: { proposalId },
      orderBy: { seq: 'desc' },
    });
    const proposalBefore = await outboxOf(proposalId);
    const placement = createPlacementActivities({ db: stack.db });
    await placement.recordProposalChange({ state: proposalState, event: events(lastProposalEvent) });
    await placement.recordProposalChange({ state: proposalState, event: events(lastProposalEvent) });
    expect(await outboxOf(proposalId)).toEqual(proposalBefore);

    const clientId = clients[0];
    const clientState = await stack.client.workflow
      .getHandle(clientWorkflowIdFor(clientId))
      .query(getClientState);
    const lastClientEvent = await stack.db.clientEvent.findFirstOrThrow({
      where: { clientId },
      orderBy: { seq: 'desc' },
    });
    const clientBefore = await outboxOf(clientId);
    const records = createClientActivities({ db: stack.db });
    await records.recordClientChange({ state: clientState, event: events(lastClientEvent) });
    await records.recordClientChange({ state: clientState, event: events(lastClientEvent) });
    expect(await outboxOf(clientId)).toEqual(clientBefore);
  });

  it('refuses bad webhooks with the field named', async () => {
    const bad = await stack.call('kunta-091.admin', 'POST', '/api/v1/webhooks', {
      url: 'ftp://example.com',
      events: ['proposal.sent', 'nope'],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/events/0',
      '/events/1',
      '/url',
    ]);
    expect((await stack.call('kunta-091.admin', 'DELETE', '/api/v1/webhooks/nope')).status).toBe(400);
    expect(
      (
        await stack.call('kunta-091.officer', 'POST', '/api/v1/webhooks', {
          url: 'http://x.fi',
          events: ['*'],
        })
      ).status,
    ).toBe(403);
    // Refusals are in the audit log: by role, and another organisation's webhook as not visible.
    const own = await subscribe('kunta-091.admin', receiver(), ['client.ERASED']);
    expect((await stack.call('kunta-049.admin', 'DELETE', `/api/v1/webhooks/${own}`)).status).toBe(404);
    const refusals = await stack.db.auditEvent.findMany({
      where: { resourceType: 'webhook', outcome: 'REFUSED' },
      orderBy: { id: 'asc' },
    });
    expect(refusals.map((r) => [r.userId, r.action, r.details])).toEqual(
      expect.arrayContaining([
        ['kunta-091.officer', 'webhook.create', { reason: 'role' }],
        ['kunta-049.admin', 'webhook.delete', { reason: 'not visible' }],
      ]),
    );
  });

  it('refuses targets the worker must not call, naming the field, in the caller’s language', async () => {
    // Tests allow loopback and private receivers over http (WEBHOOK_ALLOW_INTERNAL_TARGETS); never these.
    const before = await stack.db.webhookSubscription.count();
    const create = (url: string, language = 'en') =>
      stack.call(
        'kunta-091.admin',
        'POST',
        '/api/v1/webhooks',
        { url, events: ['*'] },
        {
          'accept-language': language,
        },
      );
    for (const [url, detail] of [
      ['https://169.254.169.254/latest/meta-data/', targetRefusals.internal],
      ['https://224.0.0.1/hooks', targetRefusals.internal],
      ['https://0.0.0.0:3000/', targetRefusals.internal],
      ['http://8.8.8.8/hooks', targetRefusals.notHttps],
      ['https://no-such-host.invalid/hooks', targetRefusals.unresolved],
    ]) {
      const reply = await create(url);
      expect({ url, status: reply.status }).toEqual({ url, status: 422 });
      expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(reply.body).toMatchObject({
        detail: 'the webhook’s address is refused',
        errors: [{ pointer: '/url', detail }],
      });
    }
    const finnish = await create('https://169.254.169.254/', 'fi');
    expect(finnish.body).toMatchObject({
      detail: 'Webhookin osoitetta ei hyväksytä',
      errors: [{ pointer: '/url', detail: expect.stringMatching(/^Osoite ei saa johtaa sisäverkkoon/) }],
    });
    const swedish = await create('http://8.8.8.8/', 'sv');
    expect(swedish.body.errors).toEqual([{ pointer: '/url', detail: 'Adressen måste börja med https://' }]);
    expect(await stack.db.webhookSubscription.count()).toBe(before);
  });

  it('keeps signing secrets sealed at rest; one kept in the clear before still signs, and is sealed when a worker starts', async () => {
    const box = new SecretBox(testCodecKeys);
    const sealed = receiver();
    const id = await subscribe('kunta-091.admin', sealed, ['client.ERASED']);
    const row = await stack.db.webhookSubscription.findUniqueOrThrow({ where: { id } });
    expect(row.secretKeyId).toBe(testCodecKeys.activeKeyId);
    expect(row.secret).not.toContain('whsec_');
    expect(row.secret).not.toContain(sealed.secret().slice('whsec_'.length));
    expect(webhookSecretOf(box, row)).toBe(sealed.secret());
    // Bound to its row: the same value under another subscription does not open.
    expect(() => webhookSecretOf(box, { ...row, id: crypto.randomUUID() })).toThrow(/does not open/);

    // A subscription written before secrets were sealed: its secret in the clear, no key.
    const legacy = receiver();
    listening.push(legacy);
    const legacyId = crypto.randomUUID();
    const legacySecret = `whsec_${crypto.randomBytes(32).toString('base64')}`;
    legacy.setSecret(legacySecret);
    await stack.db.webhookSubscription.create({
      data: {
        id: legacyId,
        organisationId: 'kunta-091',
        url: await legacy.listen(),
        events: ['client.REGISTERED'],
        secret: legacySecret,
        cursorTx: await outboxHorizon(stack.db),
        cursorPosition: 0n,
        createdBy: 'kunta-091.admin',
        createdAt: new Date(),
      },
    });
    await startDispatcher(stack.client, stack.config, legacyId);
    const deliveredFor = (clientId: string) =>
      eventually(
        async () => (legacy.accepted().some((r) => r.body.resource.id === clientId) ? true : undefined),
        30_000,
        `the delivery of ${clientId}`,
      );
    await deliveredFor(await registerClient(stack));

    // A worker starting seals it (main.ts), once; deliveries go on signed with the same secret.
    expect(await resealWebhookSecrets(stack.db, box)).toBe(1);
    expect(await resealWebhookSecrets(stack.db, box)).toBe(0);
    const resealed = await stack.db.webhookSubscription.findUniqueOrThrow({ where: { id: legacyId } });
    expect(resealed.secretKeyId).toBe(testCodecKeys.activeKeyId);
    expect(resealed.secret).not.toContain('whsec_');
    expect(webhookSecretOf(box, resealed)).toBe(legacySecret);
    await deliveredFor(await registerClient(stack));
    expect(legacy.refusedSignatures).toEqual([]);
    expect(sealed.refusedSignatures).toEqual([]);
  });

  it('starts a missing dispatcher again when the worker starts (ensureDispatchers)', async () => {
    const id = await subscribe('kunta-091.admin', receiver(), ['client.ERASED']);
    const handle = stack.client.workflow.getHandle(`webhook-dispatcher-${id}`);
    await handle.terminate('lost, as on a Temporal server without persistence');
    expect((await handle.describe()).status.name).toBe('TERMINATED');
    const live = await stack.db.webhookSubscription.count({ where: { deletedAt: null } });
    expect(await ensureDispatchers(stack.db, stack.client, stack.config)).toBe(live);
    expect((await stack.client.workflow.getHandle(`webhook-dispatcher-${id}`).describe()).status.name).toBe(
      'RUNNING',
    );
  });
});
