import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Dropdown, DropdownItem, InlineAlert, Paragraph } from 'suomifi-ui-components';
import { api, ProblemError, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { fieldId } from '../../shared/forms';
import { Page, Section } from '../../shared/Page';
import { LoadingState, QueryError } from '../../shared/QueryState';
import { ConfirmRemoval } from './ConfirmRemoval';
import { NewUserForm } from './NewUserForm';
import { roleName } from './roleName';
import { UserRights } from './UserRights';
import { useManagedOrganisations, useUsers, type ManagedUser, type UserRight } from './users';
import './access.css';

/**
 * "Käyttäjät ja oikeudet": an organisation's main user lists the users of the organisations they
 * manage, grants personal, possibly time-limited rights, removes them and creates accounts (§ 80).
 */
export default function UsersPage() {
  const { t, nameOf } = useI18n();
  const u = t.access.users;
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const managed = useManagedOrganisations();
  const requested = params.get('organisationId');
  const organisation = managed.organisations.find((o) => o.id === requested) ?? managed.organisations[0];
  const users = useUsers(organisation?.id);
  const [granting, setGranting] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ user: ManagedUser; right: UserRight } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const announce = (text: string) => {
    setNotice(text);
    setTimeout(() => noticeRef.current?.focus(), 0);
  };
  const reload = () => queryClient.invalidateQueries({ queryKey: ['users', organisation?.id] });
  const removal = useMutation({
    mutationFn: ({ user, right }: { user: ManagedUser; right: UserRight }) =>
      unwrap(
        api.DELETE('/api/v1/users/{userId}/rights/{rightId}', {
          params: { path: { userId: user.id, rightId: right.id } },
        }),
      ),
    onSuccess: async (_, { user, right }) => {
      setRemoving(null);
      announce(u.removed(roleName(t, right.role), user.displayName));
      await reload();
    },
  });

  if (managed.pending) return <LoadingState />;
  const organisationName = organisation ? nameOf(organisation.name) : '';
  // Someone who manages nobody's accounts gets the API's refusal, and nothing else.
  if (users.error instanceof ProblemError && users.error.status === 403) {
    return (
      <Page title={u.title}>
        <QueryError error={users.error} />
      </Page>
    );
  }

  return (
    <Page title={u.title}>
      <Paragraph mb="m">{u.intro}</Paragraph>
      <div ref={noticeRef} tabIndex={-1} aria-live="polite">
        {notice && (
          <InlineAlert status="neutral" mb="m" data-testid="notice">
            {notice}
          </InlineAlert>
        )}
      </div>
      {managed.organisations.length > 1 && organisation && (
        <Dropdown
          id={fieldId('organisationId')}
          labelText={u.organisation}
          value={organisation.id}
          onChange={(id) => {
            setNotice(null);
            setGranting(null);
            setParams({ organisationId: id });
          }}
        >
          {managed.organisations.map((o) => (
            <DropdownItem key={o.id} value={o.id}>
              {o.id === managed.ownId ? u.own(nameOf(o.name)) : nameOf(o.name)}
            </DropdownItem>
          ))}
        </Dropdown>
      )}
      {users.isPending && organisation && <LoadingState />}
      {users.error && <QueryError error={users.error} retry={() => void users.refetch()} />}
      {users.data && organisation && (
        <>
          <Section title={u.usersOf(organisationName)} id="users">
            {users.data.items.length === 0 && <Paragraph>{u.noUsers}</Paragraph>}
            {users.data.items.map((user) => (
              <UserRights
                key={user.id}
                user={user}
                organisationKind={organisation.kind}
                granting={granting === user.id}
                onToggleGrant={() => setGranting(granting === user.id ? null : user.id)}
                onGranted={async (role) => {
                  setGranting(null);
                  announce(u.granted(roleName(t, role), user.displayName));
                  await reload();
                }}
                onRemove={(right) => {
                  removal.reset();
                  setRemoving({ user, right });
                }}
              />
            ))}
          </Section>
          <Section title={u.newUser} id="new-user">
            <NewUserForm
              key={organisation.id}
              organisationId={organisation.id}
              organisationName={organisationName}
              onCreated={async (id) => {
                announce(u.created(id));
                await reload();
              }}
            />
          </Section>
        </>
      )}
      <ConfirmRemoval
        visible={removing !== null}
        role={removing ? roleName(t, removing.right.role) : ''}
        userName={removing?.user.displayName ?? ''}
        pending={removal.isPending}
        error={removal.error}
        returnFocusTo={noticeRef}
        onConfirm={() => removing && removal.mutate(removing)}
        onCancel={() => setRemoving(null)}
      />
    </Page>
  );
}
