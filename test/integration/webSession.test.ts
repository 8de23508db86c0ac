import crypto from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { sessionCookieOptions } from '../../api/session/store';
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { EncryptionCodec } from '../../platform/payloadCodec';
import { SecretBox } from '../../platform/secretBox';
import { Browser } from '../support/browser';
import { testCodecKeys } from '../support/environment';
import { evk, household } from '../support/placement';
import { startStack, type Stack } from '../support/stack';

const proposalBody = { kind: 'QUOTA_REFUGEE', household: household(1), evidentServiceNeeds: false };

/** The web application's sign-in: sessions in PostgreSQL, the development login, CSRF protection. */
describe('web sessions', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  async function signIn(userId = evk, returnTo?: string) {
    const browser = new Browser();
    const reply = await browser.request(`${stack.url}/auth/dev/login`, {
      method: 'POST',
      body: { userId, ...(returnTo !== undefined ? { returnTo } : {}) },
    });
    expect(reply.status).toBe(200);
    const me = await browser.request(`${stack.url}/api/v1/me`);
    expect(me.status).toBe(200);
    return { browser, reply, csrfToken: me.body.csrfToken as string };
  }

  it('tells the web application which sign-in it offers', async () => {
    const reply = await stack.call(null, 'GET', '/auth/config');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ devLogin: true, oidc: false });
  });

  it('lists the seeded users by organisation, kind then name', async () => {
    const reply = await stack.call(null, 'GET', '/auth/dev/users');
    expect(reply.status).toBe(200);
    const organisations: { id: string; kind: string; name: { fi: string }; users: { id: string }[] }[] =
      reply.body.organisations;
    const uusimaa = organisations.find((o) => o.id === 'evk-uusimaa')!;
    expect(uusimaa).toMatchObject({ kind: 'ELINVOIMAKESKUS', name: { fi: expect.any(String) } });
    expect(uusimaa.users).toContainEqual({
      id: 'evk-uusimaa.officer',
      displayName: expect.any(String),
      roles: ['OFFICER'],
    });
    expect(organisations.find((o) => o.id === 'keha')!.users.map((u) => u.id)).toContain('keha.supervisor');
    const kinds = organisations.map((o) => o.kind);
    expect(kinds[0]).toBe('ELINVOIMAKESKUS');
    const municipalities = organisations.filter((o) => o.kind === 'MUNICIPALITY').map((o) => o.name.fi);
    expect(municipalities).toEqual([...municipalities].sort((a, b) => a.localeCompare(b, 'fi')));
    // Each kind forms one block.
    expect(kinds.filter((k, i) => i === 0 || kinds[i - 1] !== k)).toEqual([...new Set(kinds)]);
  });

  it('signs in with an HttpOnly, SameSite=Strict session cookie and answers who is signed in', async () => {
    const { browser, reply } = await signIn(evk, '/placement-proposals?status=DRAFT');
    expect(reply.body).toEqual({ returnTo: '/placement-proposals?status=DRAFT' });
    const cookie = reply.setCookies.find((c) => c.name === 'koto_session')!;
    expect(cookie.attributes).toMatchObject({ httponly: true, samesite: 'Strict', path: '/' });
    expect(cookie.attributes.secure).toBeUndefined(); // development over plain http
    expect(reply.headers.get('cache-control')).toBe('no-store');

    const me = await browser.request(`${stack.url}/api/v1/me`);
    expect(me.body).toEqual({
      userId: evk,
      displayName: expect.any(String),
      organisation: {
        id: 'evk-uusimaa',
        kind: 'ELINVOIMAKESKUS',
        name: { fi: 'Uudenmaan elinvoimakeskus', sv: 'Livskraftscentralen i Nyland' },
      },
      roles: ['OFFICER'],
      permissions: expect.arrayContaining(['proposal.create', 'proposal.send', 'inbox.read']),
      authMethod: 'session',
      csrfToken: expect.stringMatching(/^[\w-]{40,}$/),
      sessionExpiresAt: expect.any(String),
    });
    const expiresIn = new Date(me.body.sessionExpiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(25 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(30 * 60_000);

    // Stored only as a hash: the cookie's value appears nowhere in the table.
    const rows = await stack.db.webSession.findMany({ where: { userId: evk } });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.idHash).not.toBe(cookie.value);
    expect(rows.map((r) => r.idHash)).toContainEqual(expect.stringMatching(/^[0-9a-f]{64}$/));
  });

  it('gives each sign-in a fresh session, ending the one the browser had', async () => {
    const { browser } = await signIn(evk);
    const first = browser.cookie(stack.url, 'koto_session')!;
    const again = await browser.request(`${stack.url}/auth/dev/login`, {
      method: 'POST',
      body: { userId: 'kunta-091.officer' },
    });
    expect(again.status).toBe(200);
    expect(browser.cookie(stack.url, 'koto_session')).not.toBe(first);
    expect((await browser.request(`${stack.url}/api/v1/me`)).body.userId).toBe('kunta-091.officer');
    const replay = await stack.call(null, 'GET', '/api/v1/me', undefined, {
      cookie: `koto_session=${first}`,
    });
    expect(replay.status).toBe(401);
  });

  it('refuses a state-changing cookie request without the right X-CSRF-Token, and accepts it with', async () => {
    const { browser, csrfToken } = await signIn(evk);
    const url = `${stack.url}/api/v1/placement-proposals`;

    const without = await browser.request(url, { method: 'POST', body: proposalBody });
    expect(without.status).toBe(403);
    expect(without.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(without.body).toMatchObject({ status: 403, detail: expect.stringMatching(/X-CSRF-Token/) });

    const wrong = await browser.request(url, {
      method: 'POST',
      body: proposalBody,
      headers: { 'X-CSRF-Token': csrfToken.slice(0, -2) + 'xx' },
    });
    expect(wrong.status).toBe(403);

    const right = await browser.request(url, {
      method: 'POST',
      body: proposalBody,
      headers: { 'X-CSRF-Token': csrfToken },
    });
    expect(right.status).toBe(201);
    const created = await stack.call(
      'keha.supervisor',
      'GET',
      `/api/v1/placement-proposals/${right.body.id}`,
    );
    expect(created.body.timeline[0]).toMatchObject({ actor: { userId: evk } });
  });

  it('lets bearer callers go without a CSRF header, and prefers the bearer token over a cookie', async () => {
    expect((await stack.call(evk, 'POST', '/api/v1/placement-proposals', proposalBody)).status).toBe(201);
    const me = await stack.call('kunta-091.officer', 'GET', '/api/v1/me');
    expect(me.body).toMatchObject({ userId: 'kunta-091.officer', authMethod: 'bearer', roles: ['OFFICER'] });
    expect(me.body.csrfToken).toBeUndefined();
    expect(me.body.sessionExpiresAt).toBeUndefined();

    const { browser } = await signIn(evk);
    const both = await browser.request(`${stack.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${await stack.token('kunta-091.officer')}` },
    });
    expect(both.body).toMatchObject({ userId: 'kunta-091.officer', authMethod: 'bearer' });
  });

  it('acts with the rights in force now, as for tokens', async () => {
    const { browser } = await signIn('kunta-091.admin');
    await stack.db.userRight.updateMany({
      where: { userId: 'kunta-091.admin' },
      data: { revokedAt: new Date(), revokedBy: 'test' },
    });
    const me = await browser.request(`${stack.url}/api/v1/me`);
    expect(me.body.roles).toEqual([]);
    await stack.db.user.update({ where: { id: 'kunta-091.admin' }, data: { active: false } });
    expect((await browser.request(`${stack.url}/api/v1/me`)).status).toBe(401);
  });

  it('refuses an unknown or inactive user with 422 at /userId', async () => {
    await stack.db.user.update({ where: { id: 'kunta-049.admin' }, data: { active: false } });
    for (const userId of ['nobody.at.all', 'kunta-049.admin']) {
      const reply = await stack.call(null, 'POST', '/auth/dev/login', { userId });
      expect(reply.status).toBe(422);
      expect(reply.body.errors).toEqual([{ pointer: '/userId', detail: expect.any(String) }]);
      expect(reply.headers.getSetCookie()).toEqual([]);
    }
  });

  it('returns only to same-origin paths', async () => {
    for (const [returnTo, expected] of [
      ['//evil.example', '/'],
      ['//evil.example/path', '/'],
      ['/\\evil.example', '/'],
      ['https://evil.example/', '/'],
      ['javascript:alert(1)', '/'],
      ['clients', '/'],
      ['/clients/abc?tab=plan#top', '/clients/abc?tab=plan#top'],
    ]) {
      const reply = await stack.call(null, 'POST', '/auth/dev/login', { userId: evk, returnTo });
      expect({ returnTo, answer: reply.body.returnTo }).toEqual({ returnTo, answer: expected });
    }
  });

  it('signs out: the session is deleted, the cookie cleared, and the old cookie no longer works', async () => {
    const { browser, csrfToken } = await signIn(evk);
    const oldCookie = browser.cookie(stack.url, 'koto_session')!;

    expect((await browser.request(`${stack.url}/auth/logout`, { method: 'POST' })).status).toBe(403);

    const logout = await browser.request(`${stack.url}/auth/logout`, {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrfToken },
    });
    expect(logout.status).toBe(200);
    expect(logout.body).toEqual({ redirectTo: '/login' });
    const cleared = logout.setCookies.find((c) => c.name === 'koto_session')!;
    expect(cleared.value).toBe('');
    expect(new Date(cleared.attributes.expires as string).getTime()).toBeLessThan(Date.now());

    const replay = await stack.call(null, 'GET', '/api/v1/me', undefined, {
      cookie: `koto_session=${oldCookie}`,
    });
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ status: 401, title: 'Unauthorized' });

    // Signing out without a session is harmless.
    expect((await stack.call(null, 'POST', '/auth/logout')).body).toEqual({ redirectTo: '/login' });
  });

  it('ends a session at its maximum age however busy, and deletes it', async () => {
    const { browser } = await signIn(evk);
    const idHash = crypto
      .createHash('sha256')
      .update(browser.cookie(stack.url, 'koto_session')!)
      .digest('hex');
    await stack.db.webSession.update({
      where: { idHash },
      data: { createdAt: new Date(Date.now() - 11 * 3600_000) },
    });
    expect((await browser.request(`${stack.url}/api/v1/me`)).status).toBe(401);
    expect(await stack.db.webSession.findUnique({ where: { idHash } })).toBeNull();
  });

  it('audit-logs sign-in and sign-out', async () => {
    const events = await stack.db.auditEvent.findMany({
      where: { action: { in: ['session.login', 'session.logout'] } },
    });
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'session.login',
        userId: evk,
        organisationId: 'evk-uusimaa',
        outcome: 'ALLOWED',
        details: { method: 'development' },
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ action: 'session.logout', userId: evk, outcome: 'ALLOWED' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ action: 'session.login', userId: 'anonymous', outcome: 'REFUSED' }),
    );
  });

  it('refuses garbage cookies with 401', async () => {
    for (const cookie of ['koto_session=', 'koto_session=abc', `koto_session=${'x'.repeat(43)}`]) {
      const reply = await stack.call(null, 'GET', '/api/v1/me', undefined, { cookie });
      expect(reply.status).toBe(401);
    }
  });

  it('has no development login in production mode', async () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: 'unused:7233',
      AUTH_JWKS_URL: 'https://login.example/jwks.json',
      AUTH_ISSUER: 'https://login.example/',
    });
    const app = createApp({
      config,
      db: stack.db,
      databaseUrl: stack.databaseUrl,
      client: stack.client,
      logger: createLogger('silent'),
      codec: new EncryptionCodec(testCodecKeys),
      secrets: new SecretBox(testCodecKeys),
    });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await (await fetch(`${url}/auth/config`)).json()).toEqual({ devLogin: false, oidc: false });
      expect((await fetch(`${url}/auth/dev/users`)).status).toBe(404);
      const login = await fetch(`${url}/auth/dev/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: evk }),
      });
      expect(login.status).toBe(404);
      expect(login.headers.getSetCookie()).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('marks the session cookie Secure in production mode', async () => {
    expect(sessionCookieOptions({ mode: 'production' })).toMatchObject({
      secure: true,
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
    });
  });
});

describe('web sessions: idle timeout', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { SESSION_IDLE_TIMEOUT: '4s' } });
  });
  afterAll(async () => stack?.stop());

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('renews a session by use and ends it after the idle timeout', async () => {
    const browser = new Browser();
    expect(
      (await browser.request(`${stack.url}/auth/dev/login`, { method: 'POST', body: { userId: evk } }))
        .status,
    ).toBe(200);
    await sleep(2500);
    expect((await browser.request(`${stack.url}/api/v1/me`)).status).toBe(200);
    await sleep(2500); // 5 s after sign-in, 2.5 s after the last use
    expect((await browser.request(`${stack.url}/api/v1/me`)).status).toBe(200);
    await sleep(4500);
    const expired = await browser.request(`${stack.url}/api/v1/me`);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ status: 401, detail: expect.stringMatching(/sign in again/) });
    expect(await stack.db.webSession.count({ where: { userId: evk } })).toBe(0);
  });
});
