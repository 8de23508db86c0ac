import { Controller, type Control, type FieldValues, type Path, type RegisterOptions } from 'react-hook-form';
import { RadioButton, RadioButtonGroup } from 'suomifi-ui-components';
import { useI18n } from '../../i18n/I18nProvider';
import { fieldId } from '../../shared/forms';

/** A choice among a few options (a Suomi.fi radio group), its error at the group like the shared fields. */
export function RadioField<V extends FieldValues>(props: {
  control: Control<V>;
  name: Path<V>;
  label: string;
  options: { value: string; label: string }[];
  optional?: boolean;
  rules?: RegisterOptions<V, Path<V>>;
}) {
  const { t } = useI18n();
  return (
    <Controller
      control={props.control}
      name={props.name}
      rules={props.rules ?? (props.optional ? undefined : { required: t.common.errors.required })}
      render={({ field, fieldState }) => (
        <RadioButtonGroup
          id={fieldId(props.name)}
          labelText={props.label}
          optionalText={props.optional ? t.common.optional : undefined}
          name={field.name}
          value={(field.value as string) ?? ''}
          onChange={field.onChange}
          groupStatus={fieldState.error ? 'error' : 'default'}
          groupStatusText={fieldState.error?.message}
        >
          {props.options.map((o) => (
            <RadioButton key={o.value} value={o.value}>
              {o.label}
            </RadioButton>
          ))}
        </RadioButtonGroup>
      )}
    />
  );
}
