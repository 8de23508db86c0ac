import { Link, useSearchParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Button, RouterLink } from 'suomifi-ui-components';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/session';
import { can } from '../../app/permissions';
import { useI18n } from '../../i18n/I18nProvider';
import { CheckboxField, SelectField } from '../../shared/forms';
import { OrganisationField, useOrganisationName } from '../../shared/organisations';
import { Page } from '../../shared/Page';
import { ListState, LoadMore } from '../../shared/QueryState';
import { StatusBadge } from '../../shared/StatusBadge';
import { proposalStatuses } from '@domain/placement/proposal';

interface Filters {
  status: string;
  municipalityId: string;
  elinvoimakeskusId: string;
  overdue: boolean;
}

/** Sijoitusesitykset: the proposals the caller may see, filtered, a page at a time. */
export default function ProposalsPage() {
  const { t, formatDate } = useI18n();
  const p = t.placement;
  const me = useMe();
  const orgName = useOrganisationName();
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    status: params.get('status') ?? '',
    municipalityId: params.get('municipalityId') ?? '',
    elinvoimakeskusId: params.get('elinvoimakeskusId') ?? '',
    overdue: params.get('overdue') === 'true',
  };
  const form = useForm<Filters>({ values: filters });
  const kind = me.data?.organisation.kind;

  const list = useInfiniteQuery({
    queryKey: ['proposals', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/placement-proposals', {
          params: {
            query: {
              ...(filters.status ? { status: filters.status as (typeof proposalStatuses)[number] } : {}),
              ...(filters.municipalityId ? { municipalityId: filters.municipalityId } : {}),
              ...(filters.elinvoimakeskusId ? { elinvoimakeskusId: filters.elinvoimakeskusId } : {}),
              ...(filters.overdue ? { overdue: 'true' as const } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
              limit: 25,
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const apply = form.handleSubmit((values) => {
    const next = new URLSearchParams();
    if (values.status) next.set('status', values.status);
    if (values.municipalityId) next.set('municipalityId', values.municipalityId);
    if (values.elinvoimakeskusId) next.set('elinvoimakeskusId', values.elinvoimakeskusId);
    if (values.overdue) next.set('overdue', 'true');
    setParams(next);
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Page
      title={p.listTitle}
      actions={
        can(me.data, 'proposal.create') && (
          <RouterLink asComponent={Link} to="/proposals/new" className="koto-button-link">
            {p.newProposal}
          </RouterLink>
        )
      }
    >
      <form onSubmit={apply} className="koto-filters" aria-label={p.filters.title} role="search">
        <SelectField
          control={form.control}
          name="status"
          label={p.filters.status}
          options={[
            { value: '', label: p.filters.anyStatus },
            ...proposalStatuses.map((s) => ({ value: s, label: t.common.statuses[s] ?? s })),
          ]}
        />
        {kind !== 'MUNICIPALITY' && (
          <OrganisationField
            control={form.control}
            name="municipalityId"
            kind="MUNICIPALITY"
            label={p.filters.municipality}
          />
        )}
        {kind !== 'ELINVOIMAKESKUS' && (
          <OrganisationField
            control={form.control}
            name="elinvoimakeskusId"
            kind="ELINVOIMAKESKUS"
            label={p.filters.elinvoimakeskus}
          />
        )}
        <CheckboxField control={form.control} name="overdue" label={p.filters.overdue} />
        <Button type="submit">{p.filters.apply}</Button>
      </form>
      <ListState query={list} rows={rows.length} none={t.common.noResults} />
      {rows.length > 0 && (
        <table className="koto-table" data-testid="proposals">
          <caption>{p.listTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{p.columns.proposal}</th>
              <th scope="col">{p.columns.kind}</th>
              <th scope="col">{p.columns.persons}</th>
              <th scope="col">{p.columns.status}</th>
              <th scope="col">{p.columns.owner}</th>
              <th scope="col">{p.columns.municipality}</th>
              <th scope="col">{p.columns.due}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <RouterLink asComponent={Link} to={`/proposals/${row.id}`}>
                    {row.id.slice(0, 8)}
                  </RouterLink>
                  <div>
                    <small>
                      {p.columns.created} {formatDate(row.createdAt)}
                    </small>
                  </div>
                </td>
                <td>{p.kinds[row.kind] ?? row.kind}</td>
                <td>{row.householdSize}</td>
                <td>
                  <StatusBadge status={row.status} />
                </td>
                <td>{orgName(row.ownerId)}</td>
                <td>{orgName(row.municipalityId)}</td>
                <td>
                  {formatDate(row.answerDueDate)}{' '}
                  {row.overdue && <span className="koto-badge koto-badge-alert">{p.overdue}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore list={list} />
    </Page>
  );
}
