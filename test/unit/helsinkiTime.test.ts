import {
  ageInHelsinki,
  isMinorInHelsinki,
  personalIdentityCodeCheckCharacter,
  validatePersonalIdentityCode,
} from '../../domain/identity/personIdentifiers';
import { decideClient, registerClient } from '../../domain/clientCase/clientCase';
import { checkRegistration } from '../../domain/clientCase/registration';
import { endOfHelsinkiDay, helsinkiDate } from '../../domain/time';
import type { Actor } from '../../domain/organisations/kinds';

/**
 * Issue 9, item 5: every date rule uses Europe/Helsinki whatever the server's time zone. The jest
 * configs run everything with TZ=UTC, so a rule that used the local zone would fail here.
 */

/** 24 November 2026, 00:30 in Helsinki: still 23 November in UTC. */
const helsinkiMorning = new Date('2026-11-23T22:30:00Z');

const code = (ddmmyy: string, sign: string, individual: string) =>
  `${ddmmyy}${sign}${individual}${personalIdentityCodeCheckCharacter(ddmmyy + individual)}`;

describe('dates are Helsinki dates in a UTC process', () => {
  it('runs in UTC', () => {
    expect(process.env.TZ).toBe('UTC');
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(0);
  });

  it('the Helsinki date is a day ahead of UTC after 22:00 UTC in winter (21:00 in summer)', () => {
    expect(helsinkiMorning.toISOString().slice(0, 10)).toBe('2026-11-23');
    expect(helsinkiDate(helsinkiMorning)).toBe('2026-11-24');
    expect(helsinkiDate(new Date('2026-06-23T21:30:00Z'))).toBe('2026-06-24');
    expect(endOfHelsinkiDay('2026-11-24').toISOString()).toBe('2026-11-24T21:59:59.999Z');
  });

  it('a henkilötunnus born "today" in Helsinki (not yet in UTC) is valid, tomorrow’s is not', () => {
    const bornToday = code('241126', 'A', '946');
    expect(validatePersonalIdentityCode(bornToday, helsinkiMorning)).toMatchObject({
      valid: true,
      birthDate: '2026-11-24',
    });
    const bornTomorrow = code('251126', 'A', '946');
    expect(validatePersonalIdentityCode(bornTomorrow, helsinkiMorning)).toMatchObject({ valid: false });
  });

  it.each([
    // [birth date, instant, age, minor]
    ['2008-11-24', helsinkiMorning, 18, false], // 18th birthday today in Helsinki, tomorrow in UTC
    ['2008-11-24', new Date('2026-11-23T21:59:59Z'), 17, true], // 23:59:59 in Helsinki the day before
    ['2008-11-25', helsinkiMorning, 17, true],
    ['2003-11-24', helsinkiMorning, 23, false],
    ['2004-02-29', new Date('2022-02-28T22:00:00Z'), 18, false], // leap day: 1 March in Helsinki
  ] as const)('born %s, at %s: %d years (minor %s)', (birthDate, now, age, minor) => {
    expect(ageInHelsinki(birthDate, now)).toBe(age);
    expect(isMinorInHelsinki(birthDate, now)).toBe(minor);
  });

  it('a right of residence valid until yesterday in Helsinki has expired, even if it is still that day in UTC', () => {
    const facts = {
      umaNumber: '12345678',
      residenceRight: { type: 'RESIDENCE_PERMIT' as const, validUntil: '2026-11-23' },
    };
    expect(checkRegistration(facts, helsinkiDate(helsinkiMorning))[0]?.pointer).toBe(
      '/residenceRight/validUntil',
    );
  });

  it('a review recorded at 00:30 Helsinki time may be dated that Helsinki day (§ 22)', () => {
    const officer: Actor = {
      userId: 'kunta-091.officer',
      orgId: 'kunta-091',
      orgKind: 'MUNICIPALITY',
      roles: ['OFFICER'],
    };
    const start = registerClient({ id: 'c1', municipalityId: 'kunta-091' }, officer, helsinkiMorning).state;
    const planned = decideClient(
      start,
      { type: 'SET_PLAN', validFrom: '2026-11-24', validUntil: '2027-11-01' },
      officer,
      helsinkiMorning,
    );
    if (!planned.ok) throw new Error(planned.refusal.message);
    // The plan dated today in Helsinki is reviewed six calendar months on, at the end of that day.
    expect(planned.state.nextReviewDue).toBe('2027-05-24T20:59:59.999Z');
    const review = decideClient(
      planned.state,
      { type: 'RECORD_REVIEW', reviewedOn: '2026-11-24' },
      officer,
      helsinkiMorning,
    );
    expect(review).toMatchObject({ ok: true });
  });
});
