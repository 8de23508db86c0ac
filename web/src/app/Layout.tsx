import { useEffect } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import {
  Button,
  LanguageMenu,
  LanguageMenuItem,
  RouterLink,
  ServiceNavigation,
  ServiceNavigationItem,
  SkipLink,
  Text,
} from 'suomifi-ui-components';
import { useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, unwrap } from '../api/client';
import { useMe } from '../api/session';
import { languages, type Language } from '../i18n/define';
import { useI18n } from '../i18n/I18nProvider';
import { can } from './permissions';
import './layout.css';

const languageNames: Record<Language, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };

/** The frame of every page: skip link, header with the officer and the language, navigation, footer. */
export function Layout() {
  const { t, lang, setLang, nameOf } = useI18n();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const user = me.data;

  const items = user
    ? [
        { to: '/', label: t.common.nav.home, show: true },
        { to: '/proposals', label: t.common.nav.proposals, show: can(user, 'proposal.list') },
        {
          to: '/hearings',
          label: t.common.nav.hearings,
          show: user.organisation.kind === 'WELFARE_AREA' && can(user, 'proposal.answerHearing'),
        },
        { to: '/clients', label: t.common.nav.clients, show: can(user, 'client.list') },
        { to: '/todos', label: t.common.nav.todos, show: can(user, 'todo.listOwn') },
        { to: '/outreach', label: t.outreach.nav, show: can(user, 'outreach.list') },
        {
          to: '/anonymous-visits',
          label: t.common.nav.anonymousVisits,
          show: can(user, 'anonymousVisit.record'),
        },
        { to: '/reports', label: t.common.nav.reports, show: can(user, 'report.read') },
        { to: '/admin/users', label: t.common.nav.users, show: can(user, 'user.manage') },
        { to: '/admin/transfers', label: t.transfers.nav, show: can(user, 'transfer.create') },
        { to: '/admin/audit', label: t.common.nav.audit, show: can(user, 'audit.read') },
        { to: '/admin/webhooks', label: t.webhooks.nav, show: can(user, 'webhook.manage') },
      ].filter((item) => item.show)
    : [];
  const current = (to: string) =>
    to === '/'
      ? location.pathname === '/'
      : location.pathname === to || location.pathname.startsWith(`${to}/`);

  async function logOut() {
    const { redirectTo } = await unwrap(api.POST('/auth/logout'));
    setCsrfToken(undefined);
    queryClient.clear();
    if (/^https?:\/\//.test(redirectTo)) window.location.assign(redirectTo);
    else void navigate(redirectTo || '/login');
  }

  // Each page starts at its heading, so screen readers hear where they landed.
  useEffect(() => {
    const heading = document.querySelector<HTMLElement>('main h1');
    heading?.focus({ preventScroll: false });
  }, [location.pathname]);

  return (
    <div className="koto-app">
      <SkipLink href="#main">{t.common.skipLink}</SkipLink>
      <header className="koto-header">
        <div className="koto-header-row">
          <RouterLink asComponent={Link} to="/" className="koto-service-name">
            {t.common.serviceName}
          </RouterLink>
          <div className="koto-header-tools">
            <LanguageMenu
              buttonText={languageNames[lang]}
              aria-label={t.common.languageMenuLabel(languageNames[lang])}
            >
              {languages.map((l) => (
                <LanguageMenuItem key={l} lang={l} selected={l === lang} onSelect={() => setLang(l)}>
                  {languageNames[l]}
                </LanguageMenuItem>
              ))}
            </LanguageMenu>
            {user ? (
              <>
                <Text className="koto-user" data-testid="signed-in-user">
                  {user.displayName.includes(nameOf(user.organisation.name))
                    ? user.displayName
                    : t.common.signedInAs(user.displayName, nameOf(user.organisation.name))}
                </Text>
                <Button variant="secondary" onClick={() => void logOut()}>
                  {t.common.logOut}
                </Button>
              </>
            ) : (
              <RouterLink asComponent={Link} to="/login">
                {t.common.logIn}
              </RouterLink>
            )}
          </div>
        </div>
        {items.length > 0 && (
          <ServiceNavigation aria-label={t.common.mainNavigation} className="koto-nav">
            {items.map((item) => (
              <ServiceNavigationItem key={item.to} selected={current(item.to)}>
                <RouterLink
                  asComponent={Link}
                  to={item.to}
                  aria-current={current(item.to) ? 'page' : undefined}
                >
                  {item.label}
                </RouterLink>
              </ServiceNavigationItem>
            ))}
          </ServiceNavigation>
        )}
      </header>
      <main id="main" className="koto-main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="koto-footer">
        <RouterLink asComponent={Link} to="/accessibility">
          {t.common.footer.accessibility}
        </RouterLink>
        <Text>{t.common.footer.operator}</Text>
      </footer>
    </div>
  );
}
