import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Button, InlineAlert, Paragraph, RouterLink } from 'suomifi-ui-components';
import { useMe } from '../../api/session';
import { useI18n } from '../../i18n/I18nProvider';
import { useOrganisationName } from '../../shared/organisations';
import { Page, Section } from '../../shared/Page';
import { LoadingState, QueryError } from '../../shared/QueryState';
import { AllowedActionButtons, TemporalHistoryLink } from '../../shared/CaseParts';
import { StatusBadge } from '../../shared/StatusBadge';
import { Timeline, type TimelineEntry } from '../../shared/Timeline';
import { fullName, reloadClient, useClient, type Client } from './api';
import { ClientActionForm } from './ClientActionForm';
import { ContactsSection } from './ContactsSection';
import { CorrectionForm, ProvenanceNote } from './CorrectionForm';
import { mayWork, reloadEveryday } from './everydayApi';
import { useEverydayDescription } from './everydayTimeline';
import { PlanVersionsSection } from './PlanVersionsSection';
import { RegistersSection } from './RegistersSection';
import { SummarySection } from './SummarySection';
import { TodosSection } from './TodosSection';

/**
 * One client case: the person and identifiers, residence right, status, responsible expert,
 * assessments, the integration plan and its reviews, the whole timeline, and exactly the decisions
 * the API says the caller may make now (`allowedActions`).
 */
