import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';

/**
 * Deletes every run of a workflow from Temporal, histories and visibility records alike. A
 * running workflow cannot lose its history: `whenRunning: 'retry'` fails retryably (the purge
 * waits for it to close), `'skip'` leaves it and answers `running: true`. A workflow already gone
 * (erased before, or never started) counts as done.
 */
export async function deleteWorkflowRuns(
  temporal: Client,
  workflowId: string,
  whenRunning: 'retry' | 'skip' = 'retry',
): Promise<{ deleted: number; running: boolean }> {
  let latest;
  try {
    latest = await temporal.workflow.getHandle(workflowId).describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { deleted: 0, running: false };
    throw error;
  }
  if (latest.status.name === 'RUNNING') {
    if (whenRunning === 'skip') return { deleted: 0, running: true };
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
  return { deleted: runs.size, running: false };
}

/** Erasure in the workflow engine itself: every run of a closed workflow, deleted. */
export function createRetentionActivities(deps: { temporal: Client }) {
  return {
    async deleteClosedWorkflowRuns(workflowId: string): Promise<number> {
      return (await deleteWorkflowRuns(deps.temporal, workflowId)).deleted;
    },
  };
}
