/**
 * Validation of the person identifiers a placement case can carry.
 *
 * Pure functions (dates in Helsinki, ../time) so that they can run anywhere
 * (API input validation, workflow code, tests) with identical results.
 */

import { helsinkiDate } from '../time';

/** Result of validating a Finnish personal identity code (henkilötunnus). */
export type PersonalIdentityCodeResult =
  | {
      valid: true;
      /** ISO calendar date, YYYY-MM-DD. */
      birthDate: string;
      sex: 'male' | 'female';
      /** Individual number 900–999: range reserved for test / temporary codes. */
      temporary: boolean;
    }
  | { valid: false; reason: string };

/** Result of validating a Migri UMA customer number. */
export type UmaNumberResult = { valid: true; normalised: string } | { valid: false; reason: string };

// Check characters in order of remainder; G, I, O, Q and Z are left out to avoid look-alikes.
const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

// Century signs in force since 1.1.2023 (the letters were added so the pool of codes lasts longer).
const CENTURY_BY_SIGN: Readonly<Record<string, number>> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

/**
 * Check character of a henkilötunnus for the nine digits DDMMYYNNN.
 * Exported so that tests and fixtures can build valid codes.
 *
 * @throws RangeError if the input is not exactly nine ASCII digits.
 */
export function personalIdentityCodeCheckCharacter(nineDigits: string): string {
  if (!/^[0-9]{9}$/.test(nineDigits)) {
    throw new RangeError('expected exactly nine digits (DDMMYYNNN)');
  }
  // Nine digits stay far below Number.MAX_SAFE_INTEGER, so plain arithmetic is exact.
  return CHECK_CHARACTERS.charAt(Number(nineDigits) % 31);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * Validates a Finnish personal identity code (henkilötunnus), format
 * DDMMYY C NNN K: birth date, century sign, individual number, check character.
 *
 * Input contract: the code must already be trimmed and in upper case.
 * Lower-case letters are rejected rather than normalised, because the
 * official form is upper case and a value stored after validation should be
 * exactly the value that was validated; callers that accept free-form user
 * input should `trim().toUpperCase()` before calling.
 *
 * Individual numbers 900–999 (test / temporary codes) are accepted and
 * flagged with `temporary: true`; 000 and 001 are never issued and rejected.
 *
 * @param today Reference instant for the "not born in the future" rule, compared
 *   by its calendar date in Helsinki. Injectable so that results are deterministic.
 */
export function validatePersonalIdentityCode(
  code: string,
  today: Date = new Date(),
): PersonalIdentityCodeResult {
  const invalid = (reason: string): PersonalIdentityCodeResult => ({ valid: false, reason });

  if (code.length === 0) return invalid('code is empty');
  if (code.length < 11) return invalid('code is too short; expected 11 characters');
  if (code.length > 11) return invalid('code is too long; expected 11 characters');
  if (/[a-z]/.test(code)) return invalid('lowercase letters are not accepted; use uppercase');

  const datePart = code.slice(0, 6);
  const centurySign = code.charAt(6);
  const individualPart = code.slice(7, 10);
  const checkCharacter = code.charAt(10);

  if (!/^[0-9]{6}$/.test(datePart)) return invalid('birth date part must be six digits');
  // Own-property lookup so that inherited names like "constructor" never count as signs.
  const century = Object.prototype.hasOwnProperty.call(CENTURY_BY_SIGN, centurySign)
    ? CENTURY_BY_SIGN[centurySign]
    : undefined;
  if (century === undefined) return invalid('unknown century sign');
  if (!/^[0-9]{3}$/.test(individualPart)) return invalid('individual number must be three digits');
  if (!CHECK_CHARACTERS.includes(checkCharacter))
    return invalid('check character is not an allowed character');

  const individualNumber = Number(individualPart);
  if (individualNumber < 2) return invalid('individual number 000 or 001 is never issued');

  const day = Number(datePart.slice(0, 2));
  const month = Number(datePart.slice(2, 4));
  const year = century + Number(datePart.slice(4, 6));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return invalid('not a real date');
  }

  const birthDate = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  // The calendar date in Finland, whatever the server's time zone (TZ=UTC in the tests).
  const todayIso = helsinkiDate(today);
  // Fixed-width ISO strings compare correctly as text.
  if (birthDate > todayIso) return invalid('birth date is in the future');

  if (personalIdentityCodeCheckCharacter(datePart + individualPart) !== checkCharacter) {
    return invalid('check character does not match');
  }

  return {
    valid: true,
    birthDate,
    sex: individualNumber % 2 === 1 ? 'male' : 'female',
    temporary: individualNumber >= 900,
  };
}

/**
 * Assumed shape of a Migri UMA customer number (UMA-numero, the customer
 * number of the residence permit / asylum case system).
 *
 * ASSUMPTION: no public specification or check-digit algorithm is known, so
 * only the shape is checked: ASCII digits only, no separators or spaces,
 * UMA_NUMBER_MIN_LENGTH..UMA_NUMBER_MAX_LENGTH long, not all zeros.
 * Change these constants (and UMA_NUMBER_PATTERN) here if Migri's real format
 * turns out to differ; nothing else depends on the details.
 */
export const UMA_NUMBER_MIN_LENGTH = 6;
export const UMA_NUMBER_MAX_LENGTH = 12;
const UMA_NUMBER_PATTERN = /^[0-9]+$/;

/**
 * Validates the shape of a UMA customer number (see the assumption above).
 * Like the henkilötunnus validator it does not trim: the value must already be
 * clean, so `normalised` is the input unchanged; it is returned so that callers
 * store the canonical form even if the rules later start normalising.
 */
export function validateUmaNumber(value: string): UmaNumberResult {
  if (value.length === 0) return { valid: false, reason: 'UMA number is empty' };
  if (!UMA_NUMBER_PATTERN.test(value)) {
    return { valid: false, reason: 'UMA number must contain digits only, without spaces or separators' };
  }
  if (value.length < UMA_NUMBER_MIN_LENGTH || value.length > UMA_NUMBER_MAX_LENGTH) {
    return {
      valid: false,
      reason: `UMA number must be ${UMA_NUMBER_MIN_LENGTH} to ${UMA_NUMBER_MAX_LENGTH} digits long`,
    };
  }
  if (/^0+$/.test(value)) return { valid: false, reason: 'UMA number must not be all zeros' };
  return { valid: true, normalised: value };
}

/**
 * Age in whole years on the Helsinki calendar date of `now`: a birthday counts from midnight in
 * Finland, whatever the server's time zone.
 */
export function ageInHelsinki(birthDate: string, now: Date = new Date()): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = helsinkiDate(now).split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Under 18 on the Helsinki calendar date of `now`. */
export function isMinorInHelsinki(birthDate: string, now: Date = new Date()): boolean {
  return ageInHelsinki(birthDate, now) < 18;
}
