import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Button, RouterLink } from 'suomifi-ui-components';
import { clientStatuses } from '@domain/clientCase/clientCase';
import { api, unwrap, type Schemas } from '../../api/client';
import { useMe } from '../../api/session';
import { can } from '../../app/permissions';
import { useI18n } from '../../i18n/I18nProvider';
import { CheckboxField, FormErrors, SelectField, TextField } from '../../shared/forms';
import { OrganisationField, useOrganisationName } from '../../shared/organisations';
import { Page, Section } from '../../shared/Page';
import { ListState, LoadMore } from '../../shared/QueryState';
import { StatusBadge } from '../../shared/StatusBadge';
import { fullName, searchableIdentifier } from './api';

type ClientSummary = Schemas['ClientSummary'];

interface Filters {
  status: string;
  reviewOverdue: boolean;
  mine: boolean;
  municipalityId: string;
}

/**
 * Asiakkaat: find a client by henkilötunnus or UMA number (checked in the browser with the
 * server's own rules), and the municipality's clients, filtered, a page at a time.
 */
export default function ClientsPage() {
  const { t } = useI18n();
  const c = t.clients;
  const me = useMe();
  const keha = me.data?.organisation.kind === 'KEHA';

  return (
    <Page
      title={c.listTitle}
      actions={
        can(me.data, 'client.register') && (
          <RouterLink asComponent={Link} to="/clients/new" className="koto-button-link">
            {c.register}
          </RouterLink>
        )
      }
    >
      {can(me.data, 'client.search') && <IdentifierSearch showMunicipality={keha} />}
      <ClientList keha={keha} userId={me.data?.userId} />
    </Page>
  );
}

/** The identifier stays in the page's memory, never in the address: it is personal data. */
function IdentifierSearch({ showMunicipality }: { showMunicipality: boolean }) {
  const { t } = useI18n();
  const c = t.clients;
  const form = useForm<{ identifier: string }>({ defaultValues: { identifier: '' } });
  const summaryRef = useRef<HTMLHeadingElement>(null);
  const [identifier, setIdentifier] = useState<string | null>(null);
  const results = useQuery({
    queryKey: ['clients', 'search', identifier],
    queryFn: () =>
      unwrap(api.GET('/api/v1/clients', { params: { query: { identifier: identifier!, limit: 20 } } })),
    enabled: identifier !== null,
  });
  const focusSummary = () => setTimeout(() => summaryRef.current?.focus(), 0);
  const search = form.handleSubmit(
    (values) => setIdentifier(searchableIdentifier(values.identifier)),
    focusSummary,
  );
  const rows = results.data?.items ?? [];

  return (
    <Section title={c.search.title} id="client-search">
      <form onSubmit={search} noValidate role="search" aria-label={c.search.title}>
        <FormErrors form={form} api={{ general: null, summaryRef, retry: () => undefined }} />
        <div className="koto-filters">
          <TextField
            control={form.control}
            name="identifier"
            label={c.search.identifier}
            hint={c.search.hint}
            rules={{
              required: t.common.errors.required,
              validate: (value) => searchableIdentifier(String(value ?? '')) !== null || c.search.invalid,
            }}
          />
          <Button type="submit">{c.search.submit}</Button>
          {identifier && (
            <Button
              variant="secondary"
              onClick={() => {
                form.reset({ identifier: '' });
                setIdentifier(null);
              }}
            >
              {c.search.clear}
            </Button>
          )}
        </div>
      </form>
      {identifier && (
        <div aria-live="polite">
          <ListState query={results} rows={rows.length} none={c.search.none} />
          {rows.length > 0 && (
            <ClientTable
              rows={rows}
              caption={c.search.results}
              testId="client-search-results"
              showMunicipality={showMunicipality}
            />
          )}
        </div>
      )}
    </Section>
  );
}

function ClientList({ keha, userId }: { keha: boolean; userId: string | undefined }) {
  const { t } = useI18n();
  const c = t.clients;
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    status: params.get('status') ?? '',
    reviewOverdue: params.get('reviewOverdue') === 'true',
    mine: params.get('mine') === 'true',
    municipalityId: params.get('municipalityId') ?? '',
  };
  const form = useForm<Filters>({ values: filters });
  const list = useInfiniteQuery({
    queryKey: ['clients', 'list', filters, userId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/clients', {
          params: {
            query: {
              ...(filters.status ? { status: filters.status as (typeof clientStatuses)[number] } : {}),
              ...(filters.reviewOverdue ? { reviewOverdue: 'true' as const } : {}),
              ...(filters.mine && userId ? { responsibleExpertId: userId } : {}),
              ...(keha && filters.municipalityId ? { municipalityId: filters.municipalityId } : {}),
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
    if (values.reviewOverdue) next.set('reviewOverdue', 'true');
    if (values.mine) next.set('mine', 'true');
    if (keha && values.municipalityId) next.set('municipalityId', values.municipalityId);
    setParams(next);
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const title = keha ? c.list.titleAll : c.list.title;

  return (
    <Section title={title} id="client-list">
      <form onSubmit={apply} className="koto-filters" aria-label={c.list.filters}>
        <SelectField
          control={form.control}
          name="status"
          label={c.list.status}
          placeholder={c.list.anyStatus}
          options={[
            { value: '', label: c.list.anyStatus },
            ...clientStatuses.map((s) => ({ value: s, label: t.common.statuses[s] ?? s })),
          ]}
        />
        {keha && (
          <OrganisationField
            control={form.control}
            name="municipalityId"
            kind="MUNICIPALITY"
            label={c.list.municipality}
          />
        )}
        <CheckboxField control={form.control} name="reviewOverdue" label={c.list.reviewOverdue} />
        {!keha && <CheckboxField control={form.control} name="mine" label={c.list.mine} />}
        <Button type="submit">{c.list.apply}</Button>
      </form>
      <ListState query={list} rows={rows.length} none={t.common.noResults} />
      {rows.length > 0 && (
        <ClientTable rows={rows} caption={title} testId="clients" showMunicipality={keha} />
      )}
      <LoadMore list={list} />
    </Section>
  );
}

function ClientTable({
  rows,
  caption,
  testId,
  showMunicipality,
}: {
  rows: ClientSummary[];
  caption: string;
  testId: string;
  showMunicipality: boolean;
}) {
  const { t, formatDate } = useI18n();
  const c = t.clients;
  const orgName = useOrganisationName();
  return (
    <table className="koto-table" data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{c.columns.name}</th>
          <th scope="col">{c.columns.birthDate}</th>
          <th scope="col">{c.columns.status}</th>
          {showMunicipality && <th scope="col">{c.columns.municipality}</th>}
          <th scope="col">{c.columns.expert}</th>
          <th scope="col">{c.columns.nextReview}</th>
          <th scope="col">{c.columns.registered}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <td>
              <RouterLink asComponent={Link} to={`/clients/${row.id}`}>
                {fullName(row) || `${c.nameErased} (${row.id.slice(0, 8)})`}
              </RouterLink>
            </td>
            <td>{formatDate(row.birthDate) || t.common.none}</td>
            <td>
              <StatusBadge status={row.status} />
            </td>
            {showMunicipality && <td>{orgName(row.municipalityId)}</td>}
            <td>{row.responsibleExpertId ?? t.common.none}</td>
            <td>
              {formatDate(row.nextReviewDue) || t.common.none}{' '}
              {row.reviewOverdue && <span className="koto-badge koto-badge-alert">{c.overdue}</span>}
            </td>
            <td>{formatDate(row.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
