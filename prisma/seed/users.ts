import type { Role } from '../../domain/organisations/kinds';
import { referenceOrganisations } from './referenceData';

export interface SeededUser {
  id: string;
  organisationId: string;
  displayName: string;
  roles: Role[];
}

/**
 * Development and test users (API.md): `<orgId>.officer` and `<orgId>.admin` for every
 * organisation, `<orgId>.system` (a machine account of the municipality's own system) for every
 * municipality, plus `keha.supervisor` and `tem.analyst`.
 */
export function seededUsers(): SeededUser[] {
  const users: SeededUser[] = referenceOrganisations.flatMap((org) => [
    {
      id: `${org.id}.officer`,
      organisationId: org.id,
      displayName: `${org.name.fi}, virkailija`,
      roles: ['OFFICER'],
    },
    {
      id: `${org.id}.admin`,
      organisationId: org.id,
      displayName: `${org.name.fi}, pääkäyttäjä`,
      roles: ['ADMIN'],
    },
    ...(org.kind === 'MUNICIPALITY'
      ? [
          {
            id: `${org.id}.system`,
            organisationId: org.id,
            displayName: `${org.name.fi}, järjestelmäkäyttäjä`,
            roles: ['SYSTEM'] as Role[],
          },
        ]
      : []),
  ]);
  users.push(
    {
      id: 'keha.supervisor',
      organisationId: 'keha',
      displayName: 'KEHA-keskus, valvoja',
      roles: ['SUPERVISOR'],
    },
    { id: 'tem.analyst', organisationId: 'tem', displayName: 'TEM, analyytikko', roles: ['ANALYST'] },
  );
  return users;
}

export function findSeededUser(id: string): SeededUser | undefined {
  return seededUsers().find((u) => u.id === id);
}
