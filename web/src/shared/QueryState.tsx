import { Button, InlineAlert, LoadingSpinner, Paragraph } from 'suomifi-ui-components';
import { NetworkError, ProblemError } from '../api/client';
import { useI18n } from '../i18n/I18nProvider';

export function LoadingState() {
  const { t } = useI18n();
  return <LoadingSpinner status="loading" text={t.common.loading} textAlign="right" />;
}

/** What went wrong, in the officer's language, with a retry where one can help. */
export function errorMessage(error: unknown, t: ReturnType<typeof useI18n>['t']): string {
  if (error instanceof NetworkError) return t.common.errors.network;
  if (error instanceof ProblemError) {
    switch (error.status) {
      case 401:
        return t.common.errors.sessionExpired;
      case 403:
        return t.common.errors.forbidden;
      case 404:
        return t.common.errors.notFound;
      case 409:
        return error.detail ? `${t.common.errors.conflict} ${error.detail}` : t.common.errors.conflict;
      case 429:
        return t.common.errors.tooMany;
    }
    if (error.status >= 500) return t.common.errors.server;
    return error.detail || error.title;
  }
  return t.common.errors.server;
}

export function QueryError({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  const retriable = !(error instanceof ProblemError) || error.status >= 500 || error.status === 429;
  return (
    <InlineAlert status="error" role="alert">
      {errorMessage(error, t)}
      {retry && retriable && (
        <Button variant="secondaryNoBorder" onClick={retry} ml="s">
          {t.common.retry}
        </Button>
      )}
    </InlineAlert>
  );
}

/** "Load more" under a cursor-paged list (an infinite query): shown while the API has a next page. */
export function LoadMore({
  list,
  compact = false,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  /** Inside a section of a page rather than under a page's main list. */
  compact?: boolean;
}) {
  const { t } = useI18n();
  if (!list.hasNextPage) return null;
  return (
    <Button
      variant={compact ? 'secondaryNoBorder' : 'secondary'}
      mt={compact ? 's' : 'm'}
      disabled={list.isFetchingNextPage}
      onClick={() => void list.fetchNextPage()}
    >
      {t.common.loadMore}
    </Button>
  );
}

/**
 * A list's loading, failure and empty states: the spinner while it loads, the error with a retry,
 * and `none` when it has loaded with no rows. The rows themselves are the caller's.
 */
export function ListState({
  query,
  rows,
  none,
  spaced = false,
}: {
  query: { isPending: boolean; error: unknown; data?: unknown; refetch: () => Promise<unknown> };
  rows: number;
  none: string;
  spaced?: boolean;
}) {
  if (query.isPending) return <LoadingState />;
  if (query.error) return <QueryError error={query.error} retry={() => void query.refetch()} />;
  if (query.data !== undefined && rows === 0)
    return <Paragraph mt={spaced ? 'm' : undefined}>{none}</Paragraph>;
  return null;
}
