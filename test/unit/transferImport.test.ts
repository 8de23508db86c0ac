import { defaultClientRuleSettings, importClient } from '../../domain/clientCase/clientCase';
import { checkTransferRecord, recordHash, transferredClientId } from '../../api/transfers/schemas';
import type { Actor } from '../../domain/organisations/kinds';

const actor: Actor = {
  userId: 'kunta-091.admin',
  orgId: 'kunta-091',
  orgKind: 'MUNICIPALITY',
  roles: ['ADMIN'],
};
const now = new Date('2026-11-23T10:00:00Z');
const client = { id: 'c1', municipalityId: 'kunta-091' };

describe('importClient', () => {
  it('an ACTIVE case keeps its plan, and § 22’s next review counts from the plan or its last review', () => {
    const { state, event } = importClient(
      client,
      {
        status: 'ACTIVE',
        responsibleExpertId: 'kunta-091.officer',
        assessments: 2,
        plan: { validFrom: '2026-09-01', validUntil: '2027-08-31', lastReviewedOn: '2026-10-15' },
      },
      actor,
      now,
      defaultClientRuleSettings,
    );
    expect(state).toMatchObject({
      status: 'ACTIVE',
      responsibleExpertId: 'kunta-091.officer',
      assessments: 2,
      plan: { validFrom: '2026-09-01', validUntil: '2027-08-31', expired: false },
      lastReviewedOn: '2026-10-15',
      endedAt: null,
      deletionDueAt: null,
    });
    expect(state.nextReviewDue!.slice(0, 10)).toBe('2027-04-15');
    expect(event).toMatchObject({ type: 'REGISTERED', details: { imported: true } });
  });

  it('an ENDED case is due for deletion four years after its end (§ 77), with no review running', () => {
    const { state } = importClient(
      client,
      { status: 'ENDED', endedOn: '2024-05-31', plan: { validFrom: '2023-01-01', validUntil: '2024-01-01' } },
      actor,
      now,
      defaultClientRuleSettings,
    );
    expect(state.status).toBe('ENDED');
    expect(state.nextReviewDue).toBeNull();
    expect(state.deletionDueAt!.slice(0, 10)).toBe('2028-05-31');
  });
});

describe('a transfer record', () => {
  it('is checked like a registration, naming the field', () => {
    const result = checkTransferRecord(
      {
        sourceId: 'x1',
        status: 'ENDED',
        person: {
          firstName: 'A',
          lastName: 'B',
          birthDate: '1990-01-01',
          nationality: 'SYR',
          serviceLanguage: 'fi',
        },
        residenceRight: { type: 'RESIDENCE_PERMIT', validUntil: '2030-01-01' },
      },
      '2026-11-23',
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map((p) => p.pointer)).toEqual(['/person/personalIdentityCode', '/endedOn']);
    const unknown = checkTransferRecord({ sourceId: 'x', status: 'ACTIVE', extra: 1 }, '2026-11-23');
    expect(unknown.ok).toBe(false);
  });

  it('reports every problem, each with its JSON pointer, not only the first', () => {
    const result = checkTransferRecord(
      {
        sourceId: 'x2',
        status: 'ACTIVE',
        endedOn: '2026-01-01',
        endReason: 'muutti',
        person: {
          firstName: 'A',
          lastName: 'B',
          birthDate: '1990-01-01',
          nationality: 'syria',
          serviceLanguage: 'fi',
          personalIdentityCode: '010190-123M',
        },
        plan: { validFrom: '2026-06-01', validUntil: '2026-01-01', goals: [{ text: 'suomen kieli' }] },
        contacts: [{ at: '2030-01-01T10:00:00Z', channel: 'PHONE', summary: 'x' }],
      },
      '2026-11-23',
      now,
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map((p) => p.pointer).sort()).toEqual(
        [
          '/contacts/0/at',
          '/endReason',
          '/endedOn',
          '/person/nationality',
          '/plan/goals/0',
          '/plan/goals/0/description',
          '/plan/validUntil',
          '/residenceRight',
        ].sort(),
      );
  });

  it('refuses an integration plan for a Finnish citizen registered under § 2', () => {
    const result = checkTransferRecord(
      {
        sourceId: 'x3',
        status: 'ACTIVE',
        person: {
          firstName: 'A',
          lastName: 'B',
          birthDate: '1990-01-01',
          nationality: 'FIN',
          serviceLanguage: 'fi',
          personalIdentityCode: '010190-123M',
        },
        finnishCitizen: true,
        finnishCitizenException: { basis: 'FORMER_INTERNATIONAL_PROTECTION' },
        plan: { validFrom: '2026-06-01', validUntil: '2026-12-01' },
      },
      '2026-11-23',
      now,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.pointer)).toContain('/plan');
  });

  it('has a stable fingerprint and client id', () => {
    expect(recordHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(recordHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(recordHash({ a: 1 })).not.toBe(recordHash({ a: 2 }));
    expect(transferredClientId('kunta-091', 'Effica', '1')).toBe(
      transferredClientId('kunta-091', 'Effica', '1'),
    );
    expect(transferredClientId('kunta-091', 'Effica', '1')).not.toBe(
      transferredClientId('kunta-837', 'Effica', '1'),
    );
  });
});