export default function ClientPage() {
  const { id = '' } = useParams();
  const { t, formatDate, formatDateTime } = useI18n();
  const c = t.clients;
  const d = c.detail;
  const me = useMe();
  const orgName = useOrganisationName();
  const queryClient = useQueryClient();
  const client = useClient(id);
  const [action, setAction] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; status: 'neutral' | 'warning' } | null>(null);
  const [movedTo, setMovedTo] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const describeEveryday = useEverydayDescription();

  if (movedTo) {
    return (
      <Page title={d.title}>
        <InlineAlert status="neutral" mb="m" role="status" data-testid="notice">
          {d.moved} ({orgName(movedTo)})
        </InlineAlert>
        <RouterLink asComponent={Link} to="/clients">
          {c.listTitle}
        </RouterLink>
      </Page>
    );
  }
  if (client.isPending) return <LoadingState />;
  if (client.error) {
    return (
      <Page title={d.title}>
        <QueryError error={client.error} retry={() => void client.refetch()} />
      </Page>
    );
  }
  const data = client.data;
  const person = data.person;
  const none = t.common.none;
  const yesNo = (value: boolean) => (value ? t.common.yes : t.common.no);
  const origin = data.provenance.person;

  return (
    <Page title={d.title}>
      {notice && (
        <InlineAlert status={notice.status} mb="m" role="status" data-testid="notice">
          {notice.text}
        </InlineAlert>
      )}
      <SummarySection id={data.id} />

      <RegistersSection id={data.id} />

      <Section title={d.facts} id="facts">
        <dl className="koto-facts">
          <dt>{d.name}</dt>
          <dd data-testid="client-name">{fullName(person) || c.nameErased}</dd>
          <dt>{d.status}</dt>
          <dd>
            <StatusBadge status={data.status} />
          </dd>
          <dt>{d.municipality}</dt>
          <dd>{orgName(data.municipalityId)}</dd>
          <dt>{d.expert}</dt>
          <dd data-testid="responsible-expert">{data.responsibleExpertId ?? d.noExpert}</dd>
          <dt>{d.nextReview}</dt>
          <dd data-testid="next-review">
            {formatDate(data.nextReviewDue) || none}{' '}
            {data.reviewOverdue && <span className="koto-badge koto-badge-alert">{c.overdue}</span>}
          </dd>
          <dt>{d.registered}</dt>
          <dd>{formatDateTime(data.createdAt)}</dd>
          {data.proposalId && (
            <>
              <dt>{d.proposal}</dt>
              <dd>
                <RouterLink asComponent={Link} to={`/proposals/${data.proposalId}`}>
                  {d.openProposal}
                </RouterLink>
              </dd>
            </>
          )}
          {data.endedAt && (
            <>
              <dt>{d.endedAt}</dt>
              <dd>{formatDateTime(data.endedAt)}</dd>
            </>
          )}
          {data.endReason && data.status !== 'ACTIVE' && (
            <>
              <dt>{d.endReason}</dt>
              <dd data-testid="end-reason">{data.endReason}</dd>
            </>
          )}
          {data.deletionDueAt && (
            <>
              <dt>{d.deletionDue}</dt>
              <dd>{formatDate(data.deletionDueAt)}</dd>
            </>
          )}
        </dl>
        <TemporalHistoryLink workflowId={`client-case-${data.id}`} />
      </Section>

      <Section title={d.actions} id="actions">
        {data.allowedActions.length === 0 && <Paragraph>{d.noActions}</Paragraph>}
        <AllowedActionButtons
          actions={data.allowedActions}
          chosen={action}
          label={(a) => c.actions[a] ?? a}
          onChoose={(a) => {
            setNotice(null);
            setAction(action === a ? null : a);
          }}
        />
        {action && data.allowedActions.includes(action) && (
          <div id="action-form">
            <ClientActionForm
              key={action}
              action={action}
              client={data}
              onDone={async (result) => {
                setAction(null);
                if (action === 'move') {
                  queryClient.removeQueries({ queryKey: ['client', id] });
                  void queryClient.invalidateQueries({ queryKey: ['clients'] });
                  setMovedTo(result.municipalityId);
                  return;
                }
                setNotice({ text: d.done, status: 'neutral' });
                await reloadClient(queryClient, id);
              }}
              onConflict={async () => {
                setAction(null);
                setNotice({ text: d.reloaded, status: 'warning' });
                await reloadClient(queryClient, id);
              }}
              onCancel={() => setAction(null)}
            />
          </div>
        )}
      </Section>

      <TodosSection client={data} />

      <ContactsSection client={data} />

      <Section title={d.person} id="person">
        <dl className="koto-facts">
          <dt>{d.birthDate}</dt>
          <dd>
            {formatDate(person.birthDate) || none}
            <ProvenanceNote entry={origin.birthDate} />
          </dd>
          <dt>{d.personalIdentityCode}</dt>
          <dd>
            {person.personalIdentityCode ?? none}
            <ProvenanceNote entry={origin.personalIdentityCode} />
          </dd>
          <dt>{d.umaNumber}</dt>
          <dd>
            {person.umaNumber ?? none}
            <ProvenanceNote entry={origin.umaNumber} />
          </dd>
          <dt>{d.nationality}</dt>
          <dd>
            {person.nationality ?? none}
            <ProvenanceNote entry={origin.nationality} />
          </dd>
          <dt>{d.languages}</dt>
          <dd data-testid="person-languages">
            {person.languages.map((l) => (l.level ? `${l.code} (${l.level})` : l.code)).join(', ') || none}
            <ProvenanceNote entry={origin.languages} />
          </dd>
          <dt>{d.serviceLanguage}</dt>
          <dd>
            {person.serviceLanguage ? c.serviceLanguages[person.serviceLanguage] : none}
            <ProvenanceNote entry={origin.serviceLanguage} />
          </dd>
          <dt>{d.phone}</dt>
          <dd data-testid="person-phone">
            {person.phone ?? none}
            <ProvenanceNote entry={origin.phone} />
          </dd>
          <dt>{d.email}</dt>
          <dd>
            {person.email ?? none}
            <ProvenanceNote entry={origin.email} />
          </dd>
          <dt>{d.rightToWork}</dt>
          <dd>
            {person.rightToWork ?? none}
            <ProvenanceNote entry={origin.rightToWork} />
          </dd>
          <dt>{d.finnishCitizen}</dt>
          <dd>
            {yesNo(data.finnishCitizen)}
            <ProvenanceNote entry={data.provenance.finnishCitizen} />
          </dd>
          {data.finnishCitizenException && (
            <>
              <dt>{d.finnishCitizenException}</dt>
              <dd data-testid="finnish-citizen-exception">
                {c.finnishCitizenExceptionBases[data.finnishCitizenException.basis] ??
                  data.finnishCitizenException.basis}
                <div>{d.noPlanForCitizen}</div>
              </dd>
            </>
          )}
          {data.firstPlanStartedOn && (
            <>
              <dt>{d.firstPlanStartedOn}</dt>
              <dd>{formatDate(data.firstPlanStartedOn)}</dd>
            </>
          )}
        </dl>
        {mayWork(me.data, data, 'client.correct') && !correcting && (
          <Button
            variant="secondary"
            mt="s"
            aria-expanded={false}
            aria-controls="correction-form"
            onClick={() => {
              setNotice(null);
              setCorrecting(true);
            }}
          >
            {t.everyday.corrections.open}
          </Button>
        )}
        {correcting && (
          <div id="correction-form">
            <CorrectionForm
              client={data}
              onDone={async (changed) => {
                setCorrecting(false);
                setNotice({
                  text: changed ? t.everyday.corrections.saved : t.everyday.corrections.unchanged,
                  status: 'neutral',
                });
                await reloadEveryday(queryClient, id);
              }}
              onCancel={() => setCorrecting(false)}
            />
          </div>
        )}
      </Section>

      <Section title={d.residence} id="residence">
        {data.residenceRight ? (
          <dl className="koto-facts">
            <dt>{d.residenceType}</dt>
            <dd>
              {c.residenceTypes[data.residenceRight.type] ?? data.residenceRight.type}
              <ProvenanceNote entry={data.provenance.residenceRight} />
            </dd>
            <dt>{d.validUntil}</dt>
            <dd>{formatDate(data.residenceRight.validUntil) || none}</dd>
            {data.residenceRight.certificateId && (
              <>
                <dt>{d.certificateId}</dt>
                <dd>{data.residenceRight.certificateId}</dd>
              </>
            )}
          </dl>
        ) : (
          <Paragraph>{d.noResidence}</Paragraph>
        )}
      </Section>

      <Section title={d.assessments} id="assessments">
        {data.assessments.length === 0 ? (
          <Paragraph>{d.noAssessments}</Paragraph>
        ) : (
          <table className="koto-table" data-testid="assessments">
            <caption className="visually-hidden">{d.assessments}</caption>
            <thead>
              <tr>
                <th scope="col">{d.assessmentColumns.type}</th>
                <th scope="col">{d.assessmentColumns.completedOn}</th>
                <th scope="col">{d.assessmentColumns.summary}</th>
                <th scope="col">{d.assessmentColumns.serviceNeeds}</th>
                <th scope="col">{d.assessmentColumns.welfareArea}</th>
                <th scope="col">{d.assessmentColumns.recordedBy}</th>
              </tr>
            </thead>
            <tbody>
              {data.assessments.map((a, i) => (
                <tr key={i}>
                  <td>{c.assessmentTypes[a.type] ?? a.type}</td>
                  <td>{formatDate(a.completedOn)}</td>
                  <td>{a.summary}</td>
                  <td>
                    {a.serviceNeeds.length ? (
                      <ul style={{ margin: 0, paddingLeft: '1.25em' }}>
                        {a.serviceNeeds.map((need, j) => (
                          <li key={j}>{need}</li>
                        ))}
                      </ul>
                    ) : (
                      none
                    )}
                  </td>
                  <td>{yesNo(a.welfareAreaParticipated)}</td>
                  <td>
                    {a.recordedBy}, {formatDateTime(a.recordedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <PlanSection client={data} />

      <PlanVersionsSection id={data.id} />

      <Section title={d.reviews} id="reviews">
        <Paragraph mb="s">
          {d.nextReview}: {formatDate(data.nextReviewDue) || none}{' '}
          {data.reviewOverdue && <span className="koto-badge koto-badge-alert">{c.overdue}</span>}
        </Paragraph>
        {data.reviews.length === 0 ? (
          <Paragraph>{d.noReviews}</Paragraph>
        ) : (
          <table className="koto-table" data-testid="reviews">
            <caption className="visually-hidden">{d.reviews}</caption>
            <thead>
              <tr>
                <th scope="col">{d.reviewColumns.reviewedOn}</th>
                <th scope="col">{d.reviewColumns.changes}</th>
                <th scope="col">{d.reviewColumns.recordedBy}</th>
              </tr>
            </thead>
            <tbody>
              {data.reviews.map((r, i) => (
                <tr key={i}>
                  <td>{formatDate(r.reviewedOn)}</td>
                  <td>{r.changes}</td>
                  <td>
                    {r.recordedBy}, {formatDateTime(r.recordedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title={d.timeline} id="timeline">
        <Timeline
          events={data.timeline}
          labels={{ ...c.events, ...t.everyday.events }}
          describe={(e: TimelineEntry) => {
            const x = e.details;
            const str = (key: string) =>
              typeof x[key] === 'string' && x[key] ? (x[key] as string) : undefined;
            const said = c.eventDetails;
            const parts = [
              str('reason') && `${said.reason}: ${str('reason')}`,
              e.type === 'RESPONSIBLE_EXPERT_ASSIGNED' && str('userId') && `${said.expert}: ${str('userId')}`,
              str('assessmentType') &&
                `${said.assessment}: ${c.assessmentTypes[str('assessmentType')!] ?? str('assessmentType')}, ${formatDate(str('completedOn'))}`,
              str('validFrom') &&
                `${said.validity}: ${formatDate(str('validFrom'))}–${formatDate(str('validUntil'))}`,
              str('nextReviewDue') && `${said.nextReview}: ${formatDate(str('nextReviewDue'))}`,
              str('from') && `${said.from}: ${orgName(str('from'))}`,
              str('to') && `${said.to}: ${orgName(str('to'))}`,
              str('consentRecordedOn') && `${said.consent}: ${formatDate(str('consentRecordedOn'))}`,
              str('deletionDueAt') && `${said.deletionDue}: ${formatDate(str('deletionDueAt'))}`,
              ...describeEveryday(e),
            ].filter(Boolean);
            return parts.join(' · ') || undefined;
          }}
        />
      </Section>
    </Page>
  );
}

/** The plan in force: validity, § 23 extension, goals, tasks and services. */
function PlanSection({ client }: { client: Client }) {
  const { t, formatDate } = useI18n();
  const c = t.clients;
  const d = c.detail;
  const plan = client.plan;
  const none = t.common.none;
  return (
    <Section title={d.plan} id="plan">
      {!plan ? (
        <Paragraph>{d.noPlan}</Paragraph>
      ) : (
        <>
          <dl className="koto-facts">
            <dt>{d.validity}</dt>
            <dd data-testid="plan-validity">
              {formatDate(plan.validFrom)}–{formatDate(plan.validUntil)}{' '}
              {plan.expired && <span className="koto-badge koto-badge-alert">{c.expired}</span>}
            </dd>
            <dt>{d.firstPlanFrom}</dt>
            <dd>{formatDate(plan.firstPlanFrom)}</dd>
            <dt>{d.extension}</dt>
            <dd data-testid="plan-grounds">
              {(plan.extensions ?? (plan.extension ? [plan.extension] : [])).length
                ? (plan.extensions ?? (plan.extension ? [plan.extension] : [])).map((g, i) => (
                    <div key={i}>{d.extensionText(c.extensionBases[g.basis] ?? g.basis, g.months)}</div>
                  ))
                : none}
            </dd>
          </dl>
          <PlanTable
            title={d.goals}
            testId="plan-goals"
            columns={[d.goalColumns.description, d.goalColumns.start, d.goalColumns.end]}
            rows={plan.goals.map((g) => [
              g.description,
              formatDate(g.startDate) || none,
              formatDate(g.endDate) || none,
            ])}
          />
          <PlanTable
            title={d.tasks}
            testId="plan-tasks"
            columns={[d.taskColumns.description, d.taskColumns.due, d.taskColumns.responsible]}
            rows={plan.tasks.map((task) => [
              task.description,
              formatDate(task.dueDate) || none,
              task.responsible ?? none,
            ])}
          />
          <PlanTable
            title={d.services}
            testId="plan-services"
            columns={[
              d.serviceColumns.name,
              d.serviceColumns.provider,
              d.serviceColumns.start,
              d.serviceColumns.end,
            ]}
            rows={plan.services.map((s) => [
              s.name,
              s.provider ?? none,
              formatDate(s.startDate) || none,
              formatDate(s.endDate) || none,
            ])}
          />
        </>
      )}
    </Section>
  );
}

function PlanTable({
  title,
  testId,
  columns,
  rows,
}: {
  title: string;
  testId: string;
  columns: string[];
  rows: string[][];
}) {
  const { t } = useI18n();
  return (
    <>
      {rows.length === 0 ? (
        <Paragraph mt="m">
          {title}: {t.clients.detail.noRows}
        </Paragraph>
      ) : (
        <table className="koto-table" data-testid={testId}>
          <caption>{title}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th scope="col" key={column}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
