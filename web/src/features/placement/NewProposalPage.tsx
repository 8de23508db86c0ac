import { useNavigate } from 'react-router';
import { useForm } from 'react-hook-form';
import { Button } from 'suomifi-ui-components';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { FormErrors, useApiForm } from '../../shared/forms';
import { Page } from '../../shared/Page';
import { ProposalFields, bodyOf, emptyPerson, type ProposalValues } from './ProposalFields';

/** "Uusi esitys": an elinvoimakeskus officer drafts a proposal for a person or a household. */
export default function NewProposalPage() {
  const { t } = useI18n();
  const p = t.placement;
  const navigate = useNavigate();
  const form = useForm<ProposalValues>({
    defaultValues: { kind: '', household: [{ ...emptyPerson }], evidentServiceNeeds: false, notes: '' },
  });
  const submit = useApiForm(form, {
    send: (values, key) =>
      unwrap(
        api.POST('/api/v1/placement-proposals', {
          headers: { 'Idempotency-Key': key },
          body: { ...bodyOf(values), ...(values.notes.trim() ? { notes: values.notes.trim() } : {}) },
        }),
      ),
    onSuccess: (created) => void navigate(`/proposals/${created.id}`),
  });

  return (
    <Page title={p.newProposal}>
      <form onSubmit={submit.onSubmit} noValidate>
        <FormErrors form={form} api={submit} />
        <ProposalFields form={form} />
        <div className="koto-actions">
          <Button type="submit" disabled={submit.mutation.isPending}>
            {p.form.create}
          </Button>
          <Button variant="secondary" onClick={() => void navigate('/proposals')}>
            {t.common.cancel}
          </Button>
        </div>
      </form>
    </Page>
  );
}
