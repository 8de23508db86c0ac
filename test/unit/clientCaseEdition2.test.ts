import type { Actor } from '../../domain/organisations/kinds';
import { endOfHelsinkiDay } from '../../domain/time';
import {
  CLIENT_CASE_RULES_EDITION,
  clientRuleSettings,
  clientSystemEvent,
  decideClient,
  defaultClientRuleSettings,
  registerClient,
  type ClientCommand,
  type ClientState,
} from '../../domain/clientCase/clientCase';
import { assessmentDue, firstPlanDue, nextReviewDue } from '../../domain/clientCase/deadlines';
import {
  checkPlanLimits,
  groundMonths,
  planGrounds,
  type PlanGround,
} from '../../domain/clientCase/planRules';

/** The client case's rules of edition 2 (issue 9), and that edition 1 still decides as it did. */

const officer: Actor = {
  userId: 'kunta-091.officer',
  orgId: 'kunta-091',
  orgKind: 'MUNICIPALITY',
  roles: ['OFFICER'],
};
const tampere: Actor = { ...officer, userId: 'kunta-837.officer', orgId: 'kunta-837' };
const now = new Date('2026-11-23T10:00:00Z');
const day = 86400_000;

const fresh = (extra: Partial<Parameters<typeof registerClient>[0]> = {}): ClientState =>
  registerClient({ id: 'c1', municipalityId: 'kunta-091', ...extra }, officer, now).state;

function apply(
  state: ClientState,
  command: ClientCommand,
  at = now,
  actor = officer,
  edition = CLIENT_CASE_RULES_EDITION,
  settings = defaultClientRuleSettings,
): ClientState {
  const d = decideClient(state, command, actor, at, edition, settings);
  if (!d.ok) throw new Error(`${command.type}: ${d.refusal.message}`);
  return d.state;
}
const refusalOf = (state: ClientState, command: ClientCommand, at = now, actor = officer) => {
  const d = decideClient(state, command, actor, at);
  return d.ok ? undefined : d.refusal;
};
const planned = (validFrom = '2026-11-01', validUntil = '2027-10-31') =>
  apply(fresh(), { type: 'SET_PLAN', validFrom, validUntil });

describe('edition 2: the workflow computes the deadlines from its settings', () => {
  it('is the newest edition', () => expect(CLIENT_CASE_RULES_EDITION).toBe(2));

  it('defaults every setting a case started without (old inputs)', () => {
    expect(clientRuleSettings(undefined)).toEqual(defaultClientRuleSettings);
    expect(clientRuleSettings({ reviewInterval: '4s' })).toEqual({
      ...defaultClientRuleSettings,
      reviewInterval: '4s',
    });
  });

  it('the plan’s review (§ 22) and the deletion (§ 77) come from the settings, not the command', () => {
    const settings = clientRuleSettings({ reviewInterval: '4s', retentionAfterEnd: '12s' });
    const plan = apply(
      fresh(),
      {
        type: 'SET_PLAN',
        validFrom: '2026-11-23',
        validUntil: '2027-11-01',
        nextReviewDue: '2099-01-01T00:00:00Z',
      },
      now,
      officer,
      2,
      settings,
    );
    expect(plan.nextReviewDue).toBe(new Date(now.getTime() + 4000).toISOString());
    const ended = apply(
      plan,
      { type: 'END', reason: 'muutti', deletionDueAt: '2099-01-01T00:00:00Z' },
      now,
      officer,
      2,
      settings,
    );
    expect(ended.deletionDueAt).toBe(new Date(now.getTime() + 12_000).toISOString());
    const sixMonths = apply(fresh(), { type: 'SET_PLAN', validFrom: '2026-11-23', validUntil: '2027-11-01' });
    expect(sixMonths.nextReviewDue).toBe(nextReviewDue('2026-11-23', now, '6 months').toISOString());
  });

  it('edition 1 decides exactly as before: the dates the command carries, an overdue review restarted on resume', () => {
    const plan = apply(
      fresh(),
      {
        type: 'SET_PLAN',
        validFrom: '2026-11-23',
        validUntil: '2027-11-01',
        nextReviewDue: '2027-01-01T00:00:00.000Z',
      },
      now,
      officer,
      1,
    );
    expect(plan.nextReviewDue).toBe('2027-01-01T00:00:00.000Z');
    const review = apply(
      plan,
      { type: 'RECORD_REVIEW', reviewedOn: '2020-01-01', nextReviewDue: '2027-02-01T00:00:00.000Z' },
      now,
      officer,
      1,
    );
    expect(review.nextReviewDue).toBe('2027-02-01T00:00:00.000Z');
    const overdue = clientSystemEvent(review, 'REVIEW_OVERDUE', now).state;
    const ended = apply(
      overdue,
      { type: 'END', reason: 'x', deletionDueAt: '2030-01-01T00:00:00.000Z' },
      now,
      officer,
      1,
    );
    expect(ended.deletionDueAt).toBe('2030-01-01T00:00:00.000Z');
    const resumed = apply(
      ended,
      { type: 'RESUME', nextReviewDue: '2027-06-01T00:00:00.000Z' },
      now,
      officer,
      1,
    );
    expect(resumed).toMatchObject({ nextReviewDue: '2027-06-01T00:00:00.000Z', reviewOverdue: false });
  });
});

