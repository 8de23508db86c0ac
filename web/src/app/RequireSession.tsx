import { Navigate, Outlet, useLocation } from 'react-router';
import { ProblemError } from '../api/client';
import { useMe } from '../api/session';
import { LoadingState, QueryError } from '../shared/QueryState';

/** Pages behind it need a signed-in officer; without one, the login page, then back here. */
export function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <LoadingState />;
  if (me.error instanceof ProblemError && me.error.status === 401) {
    return (
      <Navigate to={`/login?returnTo=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  }
  if (me.error) return <QueryError error={me.error} retry={() => void me.refetch()} />;
  return <Outlet />;
}
