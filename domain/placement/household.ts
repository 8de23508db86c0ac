import { helsinkiDate } from '../time';

/**
 * The household's age rules (act 681/2023 § 2(6)), checked against the Helsinki calendar date,
 * whatever the server's time zone.
 *
 * - `minor` must agree with the birth date: under 18 on the day (absent: derived from it).
 * - `unaccompanied` (came to Finland without a guardian) applies to minors and to young people
 *   under 23; a person of 23 or more cannot be marked so.
 */

export const MINOR_BELOW_AGE = 18;
export const UNACCOMPANIED_BELOW_AGE = 23;

/** Full years on a calendar date (YYYY-MM-DD); a 29 February birthday counts from 1 March. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}

export interface HouseholdPerson {
  birthDate: string;
  minor?: boolean;
  unaccompanied?: boolean;
}

export interface HouseholdProblem {
  /** JSON pointer into the request body, such as /household/0/minor. */
  pointer: string;
  detail: string;
}

/**
 * What is wrong with the household's age flags on `now`'s Helsinki date; `prefix` is where the
 * household sits in the request body.
 */
export function householdProblems(
  household: readonly HouseholdPerson[],
  now: Date,
  prefix = '/household',
): HouseholdProblem[] {
  const today = helsinkiDate(now);
  const problems: HouseholdProblem[] = [];
  household.forEach((person, i) => {
    const age = ageOn(person.birthDate, today);
    const minor = age < MINOR_BELOW_AGE;
    if (person.minor !== undefined && person.minor !== minor) {
      problems.push({
        pointer: `${prefix}/${i}/minor`,
        detail: minor
          ? `the person is ${age} on ${today} (Helsinki): a minor`
          : `the person is ${age} on ${today} (Helsinki): not a minor`,
      });
    }
    if (person.unaccompanied && age >= UNACCOMPANIED_BELOW_AGE) {
      problems.push({
        pointer: `${prefix}/${i}/unaccompanied`,
        detail: `applies to minors and young people under ${UNACCOMPANIED_BELOW_AGE} (act 681/2023 § 2(6)); the person is ${age}`,
      });
    }
  });
  return problems;
}

/** The household with `minor` set from the birth date wherever it was left out. */
export function withMinorFlags<P extends HouseholdPerson>(household: readonly P[], now: Date): P[] {
  const today = helsinkiDate(now);
  return household.map((person) =>
    person.minor === undefined
      ? { ...person, minor: ageOn(person.birthDate, today) < MINOR_BELOW_AGE }
      : person,
  );
}

/** § 2(6): anyone in the household who came without a guardian (a minor or under 23). */
export function hasUnaccompanied(household: readonly HouseholdPerson[]): boolean {
  return household.some((person) => person.unaccompanied === true);
}
