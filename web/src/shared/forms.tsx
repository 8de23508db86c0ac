import { useRef, useState, type ReactNode, type RefObject } from 'react';
import {
  Controller,
  type Control,
  type FieldErrors,
  type FieldValues,
  type Path,
  type RegisterOptions,
  type UseFormReturn,
} from 'react-hook-form';
import { useMutation } from '@tanstack/react-query';
import {
  Button,
  Checkbox,
  Dropdown,
  DropdownItem,
  ErrorSummary,
  InlineAlert,
  TextInput,
  Textarea,
} from 'suomifi-ui-components';
import { NetworkError, ProblemError, newIdempotencyKey } from '../api/client';
import { useI18n } from '../i18n/I18nProvider';
import { errorMessage } from './QueryState';

/** `/household/0/firstName` (a JSON pointer from the API) as the form's field name `household.0.firstName`. */
export function pointerToName(pointer: string): string {
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** The DOM id of a field: the error summary links to it. */
export const fieldId = (name: string) => `field-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function flatten(errors: FieldErrors, prefix = ''): { name: string; message: string }[] {
  return Object.entries(errors).flatMap(([key, value]) => {
    if (!value || key === 'ref' || key === 'root') return [];
    const name = prefix ? `${prefix}.${key}` : key;
    const v = value as { message?: unknown; type?: unknown };
    if (typeof v.message === 'string' && v.message) return [{ name, message: v.message }];
    return typeof value === 'object' ? flatten(value as FieldErrors, name) : [];
  });
}

export interface SubmitOptions<V, R> {
  /** Sends the form; `idempotencyKey` stays the same when the officer retries the same decision. */
  send(values: V, idempotencyKey: string): Promise<R>;
  onSuccess?(result: R): void;
  /** 409: someone else decided first; reload what the form acts on. */
  onConflict?(): void;
}

/**
 * A form's life with the API: field errors from problem+json land next to their fields (by JSON
 * pointer) and in the summary at the top; a network failure keeps what was typed and offers a
 * retry with the same Idempotency-Key, so a decision is never made twice.
 */
export function useApiForm<V extends FieldValues, R>(form: UseFormReturn<V>, options: SubmitOptions<V, R>) {
  const key = useRef(newIdempotencyKey());
  const [general, setGeneral] = useState<{ message: string; retry: boolean } | null>(null);
  const { t } = useI18n();
  const summaryRef = useRef<HTMLHeadingElement>(null);
  const mutation = useMutation({
    mutationFn: (values: V) => options.send(values, key.current),
    onSuccess: (result) => {
      key.current = newIdempotencyKey();
      setGeneral(null);
      options.onSuccess?.(result);
    },
    onError: (error) => {
      if (error instanceof ProblemError) {
        const named = error.errors.filter((e) => e.pointer && e.pointer !== '/');
        for (const e of named)
          form.setError(pointerToName(e.pointer) as Path<V>, { type: 'server', message: e.detail });
        if (error.status === 409) options.onConflict?.();
        if (error.status === 422 && named.length) key.current = newIdempotencyKey();
        setGeneral(
          named.length && error.status === 422 ? null : { message: errorMessage(error, t), retry: false },
        );
      } else {
        setGeneral({ message: errorMessage(error, t), retry: error instanceof NetworkError });
      }
      setTimeout(() => summaryRef.current?.focus(), 0);
    },
  });
  const onSubmit = form.handleSubmit(
    (values) => {
      setGeneral(null);
      mutation.mutate(values);
    },
    () => setTimeout(() => summaryRef.current?.focus(), 0),
  );
  return { onSubmit, mutation, general, summaryRef, retry: () => void onSubmit() };
}

/** The ErrorSummary pattern: every field error listed at the top, each a link to its field. */
export interface FormState {
  general: { message: string; retry: boolean } | null;
  summaryRef: RefObject<HTMLHeadingElement | null>;
  retry(): void;
}

export function FormErrors<V extends FieldValues>({ form, api }: { form: UseFormReturn<V>; api: FormState }) {
  const { t } = useI18n();
  const items = flatten(form.formState.errors);
  return (
    <div aria-live="polite">
      {items.length > 0 && (
        <ErrorSummary
          headingText={t.common.errors.summaryHeading}
          headingRef={api.summaryRef as RefObject<HTMLHeadingElement>}
          headingVariant="h2"
          items={items.map((item) => ({ text: item.message, inputId: fieldId(item.name) }))}
          mb="m"
        />
      )}
      {api.general && (
        <InlineAlert status="error" role="alert" data-testid="form-error">
          {api.general.message}
          {api.general.retry && (
            <Button variant="secondary" ml="s" onClick={api.retry}>
              {t.common.retry}
            </Button>
          )}
        </InlineAlert>
      )}
    </div>
  );
}

interface FieldProps<V extends FieldValues> {
  control: Control<V>;
  name: Path<V>;
  label: ReactNode;
  hint?: string;
  optional?: boolean;
  rules?: RegisterOptions<V, Path<V>>;
}

export function TextField<V extends FieldValues>(
  props: FieldProps<V> & { type?: 'text' | 'email' | 'tel'; fullWidth?: boolean },
) {
  const { t } = useI18n();
  return (
    <Controller
      control={props.control}
      name={props.name}
      rules={props.rules}
      render={({ field, fieldState }) => (
        <TextInput
          id={fieldId(props.name)}
          labelText={props.label}
          hintText={props.hint}
          optionalText={props.optional ? t.common.optional : undefined}
          type={props.type ?? 'text'}
          fullWidth={props.fullWidth}
          value={(field.value as string) ?? ''}
          onChange={(v) => field.onChange(String(v ?? ''))}
          onBlur={field.onBlur}
          name={field.name}
          status={fieldState.error ? 'error' : 'default'}
          statusText={fieldState.error?.message}
        />
      )}
    />
  );
}

export function TextareaField<V extends FieldValues>(props: FieldProps<V>) {
  const { t } = useI18n();
  return (
    <Controller
      control={props.control}
      name={props.name}
      rules={props.rules}
      render={({ field, fieldState }) => (
        <Textarea
          id={fieldId(props.name)}
          labelText={props.label}
          hintText={props.hint}
          optionalText={props.optional ? t.common.optional : undefined}
          fullWidth
          value={(field.value as string) ?? ''}
          onChange={(e) => field.onChange(e.target.value)}
          onBlur={field.onBlur}
          name={field.name}
          status={fieldState.error ? 'error' : 'default'}
          statusText={fieldState.error?.message}
        />
      )}
    />
  );
}

export function CheckboxField<V extends FieldValues>(props: Omit<FieldProps<V>, 'optional'>) {
  return (
    <Controller
      control={props.control}
      name={props.name}
      rules={props.rules}
      render={({ field, fieldState }) => (
        <Checkbox
          id={fieldId(props.name)}
          checked={!!field.value}
          onClick={({ checkboxState }) => field.onChange(checkboxState)}
          hintText={props.hint}
          status={fieldState.error ? 'error' : 'default'}
          statusText={fieldState.error?.message}
          name={field.name}
        >
          {props.label}
        </Checkbox>
      )}
    />
  );
}

export function SelectField<V extends FieldValues>(
  props: FieldProps<V> & { options: { value: string; label: string }[]; placeholder?: string },
) {
  const { t } = useI18n();
  return (
    <Controller
      control={props.control}
      name={props.name}
      rules={props.rules}
      render={({ field, fieldState }) => (
        <Dropdown
          id={fieldId(props.name)}
          labelText={props.label}
          hintText={props.hint}
          optionalText={props.optional ? t.common.optional : undefined}
          visualPlaceholder={props.placeholder}
          value={(field.value as string) || null}
          onChange={(v) => field.onChange(v)}
          onBlur={field.onBlur}
          name={field.name}
          status={fieldState.error ? 'error' : 'default'}
          statusText={fieldState.error?.message}
        >
          {props.options.map((o) => (
            <DropdownItem key={o.value} value={o.value}>
              {o.label}
            </DropdownItem>
          ))}
        </Dropdown>
      )}
    />
  );
}

/** A calendar date typed in Finnish form (31.12.2026), kept in the form as YYYY-MM-DD. */
export function DateField<V extends FieldValues>(props: FieldProps<V>) {
  const { t, lang } = useI18n();
  const hint =
    props.hint ?? { fi: 'Muodossa pp.kk.vvvv', sv: 'I formen dd.mm.åååå', en: 'As dd.mm.yyyy' }[lang];
  return (
    <Controller
      control={props.control}
      name={props.name}
      rules={{
        ...props.rules,
        validate: {
          // The caller's own checks run too, after the format.
          ...(typeof props.rules?.validate === 'function'
            ? { custom: props.rules.validate }
            : (props.rules?.validate ?? {})),
          format: (value: unknown) => !value || /^\d{4}-\d{2}-\d{2}$/.test(String(value)) || hint,
        },
      }}
      render={({ field, fieldState }) => (
        <TextInput
          id={fieldId(props.name)}
          labelText={props.label}
          hintText={hint}
          optionalText={props.optional ? t.common.optional : undefined}
          value={toFinnish(field.value as string)}
          onChange={(v) => field.onChange(fromFinnish(String(v ?? '')))}
          onBlur={field.onBlur}
          name={field.name}
          inputMode="numeric"
          status={fieldState.error ? 'error' : 'default'}
          statusText={fieldState.error?.message}
        />
      )}
    />
  );
}

function toFinnish(value: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return m ? `${Number(m[3])}.${Number(m[2])}.${m[1]}` : (value ?? '');
}
function fromFinnish(value: string): string {
  const m = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/.exec(value);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : value;
}
