/** Organisation kinds (DOMAIN.md, "Parties"). */
export const organisationKinds = [
  'ELINVOIMAKESKUS',
  'MUNICIPALITY',
  'WELFARE_AREA',
  'KEHA',
  'MIGRI',
  'TEM',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

/**
 * Roles a user can hold within their one organisation. SYSTEM is a machine account: a
 * municipality's own system integrating with this one (it sends data transfers).
 */
export const roles = ['OFFICER', 'ADMIN', 'SUPERVISOR', 'ANALYST', 'SYSTEM'] as const;
export type Role = (typeof roles)[number];

/** The authenticated person acting, as the API passes it into workflows. */
export interface Actor {
  userId: string;
  orgId: string;
  orgKind: OrganisationKind;
  roles: Role[];
}
