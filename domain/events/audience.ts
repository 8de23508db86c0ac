import { mayViewClient } from '../clientCase/visibility';
import type { Actor, OrganisationKind } from '../organisations/kinds';
import { mayView, type ProposalParties } from '../placement/visibility';

/**
 * Who sees an event for add-ons: the organisations the resource's own visibility rule lets see the
 * resource when the event happened. The outbox keeps their IDs with each event (never personal
 * data), so the events API and the webhooks answer what each organisation could see then.
 */

export type ResourceType = 'proposal' | 'client';

interface Party {
  orgId: string;
  orgKind: OrganisationKind;
}

const asActor = (party: Party): Actor => ({ ...party, userId: '', roles: [] });

function visibleTo(parties: (Party | null)[], rule: (actor: Actor) => boolean): string[] {
  const ids = parties.filter((p): p is Party => !!p && rule(asActor(p))).map((p) => p.orgId);
  return [...new Set(ids)];
}

export function proposalAudience(proposal: ProposalParties): string[] {
  return visibleTo(
    [
      { orgId: proposal.ownerId, orgKind: 'ELINVOIMAKESKUS' },
      proposal.municipalityId ? { orgId: proposal.municipalityId, orgKind: 'MUNICIPALITY' } : null,
      // Every welfare area heard (placement/visibility.ts: it keeps seeing the proposal).
      ...[...(proposal.hearings ?? []), ...(proposal.hearing ? [proposal.hearing] : [])].map((h) =>
        h.welfareAreaId ? { orgId: h.welfareAreaId, orgKind: 'WELFARE_AREA' as const } : null,
      ),
    ],
    (actor) => mayView(actor, proposal),
  );
}

export function clientAudience(client: { municipalityId: string }): string[] {
  return visibleTo([{ orgId: client.municipalityId, orgKind: 'MUNICIPALITY' }], (actor) =>
    mayViewClient(actor, client),
  );
}

/**
 * Organisations whose rules let them see every proposal and every client whoever the parties are
 * (KEHA's supervision): asked of the same rules with parties that are not the caller.
 */
export function seesEveryResource(actor: Actor): boolean {
  const stranger = `\u0000not-${actor.orgId}`;
  return (
    mayView(actor, { ownerId: stranger, municipalityId: stranger, hearing: null }) &&
    mayViewClient(actor, { municipalityId: stranger })
  );
}

/** Event types: `<resource>.<timeline type>`, e.g. `proposal.SENT`, `client.ENDED`. */
export function eventType(resource: ResourceType, timelineType: string): string {
  return `${resource}.${timelineType}`;
}

/** A stable event ID (the Standard Webhooks `webhook-id`): the same for every rerun of the write. */
export function eventIdOf(resource: ResourceType, resourceId: string, seq: number): string {
  return `evt_${resource}_${resourceId}_${seq}`;
}
