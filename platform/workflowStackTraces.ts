import path from 'node:path';
import { fileURLToPath } from 'node:url';
import workerThreads from 'node:worker_threads';

/**
 * Workflow stack traces (the Temporal Web UI's "Stack Trace" tab, the `__stack_trace` query).
 *
 * To answer that query, the TypeScript SDK records where every promise a workflow creates was
 * created: for each one, a new Error, its stack formatted and every frame looked up in the
 * bundle's source map. A decision creates dozens of promises; `npm run bench` measured this at
 * about a quarter of the workflow thread's CPU, and turning it off raised the proposals a second by a
 * fifth (bench/results.md). What a supervisor inspects is the history, which stays complete; a
 * workflow's failures keep their source-mapped stacks (only the per-promise recording is off).
 * So the worker runs without it by default; TEMPORAL_WORKER_STACK_TRACES=true brings it back (for
 * debugging a workflow that waits where it should not), and then the query answers again.
 *
 * How: the SDK offers no option, and records from its workflow threads. Each of those threads
 * starts with a few lines that replace the SDK's promise-hook installer on its (per-thread)
 * handler object with a no-op, before the SDK's thread code first uses it. The SDK then reports
 * stack traces as not enabled, and the query answers "Workflow stack traces are not enabled on
 * this worker". Only the SDK's workflow threads start so; async_hooks and
 * AsyncLocalStorage are untouched. test/integration/workflowStackTraces.test.ts shows both
 * settings' effect, so an SDK upgrade that moves the installer is noticed.
 */
const WORKFLOW_THREAD = /[\\/]@temporalio[\\/]worker[\\/]lib[\\/]workflow[\\/]workflow-worker-thread\.js$/;

/**
 * The setting, kept on the (process-wide) worker_threads module itself rather than in this
 * module: a test runner that loads this module once per test file still installs one wrapper.
 */
const SETTING = Symbol.for('koto.workflowStackTraces');
type Setting = { on: boolean };
const shared = workerThreads as unknown as { [SETTING]?: Setting; Worker: typeof workerThreads.Worker };

/**
 * Whether the SDK's workflow threads started from now on record per-promise stack traces (the
 * SDK's own default is on). A thread keeps the setting it started with.
 */
export function setWorkflowStackTraces(enabled: boolean): void {
  const installed = shared[SETTING];
  if (installed) {
    installed.on = enabled;
    return;
  }
  if (enabled) return;
  const setting: Setting = { on: false };
  const Original = shared.Worker;
  class WorkflowThread extends Original {
    constructor(filename: string | URL, options?: workerThreads.WorkerOptions) {
      const file = filename instanceof URL ? fileURLToPath(filename) : filename;
      if (setting.on || !WORKFLOW_THREAD.test(file)) super(filename, options);
      else super(withoutStackTraces(file), { ...options, eval: true });
    }
  }
  shared.Worker = WorkflowThread;
  shared[SETTING] = setting;
}

/**
 * The thread's entry instead of the SDK's file: it replaces the hook installer on the SDK's handler
 * object of this thread, then runs the SDK's file. Given as code (`eval`), not as a `--import` in
 * the thread's `execArgv`: options given there replace the inherited ones and may not include the
 * process's V8 flags (`node --max-old-space-size=512 main.ts worker`, as docker-compose.yml runs
 * the worker, then failed to start its workflow thread).
 */
function withoutStackTraces(threadFile: string): string {
  const vmShared = path.join(path.dirname(threadFile), 'vm-shared.js');
  return [
    `const { globalHandlers } = require(${JSON.stringify(vmShared)});`,
    `if (globalHandlers && typeof globalHandlers.setPromiseHook === 'function') globalHandlers.setPromiseHook = () => {};`,
    `require(${JSON.stringify(threadFile)});`,
  ].join('\n');
}
