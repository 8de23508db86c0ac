import type { ReactNode } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import { Button } from 'suomifi-ui-components';
import type { Schemas } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { FormErrors, type useApiForm } from '../../shared/forms';
import type { Client } from './api';

type DecisionResult = Schemas['ClientDecisionResult'];

export interface ActionFormProps {
  client: Client;
  onDone(result: DecisionResult): void;
  onConflict(): void;
  onCancel(): void;
}

/** The frame every decision form shares: its name, the error summary, the fields, submit and cancel. */
export function ActionFrame<V extends FieldValues>({
  label,
  form,
  submit,
  onCancel,
  children,
}: {
  label: string;
  form: UseFormReturn<V>;
  submit: ReturnType<typeof useApiForm<V, DecisionResult>>;
  onCancel(): void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <form onSubmit={submit.onSubmit} noValidate className="koto-action-form" aria-label={label}>
      <FormErrors form={form} api={submit} />
      {children}
      <div className="koto-actions">
        <Button type="submit" disabled={submit.mutation.isPending}>
          {label}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}

/** The case's path and the decision's Idempotency-Key, as every decision call sends them. */
export const withId = (id: string, key: string) => ({
  params: { path: { id } },
  headers: { 'Idempotency-Key': key },
});
