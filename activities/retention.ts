import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';

/** Erasure in the workflow engine itself: every run of a closed workflow, deleted. */
export function createRetentionActivities(deps: { temporal: Client }) {
  return {
    async deleteClosedWorkflowRuns(workflowId: string): Promise<number> {
      const { temporal } = deps;
      const latest = await temporal.workflow.getHandle(workflowId).describe();
      if (latest.status.name === 'RUNNING') {
        // Retryable: the purge waits for the run that asked for it to close.
        throw ApplicationFailure.retryable(`${workflowId} is still running`, 'StillRunning');
      }
      const runs = new Set<string>([latest.runId]);
      for await (const execution of temporal.workflow.list({
        query: `WorkflowId = '${workflowId.replace(/'/g, '')}'`,
      })) {
        runs.add(execution.runId);
      }
      for (const runId of runs) {
        await temporal.workflowService
          .deleteWorkflowExecution({
            namespace: temporal.options.namespace,
            workflowExecution: { workflowId, runId },
          })
          .catch((error: { code?: number }) => {
            if (error?.code !== 5) throw error; // 5 = NOT_FOUND: already gone
          });
      }
      return runs.size;
    },
  };
}
