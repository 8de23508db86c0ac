import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, RegisterRefusal, RegisterUnavailable } from '../../domain/registers/ports';
import { validatePersonalIdentityCode } from '../../domain/identity/personIdentifiers';
import { immigrationRegister, populationRegister } from '../../platform/registers/adapters';
import { clientRegisters, refreshAccepted } from '../../api/registers';
import { registerRetry } from '../../platform/registers/config';
import { ensureRegisterSchedules } from '../../platform/registers/schedules';
import {
  startRegisterSimulator,
  startRegisterSimulators,
  type RegisterSimulators,
} from '../../platform/registers/simulators';
import { simulatedData, testCode } from '../../platform/registers/testData';
import { findSeededUser } from '../../prisma/seed/users';
import { outreachScheduleId, permitScheduleId } from '../../workflows/registers/messages';
import { clientBody, helsinki, tampere, today } from '../support/clients';
import { expectStatus, keha } from '../support/placement';
import { eventually, startStack, type Stack } from '../support/stack';

/**
 * VTJ, UMA and Kelmu behind their ports, over HTTP against the project's simulators: the data
 * arrives in the case with its provenance, a register that is down delays and never loses it, and
 * the registration never waits for a register.
 */
describe('registers', () => {
  let sims: RegisterSimulators;
  let stack: Stack;
  const credentials = { username: 'koto', password: 'simulator-secret' };
  const data = simulatedData(today());
  const person = (first: string) => data.population.find((p) => p.firstName === first)!;
  const permitOf = (code: string) => data.permits.find((p) => p.personalIdentityCode === code)!;
  const officerId = findSeededUser(helsinki)!.id;

  beforeAll(async () => {
    sims = await startRegisterSimulators({ credentials, hangMs: 3_000, data });
    stack = await startStack({
      env: {
        ...sims.env,
        REGISTER_CALL_TIMEOUT: '1s',
        REGISTER_FIRST_RETRY_INTERVAL: '200ms',
        REGISTER_MAX_RETRY_INTERVAL: '1s',
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await sims?.close();
  });

  const register = async (first: string, overrides: Record<string, unknown> = {}) => {
    const p = person(first);
    const reply = await stack.call(
      helsinki,
      'POST',
      '/api/v1/clients',
      clientBody(
        { residenceRight: { type: 'RESIDENCE_PERMIT', validUntil: '2031-01-31' } },
        {
          firstName: p.firstName,
          lastName: 'Typed-By-Hand',
          birthDate: p.birthDate,
          personalIdentityCode: p.personalIdentityCode,
          phone: undefined,
          ...overrides,
        },
      ),
    );
    expectStatus(reply, 201);
    return reply.body.id as string;
  };
  const registersOf = (id: string, user = helsinki) =>
    stack.call(user, 'GET', `/api/v1/clients/${id}/registers`);
  const found = (id: string, timeoutMs = 30_000) =>
    eventually(
      async () => {
        const reply = await registersOf(id);
        return reply.body.vtj.status !== 'PENDING' && reply.body.uma.status !== 'PENDING'
          ? reply.body
          : undefined;
      },
      timeoutMs,
      'the register data',
    );

  it('the adapters speak to the simulators: credentials, unknown people, 5xx and timeouts', async () => {
    const vtj = populationRegister({ url: sims.vtj.url, ...credentials }, 500);
    const amina = person('Amina');
    expect(await vtj.person(amina.personalIdentityCode)).toMatchObject({
      firstName: 'Amina',
      lastName: 'Hassan',
    });
    const unknown = testCode('010180', '-', 995);
    expect(validatePersonalIdentityCode(unknown).valid).toBe(true);
    expect(await vtj.person(unknown)).toBeNull();
    await expect(vtj.person(testCode('010180', '-', 985))).rejects.toBeInstanceOf(RegisterUnavailable);
    const started = Date.now();
    await expect(vtj.person(testCode('010180', '-', 975))).rejects.toBeInstanceOf(RegisterUnavailable);
    expect(Date.now() - started).toBeLessThan(2_500);
    await expect(
      populationRegister({ url: sims.vtj.url, username: 'koto', password: 'wrong' }, 500).person(
        amina.personalIdentityCode,
      ),
    ).rejects.toBeInstanceOf(RegisterRefusal);
    sims.vtj.fail('ERROR', 1);
    await expect(vtj.person(amina.personalIdentityCode)).rejects.toBeInstanceOf(RegisterUnavailable);
    expect(await vtj.person(amina.personalIdentityCode)).not.toBeNull();

    const uma = immigrationRegister({ url: sims.uma.url, ...credentials }, 500);
    expect(await uma.permits({ umaNumber: permitOf(amina.personalIdentityCode).umaNumber })).toEqual([
      permitOf(amina.personalIdentityCode),
    ]);
    const expiring = await uma.expiringPermits(today(), addDays(today(), 60));
    expect(expiring.map((p) => p.personalIdentityCode)).toContain(amina.personalIdentityCode);
    expect(expiring.every((p) => p.validUntil! <= addDays(today(), 60))).toBe(true);
  });

  it('speaks mutual TLS: the configured client certificate and CA get in, nothing else does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'koto-mtls-'));
    const file = (name: string) => path.join(dir, name);
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '1',
      '-subj',
      '/CN=Koto test CA',
    );
    fs.writeFileSync(file('server.ext'), 'subjectAltName=DNS:localhost\n');
    for (const [name, cn] of [
      ['server', 'localhost'],
      ['client', 'koto'],
    ]) {
      openssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        `/CN=${cn}`,
      );
      openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.crt`,
        '-days',
        '1',
        ...(name === 'server' ? ['-extfile', 'server.ext'] : []),
      );
    }
    const sim = await startRegisterSimulator('VTJ', {
      data,
      tls: {
        cert: fs.readFileSync(file('server.crt')),
        key: fs.readFileSync(file('server.key')),
        clientCa: fs.readFileSync(file('ca.crt')),
      },
    });
    try {
      const code = person('Amina').personalIdentityCode;
      const withCertificate = populationRegister(
        {
          url: sim.url,
          clientCertPath: file('client.crt'),
          clientKeyPath: file('client.key'),
          caPath: file('ca.crt'),
        },
        2_000,
      );
      expect(await withCertificate.person(code)).toMatchObject({ lastName: 'Hassan' });
      await expect(
        populationRegister({ url: sim.url, caPath: file('ca.crt') }, 2_000).person(code),
      ).rejects.toThrow();
      await expect(
        populationRegister(
          { url: sim.url, clientCertPath: file('client.crt'), clientKeyPath: file('client.key') },
          2_000,
        ).person(code),
      ).rejects.toThrow();
    } finally {
      await sim.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a registration brings VTJ’s name and contact details and UMA’s permit into the case, with provenance', async () => {
    const amina = person('Amina');
    const id = await register('Amina');
    const registers = await found(id);
    expect(registers).toMatchObject({
      clientId: id,
      vtj: {
        status: 'FOUND',
        person: {
          firstName: 'Amina',
          lastName: 'Hassan',
          address: { postOffice: 'HELSINKI', postalCode: '00270' },
        },
      },
      uma: { status: 'FOUND', current: { type: 'RESIDENCE_PERMIT', validUntil: addDays(today(), 30) } },
      permitExpiring: { validUntil: addDays(today(), 30) },
    });
    expect(JSON.stringify(registers.uma)).not.toContain(amina.personalIdentityCode);
    // As the OpenAPI document describes it, no field more.
    expect(clientRegisters.parse(registers)).toEqual(registers);
    const detail = await stack.call(helsinki, 'GET', `/api/v1/clients/${id}`);
    expectStatus(detail, 200);
    expect(detail.body.person).toMatchObject({ firstName: 'Amina', lastName: 'Hassan', phone: amina.phone });
    expect(detail.body.residenceRight).toEqual({
      type: 'RESIDENCE_PERMIT',
      validUntil: addDays(today(), 30),
    });
    expect(detail.body.provenance.person.lastName).toMatchObject({ source: 'VTJ' });
    expect(detail.body.provenance.person.phone).toMatchObject({ source: 'VTJ' });
    expect(detail.body.provenance.person.firstName.source).not.toBe('VTJ'); // same as typed: unchanged
    expect(detail.body.provenance.residenceRight).toMatchObject({ source: 'UMA' });
    const corrections = await stack.db.clientCorrection.findMany({ where: { clientId: id } });
    expect(corrections.map((c) => [c.item, c.source]).sort()).toEqual([
      ['/person/phone', 'VTJ'],
      ['/residenceRight', 'UMA'],
    ]);
  });

  it('a register that is down delays the data and never loses it, and the registration does not wait', async () => {
    sims.vtj.fail('ERROR', -1);
    sims.uma.fail('TIMEOUT', -1);
    const before = { vtj: sims.vtj.calls().total, uma: sims.uma.calls().total };
    const started = Date.now();
    const id = await register('Ahmad');
    expect(Date.now() - started).toBeLessThan(5_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const waiting = await registersOf(id);
    expectStatus(waiting, 200);
    expect(waiting.body).toMatchObject({ vtj: { status: 'PENDING' }, uma: { status: 'PENDING' } });
    expect(sims.vtj.calls().total - before.vtj).toBeGreaterThan(1); // retried
    expect(sims.uma.calls().total - before.uma).toBeGreaterThan(0);
    // The worker restarts while the registers are still down: the checks are durable.
    await stack.stopWorker();
    await stack.startWorker();
    sims.vtj.reset();
    sims.uma.reset();
    const registers = await found(id, 60_000);
    expect(registers).toMatchObject({
      vtj: { status: 'FOUND', person: { lastName: 'Rahimi' } },
      uma: { status: 'FOUND', current: { validUntil: addDays(today(), 20) } },
    });
    const detail = await stack.call(helsinki, 'GET', `/api/v1/clients/${id}`);
    expect(detail.body.person.lastName).toBe('Rahimi');
  });

  it('an unknown person is recorded as not found, and the typed data stays', async () => {
    const code = testCode('120388', '-', 993);
    const reply = await stack.call(
      helsinki,
      'POST',
      '/api/v1/clients',
      clientBody({}, { personalIdentityCode: code, birthDate: '1988-03-12' }),
    );
    expectStatus(reply, 201);
    const registers = await found(reply.body.id);
    expect(registers).toMatchObject({
      vtj: { status: 'NOT_FOUND' },
      uma: { status: 'NOT_FOUND', permits: [] },
    });
    const detail = await stack.call(helsinki, 'GET', `/api/v1/clients/${reply.body.id}`);
    expect(detail.body.person.lastName).toBe('Testinen');
    expect(detail.body.provenance.residenceRight.source).toBe('MANUAL');
  });

  it('refresh from VTJ: 202, read again by the officer; only the client’s municipality, audit-logged', async () => {
    const id = await register('Dawit');
    const first = await found(id);
    const refreshed = await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/refresh-from-vtj`);
    expectStatus(refreshed, 202);
    expect(refreshed.body).toEqual({ clientId: id, status: 'ACCEPTED' });
    expect(refreshAccepted.parse(refreshed.body)).toEqual(refreshed.body);
    const again = await eventually(async () => {
      const reply = await registersOf(id);
      return reply.body.vtj.checkedAt > first.vtj.checkedAt ? reply.body : undefined;
    });
    expect(again.vtj).toMatchObject({
      status: 'FOUND',
      requestedBy: officerId,
      person: { lastName: 'Tesfaye' },
    });

    expectStatus(await stack.call(tampere, 'POST', `/api/v1/clients/${id}/refresh-from-vtj`), 404);
    expectStatus(await registersOf(id, tampere), 404);
    expectStatus(await stack.call(keha, 'POST', `/api/v1/clients/${id}/refresh-from-vtj`), 403);
    expectStatus(await registersOf(id, keha), 200);
    expectStatus(await stack.call('tem.analyst', 'GET', `/api/v1/clients/${id}/registers`), 403);
    expectStatus(await stack.call(helsinki, 'POST', `/api/v1/clients/not-a-uuid/refresh-from-vtj`), 400);
    expectStatus(await registersOf('00000000-0000-4000-8000-000000000000'), 404);

    const audit = await stack.db.auditEvent.findMany({ where: { subjectId: id }, orderBy: { id: 'asc' } });
    const entries = audit.map((a) => [a.userId, a.action, a.outcome]);
    expect(entries).toEqual(
      expect.arrayContaining([
        [officerId, 'client.refreshFromRegisters', 'ALLOWED'],
        [officerId, 'client.readRegisters', 'ALLOWED'],
        [findSeededUser(tampere)!.id, 'client.refreshFromRegisters', 'REFUSED'],
        [findSeededUser(keha)!.id, 'client.refreshFromRegisters', 'REFUSED'],
      ]),
    );
  });

  it('the scheduled permit check flags the clients whose permit UMA shows ending soon', async () => {
    const id = await register('Nour', {
      personalIdentityCode: undefined,
      umaNumber: permitOf(person('Nour').personalIdentityCode).umaNumber,
    });
    await found(id);
    const sahra = await register('Sahra');
    await found(sahra);
    await stack.db.permitExpiryFlag.deleteMany({});
    // A registration whose check never started (Temporal was down then): the scheduled run starts it.
    await stack.db.clientRegisterRecord.deleteMany({ where: { clientId: sahra } });
    await stack.db.client.update({
      where: { id: sahra },
      data: { createdAt: new Date(Date.now() - 3_600_000) },
    });
    const retry = registerRetry(stack.config.registers);
    sims.uma.fail('ERROR', 2);
    const result = await stack.client.workflow.execute('permitExpiryCheck', {
      taskQueue: stack.taskQueue,
      workflowId: `permit-check-test-${id}`,
      args: [{ warningDays: 60, retry }],
    });
    expect(result.flagged).toBeGreaterThanOrEqual(1);
    expect(result.checksStarted).toBe(1);
    expect(await found(sahra)).toMatchObject({ vtj: { status: 'FOUND' }, uma: { status: 'FOUND' } });
    const flags = await stack.db.permitExpiryFlag.findMany();
    expect(flags.map((f) => f.clientId)).toContain(id);
    expect(flags.map((f) => f.clientId)).not.toContain(sahra);
    const inbox = await stack.call(helsinki, 'GET', '/api/v1/inbox');
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({
        type: 'PERMIT_EXPIRING',
        clientId: id,
        dueDate: addDays(today(), 45),
        overdue: false,
      }),
    );
    expect(inbox.body.items.filter((i: { clientId?: string }) => i.clientId === sahra)).not.toContainEqual(
      expect.objectContaining({ type: 'PERMIT_EXPIRING' }),
    );
    expect((await registersOf(id)).body.permitExpiring).toEqual({
      validUntil: addDays(today(), 45),
      flaggedAt: expect.any(String),
    });

    const ids = await ensureRegisterSchedules(stack.client, stack.taskQueue, stack.config.registers);
    expect(ids.sort()).toEqual(
      [outreachScheduleId(stack.taskQueue), permitScheduleId(stack.taskQueue)].sort(),
    );
    // Created once, updated on the next start.
    await ensureRegisterSchedules(stack.client, stack.taskQueue, stack.config.registers);
    const description = await stack.client.schedule.getHandle(permitScheduleId(stack.taskQueue)).describe();
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'permitExpiryCheck' });
    for (const scheduleId of ids) await stack.client.schedule.getHandle(scheduleId).delete();
  });
});
