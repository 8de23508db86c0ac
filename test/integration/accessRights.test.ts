import { startStack, type Stack } from '../support/stack';
import { expectStatus } from '../support/placement';

/** Personal, time-limited rights granted by the organisations' main users (§§ 79–80). */
describe('user rights', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  const as = (token: string, method: string, path: string, body?: unknown) =>
    stack.call(null, method, path, body, { authorization: `Bearer ${token}` });

  it('a municipality admin creates an officer, grants a time-limited right, and removes it', async () => {
    const created = await stack.call('kunta-091.admin', 'POST', '/api/v1/users', {
      id: 'kunta-091.mvirtanen',
      organisationId: 'kunta-091',
      displayName: 'Maija Virtanen',
    });
    expect(created.status).toBe(201);
    const token = await stack.signToken({ sub: 'kunta-091.mvirtanen', org: 'kunta-091', roles: ['OFFICER'] });
    // No right yet: authenticated, but allowed nothing.
    expect((await as(token, 'GET', '/api/v1/placement-proposals')).status).toBe(403);

    const granted = await stack.call('kunta-091.admin', 'POST', '/api/v1/users/kunta-091.mvirtanen/rights', {
      role: 'OFFICER',
      validUntil: new Date(Date.now() + 3000).toISOString(),
    });
    expect(granted.status).toBe(201);
    expect((await as(token, 'GET', '/api/v1/placement-proposals')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect((await as(token, 'GET', '/api/v1/placement-proposals')).status).toBe(403); // expired

    const again = await stack.call('kunta-091.admin', 'POST', '/api/v1/users/kunta-091.mvirtanen/rights', {
      role: 'OFFICER',
    });
    expect((await as(token, 'GET', '/api/v1/placement-proposals')).status).toBe(200);
    const revoked = await stack.call(
      'kunta-091.admin',
      'DELETE',
      `/api/v1/users/kunta-091.mvirtanen/rights/${again.body.id}`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBeDefined();
    expect((await as(token, 'GET', '/api/v1/placement-proposals')).status).toBe(403); // at once

    const user = await stack.call('kunta-091.admin', 'GET', '/api/v1/users/kunta-091.mvirtanen');
    expect(user.body.rights.map((r: { inForce: boolean }) => r.inForce)).toEqual([false, false]);
    const audit = await stack.call(
      'kunta-091.admin',
      'GET',
      '/api/v1/audit-events?userId=kunta-091.admin&limit=200',
    );
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['user.create', 'rights.grant', 'rights.revoke']),
    );
  });

  it('a token claiming a role its user does not hold acts without it', async () => {
    const forged = await stack.signToken({
      sub: 'kunta-091.officer',
      org: 'kunta-091',
      roles: ['OFFICER', 'ADMIN'],
    });
    expect((await as(forged, 'GET', '/api/v1/audit-events')).status).toBe(403);
    const wrongOrg = await stack.signToken({
      sub: 'kunta-091.officer',
      org: 'kunta-837',
      roles: ['OFFICER'],
    });
    expect((await as(wrongOrg, 'GET', '/api/v1/placement-proposals')).status).toBe(401);
    const nobody = await stack.signToken({ sub: 'nobody', org: 'kunta-091', roles: ['OFFICER'] });
    expect((await as(nobody, 'GET', '/api/v1/placement-proposals')).status).toBe(401);
    const expired = await stack.signToken(
      { sub: 'kunta-091.officer', org: 'kunta-091', roles: ['OFFICER'] },
      '-1m',
    );
    expect((await as(expired, 'GET', '/api/v1/placement-proposals')).status).toBe(401);
  });

  it('grants only within the granter’s competence', async () => {
    // The municipality admin: own staff, and its welfare area's staff (officers only).
    expectStatus(
      await stack.call('kunta-091.admin', 'POST', '/api/v1/users/hva-helsinki.admin/rights', {
        role: 'OFFICER',
      }),
      201,
    );
    expect(
      (
        await stack.call('kunta-091.admin', 'POST', '/api/v1/users/hva-helsinki.admin/rights', {
          role: 'ADMIN',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await stack.call('kunta-091.admin', 'POST', '/api/v1/users/kunta-837.officer/rights', {
          role: 'OFFICER',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await stack.call('kunta-091.admin', 'POST', '/api/v1/users/kunta-091.officer/rights', {
          role: 'SUPERVISOR',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await stack.call('kunta-091.admin', 'POST', '/api/v1/users', {
          id: 'kunta-837.x',
          organisationId: 'kunta-837',
          displayName: 'X',
        })
      ).status,
    ).toBe(403);
    // KEHA: its own, TEM's and the elinvoimakeskus centres' staff; never municipalities'.
    expectStatus(
      await stack.call('keha.admin', 'POST', '/api/v1/users/evk-lappi.admin/rights', {
        role: 'OFFICER',
        validUntil: '2030-12-31',
      }),
      201,
    );
    expectStatus(
      await stack.call('keha.admin', 'POST', '/api/v1/users/tem.officer/rights', { role: 'ANALYST' }),
      201,
    );
    expect(
      (await stack.call('keha.admin', 'POST', '/api/v1/users/kunta-091.officer/rights', { role: 'OFFICER' }))
        .status,
    ).toBe(404);
    // Officers, supervisors and elinvoimakeskus admins grant nothing.
    expect((await stack.call('kunta-091.officer', 'GET', '/api/v1/users')).status).toBe(403);
    expect(
      (
        await stack.call('keha.supervisor', 'POST', '/api/v1/users/evk-lappi.officer/rights', {
          role: 'OFFICER',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await stack.call('evk-lappi.admin', 'POST', '/api/v1/users/evk-lappi.officer/rights', {
          role: 'ADMIN',
        })
      ).status,
    ).toBe(404);
    const bad = await stack.call('kunta-091.admin', 'POST', '/api/v1/users/kunta-091.officer/rights', {
      role: 'OFFICER',
      validUntil: '2020-01-01',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].pointer).toBe('/validUntil');
    const list = await stack.call('kunta-091.admin', 'GET', '/api/v1/users');
    expect(list.body.items.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining(['kunta-091.officer', 'kunta-091.admin']),
    );
  });
});
