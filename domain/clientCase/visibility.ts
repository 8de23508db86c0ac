import type { Actor } from '../organisations/kinds';

/** A client's data belongs to the municipality that has the case now, and to KEHA's supervision. */
export function mayViewClient(actor: Actor, client: { municipalityId: string }): boolean {
  if (actor.orgKind === 'KEHA') return true;
  return actor.orgKind === 'MUNICIPALITY' && actor.orgId === client.municipalityId;
}
