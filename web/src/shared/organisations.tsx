import { useQuery } from '@tanstack/react-query';
import { Controller, type Control, type FieldValues, type Path, type RegisterOptions } from 'react-hook-form';
import { SingleSelect } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useI18n } from '../i18n/I18nProvider';
import { fieldId } from './forms';
import { useAriaControlsFix } from './useAriaControlsFix';

type OrganisationKind = 'MUNICIPALITY' | 'ELINVOIMAKESKUS' | 'WELFARE_AREA' | 'KEHA' | 'MIGRI' | 'TEM';
export type Organisation = Schemas['Organisation'];

/** The reference organisations (no personal data): loaded once, kept for the session. */
export function useOrganisations() {
  return useQuery({
    queryKey: ['organisations'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/organisations'))).items,
    staleTime: Infinity,
  });
}

/** An organisation's name in the chosen language, from its ID (the ID itself while loading). */
export function useOrganisationName() {
  const organisations = useOrganisations();
  const { nameOf } = useI18n();
  return (id: string | null | undefined) => {
    if (!id) return '';
    const org = organisations.data?.find((o) => o.id === id);
    return org ? nameOf(org.name) : id;
  };
}

/** A searchable picker of organisations of one kind (308 municipalities: type to filter). */
export function OrganisationField<V extends FieldValues>(props: {
  control: Control<V>;
  name: Path<V>;
  kind: OrganisationKind;
  label: string;
  hint?: string;
  rules?: RegisterOptions<V, Path<V>>;
  exclude?: (string | null | undefined)[];
}) {
  const { t, nameOf, lang } = useI18n();
  const organisations = useOrganisations();
  useAriaControlsFix(fieldId(props.name));
  const items = (organisations.data ?? [])
    .filter((o) => o.kind === props.kind && !props.exclude?.includes(o.id))
    .map((o) => ({ uniqueItemId: o.id, labelText: nameOf(o.name) }))
    .sort((a, b) => a.labelText.localeCompare(b.labelText, lang));
  return (
    <Controller
      control={props.control}
      name={props.name}
      rules={props.rules}
      render={({ field, fieldState }) => (
        <SingleSelect
          id={fieldId(props.name)}
          labelText={props.label}
          hintText={props.hint}
          clearButtonLabel={t.common.clear}
          items={items}
          selectedItem={items.find((i) => i.uniqueItemId === field.value) ?? null}
          onItemSelectionChange={(item) => field.onChange(item?.uniqueItemId ?? '')}
          noItemsText={t.common.noResults}
          ariaOptionsAvailableTextFunction={t.common.optionsAvailable}
          status={fieldState.error ? 'error' : 'default'}
          statusText={fieldState.error?.message}
          loading={organisations.isPending}
          loadingText={t.common.loading}
        />
      )}
    />
  );
}
