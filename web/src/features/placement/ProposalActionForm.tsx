import { Controller, useForm } from 'react-hook-form';
import { Button, InlineAlert, Paragraph, RadioButton, RadioButtonGroup } from 'suomifi-ui-components';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField, FormErrors, TextField, TextareaField, fieldId, useApiForm } from '../../shared/forms';
import { OrganisationField, useOrganisations } from '../../shared/organisations';
import type { Proposal } from './ProposalPage';

interface ActionValues {
  municipalityId: string;
  answerDueDate: string;
  welfareAreaId: string;
  mode: string;
  dueDate: string;
  canArrangeServices: string;
  statement: string;
  decision: string;
  reason: string;
  elinvoimakeskusId: string;
  authority: string;
  agreedOn: string;
  note: string;
}

type DecisionPath =
  | 'send'
  | 'hearing'
  | 'hearing/answer'
  | 'answer'
  | 'redistribute'
  | 'forward'
  | 'return-to-migri'
  | 'confirm'
  | 'withdraw'
  | 'hearing/cancel'
  | 'housing-agreements';

/** The body each decision sends (API.md), from what the officer filled in. */
function bodyOf(action: DecisionPath, v: ActionValues): Record<string, unknown> {
  const optional = (key: string, value: string) => (value ? { [key]: value } : {});
  switch (action) {
    case 'send':
    case 'redistribute':
      return { municipalityId: v.municipalityId, ...optional('answerDueDate', v.answerDueDate) };
    case 'hearing':
      return {
        ...optional('welfareAreaId', v.welfareAreaId),
        mode: v.mode,
        ...optional('dueDate', v.dueDate),
        ...optional('authority', v.authority.trim()),
      };
    case 'hearing/cancel':
      return { ...optional('reason', v.reason.trim()) };
    case 'housing-agreements':
      return { agreedOn: v.agreedOn, note: v.note, ...optional('welfareAreaId', v.welfareAreaId) };
    case 'hearing/answer':
      return { canArrangeServices: v.canArrangeServices === 'true', statement: v.statement };
    case 'answer':
      return { decision: v.decision, ...optional('reason', v.reason.trim()) };
    case 'forward':
      return { elinvoimakeskusId: v.elinvoimakeskusId, reason: v.reason };
    case 'return-to-migri':
    case 'withdraw':
      return { reason: v.reason };
    case 'confirm':
      return {};
  }
}

