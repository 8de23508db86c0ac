import { fork } from 'node:child_process';
import path from 'node:path';
import type { Stack } from './stack';

export interface CrashingWorker {
  /** Resolves with the signal that ended the process (SIGKILL when it crashed as planned). */
  exited: Promise<NodeJS.Signals | null>;
  /** Stops it if it has not crashed (test clean-up). */
  stop(): void;
}

/**
 * Starts test/support/crashingWorker.ts for the stack's task queue; resolves once it polls.
 * `at`: `before:<event type>` or `after:<event type>` (see that file).
 */
export async function startCrashingWorker(stack: Stack, at: string): Promise<CrashingWorker> {
  const child = fork(path.join(__dirname, 'crashingWorker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      DATABASE_URL: stack.databaseUrl,
      TASK_QUEUE: stack.taskQueue,
      CRASH_AT: at,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  await Promise.race([
    new Promise<void>((resolve) => child.once('message', () => resolve())),
    exited.then(() => {
      throw new Error('the crashing worker ended before it started polling');
    }),
  ]);
  return { exited, stop: () => void (child.exitCode === null && child.kill('SIGKILL')) };
}
