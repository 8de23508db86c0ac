import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { InlineAlert, Paragraph, RadioButton, RadioButtonGroup } from 'suomifi-ui-components';
import { api, ProblemError, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { useOrganisationName } from '../../shared/organisations';
import { Page, Section } from '../../shared/Page';
import { LoadingState, QueryError } from '../../shared/QueryState';
import { BarChart, type ReportRow } from './BarChart';
import './reports.css';

const placementGroups = ['status', 'municipality', 'elinvoimakeskus', 'kind'] as const;
const clientGroups = ['status', 'municipality'] as const;
type PlacementGroup = (typeof placementGroups)[number];
type ClientGroup = (typeof clientGroups)[number];

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T {
  return allowed.includes(value as T) ? (value as T) : allowed[0];
}

interface Cell {
  key: string;
  count: number | null;
  suppressed: boolean;
}

/**
 * "Raportit": the situation picture for TEM's analysts and KEHA's supervisors. Counts only, with
 * the API's small-cell suppression kept visible: a suppressed cell reads "< 5", never 0.
 */
export default function ReportsPage() {
  const { t } = useI18n();
  const r = t.reports;
  const orgName = useOrganisationName();
  const [params, setParams] = useSearchParams();
  const placementsBy = oneOf<PlacementGroup>(params.get('placementsBy'), placementGroups);
  const clientsBy = oneOf<ClientGroup>(params.get('clientsBy'), clientGroups);
  const placements = useQuery({
    queryKey: ['reports', 'placements', placementsBy],
    queryFn: () =>
      unwrap(api.GET('/api/v1/reports/placements', { params: { query: { groupBy: placementsBy } } })),
  });
  const clients = useQuery({
    queryKey: ['reports', 'clients', clientsBy],
    queryFn: () => unwrap(api.GET('/api/v1/reports/clients', { params: { query: { groupBy: clientsBy } } })),
  });

  const choose = (name: 'placementsBy' | 'clientsBy', value: string) => {
    const next = new URLSearchParams(params);
    next.set(name, value);
    setParams(next, { replace: true });
  };
  const labelOf = (groupBy: string, key: string) => {
    if (key === 'NONE') return r.none;
    if (groupBy === 'status') return t.common.statuses[key] ?? key;
    if (groupBy === 'kind') return t.placement.kinds[key] ?? key;
    return orgName(key);
  };
  const rowsOf = (groupBy: string, items: Cell[]): ReportRow[] =>
    items
      .map((cell) => ({
        key: cell.key,
        label: labelOf(groupBy, cell.key),
        count: cell.suppressed ? null : cell.count,
      }))
      .sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || a.label.localeCompare(b.label));

  // Someone without the right gets the API's refusal once, not a page of empty reports.
  const refusal = [placements.error, clients.error].find(
    (e) => e instanceof ProblemError && e.status === 403,
  );
  if (refusal) {
    return (
      <Page title={r.title}>
        <QueryError error={refusal} />
      </Page>
    );
  }

  return (
    <Page title={r.title}>
      <Paragraph mb="s">{r.intro}</Paragraph>
      <InlineAlert status="neutral" mb="m" id="suppression-note">
        {r.suppressionNote}
      </InlineAlert>

      <Section title={r.placements.title} id="placements">
        <GroupByChoice
          name="placementsBy"
          value={placementsBy}
          groups={placementGroups}
          onChange={(value) => choose('placementsBy', value)}
        />
        {placements.isPending && <LoadingState />}
        {placements.error && <QueryError error={placements.error} retry={() => void placements.refetch()} />}
        {placements.data && (
          <Report
            title={r.placements.caption(r.groups[placementsBy])}
            groupColumn={r.groupColumns[placementsBy]}
            rows={rowsOf(placementsBy, placements.data.items)}
            generatedAt={placements.data.generatedAt}
            extra={{ label: r.placements.overdue, count: placements.data.overdue }}
            testId="placements-report"
          />
        )}
      </Section>

      <Section title={r.clients.title} id="clients">
        <GroupByChoice
          name="clientsBy"
          value={clientsBy}
          groups={clientGroups}
          onChange={(value) => choose('clientsBy', value)}
        />
        {clients.isPending && <LoadingState />}
        {clients.error && <QueryError error={clients.error} retry={() => void clients.refetch()} />}
        {clients.data && (
          <Report
            title={r.clients.caption(r.groups[clientsBy])}
            groupColumn={r.groupColumns[clientsBy]}
            rows={rowsOf(clientsBy, clients.data.items)}
            generatedAt={clients.data.generatedAt}
            extra={{ label: r.clients.reviewsOverdue, count: clients.data.reviewsOverdue }}
            testId="clients-report"
          />
        )}
      </Section>
    </Page>
  );
}

function GroupByChoice({
  name,
  value,
  groups,
  onChange,
}: {
  name: string;
  value: string;
  groups: readonly string[];
  onChange(value: string): void;
}) {
  const { t } = useI18n();
  const r = t.reports;
  return (
    <RadioButtonGroup labelText={r.groupBy} name={name} value={value} onChange={onChange} mb="m">
      {groups.map((group) => (
        <RadioButton key={group} value={group}>
          {r.groupColumns[group]}
        </RadioButton>
      ))}
    </RadioButtonGroup>
  );
}

/** A suppressed count in a table cell: "< 5" on screen, in words for screen readers. */
function Count({ count }: { count: number | null }) {
  const { t } = useI18n();
  if (count !== null) return <>{count}</>;
  return (
    <>
      <span aria-hidden="true">{t.reports.suppressed}</span>
      <span className="visually-hidden">{t.reports.suppressedInWords}</span>
    </>
  );
}

function Report({
  title,
  groupColumn,
  rows,
  generatedAt,
  extra,
  testId,
}: {
  title: string;
  groupColumn: string;
  rows: ReportRow[];
  generatedAt: string;
  extra: { label: string; count: number | null };
  testId: string;
}) {
  const { t, formatDateTime } = useI18n();
  const r = t.reports;
  return (
    <div data-testid={testId}>
      <Paragraph mb="s">
        <time dateTime={generatedAt}>{r.generatedAt(formatDateTime(generatedAt))}</time>
      </Paragraph>
      <dl className="koto-facts">
        <dt>{extra.label}</dt>
        <dd>
          <Count count={extra.count} />
        </dd>
      </dl>
      {rows.length === 0 ? (
        <Paragraph mt="m">{r.empty}</Paragraph>
      ) : (
        <>
          <BarChart title={title} rows={rows} />
          <table className="koto-table koto-report-table" aria-describedby="suppression-note">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{groupColumn}</th>
                <th scope="col" className="koto-count">
                  {r.count}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.label}</th>
                  <td className="koto-count">
                    <Count count={row.count} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
