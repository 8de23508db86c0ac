import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Paragraph, RouterLink } from 'suomifi-ui-components';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/session';
import { can } from '../../app/permissions';
import { useI18n } from '../../i18n/I18nProvider';
import { Page, Section } from '../../shared/Page';
import { ListState } from '../../shared/QueryState';
import { StatusBadge } from '../../shared/StatusBadge';

/** Etusivu: the organisation's inbox, overdue first, refreshed in the background. */
export default function HomePage() {
  const { t, formatDate, formatDateTime } = useI18n();
  const me = useMe();
  const mayRead = can(me.data, 'inbox.read');
  const inbox = useQuery({
    queryKey: ['inbox'],
    queryFn: () => unwrap(api.GET('/api/v1/inbox')),
    enabled: mayRead,
    // New work appears without reloading the page.
    refetchInterval: 10_000,
    refetchIntervalInBackground: false,
  });
  const items = inbox.data?.items ?? [];
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.type, (counts.get(item.type) ?? 0) + 1);

  return (
    <Page title={t.inbox.title}>
      {!mayRead && <Paragraph>{t.inbox.noInbox}</Paragraph>}
      {mayRead && (
        <Section title={t.inbox.heading} id="inbox">
          <Paragraph mb="s">{t.inbox.intro}</Paragraph>
          <ListState query={inbox} rows={items.length} none={t.inbox.empty} />
          {counts.size > 0 && (
            <ul className="koto-counts" aria-label={t.inbox.counts}>
              {[...counts].map(([type, n]) => (
                <li key={type}>
                  <span className="koto-badge">
                    {t.inbox.types[type] ?? type}: {n}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {items.length > 0 && (
            <table className="koto-table" data-testid="inbox">
              <caption>{t.inbox.heading}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.inbox.columns.what}</th>
                  <th scope="col">{t.inbox.columns.subject}</th>
                  <th scope="col">{t.inbox.columns.status}</th>
                  <th scope="col">{t.inbox.columns.due}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const target = item.proposalId
                    ? `/proposals/${item.proposalId}`
                    : `/clients/${item.clientId}`;
                  const id = (item.proposalId ?? item.clientId ?? '').slice(0, 8);
                  return (
                    <tr key={`${item.type}-${item.proposalId ?? item.clientId}-${item.todoId ?? ''}`}>
                      <td>
                        <RouterLink asComponent={Link} to={target}>
                          {t.inbox.types[item.type] ?? item.type}
                        </RouterLink>
                      </td>
                      <td>
                        {item.proposalId ? t.inbox.proposal : t.inbox.client} {id}
                      </td>
                      <td>
                        <StatusBadge status={item.status} />
                      </td>
                      <td>
                        {formatDate(item.dueDate)}{' '}
                        {item.overdue && (
                          <span className="koto-badge koto-badge-alert">{t.inbox.overdue}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {inbox.dataUpdatedAt > 0 && (
            <Paragraph mt="s">
              <small>{t.inbox.updated(formatDateTime(new Date(inbox.dataUpdatedAt)))}</small>
            </Paragraph>
          )}
        </Section>
      )}
    </Page>
  );
}
