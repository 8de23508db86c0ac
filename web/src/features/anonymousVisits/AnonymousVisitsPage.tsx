import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, CheckboxGroup, InlineAlert, Paragraph } from 'suomifi-ui-components';
import { MAX_VISITORS, personalDataInText, suggestedTopics } from '@domain/anonymousVisits/personalData';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/session';
import { can } from '../../app/permissions';
import { helsinkiToday } from '../../i18n/format';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField, FormErrors, SelectField, TextField, fieldId, useApiForm } from '../../shared/forms';
import { useOrganisationName } from '../../shared/organisations';
import { Page, Section } from '../../shared/Page';
import { ListState } from '../../shared/QueryState';
import './anonymousVisits.css';

interface VisitValues {
  date: string;
  topics: string[];
  otherTopic: string;
  serviceLanguage: string;
  visitors: string;
}

const languages = ['fi', 'sv', 'en', 'ar', 'ru', 'uk', 'so', 'fa', 'ku', 'ti'];

/**
 * Anonyymit asiakaskäynnit: count a visit of someone who does not want to be registered (date,
 * topics, language, how many people; never who), and see the municipality's monthly figures.
 */
export default function AnonymousVisitsPage() {
  const { t } = useI18n();
  const a = t.anonymousVisits;
  const me = useMe();
  return (
    <Page title={a.title}>
      <Paragraph mb="s">{a.intro}</Paragraph>
      {can(me.data, 'anonymousVisit.record') && <VisitForm />}
      {can(me.data, 'anonymousVisit.report') && <MonthlyReport />}
    </Page>
  );
}

function VisitForm() {
  const { t } = useI18n();
  const a = t.anonymousVisits;
  const f = a.form;
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const empty: VisitValues = {
    date: helsinkiToday(),
    topics: [],
    otherTopic: '',
    serviceLanguage: '',
    visitors: '1',
  };
  const form = useForm<VisitValues>({ defaultValues: empty });
  const submit = useApiForm(form, {
    send: (values, key) =>
      unwrap(
        api.POST('/api/v1/anonymous-visits', {
          headers: { 'Idempotency-Key': key },
          body: {
            date: values.date,
            topics: [...values.topics, ...(values.otherTopic.trim() ? [values.otherTopic.trim()] : [])],
            ...(values.serviceLanguage ? { serviceLanguage: values.serviceLanguage } : {}),
            visitors: Number(values.visitors),
          },
        }),
      ),
    onSuccess: () => {
      setSaved(true);
      form.reset({ ...empty, date: form.getValues('date') });
      void queryClient.invalidateQueries({ queryKey: ['reports', 'anonymous-visits'] });
    },
  });
  const required = { required: t.common.errors.required };
  return (
    <Section title={f.title} id="record-visit">
      <div aria-live="polite">
        {saved && (
          <InlineAlert status="neutral" mb="s" role="status" data-testid="notice">
            {f.saved}
          </InlineAlert>
        )}
      </div>
      <form
        onSubmit={(event) => {
          setSaved(false);
          void submit.onSubmit(event);
        }}
        noValidate
        aria-label={f.title}
      >
        <FormErrors form={form} api={submit} />
        <DateField control={form.control} name="date" label={f.date} rules={required} />
        <div className="koto-visit-topics">
          <Controller
            control={form.control}
            name="topics"
            rules={{
              validate: (topics, values) =>
                topics.length > 0 || !!values.otherTopic.trim() || f.topicsRequired,
            }}
            render={({ field, fieldState }) => (
              <CheckboxGroup
                id={fieldId('topics')}
                labelText={f.topics}
                groupStatus={fieldState.error ? 'error' : 'default'}
                groupStatusText={fieldState.error?.message}
              >
                {suggestedTopics.map((topic) => (
                  <Checkbox
                    key={topic}
                    checked={field.value.includes(topic)}
                    onClick={({ checkboxState }) =>
                      field.onChange(
                        checkboxState
                          ? [...field.value, topic]
                          : field.value.filter((x: string) => x !== topic),
                      )
                    }
                  >
                    {a.topics[topic]}
                  </Checkbox>
                ))}
              </CheckboxGroup>
            )}
          />
        </div>
        <TextField
          control={form.control}
          name="otherTopic"
          label={f.otherTopic}
          hint={f.otherTopicHint}
          optional
          rules={{
            maxLength: { value: 80, message: f.personalData },
            validate: (value) => !personalDataInText(String(value ?? '')) || f.personalData,
          }}
        />
        <div className="koto-grid">
          <SelectField
            control={form.control}
            name="serviceLanguage"
            label={f.serviceLanguage}
            optional
            options={languages.map((code) => ({ value: code, label: a.languages[code] ?? code }))}
          />
          <TextField
            control={form.control}
            name="visitors"
            label={f.visitors}
            hint={f.visitorsHint}
            rules={{
              ...required,
              validate: (value) => {
                const n = Number(value);
                return (Number.isInteger(n) && n >= 1 && n <= MAX_VISITORS) || f.visitorsFormat;
              },
            }}
          />
        </div>
        <div className="koto-actions">
          <Button type="submit" disabled={submit.mutation.isPending}>
            {f.submit}
          </Button>
        </div>
      </form>
    </Section>
  );
}

/** The municipality's last twelve months (TEM and KEHA: every municipality), small cells suppressed. */
function MonthlyReport() {
  const { t } = useI18n();
  const a = t.anonymousVisits;
  const r = a.report;
  const orgName = useOrganisationName();
  const me = useMe();
  const report = useQuery({
    queryKey: ['reports', 'anonymous-visits'],
    queryFn: () => unwrap(api.GET('/api/v1/reports/anonymous-visits')),
  });
  const items = report.data?.items ?? [];
  const many = me.data?.organisation.kind !== 'MUNICIPALITY';
  const count = (n: number | null) => (n === null ? r.suppressed : String(n));
  const month = (m: string) => {
    const [y, mm] = m.split('-');
    return `${Number(mm)}/${y}`;
  };
  return (
    <Section title={r.title} id="visit-report">
      <Paragraph mb="s">{r.intro}</Paragraph>
      <ListState query={report} rows={items.length} none={r.none} />
      {items.length > 0 && (
        <table className="koto-table" data-testid="visit-report">
          <caption>{r.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{r.month}</th>
              {many && <th scope="col">{t.common.organisationKinds.MUNICIPALITY}</th>}
              <th scope="col">{r.visits}</th>
              <th scope="col">{r.visitors}</th>
              <th scope="col">{r.topics}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((cell) => (
              <tr key={`${cell.municipalityId}-${cell.month}`}>
                <td>{month(cell.month)}</td>
                {many && <td>{orgName(cell.municipalityId)}</td>}
                <td>{count(cell.visits)}</td>
                <td>{count(cell.visitors)}</td>
                <td>
                  {cell.topics
                    .map((topic) => `${a.topics[topic.key] ?? topic.key}: ${count(topic.count)}`)
                    .join(', ') || t.common.none}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
