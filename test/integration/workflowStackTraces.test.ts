import { startStack, type Stack } from '../support/stack';
import { decide, expectStatus, helsinki, sentProposal } from '../support/placement';
import { workflowIdFor } from '../../workflows/placementProposal/messages';

/**
 * The SDK's per-promise stack traces (the Web UI's "Stack Trace" tab) are off by default for their
 * CPU cost, and TEMPORAL_WORKER_STACK_TRACES=true brings them back
 * (platform/workflowStackTraces.ts). Both settings on the same open workflow, through its worker.
 */
describe('workflow stack traces', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  const stackTrace = (id: string) =>
    stack.client.workflow.getHandle(workflowIdFor(id)).query<string>('__stack_trace');
  // The workflow's answer ("Workflow stack traces are not enabled on this worker") arrives as a
  // failure whose message the payload codec encrypts, as it does every failure's.
  const expectRefused = (query: Promise<string>) => expect(query).rejects.toThrow('Encoded failure');

  it('are off by default, and a decision works as before; on when configured, the same workflow answers', async () => {
    const id = await sentProposal(stack);
    await expectRefused(stackTrace(id));
    expectStatus(await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }), 200);

    // The same open workflow, taken over by a worker with stack traces on (it replays the history).
    await stack.stopWorker();
    await stack.startWorker({ stackTraces: true });
    // Where the workflow waits: the source-mapped frames of its own code.
    expect(await stackTrace(id)).toMatch(/workflows\/placementProposal\/workflow\.ts/);
    await stack.stopWorker();
    // Later workers go back to the default.
    await stack.startWorker();
    await expectRefused(stackTrace(id));
  });
});
