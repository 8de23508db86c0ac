import { useQuery } from '@tanstack/react-query';
import { api, setCsrfToken, unwrap } from './client';

/** Who is signed in (`GET /api/v1/me`); a 401 means nobody, and the app shows the login page. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      const me = await unwrap(api.GET('/api/v1/me'));
      setCsrfToken(me.csrfToken);
      return me;
    },
    staleTime: 60_000,
    retry: false,
    // Signed out is a normal state here: the pages behind RequireSession send the officer to log in.
    meta: { anonymousAllowed: true },
  });
}

export type Me = NonNullable<ReturnType<typeof useMe>['data']>;

/** Where to go to sign in, coming back to the page the officer was on. */
export function loginPath(returnTo = window.location.pathname + window.location.search): string {
  return `/login?returnTo=${encodeURIComponent(returnTo)}`;
}
