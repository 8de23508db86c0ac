import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  InlineAlert,
  Modal,
  ModalContent,
  ModalFooter,
  ModalTitle,
  Paragraph,
} from 'suomifi-ui-components';
import { api, ProblemError, unwrap, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { FormErrors, TextField, useApiForm } from '../../shared/forms';
import { Page, Section } from '../../shared/Page';
import { LoadingState, QueryError } from '../../shared/QueryState';
import './webhooks.css';

type Webhook = Schemas['Webhook'];

interface NewWebhookValues {
  url: string;
  events: string;
}

/**
 * "Webhookit": an organisation's admin points its events (no personal data) at the municipality's
 * add-ons, sees how the deliveries go, sends failed ones again and deletes a webhook. The signing
 * secret is shown once, when the webhook is created.
 */
export default function WebhooksPage() {
  const { t } = useI18n();
  const w = t.webhooks;
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['webhooks'], queryFn: () => unwrap(api.GET('/api/v1/webhooks')) });
  const [notice, setNotice] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Webhook | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const reload = () => queryClient.invalidateQueries({ queryKey: ['webhooks'] });
  const announce = (text: string) => {
    setNotice(text);
    setTimeout(() => noticeRef.current?.focus(), 0);
  };

  const removal = useMutation({
    mutationFn: (hook: Webhook) =>
      unwrap(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: hook.id } } })),
    onSuccess: async (_, hook) => {
      setRemoving(null);
      setSecret(null);
      announce(w.removed(hook.url));
      await reload();
    },
  });
  const retry = useMutation({
    mutationFn: (hook: Webhook) =>
      unwrap(api.POST('/api/v1/webhooks/{id}/dead-letters/retry', { params: { path: { id: hook.id } } })),
    onSuccess: async (answer) => {
      announce(w.retried(answer.retried));
      await reload();
    },
  });

  if (list.error instanceof ProblemError && list.error.status === 403) {
    return (
      <Page title={w.title}>
        <QueryError error={list.error} />
      </Page>
    );
  }

  return (
    <Page title={w.title}>
      <Paragraph mb="m">{w.intro}</Paragraph>
      <div ref={noticeRef} tabIndex={-1} aria-live="polite">
        {notice && (
          <InlineAlert status="neutral" mb="m" data-testid="notice">
            {notice}
          </InlineAlert>
        )}
        {secret && (
          <InlineAlert status="warning" mb="m" labelText={w.created} data-testid="webhook-secret">
            <Paragraph mb="s">{w.secretIntro}</Paragraph>
            <Paragraph>
              {w.secretLabel}: <code className="koto-secret">{secret}</code>
            </Paragraph>
          </InlineAlert>
        )}
      </div>
      {list.isPending && <LoadingState />}
      {list.error && <QueryError error={list.error} retry={() => void list.refetch()} />}
      {retry.error && <QueryError error={retry.error} />}
      {list.data && (
        <Section title={w.list} id="webhooks">
          {list.data.items.length === 0 && <Paragraph>{w.none}</Paragraph>}
          {list.data.items.map((hook) => (
            <WebhookState
              key={hook.id}
              hook={hook}
              retrying={retry.isPending}
              onRetry={() => retry.mutate(hook)}
              onRemove={() => {
                removal.reset();
                setRemoving(hook);
              }}
            />
          ))}
        </Section>
      )}
      <Section title={w.newWebhook} id="new-webhook">
        <NewWebhookForm
          onCreated={async (created) => {
            setNotice(null);
            setSecret(created.secret);
            setTimeout(() => noticeRef.current?.focus(), 0);
            await reload();
          }}
        />
      </Section>
      <Modal
        visible={removing !== null}
        appElementId="root"
        ariaLabelledBy="confirm-webhook-removal-title"
        onEscKeyDown={() => setRemoving(null)}
        focusOnCloseRef={noticeRef}
      >
        <ModalContent>
          <ModalTitle id="confirm-webhook-removal-title">{w.confirmTitle}</ModalTitle>
          <Paragraph>{w.confirmText(removing?.url ?? '')}</Paragraph>
          {removal.error && <QueryError error={removal.error} />}
        </ModalContent>
        <ModalFooter>
          <Button onClick={() => removing && removal.mutate(removing)} disabled={removal.isPending}>
            {w.confirmRemove}
          </Button>
          <Button variant="secondary" onClick={() => setRemoving(null)}>
            {t.common.cancel}
          </Button>
        </ModalFooter>
      </Modal>
    </Page>
  );
}

