import type { ChildProcess } from 'node:child_process';
import { testCodecKeys, testEnvironment } from '../support/environment';
import { exitCode, spawnMain } from '../support/mainProcess';
import { evk, expectStatus, sentProposal } from '../support/placement';
import { startStack, type Stack } from '../support/stack';

/**
 * `main.ts worker` as docker-compose.yml runs it: its own process, with the V8 heap capped on the
 * command line (`node --max-old-space-size=512`). The workflow threads start without the SDK's
 * stack traces (platform/workflowStackTraces.ts) in that process too, decisions go through, and
 * the exit code tells a supervisor what happened: 0 after SIGTERM, 1 when it could not start.
 */
describe('the worker entry point', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    // The spawned worker takes over the stack's task queue.
    await stack.stopWorker();
  });
  afterAll(async () => stack?.stop());

  const worker = (env: Record<string, string>) =>
    spawnMain(
      'worker',
      {
        LOG_LEVEL: 'info',
        PAYLOAD_CODEC_KEYS: JSON.stringify({ 'test-1': testCodecKeys.keys['test-1'].toString('base64') }),
        TEMPORAL_WORKFLOW_BUNDLE: testEnvironment().bundlePath,
        ...env,
      },
      ['--max-old-space-size=512'],
    );

  async function until(output: string[], text: string, child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!output.join('').includes(text)) {
      if (child.exitCode !== null)
        throw new Error(`the worker exited ${child.exitCode}:\n${output.join('')}`);
      if (Date.now() > deadline) throw new Error(`no "${text}" within 60 s:\n${output.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('runs decisions with its heap capped, and exits 0 on SIGTERM', async () => {
    const { child, output } = worker({
      TEMPORAL_ADDRESS: testEnvironment().temporalAddress,
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
    });
    try {
      await until(output, 'worker polling', child);
      const id = await sentProposal(stack);
      expectStatus(await stack.call(evk, 'GET', `/api/v1/placement-proposals/${id}`), 200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitCode(child)).toBe(0);
    expect(output.join('')).not.toContain('ERR_WORKER_INVALID_EXEC_ARGV');
  });

  it('exits 1 when it cannot start', async () => {
    const { child, output } = worker({
      // Nothing listens on port 1.
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_TASK_QUEUE: `${stack.taskQueue}-unused`,
    });
    expect(await exitCode(child)).toBe(1);
    expect(output.join('')).toContain('start-up failed');
  });
});
