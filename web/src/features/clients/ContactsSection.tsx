import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useQueryClient } from '@tanstack/react-query';
import { Button, InlineAlert } from 'suomifi-ui-components';
import { contactChannels } from '@domain/clientCase/everydayWork';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/session';
import { helsinkiInstant, helsinkiTimeOfDay, helsinkiToday } from '../../i18n/format';
import { useI18n } from '../../i18n/I18nProvider';
import {
  CheckboxField,
  DateField,
  FormErrors,
  TextField,
  TextareaField,
  useApiForm,
} from '../../shared/forms';
import { Section } from '../../shared/Page';
import { ListState, LoadMore } from '../../shared/QueryState';
import type { Client } from './api';
import { mayWork, reloadEveryday, useContacts } from './everydayApi';
import { RadioField } from './RadioField';

interface ContactValues {
  date: string;
  time: string;
  channel: string;
  summary: string;
  interpreterUsed: boolean;
}

const TIME = /^([01]?\d|2[0-3])[.:]([0-5]\d)$/;

/** Asiakastapaamiset ja yhteydenotot: the list, newest first, and the form to record one. */
export function ContactsSection({ client }: { client: Client }) {
  const { t, formatDateTime } = useI18n();
  const e = t.everyday;
  const c = e.contacts;
  const me = useMe();
  const queryClient = useQueryClient();
  const contacts = useContacts(client.id);
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const writable = mayWork(me.data, client, 'client.recordContact');
  const items = contacts.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Section title={c.title} id="contacts">
      {notice && (
        <InlineAlert status="neutral" mb="s" role="status" data-testid="contacts-notice">
          {notice}
        </InlineAlert>
      )}
      {writable && !open && (
        <Button
          variant="secondary"
          mb="s"
          aria-expanded={false}
          aria-controls="contact-form"
          onClick={() => {
            setNotice(null);
            setOpen(true);
          }}
        >
          {c.record}
        </Button>
      )}
      {writable && open && (
        <div id="contact-form">
          <ContactForm
            clientId={client.id}
            onDone={async () => {
              setOpen(false);
              setNotice(c.saved);
              await reloadEveryday(queryClient, client.id);
            }}
            onCancel={() => setOpen(false)}
          />
        </div>
      )}
      <ListState query={contacts} rows={items.length} none={c.none} />
      {items.length > 0 && (
        <table className="koto-table" data-testid="contacts">
          <caption className="visually-hidden">{c.title}</caption>
          <thead>
            <tr>
              <th scope="col">{c.columns.at}</th>
              <th scope="col">{c.columns.channel}</th>
              <th scope="col">{c.columns.summary}</th>
              <th scope="col">{c.columns.interpreter}</th>
              <th scope="col">{c.columns.recordedBy}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((contact) => (
              <tr key={contact.id}>
                <td>
                  <time dateTime={contact.at}>{formatDateTime(contact.at)}</time>
                </td>
                <td>{e.channels[contact.channel] ?? contact.channel}</td>
                <td className="koto-prewrap">{contact.summary}</td>
                <td>{contact.interpreterUsed ? t.common.yes : t.common.no}</td>
                <td>
                  {contact.recordedBy}, {formatDateTime(contact.recordedAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore list={contacts} compact />
    </Section>
  );
}

function ContactForm({ clientId, onDone, onCancel }: { clientId: string; onDone(): void; onCancel(): void }) {
  const { t } = useI18n();
  const e = t.everyday;
  const c = e.contacts;
  const form = useForm<ContactValues>({
    defaultValues: {
      date: helsinkiToday(),
      time: helsinkiTimeOfDay(),
      channel: 'MEETING',
      summary: '',
      interpreterUsed: false,
    },
  });
  const submit = useApiForm(form, {
    send: (values, key) =>
      unwrap(
        api.POST('/api/v1/clients/{id}/contacts', {
          params: { path: { id: clientId } },
          headers: { 'Idempotency-Key': key },
          body: {
            at: helsinkiInstant(values.date, values.time.trim()),
            channel: values.channel as (typeof contactChannels)[number],
            summary: values.summary.trim(),
            interpreterUsed: values.interpreterUsed,
          },
        }),
      ),
    onSuccess: onDone,
  });
  const required = { required: t.common.errors.required };
  // The API names `/at`; the officer typed a day and a time: its error shows at the day.
  const atError = form.formState.errors as { at?: { message?: string } };
  return (
    <form
      onSubmit={(event) => {
        // The server's error at `/at` belongs to no input: clear it, or it would block the next try.
        form.clearErrors('at' as never);
        void submit.onSubmit(event);
      }}
      noValidate
      className="koto-action-form"
      aria-label={c.record}
    >
      <FormErrors form={form} api={submit} />
      <div className="koto-grid">
        <DateField control={form.control} name="date" label={c.date} rules={required} />
        <TextField
          control={form.control}
          name="time"
          label={c.time}
          hint={c.timeHint}
          rules={{ ...required, validate: (value) => TIME.test(String(value ?? '').trim()) || c.timeFormat }}
        />
      </div>
      {atError.at?.message && (
        <InlineAlert status="error" id="field-at">
          {atError.at.message}
        </InlineAlert>
      )}
      <RadioField
        control={form.control}
        name="channel"
        label={c.channel}
        options={contactChannels.map((channel) => ({ value: channel, label: e.channels[channel] }))}
      />
      <TextareaField control={form.control} name="summary" label={c.summary} rules={required} />
      <CheckboxField control={form.control} name="interpreterUsed" label={c.interpreterUsed} />
      <div className="koto-actions">
        <Button type="submit" disabled={submit.mutation.isPending}>
          {c.record}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}
