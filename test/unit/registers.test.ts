import { validatePersonalIdentityCode } from '../../domain/identity/personIdentifiers';
import {
  addDays,
  currentPermit,
  permitExpiresWithin,
  type ResidencePermit,
} from '../../domain/registers/ports';
import { loadRegistersConfig, registerRetry } from '../../platform/registers/config';
import { magicBehaviour, simulatedData, testCode } from '../../platform/registers/testData';

/** The registers' pure rules: which permit is in force, which ends soon, the configuration, the test data. */
describe('registers', () => {
  const permit = (over: Partial<ResidencePermit>): ResidencePermit => ({
    umaNumber: '100200300',
    type: 'RESIDENCE_PERMIT',
    validFrom: '2024-01-01',
    ...over,
  });

  it('counts calendar days across months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('flags a permit ending within the warning period, never one ended, permanent or pending', () => {
    const today = '2026-11-23';
    expect(permitExpiresWithin(permit({ validUntil: '2026-12-23' }), today, 30)).toBe(true);
    expect(permitExpiresWithin(permit({ validUntil: '2026-12-24' }), today, 30)).toBe(false);
    expect(permitExpiresWithin(permit({ validUntil: today }), today, 30)).toBe(true);
    expect(permitExpiresWithin(permit({ validUntil: '2026-11-22' }), today, 30)).toBe(false);
    expect(permitExpiresWithin(permit({}), today, 30)).toBe(false);
    expect(
      permitExpiresWithin(permit({ type: 'PENDING_EXTENSION', validUntil: '2026-12-01' }), today, 30),
    ).toBe(false);
    expect(permitExpiresWithin(undefined, today, 30)).toBe(false);
  });

  it('takes the pending extension, else the permit in force, else the newest', () => {
    const old = permit({ validFrom: '2020-01-01', validUntil: '2021-01-01' });
    const inForce = permit({ validFrom: '2025-01-01', validUntil: '2027-01-01' });
    const future = permit({ validFrom: '2027-01-02', validUntil: '2029-01-01' });
    expect(currentPermit([old, future, inForce], '2026-11-23')).toBe(inForce);
    expect(currentPermit([old], '2026-11-23')).toBe(old);
    const pending = permit({ type: 'PENDING_EXTENSION', validFrom: '2026-11-01' });
    expect(currentPermit([inForce, pending], '2026-11-23')).toBe(pending);
    expect(currentPermit([], '2026-11-23')).toBeUndefined();
  });

  it('reads each register’s URL, mutual TLS files and credentials, refusing half a client certificate', () => {
    const config = loadRegistersConfig({
      VTJ_URL: 'https://vtj.example.fi/api/',
      VTJ_CLIENT_CERT: '/etc/koto/vtj.crt',
      VTJ_CLIENT_KEY: '/etc/koto/vtj.key',
      VTJ_CA: '/etc/koto/dvv-ca.pem',
      VTJ_USERNAME: 'koto',
      VTJ_PASSWORD: 'secret',
      REGISTER_CALL_TIMEOUT: '3s',
    });
    expect(config.vtj).toEqual({
      url: 'https://vtj.example.fi/api',
      clientCertPath: '/etc/koto/vtj.crt',
      clientKeyPath: '/etc/koto/vtj.key',
      caPath: '/etc/koto/dvv-ca.pem',
      username: 'koto',
      password: 'secret',
    });
    expect(config.uma).toBeUndefined();
    expect(config.permitWarningDays).toBe(60);
    expect(registerRetry(config)).toEqual({
      firstInterval: '2s',
      maxInterval: '10m',
      attemptTimeout: '11000ms',
    });
    expect(() => loadRegistersConfig({ UMA_URL: 'ftp://x' })).toThrow(/UMA_URL/);
    expect(() => loadRegistersConfig({ KELMU_URL: 'https://k', KELMU_CLIENT_CERT: '/c' })).toThrow(
      /go together/,
    );
    expect(() => loadRegistersConfig({ REGISTER_CALL_TIMEOUT: 'soon' })).toThrow(/REGISTER_CALL_TIMEOUT/);
  });

  it('simulates with valid test codes only, and magic codes that fail', () => {
    const data = simulatedData('2026-11-23');
    for (const p of data.population) {
      const result = validatePersonalIdentityCode(p.personalIdentityCode, new Date('2026-11-23T12:00:00Z'));
      expect(result).toMatchObject({ valid: true, temporary: true, birthDate: p.birthDate });
      expect(magicBehaviour(p.personalIdentityCode)).toBeUndefined();
    }
    expect(magicBehaviour(testCode('010180', '-', 975))).toBe('TIMEOUT');
    expect(magicBehaviour(testCode('010180', '-', 985))).toBe('ERROR');
    expect(magicBehaviour(testCode('010180', '-', 995))).toBe('NOT_FOUND');
    expect(data.permits.some((p) => permitExpiresWithin(p, '2026-11-23', 60))).toBe(true);
    expect(new Set(data.recipients.map((r) => r.benefit))).toEqual(
      new Set(['SOCIAL_ASSISTANCE', 'CHILD_HOME_CARE_ALLOWANCE']),
    );
  });
});
