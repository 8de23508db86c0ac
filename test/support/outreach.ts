import crypto from 'node:crypto';
import type { Stack } from './stack';
import { testIdentityCode, birthDateOf } from './clients';

/** An OPEN outreach item of a municipality, as the outreach workflow would have kept it from Kelmu. */
export async function outreachItem(stack: Stack, municipalityId = 'kunta-091') {
  const code = testIdentityCode();
  const now = new Date();
  return stack.db.outreachItem.create({
    data: {
      id: crypto.randomUUID(),
      municipalityId,
      personalIdentityCode: code,
      firstName: 'Leila',
      lastName: 'Testinen',
      birthDate: birthDateOf(code),
      benefit: 'SOCIAL_ASSISTANCE',
      since: '2026-01-01',
      status: 'OPEN',
      firstSeenAt: now,
      lastSeenAt: now,
    },
  });
}
