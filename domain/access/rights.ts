import type { Actor, OrganisationKind, Role } from '../organisations/kinds';

/**
 * Who grants rights to whom (act 681/2023 § 80): a municipality's main user (ADMIN) grants its own
 * staff's rights and those of the welfare-area staff who work with it; KEHA grants rights to
 * KEHA, ministry (TEM) and elinvoimakeskus staff. Rights are personal and may be limited in time.
 * A municipality's main user also grants the SYSTEM role to its own systems' machine accounts.
 */
export const grantableRoles: Record<OrganisationKind, readonly Role[]> = {
  MUNICIPALITY: ['OFFICER', 'ADMIN', 'SYSTEM'],
  WELFARE_AREA: ['OFFICER'],
  KEHA: ['SUPERVISOR', 'OFFICER', 'ADMIN'],
  TEM: ['ANALYST'],
  ELINVOIMAKESKUS: ['OFFICER', 'ADMIN'],
  MIGRI: [],
};

export interface Grantee {
  orgId: string;
  orgKind: OrganisationKind;
}

/** May the actor manage the accounts and rights of people in this organisation at all? */
export function mayManage(actor: Actor, target: Grantee, actorWelfareAreaId?: string | null): boolean {
  if (!actor.roles.includes('ADMIN')) return false;
  if (actor.orgKind === 'MUNICIPALITY') {
    return (
      (target.orgKind === 'MUNICIPALITY' && target.orgId === actor.orgId) ||
      (target.orgKind === 'WELFARE_AREA' && !!actorWelfareAreaId && target.orgId === actorWelfareAreaId)
    );
  }
  if (actor.orgKind === 'KEHA') return ['KEHA', 'TEM', 'ELINVOIMAKESKUS'].includes(target.orgKind);
  return false;
}

/** May the actor grant this role to a person of that organisation? */
export function mayGrant(
  actor: Actor,
  target: Grantee,
  role: Role,
  actorWelfareAreaId?: string | null,
): boolean {
  return mayManage(actor, target, actorWelfareAreaId) && grantableRoles[target.orgKind].includes(role);
}
