import { useNavigate, useParams } from 'react-router';
import { useForm } from 'react-hook-form';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from 'suomifi-ui-components';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { FormErrors, useApiForm } from '../../shared/forms';
import { Page } from '../../shared/Page';
import { LoadingState, QueryError } from '../../shared/QueryState';
import { ProposalFields, bodyOf, valuesOf, type ProposalValues } from './ProposalFields';
import { useProposal, type Proposal } from './ProposalPage';

/**
 * The owner edits its DRAFT (`PATCH /api/v1/placement-proposals/{id}`): household, kind, evident
 * service needs and notes. The API refuses at the field what disagrees (a `minor` flag against the
 * birth date, `unaccompanied` from 23 on), and a proposal no longer a draft (409).
 */
export default function EditProposalPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const proposal = useProposal(id);
  if (proposal.isPending) return <LoadingState />;
  if (proposal.error) {
    return (
      <Page title={t.placement.form.editTitle}>
        <QueryError error={proposal.error} retry={() => void proposal.refetch()} />
      </Page>
    );
  }
  return <EditForm proposal={proposal.data} />;
}

function EditForm({ proposal }: { proposal: Proposal }) {
  const { t } = useI18n();
  const p = t.placement;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const back = () => void navigate(`/proposals/${proposal.id}`);
  const form = useForm<ProposalValues>({ defaultValues: valuesOf(proposal) });
  const submit = useApiForm(form, {
    send: (values, key) =>
      unwrap(
        api.PATCH('/api/v1/placement-proposals/{id}', {
          params: { path: { id: proposal.id } },
          headers: { 'Idempotency-Key': key },
          body: { ...bodyOf(values), notes: values.notes.trim() },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['proposal', proposal.id] });
      void queryClient.invalidateQueries({ queryKey: ['proposals'] });
      back();
    },
    onConflict: async () => {
      await queryClient.invalidateQueries({ queryKey: ['proposal', proposal.id] });
      back();
    },
  });

  return (
    <Page title={p.form.editTitle}>
      <form onSubmit={submit.onSubmit} noValidate aria-label={p.form.editTitle}>
        <FormErrors form={form} api={submit} />
        <ProposalFields form={form} />
        <div className="koto-actions">
          <Button type="submit" disabled={submit.mutation.isPending}>
            {p.form.save}
          </Button>
          <Button variant="secondary" onClick={back}>
            {t.common.cancel}
          </Button>
        </div>
      </form>
    </Page>
  );
}
