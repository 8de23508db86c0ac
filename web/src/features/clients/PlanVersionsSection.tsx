import { Expander, ExpanderContent, ExpanderTitleButton, Paragraph } from 'suomifi-ui-components';
import { useI18n } from '../../i18n/I18nProvider';
import { Section } from '../../shared/Page';
import { ListState } from '../../shared/QueryState';
import { usePlanVersions } from './everydayApi';
import './everyday.css';

/** Suunnitelman versiot: every integration plan as it was saved, newest first, each unchanged. */
export function PlanVersionsSection({ id }: { id: string }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const v = t.everyday.versions;
  const versions = usePlanVersions(id);
  const items = versions.data?.items ?? [];
  return (
    <Section title={v.title} id="plan-versions">
      <Paragraph mb="s">{v.intro}</Paragraph>
      <ListState query={versions} rows={items.length} none={v.none} />
      <div data-testid="plan-versions">
        {items.map((version) => (
          <Expander key={version.version} mb="s" defaultOpen={false}>
            <ExpanderTitleButton asHeading="h3">
              {v.version(version.version)}
              {version.current ? ` (${v.current})` : ''}: {formatDate(version.validFrom)}–
              {formatDate(version.validUntil)}
            </ExpanderTitleButton>
            <ExpanderContent>
              <p className="koto-version-meta">
                {v.recorded(version.recordedBy, formatDateTime(version.recordedAt))}
              </p>
              <VersionLines
                title={v.goals}
                lines={version.goals.map((g) => dated(g.description, g, formatDate))}
              />
              <VersionLines
                title={v.tasks}
                lines={version.tasks.map(
                  (task) =>
                    `${task.description}${task.dueDate ? ` (${formatDate(task.dueDate)})` : ''}${task.responsible ? `, ${task.responsible}` : ''}`,
                )}
              />
              <VersionLines
                title={v.services}
                lines={version.services.map(
                  (s) => `${dated(s.name, s, formatDate)}${s.provider ? `, ${s.provider}` : ''}`,
                )}
              />
            </ExpanderContent>
          </Expander>
        ))}
      </div>
    </Section>
  );
}

function dated(
  text: string,
  item: { startDate?: string; endDate?: string },
  formatDate: (value: string | undefined) => string,
) {
  return item.startDate || item.endDate
    ? `${text} (${formatDate(item.startDate)}–${formatDate(item.endDate)})`
    : text;
}

function VersionLines({ title, lines }: { title: string; lines: string[] }) {
  const { t } = useI18n();
  return (
    <>
      <strong>{title}</strong>
      {lines.length ? (
        <ul>
          {lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      ) : (
        <p>{t.everyday.versions.noRows}</p>
      )}
    </>
  );
}
