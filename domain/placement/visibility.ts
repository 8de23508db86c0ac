import type { Actor } from '../organisations/kinds';

/** The fields of a proposal that decide who may see it. */
export interface ProposalParties {
  ownerId: string;
  municipalityId: string | null;
  hearing: { welfareAreaId: string | null; mode: string } | null;
}

/**
 * Each authority sees only its own competence: the owning elinvoimakeskus, the municipality the
 * current round is sent to, the welfare area heard in the system, and KEHA for supervision.
 */
export function mayView(actor: Actor, proposal: ProposalParties): boolean {
  switch (actor.orgKind) {
    case 'KEHA':
      return true;
    case 'ELINVOIMAKESKUS':
      return proposal.ownerId === actor.orgId;
    case 'MUNICIPALITY':
      return proposal.municipalityId === actor.orgId;
    case 'WELFARE_AREA':
      return proposal.hearing?.mode === 'IN_SYSTEM' && proposal.hearing.welfareAreaId === actor.orgId;
    default:
      return false;
  }
}