/** The form of one decision on a proposal; the API's refusals show at their fields. */
export function ProposalActionForm({
  action,
  proposal,
  onDone,
  onConflict,
  onCancel,
}: {
  action: string;
  proposal: Proposal;
  onDone(): void;
  onConflict(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const p = t.placement;
  const f = p.actionForm;
  const organisations = useOrganisations();
  const municipality = organisations.data?.find((o) => o.id === proposal.municipalityId);
  const aland = !!municipality?.aland;
  const form = useForm<ActionValues>({
    defaultValues: {
      municipalityId: '',
      answerDueDate: '',
      welfareAreaId: municipality?.welfareAreaId ?? '',
      mode: aland ? 'RECORDED' : 'IN_SYSTEM',
      dueDate: '',
      canArrangeServices: '',
      statement: '',
      decision: '',
      reason: '',
      elinvoimakeskusId: '',
      authority: '',
      agreedOn: '',
      note: '',
    },
  });
  const path = action as DecisionPath;
  const submit = useApiForm(form, {
    send: (values, key) =>
      unwrap(
        api.POST(`/api/v1/placement-proposals/{id}/${path}` as '/api/v1/placement-proposals/{id}/withdraw', {
          params: { path: { id: proposal.id } },
          headers: { 'Idempotency-Key': key },
          body: bodyOf(path, values) as { reason: string },
        }),
      ),
    onSuccess: onDone,
    onConflict,
  });
  const required = { required: t.common.errors.required };
  const decision = form.watch('decision');
  const allowedAnswers = proposal.allowedAnswers ?? ['ACCEPT', 'REJECT'];

  return (
    <form onSubmit={submit.onSubmit} noValidate className="koto-action-form" aria-label={p.actions[action]}>
      <FormErrors form={form} api={submit} />
      {(path === 'send' || path === 'redistribute') && (
        <>
          <OrganisationField
            control={form.control}
            name="municipalityId"
            kind="MUNICIPALITY"
            label={f.municipality}
            rules={required}
            exclude={path === 'redistribute' ? [proposal.municipalityId] : []}
          />
          <DateField control={form.control} name="answerDueDate" label={f.answerDueDate} optional />
        </>
      )}
      {path === 'hearing' && (
        <>
          {!aland && (
            <OrganisationField
              control={form.control}
              name="welfareAreaId"
              kind="WELFARE_AREA"
              label={f.welfareArea}
              rules={required}
            />
          )}
          <Radio
            form={form}
            name="mode"
            label={f.mode}
            options={[
              ...(aland ? [] : [{ value: 'IN_SYSTEM', label: f.inSystem }]),
              { value: 'RECORDED', label: f.recorded },
            ]}
          />
          {aland && <TextField control={form.control} name="authority" label={f.authority} optional />}
          <DateField control={form.control} name="dueDate" label={f.dueDate} optional />
        </>
      )}
      {path === 'hearing/cancel' && (
        <TextareaField control={form.control} name="reason" label={f.cancelReason} optional />
      )}
      {path === 'housing-agreements' && (
        <>
          <DateField control={form.control} name="agreedOn" label={f.agreedOn} rules={required} />
          <OrganisationField
            control={form.control}
            name="welfareAreaId"
            kind="WELFARE_AREA"
            label={f.agreementWelfareArea}
          />
          <TextareaField control={form.control} name="note" label={f.agreementNote} rules={required} />
        </>
      )}
      {path === 'hearing/answer' && (
        <>
          <Radio
            form={form}
            name="canArrangeServices"
            label={f.canArrangeServices}
            options={[
              { value: 'true', label: f.canArrangeYes },
              { value: 'false', label: f.canArrangeNo },
            ]}
          />
          <TextareaField control={form.control} name="statement" label={f.statement} rules={required} />
        </>
      )}
      {path === 'answer' && (
        <>
          {!allowedAnswers.includes('ACCEPT') && (
            <InlineAlert status="warning" mb="s">
              {proposal.unaccompanied || proposal.status === 'HEARING'
                ? f.acceptBlocked
                : f.acceptNeedsHearing}
            </InlineAlert>
          )}
          <Radio
            form={form}
            name="decision"
            label={f.decision}
            options={[
              { value: 'ACCEPT', label: p.actions.accept, disabled: !allowedAnswers.includes('ACCEPT') },
              { value: 'REJECT', label: p.actions.reject },
            ]}
          />
          <TextareaField
            control={form.control}
            name="reason"
            label={f.reason}
            optional={decision !== 'REJECT'}
            rules={decision === 'REJECT' ? required : undefined}
          />
        </>
      )}
      {path === 'forward' && (
        <OrganisationField
          control={form.control}
          name="elinvoimakeskusId"
          kind="ELINVOIMAKESKUS"
          label={f.elinvoimakeskus}
          rules={required}
          exclude={[proposal.ownerId]}
        />
      )}
      {(path === 'forward' || path === 'return-to-migri' || path === 'withdraw') && (
        <TextareaField control={form.control} name="reason" label={f.reason} rules={required} />
      )}
      {path === 'confirm' && <Paragraph>{f.confirmText}</Paragraph>}
      <div className="koto-actions">
        <Button type="submit" disabled={submit.mutation.isPending}>
          {path === 'confirm' ? p.actions.confirm : p.actions[action]}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}

function Radio({
  form,
  name,
  label,
  options,
}: {
  form: ReturnType<typeof useForm<ActionValues>>;
  name: keyof ActionValues;
  label: string;
  options: { value: string; label: string; disabled?: boolean }[];
}) {
  const { t } = useI18n();
  return (
    <Controller
      control={form.control}
      name={name}
      rules={{ required: t.common.errors.required }}
      render={({ field, fieldState }) => (
        <RadioButtonGroup
          id={fieldId(name)}
          labelText={label}
          name={field.name}
          value={field.value}
          onChange={field.onChange}
          groupStatus={fieldState.error ? 'error' : 'default'}
          groupStatusText={fieldState.error?.message}
        >
          {options.map((o) => (
            <RadioButton key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </RadioButton>
          ))}
        </RadioButtonGroup>
      )}
    />
  );
}
