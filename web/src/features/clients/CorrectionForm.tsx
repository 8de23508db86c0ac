import { useForm } from 'react-hook-form';
import { Button, Paragraph } from 'suomifi-ui-components';
import { residenceRightTypes } from '@domain/clientCase/registration';
import { api, unwrap, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField, FormErrors, SelectField, TextField, TextareaField, useApiForm } from '../../shared/forms';
import type { Client } from './api';
import { languagesText, parseLanguages, type Provenance } from './everydayApi';
import { RadioField } from './RadioField';
import './everyday.css';

type CorrectionBody = Parameters<typeof sendCorrection>[1];

interface CorrectionValues {
  person: { phone: string; email: string; serviceLanguage: string; languages: string; rightToWork: string };
  residenceRight: { type: string; validUntil: string; certificateId: string };
  reason: string;
}

function sendCorrection(
  id: string,
  body: {
    person?: {
      phone?: string | null;
      email?: string | null;
      serviceLanguage?: 'fi' | 'sv';
      languages?: { code: string; level?: string }[];
      rightToWork?: string | null;
    };
    residenceRight?: Schemas['ResidenceRight'];
    reason?: string;
  },
) {
  return unwrap(api.PATCH('/api/v1/clients/{id}', { params: { path: { id } }, body }));
}

/** What the officer changed, and only that: each changed item gets its own history row (§ 73). */
function changedItems(client: Client, values: CorrectionValues): CorrectionBody {
  const person: NonNullable<CorrectionBody['person']> = {};
  const text = (value: string) => value.trim() || null;
  const p = client.person;
  if (text(values.person.phone) !== (p.phone ?? null)) person.phone = text(values.person.phone);
  if (text(values.person.email) !== (p.email ?? null)) person.email = text(values.person.email);
  if (values.person.serviceLanguage && values.person.serviceLanguage !== p.serviceLanguage) {
    person.serviceLanguage = values.person.serviceLanguage as 'fi' | 'sv';
  }
  const languages = parseLanguages(values.person.languages) ?? [];
  if (
    JSON.stringify(languages) !== JSON.stringify(p.languages.map((l) => (l.level ? l : { code: l.code })))
  ) {
    person.languages = languages;
  }
  if (text(values.person.rightToWork) !== (p.rightToWork ?? null))
    person.rightToWork = text(values.person.rightToWork);
  const r = values.residenceRight;
  const right = r.type
    ? {
        type: r.type as Schemas['ResidenceRight']['type'],
        ...(r.validUntil ? { validUntil: r.validUntil } : {}),
        ...(r.certificateId.trim() ? { certificateId: r.certificateId.trim() } : {}),
      }
    : undefined;
  const current = client.residenceRight;
  const sameRight =
    !right ||
    (current &&
      current.type === right.type &&
      (current.validUntil ?? '') === (right.validUntil ?? '') &&
      (current.certificateId ?? '') === (right.certificateId ?? ''));
  return {
    ...(Object.keys(person).length ? { person } : {}),
    ...(sameRight ? {} : { residenceRight: right }),
    ...(values.reason.trim() ? { reason: values.reason.trim() } : {}),
  };
}

/**
 * Korjaa tietoja: contact details, service language, languages, right to work and the residence
 * right. The earlier values stay in the timeline; the source becomes MANUAL, the recorder the officer.
 */
export function CorrectionForm({
  client,
  onDone,
  onCancel,
}: {
  client: Client;
  onDone(changed: boolean): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const k = t.everyday.corrections;
  const c = t.clients;
  const p = client.person;
  const form = useForm<CorrectionValues>({
    defaultValues: {
      person: {
        phone: p.phone ?? '',
        email: p.email ?? '',
        serviceLanguage: p.serviceLanguage ?? '',
        languages: languagesText(p.languages),
        rightToWork: p.rightToWork ?? '',
      },
      residenceRight: {
        type: client.residenceRight?.type ?? '',
        validUntil: client.residenceRight?.validUntil ?? '',
        certificateId: client.residenceRight?.certificateId ?? '',
      },
      reason: '',
    },
  });
  const submit = useApiForm(form, {
    send: async (values) => {
      const body = changedItems(client, values);
      if (!body.person && !body.residenceRight) return { changed: false };
      await sendCorrection(client.id, body);
      return { changed: true };
    },
    onSuccess: (result) => onDone(result.changed),
  });
  return (
    <form onSubmit={submit.onSubmit} noValidate className="koto-action-form" aria-label={k.title}>
      <FormErrors form={form} api={submit} />
      <Paragraph>{k.intro}</Paragraph>
      <div className="koto-grid">
        <TextField control={form.control} name="person.phone" label={k.phone} type="tel" optional />
        <TextField control={form.control} name="person.email" label={k.email} type="email" optional />
      </div>
      <RadioField
        control={form.control}
        name="person.serviceLanguage"
        label={k.serviceLanguage}
        options={['fi', 'sv'].map((code) => ({ value: code, label: c.serviceLanguages[code] }))}
      />
      <TextField
        control={form.control}
        name="person.languages"
        label={k.languages}
        hint={k.languagesHint}
        fullWidth
        optional
        rules={{ validate: (value) => parseLanguages(String(value ?? '')) !== null || k.languagesFormat }}
      />
      <TextareaField control={form.control} name="person.rightToWork" label={k.rightToWork} optional />
      <div className="koto-grid">
        <SelectField
          control={form.control}
          name="residenceRight.type"
          label={k.residenceType}
          optional
          options={residenceRightTypes.map((type) => ({ value: type, label: c.residenceTypes[type] }))}
        />
        <DateField control={form.control} name="residenceRight.validUntil" label={k.validUntil} optional />
        <TextField
          control={form.control}
          name="residenceRight.certificateId"
          label={k.certificateId}
          optional
        />
      </div>
      <TextareaField control={form.control} name="reason" label={k.reason} optional />
      <div className="koto-actions">
        <Button type="submit" disabled={submit.mutation.isPending}>
          {k.submit}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}

/** "Lähde: käsin kirjattu, kunta-091.officer, 24.11.2026 klo 10.00" under a recorded item (§ 73). */
export function ProvenanceNote({ entry }: { entry?: Provenance }) {
  const { t, formatDateTime } = useI18n();
  if (!entry) return null;
  const p = t.everyday.provenance;
  return (
    <small className="koto-provenance">
      {p.line(p.sources[entry.source] ?? entry.source, entry.recordedBy, formatDateTime(entry.recordedAt))}
    </small>
  );
}
