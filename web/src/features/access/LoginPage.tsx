import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Heading, InlineAlert, Paragraph, SearchInput } from 'suomifi-ui-components';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { Page } from '../../shared/Page';
import { LoadingState, QueryError } from '../../shared/QueryState';

/** A same-origin path to return to after signing in (anything else becomes the home page). */
function safeReturnTo(value: string | null): string {
  return value && /^\/(?!\/)/.test(value) && !value.startsWith('/login') ? value : '/';
}

/**
 * "Kirjaudu": the identity provider's sign-in (OpenID Connect, handled by the server), or in
 * development mode the seeded users grouped by organisation.
 */
export default function LoginPage() {
  const { t, nameOf } = useI18n();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState('');
  const [failed, setFailed] = useState<unknown>(null);
  const config = useQuery({
    queryKey: ['auth-config'],
    queryFn: () => unwrap(api.GET('/auth/config')),
    meta: { anonymousAllowed: true },
  });
  const devUsers = useQuery({
    queryKey: ['dev-users'],
    queryFn: () => unwrap(api.GET('/auth/dev/users')),
    enabled: !!config.data?.devLogin,
    meta: { anonymousAllowed: true },
  });
  const groups = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (devUsers.data?.organisations ?? [])
      .map((org) => ({
        ...org,
        users: org.users.filter(
          (u) =>
            !needle ||
            u.id.toLowerCase().includes(needle) ||
            u.displayName.toLowerCase().includes(needle) ||
            nameOf(org.name).toLowerCase().includes(needle),
        ),
      }))
      .filter((org) => org.users.length > 0);
  }, [devUsers.data, filter, nameOf]);

  const kinds = ['ELINVOIMAKESKUS', 'MUNICIPALITY', 'WELFARE_AREA', 'KEHA', 'TEM', 'MIGRI'] as const;

  async function devLogin(userId: string) {
    try {
      const answer = await unwrap(api.POST('/auth/dev/login', { body: { userId, returnTo } }));
      await queryClient.resetQueries({ queryKey: ['me'] });
      void navigate(answer.returnTo || '/', { replace: true });
    } catch (error) {
      setFailed(error);
    }
  }

  return (
    <Page title={t.access.login.title}>
      {params.get('expired') && (
        <InlineAlert status="warning" mb="m">
          {t.common.errors.sessionExpired}
        </InlineAlert>
      )}
      {params.get('error') && (
        <InlineAlert status="error" mb="m" role="alert">
          {t.access.login.failed}
        </InlineAlert>
      )}
      {failed !== null && <QueryError error={failed} />}
      {config.isPending && <LoadingState />}
      {config.error && <QueryError error={config.error} retry={() => void config.refetch()} />}
      {config.data?.oidc && (
        <section className="koto-section">
          <Paragraph mb="m">{t.access.login.oidcIntro}</Paragraph>
          <Button
            onClick={() => window.location.assign(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`)}
          >
            {t.common.logIn}
          </Button>
        </section>
      )}
      {config.data?.devLogin && (
        <section className="koto-section" aria-labelledby="dev-users-title">
          <Heading variant="h2" id="dev-users-title" mb="s">
            {t.access.login.devTitle}
          </Heading>
          <Paragraph mb="m">{t.access.login.devIntro}</Paragraph>
          <SearchInput
            labelText={t.access.login.filter}
            clearButtonLabel={t.common.clear}
            searchButtonLabel={t.common.search}
            value={filter}
            onChange={(v) => setFilter(String(v ?? ''))}
            fullWidth
          />
          {devUsers.isPending && <LoadingState />}
          {kinds.map((kind) => {
            const orgs = groups.filter((org) => org.kind === kind);
            if (!orgs.length) return null;
            return (
              <details
                key={kind}
                open={!!filter.trim() || kind !== 'MUNICIPALITY'}
                className="koto-login-kind"
              >
                <summary>
                  {t.common.organisationKinds[kind]} ({orgs.length})
                </summary>
                {orgs.map((org) => (
                  <div key={org.id} className="koto-login-org">
                    <Heading variant="h3" mt="s" mb="xs">
                      {nameOf(org.name)}
                    </Heading>
                    <ul className="koto-login-users">
                      {org.users.map((u) => (
                        <li key={u.id}>
                          <Button
                            variant="secondary"
                            onClick={() => void devLogin(u.id)}
                            data-testid={`login-${u.id}`}
                            aria-label={`${t.common.logIn}: ${u.displayName} (${u.id})`}
                          >
                            {u.displayName} ({u.id})
                          </Button>
                        </li>
                      ))}
                    </ul>
                  </div>
                ))}
              </details>
            );
          })}
        </section>
      )}
    </Page>
  );
}
