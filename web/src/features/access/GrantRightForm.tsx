import { useForm } from 'react-hook-form';
import { Button, Paragraph } from 'suomifi-ui-components';
import { grantableRoles } from '@domain/access/rights';
import type { OrganisationKind, Role } from '@domain/organisations/kinds';
import { api, ProblemError, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField, FormErrors, SelectField, useApiForm } from '../../shared/forms';
import { startOfHelsinkiDay } from './helsinkiDay';
import { roleName } from './roleName';
import type { ManagedUser } from './users';

interface GrantValues {
  role: string;
  validFrom: string;
  validUntil: string;
}

/**
 * Grants a user a personal right, from a day (empty: now) until the end of a day (empty: until
 * further notice). Only the roles grantable to the user's kind of organisation are offered.
 */
export function GrantRightForm({
  user,
  organisationKind,
  onGranted,
  onCancel,
}: {
  user: ManagedUser;
  organisationKind: OrganisationKind;
  onGranted(role: Role): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const u = t.access.users;
  const roles = grantableRoles[organisationKind];
  const form = useForm<GrantValues>({
    defaultValues: { role: roles.length === 1 ? roles[0] : '', validFrom: '', validUntil: '' },
  });
  const submit = useApiForm(form, {
    send: (values) => {
      // The end cannot come before the start: said at the field, as the API would.
      if (values.validFrom && values.validUntil && values.validUntil < values.validFrom) {
        return Promise.reject(
          new ProblemError(422, '', '', [{ pointer: '/validUntil', detail: u.untilBeforeFrom }]),
        );
      }
      return unwrap(
        api.POST('/api/v1/users/{userId}/rights', {
          params: { path: { userId: user.id } },
          body: {
            role: values.role as Role,
            ...(values.validFrom ? { validFrom: startOfHelsinkiDay(values.validFrom).toISOString() } : {}),
            // A date: the API ends the right at the end of that day in Helsinki.
            ...(values.validUntil ? { validUntil: values.validUntil } : {}),
          },
        }),
      );
    },
    onSuccess: (granted) => onGranted(granted.role),
  });

  if (roles.length === 0) return <Paragraph>{u.noGrantableRoles}</Paragraph>;
  return (
    <form
      onSubmit={submit.onSubmit}
      noValidate
      className="koto-action-form"
      aria-label={u.grantTo(user.displayName)}
    >
      <FormErrors form={form} api={submit} />
      <SelectField
        control={form.control}
        name="role"
        label={u.role}
        rules={{ required: t.common.errors.required }}
        options={roles.map((role) => ({ value: role, label: roleName(t, role) }))}
      />
      <DateField
        control={form.control}
        name="validFrom"
        label={u.validFrom}
        hint={u.validFromHint}
        optional
      />
      <DateField
        control={form.control}
        name="validUntil"
        label={u.validUntil}
        hint={u.validUntilHint}
        optional
      />
      <div className="koto-actions">
        <Button type="submit" disabled={submit.mutation.isPending}>
          {u.grant}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}
