import { useI18n } from '../i18n/I18nProvider';
import { useOrganisationName } from './organisations';

export interface TimelineEntry {
  at: string;
  actor: { userId: string; orgId: string };
  type: string;
  details: Record<string, unknown>;
}

/**
 * The whole history of a case: when, who (person and organisation), what, and the reason or
 * other details the decision carried. Newest last, as the process ran.
 */
export function Timeline({
  events,
  labels,
  describe,
}: {
  events: TimelineEntry[];
  labels: Record<string, string>;
  describe?: (entry: TimelineEntry) => string | undefined;
}) {
  const { t, formatDateTime } = useI18n();
  const orgName = useOrganisationName();
  return (
    <ol className="koto-timeline" data-testid="timeline">
      {events.map((e, i) => {
        const system = e.actor.userId === 'system';
        const extra = describe?.(e);
        return (
          <li key={`${e.at}-${i}`}>
            <div>
              <strong>{labels[e.type] ?? e.type}</strong>
            </div>
            <div>
              <time dateTime={e.at}>{formatDateTime(e.at)}</time> ·{' '}
              {system ? t.common.systemActor : `${e.actor.userId}, ${orgName(e.actor.orgId)}`}
            </div>
            {extra && <div>{extra}</div>}
          </li>
        );
      })}
    </ol>
  );
}
