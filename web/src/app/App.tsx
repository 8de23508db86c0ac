import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { SuomifiThemeProvider } from 'suomifi-ui-components';
import { ProblemError } from '../api/client';
import { loginPath } from '../api/session';
import { I18nProvider } from '../i18n/I18nProvider';
import { router } from './routes';

/** An ended session sends the officer to log in, and back to the same page afterwards. */
function onError(error: unknown, meta?: Record<string, unknown>) {
  if (meta?.anonymousAllowed) return;
  if (
    error instanceof ProblemError &&
    error.status === 401 &&
    !window.location.pathname.startsWith('/login')
  ) {
    void router.navigate(`${loginPath()}&expired=1`);
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onError(error, query.meta) }),
  mutationCache: new MutationCache({ onError: (error) => onError(error) }),
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ProblemError) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

export function App() {
  return (
    <SuomifiThemeProvider theme={{}}>
      <I18nProvider>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </I18nProvider>
    </SuomifiThemeProvider>
  );
}
