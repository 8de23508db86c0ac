import crypto from 'node:crypto';
import { decodeJwt } from 'jose';
import { Browser } from '../support/browser';
import { startOidcStack, type OidcStack } from '../support/oidcStack';

/**
 * OpenID Connect sign-in end to end, over real HTTP: a real provider (oidc-provider), this
 * service as `npm start` runs it (main.ts `api`), and a test browser that follows every redirect
 * by hand and keeps cookies per host.
 * (Both run as child processes: see test/support/oidcStack.ts.)
 */
describe('OpenID Connect sign-in', () => {
  let oidc: OidcStack;
  let api: string;
  let issuer: string;
  let clientId: string;
  let database: OidcStack['database'];

  beforeAll(async () => {
    oidc = await startOidcStack();
    ({ api, issuer, clientId, database } = oidc);
  });

  afterAll(() => oidc?.stop());

  /**
   * At the provider: follows its redirects, fills in the login form with `login` and grants
   * consent (or cancels at the login form when `abort`), until the provider sends the browser
   * back to this service. Returns that callback URL.
   */
  async function atProvider(browser: Browser, url: string, login: string, abort = false): Promise<string> {
    for (let hop = 0; hop < 20; hop++) {
      if (url.startsWith(`${api}/`)) return url;
      const reply = await browser.request(url);
      if (reply.status === 200 && url.includes('/interaction/')) {
        const page = String(reply.body);
        if (abort) {
          url = (await browser.request(`${url}/abort`)).location!;
          continue;
        }
        const prompt = page.includes('name="login"') ? 'login' : 'consent';
        const submitted = await browser.request(url, {
          method: 'POST',
          form: prompt === 'login' ? { prompt, login, password: 'any' } : { prompt },
        });
        url = submitted.location!;
        continue;
      }
      if (!reply.location) throw new Error(`the provider answered ${reply.status} at ${url}: ${reply.body}`);
      url = reply.location;
    }
    throw new Error('the provider never sent the browser back');
  }

  async function beginLogin(browser: Browser, returnTo = '/') {
    const reply = await browser.request(`${api}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    expect(reply.status).toBe(302);
    return reply;
  }

  it('tells the web application that OpenID Connect sign-in is offered', async () => {
    const config = await (await fetch(`${api}/auth/config`)).json();
    expect(config).toEqual({ devLogin: true, oidc: true });
  });

  it('signs in through the provider with PKCE, then ends the session at the provider too', async () => {
    const browser = new Browser();
    const login = await beginLogin(browser, '/clients?tab=mine');
    const transaction = login.setCookies.find((c) => c.name === 'koto_login')!;
    // Lax, not Strict: the provider's redirect back is a cross-site navigation.
    expect(transaction.attributes).toMatchObject({ httponly: true, samesite: 'Lax', path: '/auth' });
    const authorization = new URL(login.location!);
    expect(authorization.origin + authorization.pathname).toBe(`${issuer}/auth`);
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      client_id: clientId,
      redirect_uri: `${api}/auth/callback`,
      response_type: 'code',
      scope: 'openid',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
    });
    // Nothing of the transaction is readable in the cookie (an encrypted JWT).
    expect(transaction.value.split('.')).toHaveLength(5);
    expect(transaction.value).not.toContain(authorization.searchParams.get('state'));

    const callback = await atProvider(browser, login.location!, 'kunta-091.officer');
    const done = await browser.request(callback);
    expect(done.status).toBe(302);
    expect(done.location).toBe(`${api}/clients?tab=mine`);
    const session = done.setCookies.find((c) => c.name === 'koto_session')!;
    expect(session.attributes).toMatchObject({ httponly: true, samesite: 'Strict', path: '/' });
    expect(done.setCookies.find((c) => c.name === 'koto_login')!.value).toBe('');

    const me = await browser.request(`${api}/api/v1/me`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      userId: 'kunta-091.officer',
      organisation: { id: 'kunta-091', kind: 'MUNICIPALITY', name: { fi: 'Helsinki' } },
      roles: ['OFFICER'],
      authMethod: 'session',
    });
    // No token reaches the browser.
    expect(JSON.stringify(me.body)).not.toMatch(/eyJ/);

    const logout = await browser.request(`${api}/auth/logout`, {
      method: 'POST',
      headers: { 'X-CSRF-Token': me.body.csrfToken },
    });
    expect(logout.status).toBe(200);
    const endSession = new URL(logout.body.redirectTo);
    expect(endSession.origin).toBe(issuer);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${api}/login`);
    expect(decodeJwt(endSession.searchParams.get('id_token_hint')!)).toMatchObject({
      sub: 'kunta-091.officer',
      aud: clientId,
      iss: issuer,
    });
    // The provider accepts it: its sign-out confirmation page, not an error.
    const confirmation = await browser.request(logout.body.redirectTo);
    expect(confirmation.status).toBe(200);
    expect(String(confirmation.body)).toMatch(/<form/);

    expect((await browser.request(`${api}/api/v1/me`)).status).toBe(401);
  });

  it('refuses a tampered state, and a callback in a browser that did not start the sign-in', async () => {
    const browser = new Browser();
    const login = await beginLogin(browser);
    const callback = new URL(await atProvider(browser, login.location!, 'kunta-091.officer'));

    const tampered = new URL(callback);
    tampered.searchParams.set('state', crypto.randomBytes(16).toString('base64url'));
    const refused = await browser.request(tampered.href);
    expect(refused.status).toBe(302);
    expect(refused.location).toBe(`${api}/login?error=state`);
    expect(refused.setCookies.map((c) => c.name)).not.toContain('koto_session');

    const elsewhere = await new Browser().request(callback.href);
    expect(elsewhere.location).toBe(`${api}/login?error=state`);
    expect(elsewhere.setCookies.map((c) => c.name)).not.toContain('koto_session');
  });

  it('refuses a subject that is no active user here', async () => {
    const browser = new Browser();
    const login = await beginLogin(browser);
    const done = await browser.request(await atProvider(browser, login.location!, 'somebody.else'));
    expect(done.location).toBe(`${api}/login?error=unknown_user`);
    expect(done.setCookies.map((c) => c.name)).not.toContain('koto_session');
  });

  it('passes on a sign-in the user cancelled at the provider', async () => {
    const browser = new Browser();
    const login = await beginLogin(browser);
    const done = await browser.request(await atProvider(browser, login.location!, '', true));
    expect(done.location).toBe(`${api}/login?error=provider`);
  });

  it('returns only to same-origin paths', async () => {
    const browser = new Browser();
    const start = await beginLogin(browser, '//evil.example/phish');
    const done = await browser.request(await atProvider(browser, start.location!, 'kunta-091.officer'));
    expect(done.location).toBe(`${api}/`);
  });

  it('audit-logs OpenID Connect sign-ins, refusals and sign-outs', async () => {
    const { rows } = await database.query(
      `SELECT user_id, action, outcome, details FROM audit_event WHERE action LIKE 'session.%' ORDER BY id`,
    );
    expect(rows).toContainEqual({
      user_id: 'kunta-091.officer',
      action: 'session.login',
      outcome: 'ALLOWED',
      details: { method: 'oidc' },
    });
    expect(rows).toContainEqual(
      expect.objectContaining({ user_id: 'kunta-091.officer', action: 'session.logout' }),
    );
    for (const reason of ['state', 'unknown_user', 'provider']) {
      expect(rows).toContainEqual({
        user_id: 'anonymous',
        action: 'session.login',
        outcome: 'REFUSED',
        details: { method: 'oidc', reason },
      });
    }
    const { rows: sessions } = await database.query(`SELECT id_token FROM web_session`);
    for (const s of sessions) expect(s.id_token).toMatch(/^eyJ/);
  });
});