/** One webhook: what it takes, how its deliveries go, and its dead letters. */
function WebhookState({
  hook,
  retrying,
  onRetry,
  onRemove,
}: {
  hook: Webhook;
  retrying: boolean;
  onRetry(): void;
  onRemove(): void;
}) {
  const { t, formatDateTime } = useI18n();
  const w = t.webhooks;
  const d = hook.deliveries;
  const headingId = `webhook-${hook.id}`;
  return (
    <section className="koto-webhook" aria-labelledby={headingId} data-testid={`webhook-${hook.id}`}>
      <h3 id={headingId} className="koto-webhook-title">
        {w.webhookOf(hook.url)}
      </h3>
      <Paragraph mb="s">
        {w.eventsLabel}: {hook.events.map((e) => (e === '*' ? w.allEvents : e)).join(', ')}
      </Paragraph>
      <table className="koto-table" data-testid="delivery-state">
        <caption>{w.state}</caption>
        <thead>
          <tr>
            <th scope="col">{w.columns.delivered}</th>
            <th scope="col">{w.columns.pending}</th>
            <th scope="col">{w.columns.dead}</th>
            <th scope="col">{w.columns.lastDeliveredAt}</th>
            <th scope="col">{w.columns.lastError}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{d.delivered}</td>
            <td>{d.pending}</td>
            <td>{d.dead}</td>
            <td>{d.lastDeliveredAt ? formatDateTime(d.lastDeliveredAt) : w.never}</td>
            <td>
              {d.lastError && d.lastErrorAt ? `${d.lastError} (${formatDateTime(d.lastErrorAt)})` : w.noError}
            </td>
          </tr>
        </tbody>
      </table>
      {hook.deadLetters.length > 0 && (
        <>
          <Paragraph mt="m" mb="s">
            {w.deadLettersIntro}
          </Paragraph>
          <div className="koto-table-scroll" role="region" aria-label={w.deadLetters} tabIndex={0}>
            <table className="koto-table" data-testid="dead-letters">
              <caption>{w.deadLetters}</caption>
              <thead>
                <tr>
                  <th scope="col">{w.deadColumns.type}</th>
                  <th scope="col">{w.deadColumns.resource}</th>
                  <th scope="col">{w.deadColumns.attempts}</th>
                  <th scope="col">{w.deadColumns.lastError}</th>
                  <th scope="col">{w.deadColumns.lastAttemptAt}</th>
                </tr>
              </thead>
              <tbody>
                {hook.deadLetters.map((letter) => (
                  <tr key={letter.eventId}>
                    <td>
                      <code>{letter.type}</code>
                    </td>
                    <td>
                      {letter.resource.type} <code>{letter.resource.id}</code>
                    </td>
                    <td>{letter.attempts}</td>
                    <td>{letter.lastError ?? ''}</td>
                    <td>{letter.lastAttemptAt ? formatDateTime(letter.lastAttemptAt) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <div className="koto-actions">
        {d.dead > 0 && (
          <Button onClick={onRetry} disabled={retrying}>
            {w.retry}
          </Button>
        )}
        <Button variant="secondary" onClick={onRemove} aria-label={w.removeLabel(hook.url)}>
          {w.remove}
        </Button>
      </div>
    </section>
  );
}

function NewWebhookForm({ onCreated }: { onCreated(created: Schemas['WebhookCreated']): void }) {
  const { t } = useI18n();
  const w = t.webhooks;
  const form = useForm<NewWebhookValues>({ defaultValues: { url: '', events: '*' } });
  const submit = useApiForm(form, {
    send: async (values) => {
      const events = values.events
        .split(/[\s,]+/)
        .map((e) => e.trim())
        .filter(Boolean);
      try {
        return await unwrap(api.POST('/api/v1/webhooks', { body: { url: values.url.trim(), events } }));
      } catch (error) {
        // One field holds every event type: a refused type is that field's error.
        if (!(error instanceof ProblemError)) throw error;
        const errors = error.errors.map((e) => ({
          ...e,
          pointer: e.pointer.replace(/^\/events\/.*/, '/events'),
        }));
        throw new ProblemError(error.status, error.title, error.detail, errors, error.body);
      }
    },
    onSuccess: (created) => {
      form.reset();
      onCreated(created);
    },
  });
  const required = { required: t.common.errors.required };
  return (
    <form onSubmit={submit.onSubmit} noValidate aria-label={w.newWebhook}>
      <FormErrors form={form} api={submit} />
      <div className="koto-grid">
        <TextField
          control={form.control}
          name="url"
          label={w.url}
          hint={w.urlHint}
          rules={required}
          fullWidth
        />
        <TextField
          control={form.control}
          name="events"
          label={w.events}
          hint={w.eventsHint}
          rules={required}
          fullWidth
        />
      </div>
      <div className="koto-actions">
        <Button type="submit" disabled={submit.mutation.isPending}>
          {w.create}
        </Button>
      </div>
    </form>
  );
}
