import {
  personalIdentityCodeCheckCharacter,
  validatePersonalIdentityCode,
  validateUmaNumber,
} from '../../domain/identity/personIdentifiers';

// Independent reference implementation of the check character, kept deliberately
// different from the module (digit-by-digit modular reduction) so a bug in one is
// not silently mirrored in the other.
const REFERENCE_ALPHABET = '0123456789ABCDEFHJKLMNPRSTUVWXY';
function referenceCheckChar(nineDigits: string): string {
  let remainder = 0;
  for (const digit of nineDigits) remainder = (remainder * 10 + Number(digit)) % 31;
  return REFERENCE_ALPHABET[remainder];
}

/** Builds a henkilötunnus with a correct check character. */
function build(ddmmyy: string, sign: string, nnn: string): string {
  return `${ddmmyy}${sign}${nnn}${referenceCheckChar(ddmmyy + nnn)}`;
}

// Fixed reference day (local time) so that results do not depend on when tests run.
const TODAY = new Date(2025, 5, 15); // 2025-06-15

describe('validatePersonalIdentityCode', () => {
  describe('valid codes built from the algorithm', () => {
    const cases: Array<[string, string, string, string, 'male' | 'female', boolean]> = [
      // ddmmyy, sign, nnn, birthDate, sex, temporary
      ['010190', '+', '123', '1890-01-01', 'male', false],
      ['131052', '-', '308', '1952-10-13', 'female', false],
      ['150675', 'Y', '246', '1975-06-15', 'female', false],
      ['311299', 'X', '777', '1999-12-31', 'male', false],
      ['010100', 'W', '002', '1900-01-01', 'female', false],
      ['280288', 'V', '899', '1988-02-28', 'male', false],
      ['290296', 'U', '500', '1996-02-29', 'female', false],
      ['290200', 'A', '901', '2000-02-29', 'male', true], // leap day 2000
      ['010105', 'B', '900', '2005-01-01', 'female', true],
      ['151210', 'C', '999', '2010-12-15', 'male', true],
      ['070715', 'D', '456', '2015-07-07', 'female', false],
      ['300420', 'E', '321', '2020-04-30', 'male', false],
      ['150625', 'F', '444', '2025-06-15', 'female', false], // born "today" is not in the future
    ];

    it.each(cases)('%s%s%s', (ddmmyy, sign, nnn, birthDate, sex, temporary) => {
      const code = build(ddmmyy, sign, nnn);
      expect(validatePersonalIdentityCode(code, TODAY)).toEqual({ valid: true, birthDate, sex, temporary });
    });

    it('covers every century sign', () => {
      expect(cases.map((c) => c[1]).sort()).toEqual([
        '+',
        '-',
        'A',
        'B',
        'C',
        'D',
        'E',
        'F',
        'U',
        'V',
        'W',
        'X',
        'Y',
      ]);
    });
  });

  describe('published example codes', () => {
    it('accepts 131052-308T (female, 1952-10-13)', () => {
      expect(validatePersonalIdentityCode('131052-308T', TODAY)).toEqual({
        valid: true,
        birthDate: '1952-10-13',
        sex: 'female',
        temporary: false,
      });
    });

    it('accepts 010101-123N (010101123 mod 31 = 21 -> N; male, 1901-01-01)', () => {
      expect(validatePersonalIdentityCode('010101-123N', TODAY)).toEqual({
        valid: true,
        birthDate: '1901-01-01',
        sex: 'male',
        temporary: false,
      });
    });
  });

  describe('invalid codes', () => {
    const validCode = build('131052', '-', '308');
    const wrongCheck =
      validCode.slice(0, 10) +
      REFERENCE_ALPHABET[(REFERENCE_ALPHABET.indexOf(validCode[10]) + 1) % REFERENCE_ALPHABET.length];
    const lowercaseCheck = build('010105', 'A', '123'); // check character is a letter
    const cases: Array<[string, string, RegExp]> = [
      ['wrong check character', wrongCheck, /check character does not match/],
      ['31 April', build('310485', '-', '123'), /not a real date/],
      ['29 February 1900 (not a leap year)', build('290200', '-', '123'), /not a real date/],
      ['month 13', build('011385', '-', '123'), /not a real date/],
      ['day 00', build('000185', '-', '123'), /not a real date/],
      ['unknown century sign G', '010190G123' + referenceCheckChar('010190123'), /unknown century sign/],
      ['lowercase century sign a', build('010105', 'a', '123'), /lowercase/],
      [
        'lowercase check character',
        lowercaseCheck.slice(0, 10) + lowercaseCheck[10].toLowerCase(),
        /lowercase/,
      ],
      [
        'check character outside the alphabet (Z)',
        '131052-308Z',
        /check character is not an allowed character/,
      ],
      ['too short', '131052-308', /too short/],
      ['too long', '131052-308TX', /too long/],
      ["surrounding whitespace (trimming is the caller's job)", ' 131052-308T', /too long/],
      ['non-digit in birth date', '13105X-308T', /birth date part must be six digits/],
      ['non-digit in individual number', '131052-3O8T', /individual number must be three digits/],
      ['individual number 000', build('010190', '-', '000'), /000 or 001/],
      ['individual number 001', build('010190', '-', '001'), /000 or 001/],
      ['birth date in the future', build('160625', 'F', '123'), /in the future/],
      ['empty string', '', /empty/],
    ];

    it.each(cases)('%s (%s)', (_label, code, reason) => {
      const result = validatePersonalIdentityCode(code, TODAY);
      expect(result.valid).toBe(false);
      if (!result.valid) expect(result.reason).toMatch(reason);
    });

    it('uses the current date when no reference date is given', () => {
      expect(validatePersonalIdentityCode(build('010199', 'A', '123'))).toEqual({
        valid: false,
        reason: 'birth date is in the future',
      });
      expect(validatePersonalIdentityCode(build('010100', 'A', '123')).valid).toBe(true);
    });
  });
});

describe('personalIdentityCodeCheckCharacter', () => {
  it('agrees with the independent reference implementation', () => {
    for (let n = 0; n < 1_000_000_000; n += 7_654_321) {
      const nine = String(n).padStart(9, '0');
      expect(personalIdentityCodeCheckCharacter(nine)).toBe(referenceCheckChar(nine));
    }
    expect(personalIdentityCodeCheckCharacter('999999999')).toBe(referenceCheckChar('999999999'));
  });

  it.each(['', '12345678', '1234567890', '12345678X'])('rejects %p', (input) => {
    expect(() => personalIdentityCodeCheckCharacter(input)).toThrow(RangeError);
  });
});

describe('validateUmaNumber', () => {
  it.each(['123456', '123456789012', '000123', '98765432'])('accepts %p', (value) => {
    expect(validateUmaNumber(value)).toEqual({ valid: true, normalised: value });
  });

  const invalid: Array<[string, RegExp]> = [
    ['', /empty/],
    ['12345', /6 to 12 digits/],
    ['1234567890123', /6 to 12 digits/],
    ['000000', /all zeros/],
    ['123 456', /digits only/],
    ['123-456', /digits only/],
    [' 123456', /digits only/],
    ['ABC123', /digits only/],
    ['１２３４５６', /digits only/], // full-width digits are not ASCII digits
  ];

  it.each(invalid)('rejects %p', (value, reason) => {
    const result = validateUmaNumber(value);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).toMatch(reason);
  });
});