describe('§ 22: reviews', () => {
  const reviewed = apply(planned(), { type: 'RECORD_REVIEW', reviewedOn: '2026-11-20' });

  it.each<[string, ClientState, { reviewedOn: string; nextReviewOn?: string }, string]>([
    ['dated before the plan’s start', planned(), { reviewedOn: '2026-10-31' }, '/reviewedOn'],
    ['dated before the previous review', reviewed, { reviewedOn: '2026-11-19' }, '/reviewedOn'],
    ['dated in the future (Helsinki)', planned(), { reviewedOn: '2026-11-24' }, '/reviewedOn'],
    [
      'next review in the past',
      planned(),
      { reviewedOn: '2026-11-23', nextReviewOn: '2026-11-22' },
      '/nextReviewOn',
    ],
    [
      'next review beyond six months',
      planned(),
      { reviewedOn: '2026-11-23', nextReviewOn: '2027-05-24' },
      '/nextReviewOn',
    ],
  ])('refuses a review %s', (_case, state, review, pointer) => {
    expect(refusalOf(state, { type: 'RECORD_REVIEW', ...review })).toMatchObject({
      code: 'INVALID',
      errors: [{ pointer }],
    });
  });

  it.each<[string, ClientState, { reviewedOn: string; nextReviewOn?: string }, string]>([
    ['on the plan’s first day', planned(), { reviewedOn: '2026-11-01' }, '2027-05-01'],
    ['on the day of the previous review', reviewed, { reviewedOn: '2026-11-20' }, '2027-05-20'],
    [
      'of the plan in force before a later-dated version (the plan started with the first one)',
      apply(planned(), { type: 'SET_PLAN', validFrom: '2026-12-01', validUntil: '2027-10-31' }),
      { reviewedOn: '2026-11-15' },
      '2027-05-15',
    ],
    [
      'with an earlier next review',
      reviewed,
      { reviewedOn: '2026-11-23', nextReviewOn: '2027-01-15' },
      '2027-01-15',
    ],
    [
      'with the latest next review',
      reviewed,
      { reviewedOn: '2026-11-23', nextReviewOn: '2027-05-23' },
      '2027-05-23',
    ],
  ])('accepts a review %s', (_case, before, review, dueOn) => {
    const state = apply(before, { type: 'RECORD_REVIEW', ...review });
    expect(state.nextReviewDue).toBe(endOfHelsinkiDay(dueOn).toISOString());
    expect(state.lastReviewedOn).toBe(review.reviewedOn);
  });

  it('saving the plan again after a review never pulls the next review earlier', () => {
    const later = new Date(now.getTime() + 100 * day);
    const review = apply(
      planned('2026-08-01', '2027-07-31'),
      { type: 'RECORD_REVIEW', reviewedOn: '2027-03-01' },
      later,
    );
    const reviewDue = review.nextReviewDue!;
    const again = apply(
      review,
      { type: 'SET_PLAN', validFrom: '2026-08-01', validUntil: '2027-07-31' },
      later,
    );
    expect(again.nextReviewDue).toBe(reviewDue);
    // A new plan starting later than the review moves it later.
    const newer = apply(
      review,
      { type: 'SET_PLAN', validFrom: '2027-03-02', validUntil: '2027-07-31' },
      later,
    );
    expect(Date.parse(newer.nextReviewDue!)).toBeGreaterThan(Date.parse(reviewDue));
  });
});

