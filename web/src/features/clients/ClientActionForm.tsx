import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Button, Paragraph } from 'suomifi-ui-components';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/session';
import { can } from '../../app/permissions';
import { helsinkiToday } from '../../i18n/format';
import { useI18n } from '../../i18n/I18nProvider';
import {
  CheckboxField,
  DateField,
  SelectField,
  TextField,
  TextareaField,
  useApiForm,
} from '../../shared/forms';
import { OrganisationField } from '../../shared/organisations';
import { ActionFrame, withId, type ActionFormProps } from './ActionFrame';
import { IntegrationPlanForm } from './IntegrationPlanForm';
import { RadioField } from './RadioField';

/** The form of one decision on a client case (`allowedActions` names it); refusals show at their fields. */
export function ClientActionForm({ action, ...props }: ActionFormProps & { action: string }) {
  switch (action) {
    case 'responsible-expert':
      return <ResponsibleExpertForm {...props} />;
    case 'assessments':
      return <AssessmentForm {...props} />;
    case 'integration-plan':
      return <IntegrationPlanForm {...props} />;
    case 'integration-plan/reviews':
      return <ReviewForm {...props} />;
    case 'end':
      return <EndForm {...props} />;
    case 'resume':
      return <ResumeForm {...props} />;
    case 'move':
      return <MoveForm {...props} />;
    default:
      return null;
  }
}

/**
 * The responsible expert: picked from the municipality's officers when the caller may list its
 * users (a main user), otherwise typed as a user name.
 */
