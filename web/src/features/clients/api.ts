import { useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { validatePersonalIdentityCode, validateUmaNumber } from '@domain/identity/personIdentifiers';
import { api, unwrap } from '../../api/client';

/** One client case (`GET /api/v1/clients/{id}`): person, plan, reviews, timeline and `allowedActions`. */
export function useClient(id: string) {
  return useQuery({
    queryKey: ['client', id],
    queryFn: () => unwrap(api.GET('/api/v1/clients/{id}', { params: { path: { id } } })),
  });
}
export type Client = NonNullable<ReturnType<typeof useClient>['data']>;

/** After a decision: the case, the lists it appears in and the inbox (reviews due) are stale. */
export async function reloadClient(queryClient: QueryClient, id: string) {
  await queryClient.invalidateQueries({ queryKey: ['client', id] });
  void queryClient.invalidateQueries({ queryKey: ['clients'] });
  void queryClient.invalidateQueries({ queryKey: ['inbox'] });
}

/**
 * A search identifier as the API matches it (exact, upper case), if it is a valid henkilötunnus or
 * UMA number by the same module the server validates with; otherwise null, and nothing is sent.
 */
export function searchableIdentifier(raw: string): string | null {
  const value = raw.trim().toUpperCase();
  if (!value) return null;
  if (validatePersonalIdentityCode(value).valid) return value;
  if (validateUmaNumber(value).valid) return value;
  return null;
}

/** A person's name for lists and headings; the name is absent once erased (§ 77). */
export function fullName(person: { firstName?: string; lastName?: string }): string {
  return [person.firstName, person.lastName].filter(Boolean).join(' ');
}