describe('§ 23: the first plan’s year and the total count from the first plan, wherever it was drawn up', () => {
  const limits = (
    validFrom: string,
    validUntil: string,
    history: {
      firstPlanFrom: string | null;
      carriedFirstPlanFrom?: string | null;
      firstPlanUntil?: string;
      firstPermitDate?: string;
    },
    grounds: PlanGround[] = [],
  ) => checkPlanLimits({ validFrom, validUntil, grounds }, history).map((p) => p.pointer);

  it.each<[string, string, string, Parameters<typeof limits>[2], string[]]>([
    ['a first plan of one year', '2026-01-01', '2027-01-01', { firstPlanFrom: null }, []],
    [
      'a first plan of a year and a day',
      '2026-01-01',
      '2027-01-02',
      { firstPlanFrom: null },
      ['/validUntil'],
    ],
    [
      'the first plan saved again with a longer end',
      '2026-01-01',
      '2027-06-01',
      { firstPlanFrom: '2026-01-01', firstPlanUntil: '2026-12-31' },
      ['/validUntil'],
    ],
    [
      'a "later" plan starting the next day and running two years',
      '2026-01-02',
      '2027-12-31',
      { firstPlanFrom: '2026-01-01', firstPlanUntil: '2026-12-31' },
      ['/validUntil'],
    ],
    [
      'a later plan from the first plan’s last day on',
      '2026-06-30',
      '2027-12-31',
      { firstPlanFrom: '2026-01-01', firstPlanUntil: '2026-06-30' },
      [],
    ],
    [
      'a plan dated before the first one',
      '2025-12-01',
      '2026-12-31',
      { firstPlanFrom: '2026-01-01' },
      ['/validUntil'],
    ],
    ['the second year after the first', '2027-01-01', '2028-01-01', { firstPlanFrom: '2026-01-01' }, []],
    [
      'beyond two years from the first',
      '2027-01-01',
      '2028-01-02',
      { firstPlanFrom: '2026-01-01' },
      ['/validUntil'],
    ],
    [
      'a plan here after a first plan carried over is a later plan',
      '2026-06-01',
      '2027-05-01',
      { firstPlanFrom: null, carriedFirstPlanFrom: '2026-01-01' },
      [],
    ],
    [
      'the total from the carried first plan',
      '2027-01-01',
      '2028-06-01',
      { firstPlanFrom: null, carriedFirstPlanFrom: '2026-01-01' },
      ['/validUntil'],
    ],
    [
      'within two years of a carried first plan',
      '2027-01-01',
      '2027-12-31',
      { firstPlanFrom: null, carriedFirstPlanFrom: '2026-01-01' },
      [],
    ],
    [
      '§ 20: a first plan more than three years after the permit',
      '2026-01-02',
      '2026-12-01',
      { firstPlanFrom: null, firstPermitDate: '2023-01-01' },
      ['/validFrom'],
    ],
    [
      '§ 20 does not apply when the first plan was carried over',
      '2026-06-01',
      '2026-12-01',
      { firstPlanFrom: null, carriedFirstPlanFrom: '2025-12-01', firstPermitDate: '2022-01-01' },
      [],
    ],
  ])('%s', (_case, validFrom, validUntil, history, pointers) => {
    expect(limits(validFrom, validUntil, history)).toEqual(pointers);
  });

  it.each<[string, PlanGround[], string, string[]]>([
    [
      'two extension grounds combine up to 24 months',
      [
        { basis: 'LITTLE_SCHOOLING', months: 12 },
        { basis: 'MULTI_SECTOR_NEEDS', months: 12 },
      ],
      '2030-01-01',
      [],
    ],
    [
      'extension grounds beyond 24 months together',
      [
        { basis: 'LITTLE_SCHOOLING', months: 12 },
        { basis: 'CHILD_HOME_CARE_ALLOWANCE', months: 13 },
      ],
      '2029-06-01',
      ['/extensions'],
    ],
    [
      'absences add their whole length on top',
      [
        { basis: 'MULTI_SECTOR_NEEDS', months: 24 },
        { basis: 'ILLNESS', months: 6 },
        { basis: 'PARENTAL_LEAVE', months: 10 },
      ],
      '2031-05-01',
      [],
    ],
    [
      'absences alone',
      [
        { basis: 'DISABILITY', months: 3 },
        { basis: 'PARENTAL_LEAVE', months: 3 },
      ],
      '2028-07-01',
      [],
    ],
    [
      'absences one month short',
      [
        { basis: 'DISABILITY', months: 3 },
        { basis: 'PARENTAL_LEAVE', months: 2 },
      ],
      '2028-07-01',
      ['/validUntil'],
    ],
  ])('§ 23 grounds: %s', (_case, grounds, validUntil, pointers) => {
    expect(limits('2027-01-01', validUntil, { firstPlanFrom: '2026-01-01' }, grounds)).toEqual(pointers);
  });

  it('takes the list and the older single extension object together', () => {
    const grounds = planGrounds({
      extensions: [{ basis: 'ILLNESS', months: 2 }],
      extension: { basis: 'LITTLE_SCHOOLING', months: 5 },
    });
    expect(groundMonths(grounds)).toEqual({ extensionMonths: 5, absenceMonths: 2 });
  });

  it('the workflow’s decision uses the earliest first plan, including one carried over at registration', () => {
    const carried = fresh({ firstPlanStartedOn: '2025-06-01' });
    expect(
      refusalOf(carried, { type: 'SET_PLAN', validFrom: '2026-11-01', validUntil: '2027-10-31' }),
    ).toMatchObject({ code: 'INVALID', errors: [{ pointer: '/validUntil' }] });
    const ok = apply(carried, { type: 'SET_PLAN', validFrom: '2026-11-01', validUntil: '2027-05-31' });
    expect(ok.plan?.firstPlanFrom).toBe('2025-06-01');
    // Saving the first plan again with a longer end is refused.
    expect(
      refusalOf(planned('2026-11-01', '2027-10-31'), {
        type: 'SET_PLAN',
        validFrom: '2026-11-01',
        validUntil: '2028-06-30',
      }),
    ).toMatchObject({ code: 'INVALID', errors: [{ pointer: '/validUntil' }] });
  });
});

