import { proxyActivities } from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import type { createPlacementRetentionActivities } from '../../activities/placementRetention';

const retention = proxyActivities<ReturnType<typeof createPlacementRetentionActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface PlacementRetentionInput {
  /** How long a proposal's personal data is kept after its final state (`ms` duration, "4y"). */
  retentionAfterFinal: string;
  /** Proposals looked up at a time; the rest wait for the next scan (default 100, at most 10 batches a run). */
  batch?: number;
}

/** The schedule that starts `placementRetention` on each task queue (platform/retentionSchedule.ts). */
export const placementRetentionScheduleId = (taskQueue: string) => `placement-retention-${taskQueue}`;

/**
 * Erases the personal data of placement proposals whose final state (PLACED, RETURNED_TO_MIGRI,
 * WITHDRAWN) is older than the retention period: every copy, the read model and the Temporal
 * histories. Started by a Temporal schedule (platform/retentionSchedule.ts), one run at a time.
 *
 * Why a schedule scanning the read model rather than a timer in each proposal workflow after its
 * final state: a timer would keep every proposal's workflow open for four years after it ended
 * (30,000 a year at the sizing in DOMAIN.md: 120,000 open workflows), each pinning its workflow
 * code, patches and rule editions for as long, and would fix the retention period at the moment
 * the proposal ended; a changed period (configuration) would not reach proposals already waiting.
 * The scan closes nothing that is open, applies the configured period to every proposal at each
 * run, needs no change to the proposal workflow (so every recorded history replays untouched),
 * and its query is served by the (status, updated_at) index. A final proposal's workflow has
 * closed, so its histories can be deleted at once; the client-case erasure (§ 77) deletes the
 * same histories earlier when the client came with the proposal.
 */
export async function placementRetention(input: PlacementRetentionInput): Promise<number> {
  const batch = input.batch ?? 100;
  const finalBefore = new Date(Date.now() - msToNumber(input.retentionAfterFinal as never)).toISOString();
  let erased = 0;
  for (let round = 0; round < 10; round++) {
    const ids = await retention.findProposalsDueForErasure({ finalBefore, limit: batch });
    for (const proposalId of ids) {
      // Histories first: a proposal counts as erased (erased_at) only once nothing of it remains.
      await retention.purgeProposalHistory(proposalId);
      if (await retention.eraseProposal({ proposalId, at: new Date().toISOString() })) erased++;
    }
    if (ids.length < batch) break;
  }
  return erased;
}
