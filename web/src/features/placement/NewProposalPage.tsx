import { useNavigate } from 'react-router';
import { useFieldArray, useForm } from 'react-hook-form';
import { Button, Heading } from 'suomifi-ui-components';
import { proposalKinds } from '@domain/placement/proposal';
import { validatePersonalIdentityCode, validateUmaNumber } from '@domain/identity/personIdentifiers';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import {
  CheckboxField,
  DateField,
  FormErrors,
  SelectField,
  TextField,
  TextareaField,
  useApiForm,
} from '../../shared/forms';
import { Page } from '../../shared/Page';

interface PersonValues {
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
interface ProposalValues {
  kind: string;
  household: PersonValues[];
  evidentServiceNeeds: boolean;
  notes: string;
}

const emptyPerson: PersonValues = {
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

/** "Uusi esitys": an elinvoimakeskus officer drafts a proposal for a person or a household. */
export default function NewProposalPage() {
  const { t } = useI18n();
  const p = t.placement;
  const navigate = useNavigate();
  const form = useForm<ProposalValues>({
    defaultValues: { kind: '', household: [{ ...emptyPerson }], evidentServiceNeeds: false, notes: '' },
  });
  const household = useFieldArray({ control: form.control, name: 'household' });
  const submit = useApiForm(form, {
    send: (values, key) =>
      unwrap(
        api.POST('/api/v1/placement-proposals', {
          headers: { 'Idempotency-Key': key },
          body: {
            kind: values.kind as (typeof proposalKinds)[number],
            evidentServiceNeeds: values.evidentServiceNeeds,
            ...(values.notes.trim() ? { notes: values.notes.trim() } : {}),
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
          },
        }),
      ),
    onSuccess: (created) => void navigate(`/proposals/${created.id}`),
  });
  const required = { required: t.common.errors.required };

  return (
    <Page title={p.newProposal}>
      <form onSubmit={submit.onSubmit} noValidate>
        <FormErrors form={form} api={submit} />
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
          <CheckboxField
            control={form.control}
            name="evidentServiceNeeds"
            label={p.form.evidentServiceNeeds}
          />
          <TextareaField control={form.control} name="notes" label={p.form.notes} optional />
        </div>
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
