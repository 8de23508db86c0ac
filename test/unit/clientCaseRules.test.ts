import type { Actor } from '../../domain/organisations/kinds';
import {
  allowedClientCommands,
  clientSystemEvent,
  decideClient,
  registerClient,
  reviewDeadlineRunning,
  type ClientState,
} from '../../domain/clientCase/clientCase';
import { addInterval, nextReviewDue } from '../../domain/clientCase/deadlines';
import { checkPlan } from '../../domain/clientCase/planRules';
import { checkRegistration } from '../../domain/clientCase/registration';

const officer: Actor = {
  userId: 'kunta-091.officer',
  orgId: 'kunta-091',
  orgKind: 'MUNICIPALITY',
  roles: ['OFFICER'],
};
const now = new Date('2026-11-23T10:00:00Z');

describe('review deadlines (§ 22)', () => {
  it('falls due at the end of the day six calendar months on, in Helsinki', () => {
    expect(nextReviewDue('2026-11-23', now, '6 months').toISOString()).toBe('2027-05-23T20:59:59.999Z');
    // End of month: 31 August plus six months is the last day of February.
    expect(nextReviewDue('2026-08-31', now, '6 months').toISOString()).toBe('2027-02-28T21:59:59.999Z');
  });
  it('takes fixed durations from the moment of recording', () => {
    expect(nextReviewDue('2026-11-23', now, '5s').toISOString()).toBe('2026-11-23T10:00:05.000Z');
    expect(addInterval(now, '4y').getUTCFullYear()).toBe(2030);
  });
});

describe('plan durations (§ 23)', () => {
  const first = { firstPlanFrom: null };
  it('limits the first plan to one year', () => {
    expect(checkPlan({ validFrom: '2026-01-01', validUntil: '2027-01-01' }, first)).toEqual([]);
    expect(checkPlan({ validFrom: '2026-01-01', validUntil: '2027-01-02' }, first)[0].detail).toMatch(
      /one year/,
    );
  });
  it('limits all plans to two years from the first, plus extensions', () => {
    const later = { firstPlanFrom: '2026-01-01' };
    expect(checkPlan({ validFrom: '2027-01-01', validUntil: '2028-01-01' }, later)).toEqual([]);
    expect(checkPlan({ validFrom: '2027-01-01', validUntil: '2028-01-02' }, later)).toHaveLength(1);
    expect(
      checkPlan({ validFrom: '2027-01-01', validUntil: '2030-01-01', extensionMonths: 24 }, later),
    ).toEqual([]);
    expect(
      checkPlan({ validFrom: '2027-01-01', validUntil: '2030-01-02', extensionMonths: 24 }, later),
    ).toHaveLength(1);
    expect(
      checkPlan(
        { validFrom: '2027-01-01', validUntil: '2030-06-01', extensionMonths: 24, absenceMonths: 6 },
        later,
      ),
    ).toEqual([]);
    expect(
      checkPlan({ validFrom: '2027-01-01', validUntil: '2027-06-01', extensionMonths: 30 }, later)[0].pointer,
    ).toBe('/extension/months');
  });
  it('needs the first plan within three years of the first permit (§ 20)', () => {
    expect(
      checkPlan(
        { validFrom: '2026-01-01', validUntil: '2026-12-01' },
        { firstPlanFrom: null, firstPermitDate: '2022-12-31' },
      )[0].pointer,
    ).toBe('/validFrom');
    expect(
      checkPlan(
        { validFrom: '2026-01-01', validUntil: '2026-12-01' },
        { firstPlanFrom: null, firstPermitDate: '2023-01-01' },
      ),
    ).toEqual([]);
  });
  it('refuses a plan that ends before it starts', () => {
    expect(checkPlan({ validFrom: '2026-02-01', validUntil: '2026-01-01' }, first)[0].pointer).toBe(
      '/validUntil',
    );
  });
});

