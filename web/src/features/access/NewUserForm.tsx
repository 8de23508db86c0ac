import { useForm } from 'react-hook-form';
import { Button, Paragraph } from 'suomifi-ui-components';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { FormErrors, TextField, useApiForm } from '../../shared/forms';

interface NewUserValues {
  id: string;
  displayName: string;
}

/** Creates a personal account (no rights yet) in the organisation whose users are shown. */
export function NewUserForm({
  organisationId,
  organisationName,
  onCreated,
}: {
  organisationId: string;
  organisationName: string;
  onCreated(userId: string): void;
}) {
  const { t } = useI18n();
  const u = t.access.users;
  const form = useForm<NewUserValues>({ defaultValues: { id: '', displayName: '' } });
  const submit = useApiForm(form, {
    send: (values) =>
      unwrap(
        api.POST('/api/v1/users', {
          body: { id: values.id.trim(), organisationId, displayName: values.displayName.trim() },
        }),
      ),
    onSuccess: (created) => {
      form.reset();
      onCreated(created.id);
    },
  });
  const required = { required: t.common.errors.required };
  return (
    <form onSubmit={submit.onSubmit} noValidate aria-label={u.newUser}>
      <Paragraph mb="m">{u.newUserIntro(organisationName)}</Paragraph>
      <FormErrors form={form} api={submit} />
      <div className="koto-grid">
        <TextField control={form.control} name="id" label={u.userId} hint={u.userIdHint} rules={required} />
        <TextField control={form.control} name="displayName" label={u.displayName} rules={required} />
      </div>
      <div className="koto-actions">
        <Button type="submit" disabled={submit.mutation.isPending}>
          {u.create}
        </Button>
      </div>
    </form>
  );
}
