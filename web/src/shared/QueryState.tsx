import { Button, InlineAlert, LoadingSpinner } from 'suomifi-ui-components';
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
