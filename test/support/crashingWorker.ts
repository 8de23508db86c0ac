/**
 * A worker in a process of its own that kills itself (SIGKILL: no clean-up, no goodbye to the
 * server) at one moment of one read-model write: `CRASH_AT=before:<event type>` just before the
 * write, `after:<event type>` just after it has committed, in the middle of the decision's workflow
 * task. Started by test/support/crash.ts; everything else is the production worker.
 *
 * Environment: KOTO_TEST_ENVIRONMENT (the run's Temporal server and workflow bundle),
 * DATABASE_URL, TASK_QUEUE, CRASH_AT.
 */
import { createActivities } from '../../activities';
import type { ClientEvent } from '../../domain/clientCase/clientCase';
import type { TimelineEvent } from '../../domain/placement/proposal';
import { loadConfig } from '../../platform/config';
import { createPrisma } from '../../platform/database';
import { SecretBox } from '../../platform/secretBox';
import { connectClient } from '../../platform/temporal';
import { createWorker } from '../../platform/worker';
import { testCodecKeys, testEnvironment } from './environment';

async function main() {
  const env = testEnvironment();
  const [moment, eventType] = (process.env.CRASH_AT ?? '').split(':');
  const db = createPrisma(process.env.DATABASE_URL!);
  const { client } = await connectClient(env.temporalAddress, 'default', testCodecKeys);
  const activities = createActivities({
    db,
    temporal: client,
    secrets: new SecretBox(testCodecKeys),
    webhookTargets: loadConfig().webhookTargets,
  });
  const crashing =
    <A extends { event: TimelineEvent | ClientEvent }>(write: (input: A) => Promise<void>) =>
    async (input: A) => {
      const hit = input.event.type === eventType;
      if (hit && moment === 'before') process.kill(process.pid, 'SIGKILL');
      await write(input);
      if (hit && moment === 'after') process.kill(process.pid, 'SIGKILL');
    };
  const { worker } = await createWorker({
    address: env.temporalAddress,
    namespace: 'default',
    taskQueue: process.env.TASK_QUEUE!,
    db,
    codecKeys: testCodecKeys,
    workflowBundle: { codePath: env.bundlePath },
    options: {
      activities: {
        ...activities,
        recordProposalChange: crashing(activities.recordProposalChange),
        recordClientChange: crashing(activities.recordClientChange),
      },
    },
  });
  const running = worker.run();
  process.send?.('polling');
  await running;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
