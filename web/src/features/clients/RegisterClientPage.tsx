import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Button, InlineAlert, Paragraph, RouterLink, StatusText } from 'suomifi-ui-components';
import { validatePersonalIdentityCode, validateUmaNumber } from '@domain/identity/personIdentifiers';
import {
  finnishCitizenExceptionBases,
  residenceRightTypes,
  type FinnishCitizenExceptionBasis,
  type ResidenceRightType,
} from '@domain/clientCase/registration';
import { api, unwrap, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import {
  CheckboxField,
  DateField,
  FormErrors,
  SelectField,
  TextField,
  TextareaField,
  fieldId,
  useApiForm,
} from '../../shared/forms';
import { Page } from '../../shared/Page';
import { RadioField } from './RadioField';

interface RegisterValues {
  person: {
    firstName: string;
    lastName: string;
    birthDate: string;
    nationality: string;
    personalIdentityCode: string;
    umaNumber: string;
    languages: string;
    serviceLanguage: string;
    phone: string;
    email: string;
    rightToWork: string;
  };
  residenceRight: { type: string; validUntil: string; certificateId: string };
  finnishCitizen: boolean;
  finnishCitizenException: { basis: string };
  firstPermitDate: string;
  firstPlanStartedOn: string;
  proposalId: string;
  personIndex: string;
  /** § 85: take over the person's ENDED case in another municipality (after a 409 that allows it). */
  takeOver: { consent: boolean; consentRecordedOn: string };
}

const emptyValues: RegisterValues = {
  person: {
    firstName: '',
    lastName: '',
    birthDate: '',
    nationality: '',
    personalIdentityCode: '',
    umaNumber: '',
    languages: '',
    serviceLanguage: '',
    phone: '',
    email: '',
    rightToWork: '',
  },
  residenceRight: { type: '', validUntil: '', certificateId: '' },
  finnishCitizen: false,
  finnishCitizenException: { basis: '' },
  firstPermitDate: '',
  firstPlanStartedOn: '',
  proposalId: '',
  personIndex: '0',
  takeOver: { consent: false, consentRecordedOn: '' },
};

// The server's own patterns for contact details (api/clients/schemas.ts), so the officer hears at once.
const PHONE = /^\+?[0-9][0-9 ()-]{4,22}[0-9]$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LANGUAGE = /^[a-z]{2,3}$/;

const languageCodes = (value: string) =>
  value
    .split(/[,\s]+/)
    .map((code) => code.trim().toLowerCase())
    .filter(Boolean);

const languagesText = (languages: { code: string }[] | undefined) =>
  (languages ?? []).map((l) => l.code).join(', ');

/**
 * Rekisteröi asiakas: the registration form of `POST /api/v1/clients`, directly or, with
 * `?proposalId=`, from an accepted placement proposal whose household member it prefills.
 */
export default function RegisterClientPage() {
  const { t } = useI18n();
  const c = t.clients;
  const f = c.form;
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const proposalId = params.get('proposalId') ?? '';
  const form = useForm<RegisterValues>({
    defaultValues: { ...emptyValues, proposalId, personIndex: params.get('personIndex') ?? '0' },
  });
  const [duplicate, setDuplicate] = useState<{
    detail: string;
    existingClientId?: string;
    canTakeOver?: boolean;
  } | null>(null);
  // Set once the 409 said the person's ENDED case elsewhere can be taken over: the form asks for consent.
  const [takingOver, setTakingOver] = useState(false);

  const proposal = useQuery({
    queryKey: ['proposal', proposalId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/placement-proposals/{id}', { params: { path: { id: proposalId } } })),
    enabled: !!proposalId,
  });
  const household = proposal.data?.household ?? [];
  const personIndex = form.watch('personIndex');
  const prefilled = household[Number(personIndex)];

  // The chosen household member's details fill the form; the officer completes and corrects them.
  useEffect(() => {
    if (!prefilled) return;
    const values = form.getValues();
    form.reset({
      ...values,
      person: {
        ...values.person,
        firstName: prefilled.firstName,
        lastName: prefilled.lastName,
        birthDate: prefilled.birthDate,
        nationality: prefilled.nationality,
        personalIdentityCode: prefilled.personalIdentityCode ?? '',
        umaNumber: prefilled.umaNumber ?? '',
        languages: languagesText(prefilled.languages),
      },
    });
  }, [prefilled, form]);

  // A valid henkilötunnus tells the date of birth: fill it in when still empty.
  const code = form.watch('person.personalIdentityCode');
  useEffect(() => {
    const result = validatePersonalIdentityCode(code.trim().toUpperCase());
    if (result.valid && !form.getValues('person.birthDate')) {
      form.setValue('person.birthDate', result.birthDate, { shouldValidate: form.formState.isSubmitted });
    }
  }, [code, form]);

  const finnishCitizen = form.watch('finnishCitizen');
  const residenceType = form.watch('residenceRight.type');

  const submit = useApiForm(form, {
    send: async (values, key) => {
      setDuplicate(null);
      const request = api.POST('/api/v1/clients', {
        headers: { 'Idempotency-Key': key },
        body: bodyOf(
          values,
          prefilled && { languages: languagesText(prefilled.languages) },
          proposalId,
          takingOver,
        ),
      });
      const answer = await request.catch(() => undefined);
      if (answer?.response.status === 409) {
        const problem = answer.error as Partial<Schemas['Problem']> | undefined;
        setDuplicate({
          detail: problem?.detail ?? '',
          existingClientId: problem?.existingClientId,
          canTakeOver: problem?.canTakeOver === true,
        });
        if (problem?.canTakeOver) setTakingOver(true);
      }
      return unwrap(request);
    },
    onSuccess: (created) => void navigate(`/clients/${created.id}`),
  });

  const required = { required: t.common.errors.required };
  const residenceError = form.formState.errors.residenceRight?.message;
  const text = (value: string | undefined) => String(value ?? '').trim();

  return (
    <Page title={f.title}>
      <Paragraph mb="m">{proposalId ? f.fromProposalIntro : f.intro}</Paragraph>
      <form onSubmit={submit.onSubmit} noValidate aria-label={f.title}>
        <FormErrors form={form} api={{ ...submit, general: duplicate ? null : submit.general }} />
        {duplicate && (
          <InlineAlert status="error" role="alert" data-testid="duplicate" mb="m">
            {f.duplicate} ({duplicate.detail})
            {duplicate.existingClientId && (
              <div>
                <RouterLink asComponent={Link} to={`/clients/${duplicate.existingClientId}`}>
                  {f.openExisting}
                </RouterLink>
              </div>
            )}
          </InlineAlert>
        )}
        {takingOver && (
          <fieldset className="koto-person" data-testid="take-over">
            <legend>{f.takeOverSubmit}</legend>
            <Paragraph mb="s">{f.canTakeOver}</Paragraph>
            <CheckboxField
              control={form.control}
              name="takeOver.consent"
              label={f.takeOverConsent}
              rules={{ validate: (v) => v === true || f.takeOverConsentRequired }}
            />
            <DateField
              control={form.control}
              name="takeOver.consentRecordedOn"
              label={f.takeOverConsentOn}
              rules={required}
            />
          </fieldset>
        )}

        {proposalId && (
          <fieldset className="koto-person" id={fieldId('proposalId')} tabIndex={-1}>
            <legend>{f.fromProposal}</legend>
            {proposal.error && (
              <InlineAlert status="warning" mb="s">
                {f.proposalNotAvailable}
              </InlineAlert>
            )}
            {form.formState.errors.proposalId?.message && (
              <StatusText status="error">{form.formState.errors.proposalId.message}</StatusText>
            )}
            {household.length > 1 && (
              <SelectField
                control={form.control}
                name="personIndex"
                label={f.householdMember}
                options={household.map((p, i) => ({
                  value: String(i),
                  label: `${p.firstName} ${p.lastName}`,
                }))}
              />
            )}
          </fieldset>
        )}

        <fieldset className="koto-person">
          <legend>{f.identifiers}</legend>
          <Paragraph mb="s">{f.identifiersHint}</Paragraph>
          <div className="koto-grid">
            <TextField
              control={form.control}
              name="person.personalIdentityCode"
              label={f.personalIdentityCode}
              optional
              rules={{
                validate: (value, all) => {
                  const v = text(value as string).toUpperCase();
                  if (!v) return !!text(all.person.umaNumber) || f.identifierRequired;
                  const result = validatePersonalIdentityCode(v);
                  if (!result.valid) return f.invalidCode;
                  return (
                    !all.person.birthDate || result.birthDate === all.person.birthDate || f.birthDateMismatch
                  );
                },
              }}
            />
            <TextField
              control={form.control}
              name="person.umaNumber"
              label={f.umaNumber}
              optional
              rules={{
                validate: (value) => {
                  const v = text(value as string);
                  return !v || validateUmaNumber(v).valid || f.invalidUma;
                },
              }}
            />
          </div>
        </fieldset>

        <fieldset className="koto-person">
          <legend>{f.person}</legend>
          <div className="koto-grid">
            <TextField control={form.control} name="person.firstName" label={f.firstName} rules={required} />
            <TextField control={form.control} name="person.lastName" label={f.lastName} rules={required} />
            <DateField control={form.control} name="person.birthDate" label={f.birthDate} rules={required} />
            <TextField
              control={form.control}
              name="person.nationality"
              label={f.nationality}
              hint={f.nationalityHint}
              rules={{
                ...required,
                validate: (v) => /^[A-Za-z]{3}$/.test(text(v as string)) || f.nationalityFormat,
              }}
            />
            <TextField
              control={form.control}
              name="person.languages"
              label={f.languages}
              hint={f.languagesHint}
              optional
              rules={{
                validate: (v) =>
                  languageCodes(String(v ?? '')).every((l) => LANGUAGE.test(l)) || f.languagesFormat,
              }}
            />
          </div>
          <div style={{ marginTop: 16 }}>
            <RadioField
              control={form.control}
              name="person.serviceLanguage"
              label={f.serviceLanguage}
              options={['fi', 'sv'].map((l) => ({ value: l, label: c.serviceLanguages[l] }))}
            />
          </div>
        </fieldset>

        <fieldset className="koto-person">
          <legend>{f.contact}</legend>
          <div className="koto-grid">
            <TextField
              control={form.control}
              name="person.phone"
              label={f.phone}
              type="tel"
              optional
              rules={{
                validate: (v) => !text(v as string) || PHONE.test(text(v as string)) || f.phoneFormat,
              }}
            />
            <TextField
              control={form.control}
              name="person.email"
              label={f.email}
              type="email"
              optional
              rules={{
                validate: (v) => !text(v as string) || EMAIL.test(text(v as string)) || f.emailFormat,
              }}
            />
          </div>
          <TextareaField control={form.control} name="person.rightToWork" label={f.rightToWork} optional />
        </fieldset>

        <fieldset className="koto-person">
          <legend>{f.citizenship}</legend>
          <CheckboxField control={form.control} name="finnishCitizen" label={f.finnishCitizen} />
          {finnishCitizen && (
            <SelectField
              control={form.control}
              name="finnishCitizenException.basis"
              label={f.finnishCitizenBasis}
              rules={required}
              options={finnishCitizenExceptionBases.map((basis) => ({
                value: basis,
                label: c.finnishCitizenExceptionBases[basis],
              }))}
            />
          )}
        </fieldset>

        {!finnishCitizen && (
          <fieldset className="koto-person" id={fieldId('residenceRight')} tabIndex={-1}>
            <legend>{f.residence}</legend>
            {residenceError && (
              <StatusText status="error" mb="s">
                {residenceError}
              </StatusText>
            )}
            <div className="koto-grid">
              <SelectField
                control={form.control}
                name="residenceRight.type"
                label={f.residenceType}
                rules={required}
                options={residenceRightTypes.map((type) => ({ value: type, label: c.residenceTypes[type] }))}
              />
              <DateField
                control={form.control}
                name="residenceRight.validUntil"
                label={f.validUntil}
                optional
              />
              {residenceType === 'PENDING_EXTENSION' && (
                <TextField
                  control={form.control}
                  name="residenceRight.certificateId"
                  label={f.certificateId}
                  rules={{ required: f.certificateRequired }}
                />
              )}
            </div>
            <Paragraph mt="m" mb="s">
              {f.firstPermitHint}
            </Paragraph>
            <DateField control={form.control} name="firstPermitDate" label={f.firstPermitDate} optional />
            <Paragraph mt="m" mb="s">
              {f.firstPlanStartedOnHint}
            </Paragraph>
            <DateField
              control={form.control}
              name="firstPlanStartedOn"
              label={f.firstPlanStartedOn}
              optional
            />
          </fieldset>
        )}

        <div className="koto-actions">
          <Button type="submit" disabled={submit.mutation.isPending}>
            {takingOver ? f.takeOverSubmit : f.submit}
          </Button>
          <Button variant="secondary" onClick={() => void navigate('/clients')}>
            {t.common.cancel}
          </Button>
        </div>
      </form>
    </Page>
  );
}

/** The body of `POST /api/v1/clients` (api/clients/schemas.ts) from what the officer filled in. */
function bodyOf(
  v: RegisterValues,
  fromProposal: { languages: string } | undefined,
  proposalId: string,
  takeOver: boolean,
) {
  const optional = (value: string) => value.trim() || undefined;
  const p = v.person;
  const languages = languageCodes(p.languages);
  const person = {
    firstName: p.firstName.trim(),
    lastName: p.lastName.trim(),
    birthDate: p.birthDate,
    nationality: p.nationality.trim().toUpperCase(),
    personalIdentityCode: optional(p.personalIdentityCode)?.toUpperCase(),
    umaNumber: optional(p.umaNumber),
    // From a proposal, unchanged languages are left to the proposal's person (with their levels).
    languages:
      fromProposal && fromProposal.languages === p.languages
        ? undefined
        : languages.map((code) => ({ code })),
    serviceLanguage: p.serviceLanguage,
    phone: optional(p.phone),
    email: optional(p.email),
    rightToWork: optional(p.rightToWork),
  };
  return {
    person: Object.fromEntries(Object.entries(person).filter(([, value]) => value !== undefined)),
    ...(v.finnishCitizen
      ? {
          finnishCitizen: true,
          finnishCitizenException: { basis: v.finnishCitizenException.basis as FinnishCitizenExceptionBasis },
        }
      : {
          residenceRight: {
            type: v.residenceRight.type as ResidenceRightType,
            ...(v.residenceRight.validUntil ? { validUntil: v.residenceRight.validUntil } : {}),
            ...(v.residenceRight.type === 'PENDING_EXTENSION' && v.residenceRight.certificateId.trim()
              ? { certificateId: v.residenceRight.certificateId.trim() }
              : {}),
          },
        }),
    ...(v.firstPermitDate ? { firstPermitDate: v.firstPermitDate } : {}),
    ...(v.firstPlanStartedOn && !v.finnishCitizen ? { firstPlanStartedOn: v.firstPlanStartedOn } : {}),
    ...(takeOver
      ? { takeOver: { consent: true as const, consentRecordedOn: v.takeOver.consentRecordedOn } }
      : {}),
    ...(proposalId ? { proposalId, personIndex: Number(v.personIndex) || 0 } : {}),
  };
}
