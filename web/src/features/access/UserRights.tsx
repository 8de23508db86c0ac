import { Button, Heading, Paragraph } from 'suomifi-ui-components';
import type { OrganisationKind, Role } from '@domain/organisations/kinds';
import { useI18n } from '../../i18n/I18nProvider';
import { GrantRightForm } from './GrantRightForm';
import { roleName } from './roleName';
import type { ManagedUser, UserRight } from './users';

const domId = (userId: string) => `user-${userId.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** Where a right stands now, in words (never by colour alone). */
function useRightState() {
  const { t, formatDateTime } = useI18n();
  const s = t.access.users.states;
  return (right: UserRight) => {
    if (right.revokedAt) return s.revoked(formatDateTime(right.revokedAt));
    if (right.inForce) return s.inForce;
    return new Date(right.validFrom).getTime() > Date.now() ? s.upcoming : s.expired;
  };
}

/** One user: their rights, past and present, with removal and a form to grant another. */
export function UserRights({
  user,
  organisationKind,
  granting,
  onToggleGrant,
  onGranted,
  onRemove,
}: {
  user: ManagedUser;
  organisationKind: OrganisationKind;
  granting: boolean;
  onToggleGrant(): void;
  onGranted(role: Role): void;
  onRemove(right: UserRight): void;
}) {
  const { t, formatDate } = useI18n();
  const u = t.access.users;
  const stateOf = useRightState();
  const id = domId(user.id);
  return (
    <article className="koto-user" aria-labelledby={`${id}-name`} data-testid={id}>
      <Heading variant="h3" id={`${id}-name`} mb="xs">
        {user.displayName} <span className="koto-user-id">({user.id})</span>
      </Heading>
      {!user.active && <span className="koto-badge koto-badge-alert">{u.inactive}</span>}
      {user.rights.length === 0 ? (
        <Paragraph>{u.noRights}</Paragraph>
      ) : (
        <table className="koto-table">
          <caption className="visually-hidden">{u.rightsOf(user.displayName)}</caption>
          <thead>
            <tr>
              <th scope="col">{u.columns.role}</th>
              <th scope="col">{u.columns.validFrom}</th>
              <th scope="col">{u.columns.validUntil}</th>
              <th scope="col">{u.columns.grantedBy}</th>
              <th scope="col">{u.columns.state}</th>
              <th scope="col">{u.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {user.rights.map((right) => (
              <tr key={right.id}>
                <td>{roleName(t, right.role)}</td>
                <td>{formatDate(right.validFrom)}</td>
                <td>{right.validUntil ? formatDate(right.validUntil) : u.indefinitely}</td>
                <td>{right.grantedBy}</td>
                <td>{stateOf(right)}</td>
                <td>
                  {!right.revokedAt && (
                    <Button
                      variant="secondaryNoBorder"
                      aria-label={u.removeLabel(roleName(t, right.role), user.displayName)}
                      onClick={() => onRemove(right)}
                    >
                      {u.remove}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Button
        variant={granting ? 'default' : 'secondary'}
        mt="s"
        aria-expanded={granting}
        aria-controls={`${id}-grant`}
        aria-label={u.grantTo(user.displayName)}
        onClick={onToggleGrant}
      >
        {u.grant}
      </Button>
      <div id={`${id}-grant`}>
        {granting && (
          <GrantRightForm
            user={user}
            organisationKind={organisationKind}
            onGranted={onGranted}
            onCancel={onToggleGrant}
          />
        )}
      </div>
    </article>
  );
}
