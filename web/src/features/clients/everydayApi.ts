import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import type { Me } from '../../api/session';
import { can } from '../../app/permissions';

/** Everyday work on a case through the API: the summary, contacts, to-dos, plan versions. */

export type CaseSummary = Schemas['ClientCaseSummary'];
export type Contact = Schemas['ClientContact'];
export type Todo = Schemas['ClientTodo'];
export type AssignedTodo = Schemas['AssignedTodo'];
export type PlanVersion = Schemas['IntegrationPlanVersion'];
export type Provenance = Schemas['Provenance'];

const path = (id: string) => ({ params: { path: { id } } });

export function useClientSummary(id: string) {
  return useQuery({
    queryKey: ['client', id, 'summary'],
    queryFn: () => unwrap(api.GET('/api/v1/clients/{id}/summary', path(id))),
  });
}

export function useContacts(id: string) {
  return useInfiniteQuery({
    queryKey: ['client', id, 'contacts'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/clients/{id}/contacts', {
          params: { path: { id }, query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useTodos(id: string) {
  return useQuery({
    queryKey: ['client', id, 'todos'],
    queryFn: () => unwrap(api.GET('/api/v1/clients/{id}/todos', path(id))),
  });
}

export function usePlanVersions(id: string) {
  return useQuery({
    queryKey: ['client', id, 'plan-versions'],
    queryFn: () => unwrap(api.GET('/api/v1/clients/{id}/integration-plan/versions', path(id))),
  });
}

export function useAssignedTodos(done: boolean) {
  return useQuery({
    queryKey: ['todos', 'mine', done],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/todos', {
          params: { query: { assigneeId: 'me', ...(done ? {} : { done: 'false' }) } },
        }),
      ),
  });
}

/**
 * After everyday work on a case: the case (its timeline shows contacts and corrections), its
 * summary and lists, the officer's own to-dos and the inbox are stale. (`['client', id]` covers
 * every query of the case.)
 */
export async function reloadEveryday(queryClient: QueryClient, id: string) {
  await queryClient.invalidateQueries({ queryKey: ['client', id] });
  void queryClient.invalidateQueries({ queryKey: ['todos'] });
  void queryClient.invalidateQueries({ queryKey: ['inbox'] });
}

/** May the officer write everyday records on this case: its own municipality's officer, data not erased. */
export function mayWork(
  me: Me | undefined,
  client: { municipalityId: string; status: string },
  action: string,
) {
  return (
    !!me && me.organisation.id === client.municipalityId && client.status !== 'DELETED' && can(me, action)
  );
}

/** Language skills as an officer types them: "ar (native), fi (A2)". */
export function languagesText(languages: { code: string; level?: string }[]): string {
  return languages.map((l) => (l.level ? `${l.code} (${l.level})` : l.code)).join(', ');
}

const LANGUAGE = /^([a-z]{2,3})(?:\s*\(([^()]{1,40})\))?$/;

/** The text above as the API's languages, or null when some entry is not "code" or "code (level)". */
export function parseLanguages(text: string): { code: string; level?: string }[] | null {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const parsed = parts.map((p) => LANGUAGE.exec(p));
  if (parsed.some((m) => !m)) return null;
  return parsed.map((m) => (m![2] ? { code: m![1], level: m![2].trim() } : { code: m![1] }));
}