function ResponsibleExpertForm({ client, onDone, onConflict, onCancel }: ActionFormProps) {
  const { t } = useI18n();
  const c = t.clients;
  const f = c.actionForm;
  const me = useMe();
  const mayList = can(me.data, 'user.manage');
  const users = useQuery({
    queryKey: ['users', client.municipalityId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/users', { params: { query: { organisationId: client.municipalityId } } })),
    enabled: mayList,
  });
  const officers = (users.data?.items ?? []).filter(
    (u) => u.active && u.rights.some((r) => r.role === 'OFFICER' && r.inForce),
  );
  const form = useForm<{ userId: string }>({ defaultValues: { userId: client.responsibleExpertId ?? '' } });
  const submit = useApiForm(form, {
    send: (values, key) =>
      unwrap(
        api.PUT('/api/v1/clients/{id}/responsible-expert', {
          ...withId(client.id, key),
          body: { userId: values.userId.trim() },
        }),
      ),
    onSuccess: onDone,
    onConflict,
  });
  const required = { required: t.common.errors.required };
  const ownMunicipality = me.data?.organisation.id === client.municipalityId;
  const label = c.actions['responsible-expert'];

  return (
    <ActionFrame label={label} form={form} submit={submit} onCancel={onCancel}>
      {officers.length > 0 ? (
        <SelectField
          control={form.control}
          name="userId"
          label={f.expert}
          rules={required}
          options={officers.map((u) => ({ value: u.id, label: `${u.displayName} (${u.id})` }))}
        />
      ) : (
        <TextField
          control={form.control}
          name="userId"
          label={f.expert}
          hint={f.expertHint}
          rules={required}
        />
      )}
      {ownMunicipality && me.data && (
        <div>
          <Button
            variant="secondaryNoBorder"
            onClick={() =>
              form.setValue('userId', me.data.userId, { shouldValidate: form.formState.isSubmitted })
            }
          >
            {f.useMe}
          </Button>
        </div>
      )}
    </ActionFrame>
  );
}

interface AssessmentValues {
  type: string;
  completedOn: string;
  summary: string;
  serviceNeeds: string;
  welfareAreaParticipated: boolean;
}

const lines = (value: string) =>
  value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

function AssessmentForm({ client, onDone, onConflict, onCancel }: ActionFormProps) {
  const { t } = useI18n();
  const c = t.clients;
  const f = c.actionForm;
  const form = useForm<AssessmentValues>({
    defaultValues: {
      type: client.assessments.length ? 'REASSESSMENT' : 'INITIAL',
      completedOn: helsinkiToday(),
      summary: '',
      serviceNeeds: '',
      welfareAreaParticipated: false,
    },
  });
  const submit = useApiForm(form, {
    send: (values, key) =>
      unwrap(
        api.POST('/api/v1/clients/{id}/assessments', {
          ...withId(client.id, key),
          body: {
            type: values.type as 'INITIAL' | 'REASSESSMENT',
            completedOn: values.completedOn,
            summary: values.summary.trim(),
            serviceNeeds: lines(values.serviceNeeds),
            welfareAreaParticipated: values.welfareAreaParticipated,
          },
        }),
      ),
    onSuccess: onDone,
    onConflict,
  });
  const required = { required: t.common.errors.required };
  return (
    <ActionFrame label={c.actions.assessments} form={form} submit={submit} onCancel={onCancel}>
      <RadioField
        control={form.control}
        name="type"
        label={f.assessmentType}
        options={['INITIAL', 'REASSESSMENT'].map((type) => ({ value: type, label: c.assessmentTypes[type] }))}
      />
      <DateField control={form.control} name="completedOn" label={f.completedOn} rules={required} />
      <TextareaField control={form.control} name="summary" label={f.summary} rules={required} />
      <TextareaField
        control={form.control}
        name="serviceNeeds"
        label={f.serviceNeeds}
        hint={f.serviceNeedsHint}
        optional
      />
      <CheckboxField
        control={form.control}
        name="welfareAreaParticipated"
        label={f.welfareAreaParticipated}
      />
    </ActionFrame>
  );
}

interface ReviewValues {
  reviewedOn: string;
  changes: string;
  nextReviewOn: string;
}

function ReviewForm({ client, onDone, onConflict, onCancel }: ActionFormProps) {
  const { t } = useI18n();
  const c = t.clients;
  const f = c.actionForm;
  const form = useForm<ReviewValues>({
    defaultValues: { reviewedOn: helsinkiToday(), changes: '', nextReviewOn: '' },
  });
  const submit = useApiForm(form, {
    send: (values, key) =>
      unwrap(
        api.POST('/api/v1/clients/{id}/integration-plan/reviews', {
          ...withId(client.id, key),
          body: {
            reviewedOn: values.reviewedOn,
            changes: values.changes.trim(),
            ...(values.nextReviewOn ? { nextReviewOn: values.nextReviewOn } : {}),
          },
        }),
      ),
    onSuccess: onDone,
    onConflict,
  });
  const required = { required: t.common.errors.required };
  return (
    <ActionFrame
      label={c.actions['integration-plan/reviews']}
      form={form}
      submit={submit}
      onCancel={onCancel}
    >
      <DateField control={form.control} name="reviewedOn" label={f.reviewedOn} rules={required} />
      <TextareaField control={form.control} name="changes" label={f.changes} rules={required} />
      <Paragraph>{f.nextReviewExplained}</Paragraph>
      <DateField control={form.control} name="nextReviewOn" label={f.nextReviewOn} optional />
    </ActionFrame>
  );
}

function EndForm({ client, onDone, onConflict, onCancel }: ActionFormProps) {
  const { t } = useI18n();
  const c = t.clients;
  const form = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const submit = useApiForm(form, {
    send: (values, key) =>
      unwrap(
        api.POST('/api/v1/clients/{id}/end', {
          ...withId(client.id, key),
          body: { reason: values.reason.trim() },
        }),
      ),
    onSuccess: onDone,
    onConflict,
  });
  return (
    <ActionFrame label={c.actions.end} form={form} submit={submit} onCancel={onCancel}>
      <TextareaField
        control={form.control}
        name="reason"
        label={c.actionForm.reason}
        rules={{ required: t.common.errors.required }}
      />
    </ActionFrame>
  );
}

function ResumeForm({ client, onDone, onConflict, onCancel }: ActionFormProps) {
  const { t } = useI18n();
  const c = t.clients;
  const form = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const submit = useApiForm(form, {
    send: (values, key) =>
      unwrap(
        api.POST('/api/v1/clients/{id}/resume', {
          ...withId(client.id, key),
          body: values.reason.trim() ? { reason: values.reason.trim() } : {},
        }),
      ),
    onSuccess: onDone,
    onConflict,
  });
  return (
    <ActionFrame label={c.actions.resume} form={form} submit={submit} onCancel={onCancel}>
      <TextareaField control={form.control} name="reason" label={c.actionForm.reason} optional />
    </ActionFrame>
  );
}

interface MoveValues {
  municipalityId: string;
  consent: boolean;
  consentRecordedOn: string;
}

/** § 85: the case moves with the client, only with their consent. */
function MoveForm({ client, onDone, onConflict, onCancel }: ActionFormProps) {
  const { t } = useI18n();
  const c = t.clients;
  const f = c.actionForm;
  const form = useForm<MoveValues>({
    defaultValues: { municipalityId: '', consent: false, consentRecordedOn: helsinkiToday() },
  });
  const submit = useApiForm(form, {
    send: (values, key) =>
      unwrap(
        api.POST('/api/v1/clients/{id}/move', {
          ...withId(client.id, key),
          body: {
            municipalityId: values.municipalityId,
            consent: true,
            consentRecordedOn: values.consentRecordedOn,
          },
        }),
      ),
    onSuccess: onDone,
    onConflict,
  });
  const required = { required: t.common.errors.required };
  return (
    <ActionFrame label={c.actions.move} form={form} submit={submit} onCancel={onCancel}>
      <OrganisationField
        control={form.control}
        name="municipalityId"
        kind="MUNICIPALITY"
        label={f.municipality}
        rules={required}
        exclude={[client.municipalityId]}
      />
      <CheckboxField
        control={form.control}
        name="consent"
        label={f.consent}
        rules={{ validate: (value) => value === true || f.consentRequired }}
      />
      <DateField
        control={form.control}
        name="consentRecordedOn"
        label={f.consentRecordedOn}
        rules={required}
      />
    </ActionFrame>
  );
}
