import type { Me } from '../api/session';

/**
 * What the signed-in officer may attempt, as the API's own access policy says (`permissions` in
 * `GET /api/v1/me`): navigation and buttons follow it, so nothing is offered that would be refused.
 */
export function can(me: Me | undefined, action: string): boolean {
  return !!me?.permissions.includes(action);
}
