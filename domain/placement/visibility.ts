import type { Actor } from '../organisations/kinds';

/** The fields of a proposal that decide who may see it. */
export interface ProposalParties {
  ownerId: string;
  municipalityId: string | null;
  hearing: { welfareAreaId: string | null; mode: string } | null;
  /** Every hearing (absent in records from before the list existed: then `hearing` alone counts). */
  hearings?: readonly { welfareAreaId: string | null; mode: string }[] | null;
}

/**
 * Each authority sees only its own competence: the owning elinvoimakeskus, the municipality the
 * current round is sent to, a welfare area heard in the system (it keeps seeing the proposal
 * after it answered, even once a later hearing or round follows), and KEHA for supervision.
 */
export function mayView(actor: Actor, proposal: ProposalParties): boolean {
  switch (actor.orgKind) {
    case 'KEHA':
      return true;
    case 'ELINVOIMAKESKUS':
      return proposal.ownerId === actor.orgId;
    case 'MUNICIPALITY':
      return proposal.municipalityId === actor.orgId;
    case 'WELFARE_AREA': {
      const heard = [...(proposal.hearings ?? []), ...(proposal.hearing ? [proposal.hearing] : [])];
      return heard.some((h) => h.mode === 'IN_SYSTEM' && h.welfareAreaId === actor.orgId);
    }
    default:
      return false;
  }
}
