import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createTokenVerifier } from '../../api/auth';
import { loadConfig } from '../../platform/config';
import { startStack, type Stack } from '../support/stack';
import { evk, household } from '../support/placement';
import { clientBody } from '../support/clients';

describe('hardening: headers, limits, request IDs, logs without personal data', () => {
  let stack: Stack;
  const lines: string[] = [];
  beforeAll(async () => {
    stack = await startStack({
      env: { RATE_LIMIT_PER_MINUTE: '1000000' },
      logSink: (line) => lines.push(line),
    });
  });
  afterAll(async () => stack?.stop());

  it('sends security headers and no CORS on the API', async () => {
    const reply = await stack.call('kunta-091.officer', 'GET', '/api/v1/organisations?kind=KEHA', undefined, {
      Origin: 'https://evil.example',
    });
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('content-security-policy')).toBeTruthy();
    expect(reply.headers.get('strict-transport-security')).toBeTruthy();
    expect(reply.headers.get('x-powered-by')).toBeNull();
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a too large body with 413 problem details', async () => {
    const reply = await stack.call(evk, 'POST', '/api/v1/placement-proposals', {
      kind: 'QUOTA_REFUGEE',
      household: household(),
      evidentServiceNeeds: false,
      notes: 'x'.repeat(300_000),
    });
    expect(reply.status).toBe(413);
    expect(reply.body).toMatchObject({ status: 413 });
  });

  it('puts the request ID in the response, the problem body and every log line', async () => {
    const reply = await stack.call(evk, 'GET', '/api/v1/placement-proposals/not-a-uuid', undefined, {
      'X-Request-Id': 'trace-abc-123',
    });
    expect(reply.headers.get('x-request-id')).toBe('trace-abc-123');
    expect(reply.body.requestId).toBe('trace-abc-123');
    const ours = lines.filter((l) => l.includes('trace-abc-123'));
    expect(ours.length).toBeGreaterThan(0);
    for (const line of ours) expect(JSON.parse(line)).toMatchObject({ requestId: 'trace-abc-123' });
  });

  it('logs no personal data', async () => {
    const body = clientBody(
      {},
      {
        firstName: 'Personalia',
        lastName: 'Salainen',
        email: 'salainen@example.fi',
        phone: '+358 50 999 8888',
      },
    );
    const created = await stack.call('kunta-091.officer', 'POST', '/api/v1/clients', body);
    expect(created.status).toBe(201);
    await stack.call('kunta-091.officer', 'GET', `/api/v1/clients/${created.body.id}`);
    await stack.call(
      'kunta-091.officer',
      'GET',
      `/api/v1/clients?identifier=${body.person.personalIdentityCode}`,
    );
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const secret of [
      'Personalia',
      'Salainen',
      'salainen@example.fi',
      '999 8888',
      body.person.personalIdentityCode,
    ]) {
      expect(all).not.toContain(secret);
    }
    for (const line of lines.filter((l) => l.includes('"msg":"request"'))) {
      expect(JSON.parse(line)).toEqual(
        expect.objectContaining({ requestId: expect.any(String), status: expect.any(Number) }),
      );
    }
  });
});

describe('hardening: rate limiting per user', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(async () => stack?.stop());

  it('answers 429 once a user exceeds the limit, without affecting other users', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await stack.call('kunta-091.officer', 'GET', '/api/v1/inbox')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await stack.call('kunta-091.officer', 'GET', '/api/v1/inbox');
    expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect((await stack.call('kunta-049.officer', 'GET', '/api/v1/inbox')).status).toBe(200);
  });
});

describe('production authentication: the identity provider’s JWKS, never the development key', () => {
  let jwks: http.Server;
  let url: string;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    jwks = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => jwks.close(resolve)));

  const production = () =>
    loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://x@localhost/x',
      TEMPORAL_ADDRESS: 'localhost:7233',
      AUTH_JWKS_URL: url,
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'koto-api',
    });
  const sign = (
    claims: Record<string, unknown>,
    opts: { issuer?: string; audience?: string; expires?: string } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
      .setSubject('kunta-091.officer')
      .setIssuer(opts.issuer ?? 'https://idp.example')
      .setAudience(opts.audience ?? 'koto-api')
      .setIssuedAt()
      .setExpirationTime(opts.expires ?? '5m')
      .sign(privateKey);

  it('accepts the identity provider’s tokens and refuses wrong audience, issuer, expiry and the development key', async () => {
    const verify = createTokenVerifier(production());
    await expect(verify(await sign({ org: 'kunta-091', roles: ['OFFICER'] }))).resolves.toMatchObject({
      sub: 'kunta-091.officer',
      org: 'kunta-091',
    });
    await expect(verify(await sign({ org: 'kunta-091' }, { audience: 'other' }))).rejects.toThrow();
    await expect(
      verify(await sign({ org: 'kunta-091' }, { issuer: 'https://evil.example' })),
    ).rejects.toThrow();
    await expect(verify(await sign({ org: 'kunta-091' }, { expires: '-1m' }))).rejects.toThrow();
    // A development-style token (HS256 with any key) is never accepted in production.
    const dev = await new SignJWT({ org: 'kunta-091', roles: ['OFFICER'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('kunta-091.officer')
      .setIssuer('https://idp.example')
      .setAudience('koto-api')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(64)));
    await expect(verify(dev)).rejects.toThrow();
  });

  it('will not start in production without its identity provider, database and Temporal', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWKS_URL/);
  });
});
