import { useId } from 'react';
import { useI18n } from '../../i18n/I18nProvider';

export interface ReportRow {
  key: string;
  label: string;
  /** null when suppressed: fewer than five, never shown as a number. */
  count: number | null;
}

/** What a suppressed cell may be at most (the API suppresses 1–4). */
const LARGEST_SUPPRESSED = 4;

/**
 * A horizontal bar chart without a charting library. Each bar has its number beside it in text,
 * the whole chart has a text alternative (the same figures in words), and suppressed cells are
 * drawn dashed up to their upper bound and labelled "< 5", so nothing depends on colour.
 */
export function BarChart({ title, rows }: { title: string; rows: ReportRow[] }) {
  const { t } = useI18n();
  const r = t.reports;
  const captionId = useId();
  const largest = Math.max(LARGEST_SUPPRESSED + 1, ...rows.map((row) => row.count ?? 0));
  const summary = r.chartSummary(
    title,
    rows.map((row) => `${row.label} ${row.count ?? r.suppressedInWords}`).join(', '),
  );
  return (
    <figure className="koto-chart" aria-labelledby={captionId}>
      <figcaption id={captionId}>
        {r.chart(title)}
        <span className="koto-chart-note">{r.sameAsTable}</span>
      </figcaption>
      <div className="koto-chart-rows" role="img" aria-label={summary}>
        {rows.map((row) => (
          <div key={row.key} style={{ display: 'contents' }}>
            <span>{row.label}</span>
            <span className="koto-bar-track">
              <span
                className={row.count === null ? 'koto-bar koto-bar-suppressed' : 'koto-bar'}
                style={{ width: `${((row.count ?? LARGEST_SUPPRESSED) / largest) * 100}%` }}
              />
            </span>
            <span className="koto-bar-value">{row.count ?? r.suppressed}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}
