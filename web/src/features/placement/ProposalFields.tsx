import { useFieldArray, type UseFormReturn } from 'react-hook-form';
import { Button, Heading } from 'suomifi-ui-components';
import { proposalKinds } from '@domain/placement/proposal';
import { validatePersonalIdentityCode, validateUmaNumber } from '@domain/identity/personIdentifiers';
import { useI18n } from '../../i18n/I18nProvider';
import { CheckboxField, DateField, SelectField, TextField, TextareaField } from '../../shared/forms';
import type { Proposal } from './ProposalPage';

export interface PersonValues {
  firstName: string;
  lastName: string;
  birthDate: string;
  nationality: string;
  personalIdentityCode: string;
  umaNumber: string;
  languages: string;
  minor: boolean;
  unaccompanied: boolean;
}
export interface ProposalValues {
  kind: string;
  household: PersonValues[];
  evidentServiceNeeds: boolean;
  notes: string;
}

export const emptyPerson: PersonValues = {
  firstName: '',
  lastName: '',
  birthDate: '',
  nationality: '',
  personalIdentityCode: '',
  umaNumber: '',
  languages: '',
  minor: false,
  unaccompanied: false,
};

/** A stored proposal as the form's values (editing a draft). */
export function valuesOf(proposal: Proposal): ProposalValues {
  return {
    kind: proposal.kind,
    evidentServiceNeeds: proposal.evidentServiceNeeds,
    notes: proposal.notes ?? '',
    household: proposal.household.map((person) => ({
      firstName: person.firstName,
      lastName: person.lastName,
      birthDate: person.birthDate,
      nationality: person.nationality,
      personalIdentityCode: person.personalIdentityCode ?? '',
      umaNumber: person.umaNumber ?? '',
      languages: (person.languages ?? []).map((l) => l.code).join(', '),
      minor: !!person.minor,
      unaccompanied: !!person.unaccompanied,
    })),
  };
}

/** The body of a create or an edit (API.md), from what the officer filled in. */
export function bodyOf(values: ProposalValues) {
  return {
    kind: values.kind as (typeof proposalKinds)[number],
    evidentServiceNeeds: values.evidentServiceNeeds,
    household: values.household.map((person) => ({
      firstName: person.firstName.trim(),
      lastName: person.lastName.trim(),
      birthDate: person.birthDate,
      nationality: person.nationality.trim().toUpperCase(),
      ...(person.personalIdentityCode.trim()
        ? { personalIdentityCode: person.personalIdentityCode.trim().toUpperCase() }
        : {}),
      ...(person.umaNumber.trim() ? { umaNumber: person.umaNumber.trim() } : {}),
      languages: person.languages
        .split(/[,\s]+/)
        .map((code) => code.trim().toLowerCase())
        .filter(Boolean)
        .map((code) => ({ code })),
      minor: person.minor,
      unaccompanied: person.unaccompanied,
    })),
  };
}

/** The proposal's own fields: kind, household, evident service needs and notes (new and edit). */
export function ProposalFields({ form }: { form: UseFormReturn<ProposalValues> }) {
  const { t } = useI18n();
  const p = t.placement;
  const household = useFieldArray({ control: form.control, name: 'household' });
  const required = { required: t.common.errors.required };
  return (
    <>
      <div className="koto-section">
        <SelectField
          control={form.control}
          name="kind"
          label={p.form.kind}
          rules={required}
          options={proposalKinds.map((k) => ({ value: k, label: p.kinds[k] }))}
        />
      </div>
      <div className="koto-section">
        <Heading variant="h2" mb="s">
          {p.form.household}
        </Heading>
        {household.fields.map((field, i) => (
          <fieldset key={field.id} className="koto-person">
            <legend>{p.form.person(i + 1)}</legend>
            <div className="koto-grid">
              <TextField
                control={form.control}
                name={`household.${i}.firstName`}
                label={p.form.firstName}
                rules={required}
              />
              <TextField
                control={form.control}
                name={`household.${i}.lastName`}
                label={p.form.lastName}
                rules={required}
              />
              <DateField
                control={form.control}
                name={`household.${i}.birthDate`}
                label={p.form.birthDate}
                rules={required}
              />
              <TextField
                control={form.control}
                name={`household.${i}.nationality`}
                label={p.form.nationality}
                hint={p.form.nationalityHint}
                rules={{
                  ...required,
                  validate: (v) => /^[A-Za-z]{3}$/.test(String(v).trim()) || p.form.nationalityFormat,
                }}
              />
              <TextField
                control={form.control}
                name={`household.${i}.personalIdentityCode`}
                label={p.form.personalIdentityCode}
                optional
                rules={{
                  validate: (v) => {
                    const value = String(v ?? '').trim();
                    if (!value) return true;
                    const result = validatePersonalIdentityCode(value.toUpperCase());
                    return result.valid || p.form.invalidCode;
                  },
                }}
              />
              <TextField
                control={form.control}
                name={`household.${i}.umaNumber`}
                label={p.form.umaNumber}
                optional
                rules={{
                  validate: (v) => {
                    const value = String(v ?? '').trim();
                    if (!value) return true;
                    const result = validateUmaNumber(value);
                    return result.valid || p.form.invalidUma;
                  },
                }}
              />
              <TextField
                control={form.control}
                name={`household.${i}.languages`}
                label={p.form.languages}
                hint={p.form.languagesHint}
                optional
              />
            </div>
            <CheckboxField control={form.control} name={`household.${i}.minor`} label={p.form.minor} />
            <CheckboxField
              control={form.control}
              name={`household.${i}.unaccompanied`}
              label={p.form.unaccompanied}
            />
            {household.fields.length > 1 && (
              <Button variant="secondaryNoBorder" onClick={() => household.remove(i)}>
                {p.form.removePerson(i + 1)}
              </Button>
            )}
          </fieldset>
        ))}
        <Button variant="secondary" onClick={() => household.append({ ...emptyPerson })}>
          {p.form.addPerson}
        </Button>
      </div>
      <div className="koto-section">
        <CheckboxField control={form.control} name="evidentServiceNeeds" label={p.form.evidentServiceNeeds} />
        <TextareaField control={form.control} name="notes" label={p.form.notes} optional />
      </div>
    </>
  );
}