describe('end and resume never clear an overdue review', () => {
  it('a case ended with its review overdue is due at once when resumed', () => {
    const overdue = clientSystemEvent(planned('2026-01-01', '2026-12-31'), 'REVIEW_OVERDUE', now).state;
    const ended = apply(overdue, { type: 'END', reason: 'x' });
    const resumed = apply(ended, { type: 'RESUME' }, new Date(now.getTime() + 30 * day));
    expect(resumed).toMatchObject({
      status: 'ACTIVE',
      reviewOverdue: true,
      nextReviewDue: overdue.nextReviewDue,
    });
  });

  it('a running review keeps the time it had left', () => {
    const plan = planned();
    const ended = apply(plan, { type: 'END', reason: 'x' });
    const later = new Date(now.getTime() + 100 * day);
    const resumed = apply(ended, { type: 'RESUME' }, later);
    expect(Date.parse(resumed.nextReviewDue!) - later.getTime()).toBe(
      Date.parse(plan.nextReviewDue!) - now.getTime(),
    );
    expect(resumed.reviewOverdue).toBe(false);
  });
});

describe('§ 2: a Finnish citizen under an exception gets no integration plan', () => {
  it('refuses the plan, naming the rule', () => {
    const citizen = fresh({ finnishCitizen: true });
    expect(
      refusalOf(citizen, { type: 'SET_PLAN', validFrom: '2026-11-01', validUntil: '2027-10-31' }),
    ).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/§ 2/) });
    // The assessment is still recorded.
    expect(
      refusalOf(citizen, { type: 'RECORD_ASSESSMENT', assessmentType: 'INITIAL', completedOn: '2026-11-23' }),
    ).toBeUndefined();
  });
});

