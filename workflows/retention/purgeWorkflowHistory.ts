import { proxyActivities } from '@temporalio/workflow';
import type { createRetentionActivities } from '../../activities/retention';

const retention = proxyActivities<ReturnType<typeof createRetentionActivities>>({
  startToCloseTimeout: '1 minute',
  // Retried until the workflow whose history is erased has closed.
  retry: { initialInterval: '1 second', backoffCoefficient: 1.2, maximumInterval: '5 seconds' },
});

/**
 * Deletes every run of a closed workflow from Temporal, histories and visibility records alike,
 * so that erased personal data does not outlive the erasure in the workflow engine (§ 77).
 */
export async function purgeWorkflowHistory(input: { workflowId: string }): Promise<number> {
  return retention.deleteClosedWorkflowRuns(input.workflowId);
}
