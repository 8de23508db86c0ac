import type { Reply, Stack } from './stack';

export const evk = 'evk-uusimaa.officer';
export const helsinki = 'kunta-091.officer';
export const espoo = 'kunta-049.officer';
export const helsinkiWelfare = 'hva-helsinki.officer';
export const westUusimaa = 'hva-lansi-uusimaa.officer';
export const keha = 'keha.supervisor';

export function household(size = 1) {
  return Array.from({ length: size }, (_, i) => ({
    firstName: `Testi${i}`,
    lastName: 'Henkilö',
    birthDate: '1990-05-0' + ((i % 9) + 1),
    nationality: 'SYR',
    languages: [{ code: 'ar', level: 'native' }],
  }));
}

export async function createProposal(
  stack: Stack,
  body: Record<string, unknown> = {},
  user = evk,
): Promise<string> {
  const reply = await stack.call(user, 'POST', '/api/v1/placement-proposals', {
    kind: 'QUOTA_REFUGEE',
    household: household(2),
    evidentServiceNeeds: false,
    ...body,
  });
  expectStatus(reply, 201);
  return reply.body.id;
}

export async function sentProposal(
  stack: Stack,
  body: Record<string, unknown> = {},
  municipalityId = 'kunta-091',
): Promise<string> {
  const id = await createProposal(stack, body);
  expectStatus(
    await stack.call(evk, 'POST', `/api/v1/placement-proposals/${id}/send`, { municipalityId }),
    200,
  );
  return id;
}

export function decide(
  stack: Stack,
  user: string,
  id: string,
  path: string,
  body: unknown = {},
  headers?: Record<string, string>,
) {
  return stack.call(user, 'POST', `/api/v1/placement-proposals/${id}/${path}`, body, headers);
}

export function expectStatus(reply: Reply, status: number): void {
  if (reply.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
}

export async function timelineTypes(stack: Stack, id: string): Promise<string[]> {
  const reply = await stack.call(keha, 'GET', `/api/v1/placement-proposals/${id}`);
  expectStatus(reply, 200);
  return reply.body.timeline.map((e: { type: string }) => e.type);
}
