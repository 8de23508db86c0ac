import { useSearchParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Controller, useForm, type Control } from 'react-hook-form';
import { Button, Paragraph, SingleSelect } from 'suomifi-ui-components';
import { useAriaControlsFix } from '../../shared/useAriaControlsFix';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/session';
import { can } from '../../app/permissions';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField, TextField, fieldId } from '../../shared/forms';
import { useOrganisationName, useOrganisations } from '../../shared/organisations';
import { Page } from '../../shared/Page';
import { ListState, LoadMore } from '../../shared/QueryState';
import { endOfHelsinkiDayExclusive, startOfHelsinkiDay } from './helsinkiDay';
import './access.css';

interface Filters {
  userId: string;
  subjectId: string;
  organisationId: string;
  from: string;
  to: string;
}
const filterNames = ['userId', 'subjectId', 'organisationId', 'from', 'to'] as const;
const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * "Lokitiedot": who read or changed what, allowed or refused. A municipality's admin sees their
 * own staff and their own clients and proposals; KEHA sees everything and may filter by
 * organisation. The officer types whole days; the API gets the Helsinki instants they span.
 */
export default function AuditLogPage() {
  const { t, formatDateTime } = useI18n();
  const a = t.access.audit;
  const me = useMe();
  const orgName = useOrganisationName();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(
    filterNames.map((name) => [name, params.get(name) ?? '']),
  ) as unknown as Filters;
  const form = useForm<Filters>({ values: filters });
  const mayRead = can(me.data, 'audit.read');
  const keha = me.data?.organisation.kind === 'KEHA';

  const list = useInfiniteQuery({
    queryKey: ['audit-events', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/audit-events', {
          params: {
            query: {
              ...(filters.userId ? { userId: filters.userId } : {}),
              ...(filters.subjectId ? { subjectId: filters.subjectId } : {}),
              ...(filters.organisationId ? { organisationId: filters.organisationId } : {}),
              ...(isDate(filters.from) ? { from: startOfHelsinkiDay(filters.from).toISOString() } : {}),
              ...(isDate(filters.to) ? { to: endOfHelsinkiDayExclusive(filters.to).toISOString() } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
              limit: 50,
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const apply = form.handleSubmit((values) => {
    if (values.from && values.to && values.to < values.from) {
      form.setError('to', { type: 'order', message: a.filters.toBeforeFrom }, { shouldFocus: true });
      return;
    }
    const next = new URLSearchParams();
    for (const name of filterNames) {
      const value = values[name].trim();
      if (value) next.set(name, value);
    }
    setParams(next);
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Page title={a.title}>
      {mayRead && (
        <>
          <Paragraph mb="s">{a.intro}</Paragraph>
          <Paragraph mb="m">{keha ? a.scopeAll : a.scopeMunicipality}</Paragraph>
          <form
            onSubmit={apply}
            noValidate
            className="koto-filters"
            aria-label={a.filters.title}
            role="search"
          >
            <TextField control={form.control} name="userId" label={a.filters.userId} />
            <TextField
              control={form.control}
              name="subjectId"
              label={a.filters.subjectId}
              hint={a.filters.subjectIdHint}
            />
            {keha && <AnyOrganisationField control={form.control} label={a.filters.organisation} />}
            <DateField control={form.control} name="from" label={a.filters.from} />
            <DateField control={form.control} name="to" label={a.filters.to} />
            <div className="koto-actions">
              <Button type="submit">{a.filters.apply}</Button>
              <Button variant="secondary" onClick={() => setParams(new URLSearchParams())}>
                {a.filters.reset}
              </Button>
            </div>
          </form>
        </>
      )}
      <ListState query={list} rows={rows.length} none={t.common.noResults} />
      {rows.length > 0 && (
        <>
          <Paragraph mb="s">
            <span role="status">{a.shown(rows.length)}</span>
          </Paragraph>
          <div className="koto-table-scroll" role="region" aria-labelledby="audit-caption" tabIndex={0}>
            <table className="koto-table koto-audit-table" data-testid="audit-events">
              <caption id="audit-caption">{a.results}</caption>
              <thead>
                <tr>
                  <th scope="col">{a.columns.at}</th>
                  <th scope="col">{a.columns.user}</th>
                  <th scope="col">{a.columns.organisation}</th>
                  <th scope="col">{a.columns.action}</th>
                  <th scope="col">{a.columns.resource}</th>
                  <th scope="col">{a.columns.subject}</th>
                  <th scope="col">{a.columns.outcome}</th>
                  <th scope="col">{a.columns.requestId}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((event) => (
                  <tr key={event.id}>
                    <td className="koto-nowrap">
                      <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                    </td>
                    <td className="koto-nowrap">{event.userId}</td>
                    <td>{orgName(event.organisationId)}</td>
                    <td className="koto-nowrap">
                      <code>{event.action}</code>
                    </td>
                    <td>
                      {event.resourceType}
                      {event.resourceId && (
                        <>
                          {' '}
                          <code>{event.resourceId}</code>
                        </>
                      )}
                    </td>
                    <td>{event.subjectId ? <code>{event.subjectId}</code> : t.common.none}</td>
                    <td>
                      <span
                        className={event.outcome === 'REFUSED' ? 'koto-badge koto-badge-alert' : 'koto-badge'}
                      >
                        {a.outcomes[event.outcome] ?? event.outcome}
                      </span>
                    </td>
                    <td>
                      <code>{event.requestId}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <LoadMore list={list} />
    </Page>
  );
}

/** KEHA may narrow the log to any organisation: a searchable list of all of them, with their kind. */
function AnyOrganisationField({ control, label }: { control: Control<Filters>; label: string }) {
  const { t, nameOf, lang } = useI18n();
  const organisations = useOrganisations();
  useAriaControlsFix(fieldId('organisationId'));
  const items = (organisations.data ?? [])
    .map((o) => ({
      uniqueItemId: o.id,
      labelText: `${nameOf(o.name)} (${t.common.organisationKinds[o.kind]})`,
    }))
    .sort((x, y) => x.labelText.localeCompare(y.labelText, lang));
  return (
    <Controller
      control={control}
      name="organisationId"
      render={({ field }) => (
        <SingleSelect
          id={fieldId('organisationId')}
          labelText={label}
          clearButtonLabel={t.common.clear}
          items={items}
          selectedItem={items.find((i) => i.uniqueItemId === field.value) ?? null}
          onItemSelectionChange={(item) => field.onChange(item?.uniqueItemId ?? '')}
          noItemsText={t.common.noResults}
          ariaOptionsAvailableTextFunction={t.common.optionsAvailable}
          loading={organisations.isPending}
          loadingText={t.common.loading}
        />
      )}
    />
  );
}
