import { helsinkiDate } from '../../domain/time';
import { personalIdentityCodeCheckCharacter } from '../../domain/identity/personIdentifiers';
import type { Stack } from './stack';
import { expectStatus } from './placement';

export const helsinki = 'kunta-091.officer';
export const tampere = 'kunta-837.officer';

let counter = 0;

/** A fresh, valid test-range personal identity code (individual numbers 900–999). */
export function testIdentityCode(): string {
  counter++;
  const day = String(1 + ((process.pid + counter) % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(Date.now() / 1000 + counter) % 12)).padStart(2, '0');
  const year = String(70 + ((counter * 7 + process.pid) % 29)).padStart(2, '0');
  const individual = String(900 + ((counter * 13 + Math.floor(Math.random() * 100)) % 100));
  const nine = `${day}${month}${year}${individual}`;
  return `${day}${month}${year}-${individual}${personalIdentityCodeCheckCharacter(nine)}`;
}

export function birthDateOf(code: string): string {
  return `19${code.slice(4, 6)}-${code.slice(2, 4)}-${code.slice(0, 2)}`;
}

export function clientBody(
  overrides: Record<string, unknown> = {},
  personOverrides: Record<string, unknown> = {},
): { person: Record<string, unknown> & { personalIdentityCode: string }; [key: string]: unknown } {
  const code = testIdentityCode();
  return {
    person: {
      firstName: 'Amina',
      lastName: 'Testinen',
      birthDate: birthDateOf(code),
      nationality: 'SYR',
      personalIdentityCode: code,
      serviceLanguage: 'fi',
      languages: [
        { code: 'ar', level: 'native' },
        { code: 'en', level: 'B1' },
      ],
      ...personOverrides,
    },
    residenceRight: { type: 'RESIDENCE_PERMIT', validUntil: '2030-12-31' },
    ...overrides,
  };
}

export async function registerClient(
  stack: Stack,
  user = helsinki,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const reply = await stack.call(user, 'POST', '/api/v1/clients', clientBody(overrides));
  expectStatus(reply, 201);
  return reply.body.id;
}

export const today = () => helsinkiDate(new Date());
export const daysFromNow = (days: number) => helsinkiDate(new Date(Date.now() + days * 86400_000));
