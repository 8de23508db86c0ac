import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { outreachScheduleId, permitScheduleId } from '../../workflows/registers/messages';
import { registerRetry, type RegistersConfig } from './config';

/**
 * The Temporal schedules of the register work: the outreach list from Kelmu and the permit check
 * from UMA, each at its configured interval. Created at start-up, or updated when they exist, so
 * that changing the interval needs only a restart. A run never overlaps the previous one.
 */
export async function ensureRegisterSchedules(
  client: Client,
  taskQueue: string,
  config: RegistersConfig,
  options: { runNow?: boolean } = {},
): Promise<string[]> {
  const retry = registerRetry(config);
  const wanted = [
    config.kelmu && {
      scheduleId: outreachScheduleId(taskQueue),
      every: config.outreachEvery,
      workflowType: 'outreachSync',
      args: [{ retry }],
    },
    config.uma && {
      scheduleId: permitScheduleId(taskQueue),
      every: config.permitCheckEvery,
      workflowType: 'permitExpiryCheck',
      args: [{ warningDays: config.permitWarningDays, retry }],
    },
  ].filter((s): s is NonNullable<typeof s> => Boolean(s));
  for (const s of wanted) {
    const options = {
      scheduleId: s.scheduleId,
      spec: { intervals: [{ every: s.every as never }] },
      action: {
        type: 'startWorkflow' as const,
        workflowType: s.workflowType,
        taskQueue,
        args: s.args,
        workflowId: s.scheduleId,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' as never },
    };
    try {
      await client.schedule.create(options);
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await client.schedule.getHandle(s.scheduleId).update((previous) => ({
        ...previous,
        spec: options.spec,
        action: options.action,
        policies: options.policies,
      }));
    }
  }
  // Development: the lists fill at start rather than a day later.
  if (options.runNow) for (const s of wanted) await client.schedule.getHandle(s.scheduleId).trigger();
  return wanted.map((s) => s.scheduleId);
}
