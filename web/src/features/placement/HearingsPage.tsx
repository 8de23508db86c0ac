import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Paragraph, RouterLink } from 'suomifi-ui-components';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { useOrganisationName } from '../../shared/organisations';
import { Page } from '../../shared/Page';
import { ListState } from '../../shared/QueryState';

/** The welfare-area expert's view: hearings waiting for the area's answer (§ 43). */
export default function HearingsPage() {
  const { t, formatDate } = useI18n();
  const p = t.placement;
  const orgName = useOrganisationName();
  const hearings = useQuery({
    queryKey: ['proposals', { status: 'HEARING' }],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/placement-proposals', { params: { query: { status: 'HEARING', limit: 200 } } }),
      ),
    refetchInterval: 15_000,
  });
  const rows = hearings.data?.items ?? [];
  return (
    <Page title={p.hearingsTitle}>
      <Paragraph mb="m">{p.hearingsIntro}</Paragraph>
      <ListState query={hearings} rows={rows.length} none={t.common.noResults} />
      {rows.length > 0 && (
        <table className="koto-table" data-testid="hearings">
          <caption>{p.hearingsTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{p.columns.proposal}</th>
              <th scope="col">{p.columns.kind}</th>
              <th scope="col">{p.columns.persons}</th>
              <th scope="col">{p.columns.municipality}</th>
              <th scope="col">{p.columns.created}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <RouterLink asComponent={Link} to={`/proposals/${row.id}`}>
                    {p.actions['hearing/answer']}: {row.id.slice(0, 8)}
                  </RouterLink>{' '}
                  {row.overdue && <span className="koto-badge koto-badge-alert">{p.overdue}</span>}
                </td>
                <td>{p.kinds[row.kind] ?? row.kind}</td>
                <td>{row.householdSize}</td>
                <td>{orgName(row.municipalityId)}</td>
                <td>{formatDate(row.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
