import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { InlineAlert, Paragraph } from 'suomifi-ui-components';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { useOrganisationName } from '../../shared/organisations';
import { Page, Section } from '../../shared/Page';
import { LoadingState, QueryError } from '../../shared/QueryState';
import { AllowedActionButtons, TemporalHistoryLink } from '../../shared/CaseParts';
import { StatusBadge } from '../../shared/StatusBadge';
import { Timeline } from '../../shared/Timeline';
import { ProposalActionForm } from './ProposalActionForm';

export function useProposal(id: string) {
  return useQuery({
    queryKey: ['proposal', id],
    queryFn: () => unwrap(api.GET('/api/v1/placement-proposals/{id}', { params: { path: { id } } })),
  });
}
export type Proposal = NonNullable<ReturnType<typeof useProposal>['data']>;

/**
 * One proposal: household, rounds, hearing, deadlines, the whole timeline, and exactly the
 * decisions the API says the caller may make now (`allowedActions`).
 */
export default function ProposalPage() {
  const { id = '' } = useParams();
  const { t, formatDate, formatDateTime } = useI18n();
  const p = t.placement;
  const d = p.detail;
  const orgName = useOrganisationName();
  const queryClient = useQueryClient();
  const proposal = useProposal(id);
  const navigate = useNavigate();
  const [action, setAction] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; status: 'neutral' | 'warning' } | null>(null);

  if (proposal.isPending) return <LoadingState />;
  if (proposal.error) {
    return (
      <Page title={p.listTitle}>
        <QueryError error={proposal.error} retry={() => void proposal.refetch()} />
      </Page>
    );
  }
  const data = proposal.data;
  const reload = async () => {
    await queryClient.invalidateQueries({ queryKey: ['proposal', id] });
    void queryClient.invalidateQueries({ queryKey: ['proposals'] });
    void queryClient.invalidateQueries({ queryKey: ['inbox'] });
  };
  const hearing = data.hearing;
  /** What became of a hearing, in one line; `full` (the current hearing) adds lateness and the cancellation's reason. */
  const hearingOutcome = (h: Proposal['hearings'][number], full: boolean): string =>
    h.answer
      ? `${h.answer.canArrangeServices ? d.canArrange : d.cannotArrange} (${formatDateTime(h.answer.answeredAt)}${full && h.answer.late ? `, ${d.late}` : ''}): ${h.answer.statement}`
      : h.cancelled
        ? `${d.hearingCancelled} ${formatDateTime(h.cancelled.at)}${full && h.cancelled.reason ? `: ${h.cancelled.reason}` : ''}`
        : d.notAnswered;

  return (
    <Page title={d.title(p.kinds[data.kind] ?? data.kind)}>
      {notice && (
        <InlineAlert status={notice.status} mb="m" role="status" data-testid="notice">
          {notice.text}
        </InlineAlert>
      )}
      <Section title={d.facts} id="facts">
        <dl className="koto-facts">
          <dt>{d.status}</dt>
          <dd>
            <StatusBadge status={data.status} />{' '}
            {data.overdue && <span className="koto-badge koto-badge-alert">{p.overdue}</span>}
          </dd>
          <dt>{d.owner}</dt>
          <dd>{orgName(data.ownerId)}</dd>
          <dt>{d.municipality}</dt>
          <dd>{orgName(data.municipalityId) || t.common.none}</dd>
          <dt>{d.round}</dt>
          <dd>{data.round}</dd>
          <dt>{d.answerDue}</dt>
          <dd>{formatDate(data.answerDueDate) || t.common.none}</dd>
          <dt>{d.evidentServiceNeeds}</dt>
          <dd>{data.evidentServiceNeeds ? t.common.yes : t.common.no}</dd>
          <dt>{d.unaccompanied}</dt>
          <dd>{data.unaccompanied ? t.common.yes : t.common.no}</dd>
          {data.notes && (
            <>
              <dt>{d.notes}</dt>
              <dd>{data.notes}</dd>
            </>
          )}
        </dl>
        {data.personalDataErased && (
          <InlineAlert status="neutral" mt="s" data-testid="erased">
            {d.erased}
          </InlineAlert>
        )}
        <TemporalHistoryLink workflowId={`placement-proposal-${data.id}`} />
      </Section>

      <Section title={d.actions} id="actions">
        {data.allowedActions.length === 0 && <Paragraph>{d.noActions}</Paragraph>}
        <AllowedActionButtons
          actions={data.allowedActions}
          chosen={action}
          label={(a) => p.actions[a] ?? a}
          onChoose={(a) => {
            setNotice(null);
            // Editing the draft has its own page; every other decision opens its form here.
            if (a === 'edit') void navigate(`/proposals/${data.id}/edit`);
            else setAction(action === a ? null : a);
          }}
        />
        {action && data.allowedActions.includes(action) && (
          <div id="action-form">
            <ProposalActionForm
              key={action}
              action={action}
              proposal={data}
              onDone={async () => {
                setAction(null);
                setNotice({ text: d.done, status: 'neutral' });
                await reload();
              }}
              onConflict={async () => {
                setAction(null);
                setNotice({ text: d.reloaded, status: 'warning' });
                await reload();
              }}
              onCancel={() => setAction(null)}
            />
          </div>
        )}
      </Section>

      <Section title={d.household} id="household">
        <table className="koto-table">
          <caption className="visually-hidden">{d.household}</caption>
          <thead>
            <tr>
              <th scope="col">{d.person.name}</th>
              <th scope="col">{d.person.birthDate}</th>
              <th scope="col">{d.person.nationality}</th>
              <th scope="col">{d.person.identifiers}</th>
              <th scope="col">{d.person.languages}</th>
              <th scope="col">{d.person.flags}</th>
            </tr>
          </thead>
          <tbody>
            {data.household.map((person, i) => (
              <tr key={i}>
                <td>
                  {person.firstName} {person.lastName}
                </td>
                <td>{formatDate(person.birthDate)}</td>
                <td>{person.nationality}</td>
                <td>
                  {[person.personalIdentityCode, person.umaNumber].filter(Boolean).join(', ') ||
                    t.common.none}
                </td>
                <td>{(person.languages ?? []).map((l) => l.code).join(', ') || t.common.none}</td>
                <td>
                  {[person.minor && p.form.minor, person.unaccompanied && p.form.unaccompanied]
                    .filter(Boolean)
                    .join('; ') || t.common.none}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      {hearing && (
        <Section title={d.hearing} id="hearing">
          <dl className="koto-facts">
            {hearing.authority ? (
              <>
                <dt>{d.hearingAuthority}</dt>
                <dd>{hearing.authority}</dd>
              </>
            ) : (
              <>
                <dt>{d.hearingWelfareArea}</dt>
                <dd>{orgName(hearing.welfareAreaId) || t.common.none}</dd>
              </>
            )}
            <dt>{d.hearingMode}</dt>
            <dd>{d.hearingModes[hearing.mode] ?? hearing.mode}</dd>
            <dt>{d.hearingDue}</dt>
            <dd>
              {formatDateTime(hearing.dueAt)}{' '}
              {hearing.overdue && !hearing.answer && (
                <span className="koto-badge koto-badge-alert">{p.overdue}</span>
              )}
            </dd>
            <dt>{d.hearingAnswer}</dt>
            <dd>{hearingOutcome(hearing, true)}</dd>
          </dl>
        </Section>
      )}

      {data.hearings.length > 1 && (
        <Section title={d.allHearings} id="hearings">
          <table className="koto-table" data-testid="hearings">
            <caption className="visually-hidden">{d.allHearings}</caption>
            <thead>
              <tr>
                <th scope="col">{d.hearingRound}</th>
                <th scope="col">{d.hearingWelfareArea}</th>
                <th scope="col">{d.hearingMode}</th>
                <th scope="col">{d.hearingAnswer}</th>
              </tr>
            </thead>
            <tbody>
              {data.hearings.map((h, i) => (
                <tr key={i}>
                  <td>{h.round}</td>
                  <td>{h.authority ?? (orgName(h.welfareAreaId) || t.common.none)}</td>
                  <td>{d.hearingModes[h.mode] ?? h.mode}</td>
                  <td>{hearingOutcome(h, false)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}

      {data.housingAgreements.length > 0 && (
        <Section title={d.housingAgreements} id="housing-agreements">
          <table className="koto-table" data-testid="housing-agreements">
            <caption className="visually-hidden">{d.housingAgreements}</caption>
            <thead>
              <tr>
                <th scope="col">{d.agreedOn}</th>
                <th scope="col">{d.agreedWith}</th>
                <th scope="col">{d.notes}</th>
              </tr>
            </thead>
            <tbody>
              {data.housingAgreements.map((a, i) => (
                <tr key={i}>
                  <td>{formatDate(a.agreedOn)}</td>
                  <td>{orgName(a.welfareAreaId) || t.common.none}</td>
                  <td>{a.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}

      {data.rounds.length > 0 && (
        <Section title={d.rounds} id="rounds">
          <table className="koto-table">
            <caption className="visually-hidden">{d.rounds}</caption>
            <thead>
              <tr>
                <th scope="col">{d.roundColumns.round}</th>
                <th scope="col">{d.roundColumns.municipality}</th>
                <th scope="col">{d.roundColumns.sent}</th>
                <th scope="col">{d.roundColumns.due}</th>
                <th scope="col">{d.roundColumns.decision}</th>
                <th scope="col">{d.roundColumns.reason}</th>
              </tr>
            </thead>
            <tbody>
              {data.rounds.map((r) => (
                <tr key={r.round}>
                  <td>{r.round}</td>
                  <td>{orgName(r.municipalityId)}</td>
                  <td>{formatDateTime(r.sentAt)}</td>
                  <td>{formatDate(r.answerDueDate)}</td>
                  <td>
                    {r.decision ? (d.decisions[r.decision] ?? r.decision) : t.common.none}
                    {r.late ? ` (${d.late})` : ''}
                  </td>
                  <td>{r.reason ?? t.common.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}

      <Section title={d.timeline} id="timeline">
        <Timeline
          events={data.timeline}
          labels={p.events}
          describe={(e) => {
            const details = e.details as Record<string, unknown>;
            const parts = [
              typeof details.reason === 'string' && `${p.eventDetails.reason}: ${details.reason}`,
              typeof details.municipalityId === 'string' &&
                `${p.eventDetails.municipality}: ${orgName(details.municipalityId)}`,
              typeof details.statement === 'string' && `${p.eventDetails.statement}: ${details.statement}`,
              typeof details.note === 'string' && `${d.notes}: ${details.note}`,
              typeof details.authority === 'string' && `${d.hearingAuthority}: ${details.authority}`,
              typeof details.to === 'string' && `${p.eventDetails.to}: ${orgName(details.to)}`,
            ].filter(Boolean);
            return parts.join(' · ') || undefined;
          }}
        />
      </Section>
    </Page>
  );
}