describe('§ 85: another municipality takes over an ENDED case', () => {
  const ended = () => apply(planned(), { type: 'END', reason: 'muutti' });
  const take = (consentRecordedOn = '2026-11-23') => ({ type: 'TAKE_OVER' as const, consentRecordedOn });

  it.each<[string, () => ClientState, Actor, string, string]>([
    ['an ACTIVE case', () => planned(), tampere, '2026-11-23', 'CONFLICT'],
    ['its own case (resume it)', ended, officer, '2026-11-23', 'CONFLICT'],
    ['by someone not an officer', ended, { ...tampere, roles: ['ADMIN'] }, '2026-11-23', 'FORBIDDEN'],
    [
      'by a welfare area',
      ended,
      { ...tampere, orgKind: 'WELFARE_AREA', orgId: 'hva-pirkanmaa' },
      '2026-11-23',
      'FORBIDDEN',
    ],
    ['with consent dated in the future', ended, tampere, '2026-11-24', 'INVALID'],
    ['with consent dated before the end', ended, tampere, '2026-11-22', 'INVALID'],
  ])('refuses taking over %s', (_case, state, actor, consent, code) => {
    expect(refusalOf(state(), take(consent), now, actor)).toMatchObject({ code });
  });

  it('moves the case to the new municipality, ACTIVE, with the review time it had left', () => {
    const before = ended();
    const later = new Date(now.getTime() + 10 * day);
    const d = decideClient(before, take('2026-12-03'), tampere, later);
    expect(d).toMatchObject({
      ok: true,
      state: {
        status: 'ACTIVE',
        municipalityId: 'kunta-837',
        responsibleExpertId: null,
        deletionDueAt: null,
        endedAt: null,
      },
      event: {
        type: 'TAKEN_OVER',
        details: { from: 'kunta-091', to: 'kunta-837', consentRecordedOn: '2026-12-03' },
      },
    });
    if (!d.ok) return;
    expect(Date.parse(d.state.nextReviewDue!)).toBe(later.getTime() + before.reviewRemainingMs!);
    // From then on it is the new municipality's case alone.
    expect(refusalOf(d.state, { type: 'END', reason: 'x' }, later, officer)).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('§ 14 and § 20: assessment and first plan deadlines', () => {
  it('the assessment is due a month after registration, at the end of the Helsinki day', () => {
    // Registered 24.11. at 00:30 Helsinki time (still 23.11. in UTC): the Helsinki date counts.
    expect(assessmentDue(new Date('2026-11-23T22:30:00Z'), '1 month').toISOString()).toBe(
      '2026-12-24T21:59:59.999Z',
    );
    expect(assessmentDue(now, '3s').toISOString()).toBe('2026-11-23T10:00:03.000Z');
  });
  it('the first plan is due a month after the first assessment, at the latest three years after the permit', () => {
    const first = { completedOn: '2026-11-20', recordedAt: now };
    expect(firstPlanDue(first, '1 month').toISOString()).toBe('2026-12-20T21:59:59.999Z');
    expect(firstPlanDue(first, '1 month', '2023-12-01').toISOString()).toBe('2026-12-01T21:59:59.999Z');
  });
});