describe('who may be registered', () => {
  const today = '2026-11-23';
  it('needs an identifier and a valid right of residence', () => {
    expect(
      checkRegistration({ umaNumber: '12345678', residenceRight: { type: 'RESIDENCE_PERMIT' } }, today),
    ).toEqual([]);
    expect(checkRegistration({ residenceRight: { type: 'RESIDENCE_PERMIT' } }, today)[0].pointer).toBe(
      '/person/personalIdentityCode',
    );
    expect(checkRegistration({ umaNumber: '12345678' }, today)[0].pointer).toBe('/residenceRight');
    expect(
      checkRegistration(
        { umaNumber: '12345678', residenceRight: { type: 'RESIDENCE_PERMIT', validUntil: '2026-11-22' } },
        today,
      )[0].pointer,
    ).toBe('/residenceRight/validUntil');
    expect(
      checkRegistration({ umaNumber: '12345678', residenceRight: { type: 'PENDING_EXTENSION' } }, today)[0]
        .pointer,
    ).toBe('/residenceRight/certificateId');
    expect(
      checkRegistration(
        { umaNumber: '12345678', residenceRight: { type: 'PENDING_EXTENSION', certificateId: 'x' } },
        today,
      ),
    ).toEqual([]);
  });
  it('registers Finnish citizens only under a § 2 exception', () => {
    expect(checkRegistration({ umaNumber: '12345678', finnishCitizen: true }, today)[0].pointer).toBe(
      '/finnishCitizen',
    );
    expect(
      checkRegistration(
        {
          umaNumber: '12345678',
          finnishCitizen: true,
          finnishCitizenException: { basis: 'FORMER_INTERNATIONAL_PROTECTION' },
        },
        today,
      ),
    ).toEqual([]);
    // The basis is one of the act's listed cases, not free text (issue 9).
    expect(
      checkRegistration(
        { umaNumber: '12345678', finnishCitizen: true, finnishCitizenException: { basis: '§ 2' } },
        today,
      )[0].pointer,
    ).toBe('/finnishCitizenException/basis');
  });
});

describe('client case transitions', () => {
  const fresh = (): ClientState =>
    registerClient({ id: 'c1', municipalityId: 'kunta-091' }, officer, now).state;
  const apply = (state: ClientState, command: Parameters<typeof decideClient>[1], at = now) => {
    const d = decideClient(state, command, officer, at);
    if (!d.ok) throw new Error(d.refusal.message);
    return d.state;
  };
  const due = '2027-05-23T20:59:59.999Z';

  it('allowed commands follow the status, the plan and the actor', () => {
    const all = ['ASSIGN_EXPERT', 'RECORD_ASSESSMENT', 'SET_PLAN', 'END', 'MOVE'];
    expect(allowedClientCommands(fresh(), officer, now)).toEqual(all);
    const planned = apply(fresh(), {
      type: 'SET_PLAN',
      validFrom: '2026-11-23',
      validUntil: '2027-11-01',
      nextReviewDue: due,
    });
    expect(allowedClientCommands(planned, officer, now)).toContain('RECORD_REVIEW');
    const ended = apply(planned, { type: 'END', reason: 'x', deletionDueAt: '2030-11-23T10:00:00Z' });
    expect(allowedClientCommands(ended, officer, now)).toEqual(['RESUME']);
    expect(allowedClientCommands(planned, { ...officer, orgId: 'kunta-837' }, now)).toEqual([]);
  });

  it('only the municipality’s officers decide', () => {
    for (const actor of [
      { ...officer, orgId: 'kunta-837' },
      { ...officer, roles: ['ADMIN'] },
      { userId: 'keha.supervisor', orgId: 'keha', orgKind: 'KEHA', roles: ['SUPERVISOR'] },
    ] as Actor[]) {
      expect(
        decideClient(fresh(), { type: 'END', reason: 'x', deletionDueAt: due }, actor, now),
      ).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
    }
  });

  it('a review needs a plan; ending stops the deadline and keeps what was left; resuming restarts it', () => {
    expect(
      decideClient(
        fresh(),
        { type: 'RECORD_REVIEW', reviewedOn: '2026-11-23', nextReviewDue: due },
        officer,
        now,
      ),
    ).toMatchObject({ ok: false, refusal: { code: 'CONFLICT' } });
    const planned = apply(fresh(), {
      type: 'SET_PLAN',
      validFrom: '2026-11-23',
      validUntil: '2027-11-01',
      nextReviewDue: due,
    });
    expect(reviewDeadlineRunning(planned)).toBe(true);
    const ended = apply(planned, { type: 'END', reason: 'x', deletionDueAt: '2030-11-23T10:00:00Z' });
    expect(reviewDeadlineRunning(ended)).toBe(false);
    expect(ended.reviewRemainingMs).toBe(Date.parse(due) - now.getTime());
    expect(
      decideClient(
        ended,
        { type: 'RECORD_ASSESSMENT', assessmentType: 'REASSESSMENT', completedOn: '2026-11-23' },
        officer,
        now,
      ),
    ).toMatchObject({ ok: false, refusal: { code: 'CONFLICT' } });
    const later = new Date(now.getTime() + 30 * 86400_000);
    const resumed = apply(ended, { type: 'RESUME', nextReviewDue: null }, later);
    expect(resumed).toMatchObject({ status: 'ACTIVE', deletionDueAt: null, reviewRemainingMs: null });
    expect(Date.parse(resumed.nextReviewDue!)).toBe(later.getTime() + ended.reviewRemainingMs!);
  });

  it('overdue and reminders come from the timers; erasure ends it', () => {
    const planned = apply(fresh(), {
      type: 'SET_PLAN',
      validFrom: '2026-11-23',
      validUntil: '2027-11-01',
      nextReviewDue: due,
    });
    const reminded = clientSystemEvent(planned, 'REVIEW_REMINDER', now);
    expect(reminded.state.reviewReminded).toBe(true);
    const overdue = clientSystemEvent(reminded.state, 'REVIEW_OVERDUE', now);
    expect(overdue.state.reviewOverdue).toBe(true);
    expect(reviewDeadlineRunning(overdue.state)).toBe(false);
    const reviewed = apply(overdue.state, {
      type: 'RECORD_REVIEW',
      reviewedOn: '2026-11-23',
      nextReviewDue: due,
    });
    expect(reviewed).toMatchObject({ reviewOverdue: false, reviewReminded: false, reviews: 1 });
    const deleted = clientSystemEvent(
      apply(reviewed, { type: 'END', reason: 'x', deletionDueAt: due }),
      'DELETED',
      now,
    );
    expect(deleted.state).toMatchObject({ status: 'DELETED', nextReviewDue: null });
    expect(deleted.event).toMatchObject({ type: 'DELETED', actor: null });
  });

  it('moving needs another municipality and clears the responsible expert', () => {
    const assigned = apply(fresh(), { type: 'ASSIGN_EXPERT', userId: 'kunta-091.officer' });
    expect(
      decideClient(
        assigned,
        { type: 'MOVE', municipalityId: 'kunta-091', consentRecordedOn: '2026-11-23' },
        officer,
        now,
      ),
    ).toMatchObject({ ok: false, refusal: { code: 'INVALID' } });
    const moved = apply(assigned, {
      type: 'MOVE',
      municipalityId: 'kunta-837',
      consentRecordedOn: '2026-11-23',
    });
    expect(moved).toMatchObject({ municipalityId: 'kunta-837', responsibleExpertId: null });
  });
});

