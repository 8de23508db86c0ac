import type { Role } from '@domain/organisations/kinds';
import type { Messages } from '../../i18n/messages';

/** A role in words, capitalised for a table cell or a menu ("Virkailija"). */
export function roleName(t: Messages, role: string): string {
  const name = (t.common.roles as Record<Role, string>)[role as Role] ?? role;
  return name.charAt(0).toLocaleUpperCase() + name.slice(1);
}
