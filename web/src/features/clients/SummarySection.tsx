import { InlineAlert, Paragraph } from 'suomifi-ui-components';
import { useI18n } from '../../i18n/I18nProvider';
import { Section } from '../../shared/Page';
import { LoadingState, QueryError } from '../../shared/QueryState';
import { StatusBadge } from '../../shared/StatusBadge';
import { languagesText, useClientSummary } from './everydayApi';

/** Tilannekatsaus: the client's situation at a glance (`GET /api/v1/clients/{id}/summary`). */
export function SummarySection({ id }: { id: string }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const s = t.everyday.summary;
  const c = t.clients;
  const summary = useClientSummary(id);
  const none = t.common.none;

  if (summary.isPending) return <LoadingState />;
  if (summary.error) return <QueryError error={summary.error} retry={() => void summary.refetch()} />;
  const data = summary.data;
  const plan = data.currentPlan;
  const right = data.residenceRight;
  const assessment = data.latestAssessment;

  return (
    <Section title={s.title} id="summary">
      {data.flags.length > 0 && (
        <InlineAlert status="warning" labelText={s.attention} mb="s" data-testid="summary-flags">
          <ul className="koto-flags">
            {data.flags.map((flag) => (
              <li key={flag}>{s.flags[flag] ?? flag}</li>
            ))}
          </ul>
        </InlineAlert>
      )}
      <dl className="koto-facts" data-testid="summary">
        <dt>{c.detail.status}</dt>
        <dd>
          <StatusBadge status={data.status} />
        </dd>
        <dt>{c.detail.personalIdentityCode}</dt>
        <dd>{data.person.personalIdentityCode ?? none}</dd>
        <dt>{c.detail.umaNumber}</dt>
        <dd>{data.person.umaNumber ?? none}</dd>
        <dt>{c.detail.serviceLanguage}</dt>
        <dd>{data.person.serviceLanguage ? c.serviceLanguages[data.person.serviceLanguage] : none}</dd>
        <dt>{c.detail.languages}</dt>
        <dd>{languagesText(data.person.languages) || none}</dd>
        <dt>{s.expert}</dt>
        <dd>{data.responsibleExpertId ?? s.noExpert}</dd>
        <dt>{s.plan}</dt>
        <dd data-testid="summary-plan">
          {plan
            ? s.planText(formatDate(plan.validFrom), formatDate(plan.validUntil), plan.version)
            : s.noPlan}{' '}
          {plan?.expired && <span className="koto-badge koto-badge-alert">{c.expired}</span>}
        </dd>
        <dt>{s.nextReview}</dt>
        <dd>
          {formatDate(data.nextReviewDue) || none}{' '}
          {data.reviewOverdue && <span className="koto-badge koto-badge-alert">{c.overdue}</span>}
        </dd>
        <dt>{s.lastContact}</dt>
        <dd data-testid="summary-last-contact">
          {data.lastContactAt
            ? `${formatDateTime(data.lastContactAt)} (${t.everyday.channels[data.lastContactChannel ?? 'OTHER']})`
            : s.noContact}
        </dd>
        <dt>{s.openTodos}</dt>
        <dd data-testid="summary-todos">
          {data.openTodoCount ? s.todoCount(data.openTodoCount, data.overdueTodoCount) : none}
        </dd>
        <dt>{s.latestAssessment}</dt>
        <dd>
          {assessment
            ? `${c.assessmentTypes[assessment.type] ?? assessment.type}, ${formatDate(assessment.completedOn)}${
                assessment.serviceNeeds.length ? `: ${assessment.serviceNeeds.join(', ')}` : ''
              }`
            : s.noAssessment}
        </dd>
        <dt>{s.residenceRight}</dt>
        <dd data-testid="summary-residence">
          {right
            ? `${c.residenceTypes[right.type] ?? right.type}${right.validUntil ? `, ${s.validUntil(formatDate(right.validUntil))}` : ''}`
            : none}{' '}
          {right?.expired && <span className="koto-badge koto-badge-alert">{c.expired}</span>}
        </dd>
      </dl>
      {data.openTodos.length > 0 && (
        <Paragraph mt="s">
          {data.openTodos
            .slice(0, 3)
            .map((todo) => `${todo.title}${todo.dueDate ? ` (${formatDate(todo.dueDate)})` : ''}`)
            .join(' · ')}
        </Paragraph>
      )}
    </Section>
  );
}