describe('rules the workflow checks itself (the API reads nothing before a decision)', () => {
  const fresh = (): ClientState =>
    registerClient({ id: 'c1', municipalityId: 'kunta-091' }, officer, now).state;
  const due = '2027-05-23T20:59:59.999Z';

  it('the responsible expert must be an officer of the case’s municipality now', () => {
    const assign = (officerOf?: string | null) =>
      decideClient(fresh(), { type: 'ASSIGN_EXPERT', userId: 'x.officer', officerOf }, officer, now);
    expect(assign('kunta-091')).toMatchObject({ ok: true });
    for (const other of ['kunta-837', null]) {
      expect(assign(other)).toMatchObject({
        ok: false,
        refusal: { code: 'INVALID', errors: [{ pointer: '/userId' }] },
      });
    }
    // Commands recorded before the check moved into the workflow carry no officerOf: as then.
    expect(assign(undefined)).toMatchObject({ ok: true });
  });

  it('a plan is checked against the case’s earlier plans (§ 23) when the command names its limits (edition 1)', () => {
    const plan = (validUntil: string, limits?: { extensionMonths: number; absenceMonths: number }) =>
      decideClient(
        fresh(),
        { type: 'SET_PLAN', validFrom: '2026-11-23', validUntil, nextReviewDue: due, limits },
        officer,
        now,
        1,
      );
    const none = { extensionMonths: 0, absenceMonths: 0 };
    expect(plan('2027-11-01', none)).toMatchObject({ ok: true });
    expect(plan('2028-01-01', none)).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID', errors: [{ pointer: '/validUntil' }] },
    });
    // Recorded before: the API had checked it.
    expect(plan('2028-01-01')).toMatchObject({ ok: true });
  });

  it('resuming restarts the review period only for a case with a plan', () => {
    const ended = (state: ClientState) => {
      const d = decideClient(state, { type: 'END', reason: 'x', deletionDueAt: due }, officer, now);
      if (!d.ok) throw new Error(d.refusal.message);
      return d.state;
    };
    const resumed = decideClient(ended(fresh()), { type: 'RESUME', nextReviewDue: due }, officer, now);
    expect(resumed).toMatchObject({ ok: true, state: { status: 'ACTIVE', nextReviewDue: null } });
  });
});
