import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, InlineAlert, Paragraph, RouterLink } from 'suomifi-ui-components';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useI18n } from '../../i18n/I18nProvider';
import { FormErrors, SelectField, TextField, TextareaField, useApiForm } from '../../shared/forms';
import { Page, Section } from '../../shared/Page';
import { ListState } from '../../shared/QueryState';

type Item = components['schemas']['OutreachItem'];
const outcomes = ['REACHED', 'NOT_REACHED', 'DECLINED', 'REGISTERED'] as const;

/**
 * Asiakkaiden tavoittaminen: the municipality's list of target-group benefit recipients (Kelmu)
 * who are not clients yet, and the outcome of reaching each (`/api/v1/outreach`).
 */
export default function OutreachPage() {
  const { t, formatDate } = useI18n();
  const o = t.outreach;
  const [selected, setSelected] = useState<Item | null>(null);
  const [saved, setSaved] = useState(false);
  const list = useQuery({
    queryKey: ['outreach'],
    queryFn: () => unwrap(api.GET('/api/v1/outreach', { params: { query: { limit: 200 } } })),
  });
  const items = list.data?.items ?? [];
  return (
    <Page title={o.title}>
      <Paragraph mb="s">{o.intro}</Paragraph>
      <div aria-live="polite">
        {saved && (
          <InlineAlert status="neutral" mb="s" role="status" data-testid="notice">
            {o.saved}
          </InlineAlert>
        )}
      </div>
      <ListState query={list} rows={items.length} none={o.none} />
      {items.length > 0 && (
        <table className="koto-table" data-testid="outreach-list">
          <caption>{o.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{o.columns.name}</th>
              <th scope="col">{o.columns.personalIdentityCode}</th>
              <th scope="col">{o.columns.benefit}</th>
              <th scope="col">{o.columns.since}</th>
              <th scope="col">{o.columns.status}</th>
              <th scope="col">{o.columns.action}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const name = `${item.person.firstName} ${item.person.lastName}`;
              return (
                <tr
                  key={item.id}
                  data-testid={`outreach-${item.person.personalIdentityCode}-${item.benefit}`}
                >
                  <td>{name}</td>
                  <td>{item.person.personalIdentityCode}</td>
                  <td>{o.benefits[item.benefit] ?? item.benefit}</td>
                  <td>{formatDate(item.since)}</td>
                  <td data-testid="outreach-status">
                    {o.statuses[item.status] ?? item.status}
                    {item.note ? ` – ${item.note}` : ''}
                  </td>
                  <td>
                    {item.status === 'REGISTERED' && item.clientId ? (
                      <RouterLink asComponent={Link} to={`/clients/${item.clientId}`}>
                        {o.openClient}
                      </RouterLink>
                    ) : (
                      <Button
                        variant="secondary"
                        aria-label={o.recordFor(name)}
                        onClick={() => {
                          setSaved(false);
                          setSelected(item);
                        }}
                      >
                        {o.record}
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {selected && (
        <OutcomeForm
          key={selected.id}
          item={selected}
          onDone={(didSave) => {
            setSelected(null);
            setSaved(didSave);
          }}
        />
      )}
    </Page>
  );
}

interface OutcomeValues {
  outcome: string;
  note: string;
  clientId: string;
}

function OutcomeForm({ item, onDone }: { item: Item; onDone(saved: boolean): void }) {
  const { t } = useI18n();
  const o = t.outreach;
  const queryClient = useQueryClient();
  const form = useForm<OutcomeValues>({
    defaultValues: { outcome: '', note: item.note ?? '', clientId: '' },
  });
  const submit = useApiForm(form, {
    send: (values) =>
      unwrap(
        api.POST('/api/v1/outreach/{id}/outcome', {
          params: { path: { id: item.id } },
          body: {
            outcome: values.outcome as (typeof outcomes)[number],
            ...(values.note.trim() ? { note: values.note.trim() } : {}),
            ...(values.clientId.trim() ? { clientId: values.clientId.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['outreach'] });
      onDone(true);
    },
    onConflict: () => void queryClient.invalidateQueries({ queryKey: ['outreach'] }),
  });
  const title = o.recordFor(`${item.person.firstName} ${item.person.lastName}`);
  return (
    <Section title={title} id="record-outcome">
      <form onSubmit={(event) => void submit.onSubmit(event)} noValidate aria-label={title}>
        <FormErrors form={form} api={submit} />
        <SelectField
          control={form.control}
          name="outcome"
          label={o.outcome}
          rules={{ required: t.common.errors.required }}
          options={outcomes.map((value) => ({ value, label: o.statuses[value] }))}
        />
        <TextareaField control={form.control} name="note" label={o.note} optional />
        <TextField control={form.control} name="clientId" label={o.clientId} hint={o.clientIdHint} optional />
        <div className="koto-actions">
          <Button type="submit" disabled={submit.mutation.isPending}>
            {o.submit}
          </Button>
          <Button variant="secondary" onClick={() => onDone(false)}>
            {o.cancel}
          </Button>
        </div>
      </form>
    </Section>
  );
}
