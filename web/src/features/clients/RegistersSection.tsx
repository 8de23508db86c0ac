import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, InlineAlert, Paragraph } from 'suomifi-ui-components';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/session';
import { can } from '../../app/permissions';
import { useI18n } from '../../i18n/I18nProvider';
import { Section } from '../../shared/Page';
import { LoadingState, QueryError } from '../../shared/QueryState';

/**
 * Rekisteritiedot: what VTJ and UMA last said about the client, an expiring permit, and the
 * "refresh from VTJ" action (`/api/v1/clients/{id}/registers`, `.../refresh-from-vtj`).
 */
export function RegistersSection({ id }: { id: string }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const r = t.registers;
  const me = useMe();
  const queryClient = useQueryClient();
  const [requested, setRequested] = useState(false);
  const registers = useQuery({
    queryKey: ['clients', id, 'registers'],
    queryFn: () => unwrap(api.GET('/api/v1/clients/{id}/registers', { params: { path: { id } } })),
    // While a register has not answered (or a refresh runs), look again now and then.
    refetchInterval: (query) =>
      requested || query.state.data?.vtj.status === 'PENDING' || query.state.data?.uma.status === 'PENDING'
        ? 2_000
        : false,
  });
  const refresh = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/clients/{id}/refresh-from-vtj', { params: { path: { id } } })),
    onSuccess: () => {
      setRequested(true);
      setTimeout(() => {
        setRequested(false);
        void queryClient.invalidateQueries({ queryKey: ['clients', id] });
      }, 6_000);
    },
  });

  if (registers.isPending) return <LoadingState />;
  if (registers.error) return <QueryError error={registers.error} retry={() => void registers.refetch()} />;
  const { vtj, uma, permitExpiring } = registers.data;
  const person = vtj.person;
  const permit = uma.current;
  const none = t.common.none;
  return (
    <Section title={r.title} id="registers">
      <Paragraph mb="s">{r.intro}</Paragraph>
      {permitExpiring && (
        <InlineAlert status="warning" mb="s" data-testid="permit-expiring">
          {r.expiring(formatDate(permitExpiring.validUntil))}
        </InlineAlert>
      )}
      <div aria-live="polite">
        {requested && (
          <InlineAlert status="neutral" mb="s" role="status" data-testid="refresh-notice">
            {r.refreshed}
          </InlineAlert>
        )}
        {refresh.error && (
          <InlineAlert status="error" mb="s" role="alert">
            {String(refresh.error.message)}
          </InlineAlert>
        )}
      </div>
      <h3>{r.vtj}</h3>
      <dl className="koto-facts" data-testid="register-vtj">
        <dt>{r.status}</dt>
        <dd>{r.statuses[vtj.status] ?? vtj.status}</dd>
        <dt>{r.checkedAt}</dt>
        <dd>{vtj.checkedAt ? formatDateTime(vtj.checkedAt) : none}</dd>
        {person && (
          <>
            <dt>{r.name}</dt>
            <dd>{`${person.firstName} ${person.lastName}`}</dd>
            <dt>{r.address}</dt>
            <dd>
              {person.address
                ? `${person.address.street}, ${person.address.postalCode} ${person.address.postOffice}`
                : none}
            </dd>
            <dt>{r.phone}</dt>
            <dd>{person.phone ?? none}</dd>
            <dt>{r.email}</dt>
            <dd>{person.email ?? none}</dd>
          </>
        )}
      </dl>
      <h3>{r.uma}</h3>
      <dl className="koto-facts" data-testid="register-uma">
        <dt>{r.status}</dt>
        <dd>{r.statuses[uma.status] ?? uma.status}</dd>
        <dt>{r.checkedAt}</dt>
        <dd>{uma.checkedAt ? formatDateTime(uma.checkedAt) : none}</dd>
        {permit && (
          <>
            <dt>{r.permit}</dt>
            <dd>
              {`${r.permitTypes[permit.type] ?? permit.type}${permit.permitClass ? ` (${permit.permitClass})` : ''}, ${
                permit.validUntil ? r.validUntil(formatDate(permit.validUntil)) : r.permanent
              }`}
            </dd>
          </>
        )}
      </dl>
      {can(me.data, 'client.refreshFromRegisters') && (
        <div className="koto-actions">
          <Button
            variant="secondary"
            onClick={() => refresh.mutate()}
            disabled={refresh.isPending || requested}
          >
            {r.refresh}
          </Button>
        </div>
      )}
    </Section>
  );
}
