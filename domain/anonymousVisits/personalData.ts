/**
 * Anonymous visits (anonyymit asiakaskäynnit, seed 003): people who do not want to be registered
 * are counted, never identified. A body that names or identifies anyone is refused, whichever way
 * it tries: a field whose name says it holds personal data, or a value that holds an identity code,
 * an UMA or phone number, an e-mail address, or what reads as a person's name.
 *
 * Pure, and shared with the web application, which checks the form with the same rules.
 */

export const MAX_VISITORS = 50;
export const MAX_TOPICS = 20;
export const MAX_TOPIC_LENGTH = 80;

/** Topics the web application offers; the API also takes other short labels that pass the checks below. */
export const suggestedTopics = [
  'HOUSING',
  'LANGUAGE_TRAINING',
  'EMPLOYMENT',
  'EDUCATION',
  'SOCIAL_SECURITY',
  'HEALTH_SERVICES',
  'FAMILY',
  'RESIDENCE_PERMIT',
  'EVERYDAY_LIFE',
  'OTHER',
] as const;

export interface PersonalDataProblem {
  /** JSON pointer (RFC 6901) to the offending field or value. */
  pointer: string;
  detail: string;
}

/** Field names (letters only, lower case, without diacritics) that hold personal data. */
const personalFieldWords = [
  'name',
  'nimi',
  'namn',
  'hetu',
  'henkilotunnus',
  'personbeteckning',
  'personnummer',
  'identitycode',
  'identifier',
  'ssn',
  'socialsecurity',
  'uma',
  'customernumber',
  'asiakasnumero',
  'clientid',
  'personid',
  'birth',
  'dob',
  'syntyma',
  'fodelse',
  'email',
  'sahkoposti',
  'phone',
  'puhelin',
  'telefon',
  'address',
  'osoite',
  'adress',
  'nationality',
  'kansalaisuus',
];

const normalisedName = (key: string) =>
  key
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/** Does a field of this name hold personal data? */
export function isPersonalFieldName(key: string): boolean {
  const name = normalisedName(key);
  return name.length > 0 && personalFieldWords.some((word) => name.includes(word));
}

// DDMMYY, a century sign, three digits and a check character; letters in either case.
const IDENTITY_CODE = /(?<![0-9A-Za-z])[0-3]\d[01]\d\d\d[-+A-FU-Ya-fu-y]\d{3}[0-9A-Ya-y](?![0-9A-Za-z])/;
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]{2,}/;
// Six or more digits in a row, single spaces allowed between them: UMA, phone and other numbers
// ("040 123 4567" and "040-1234567" both hold one). Dates (2026-11-24) hold no such run.
const LONG_NUMBER = /\d(?:\s?\d){5,}/;
// Two to four words each starting with a capital letter and going on in lower case: "Amina Testinen".
const PERSON_NAME =
  /^\s*\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)?(?:\s+\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)?){1,3}\s*$/u;

/** Why a text identifies someone, or undefined when it does not. */
export function personalDataInText(text: string): string | undefined {
  if (IDENTITY_CODE.test(text)) return 'must not contain a personal identity code';
  if (EMAIL.test(text)) return 'must not contain an e-mail address';
  if (LONG_NUMBER.test(text)) return 'must not contain an identifier or a phone number';
  if (PERSON_NAME.test(text)) return 'must not contain a person’s name';
  return undefined;
}

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Every place in a body (any JSON) that carries personal data: fields named for it, and texts
 * (values and keys) that hold it. An empty list means the body is anonymous as far as rules can tell.
 */
export function personalDataIn(body: unknown, pointer = ''): PersonalDataProblem[] {
  if (typeof body === 'string') {
    const detail = personalDataInText(body);
    return detail ? [{ pointer: pointer || '/', detail }] : [];
  }
  if (Array.isArray(body)) return body.flatMap((item, i) => personalDataIn(item, `${pointer}/${i}`));
  if (body && typeof body === 'object') {
    return Object.entries(body as Record<string, unknown>).flatMap(([key, value]) => {
      const at = `${pointer}/${escape(key)}`;
      if (isPersonalFieldName(key)) {
        return [{ pointer: at, detail: 'anonymous visits carry no personal data: remove this field' }];
      }
      const inKey = personalDataInText(key);
      if (inKey) return [{ pointer: at, detail: inKey }];
      return personalDataIn(value, at);
    });
  }
  return [];
}
