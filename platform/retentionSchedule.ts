import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import {
  placementRetentionScheduleId,
  type PlacementRetentionInput,
} from '../workflows/retention/placementRetention';
import { eventRetentionScheduleId, type EventRetentionInput } from '../workflows/retention/eventRetention';

/**
 * The Temporal schedules that prune what is kept only for a while: proposals' personal data after
 * their retention period (workflows/retention/placementRetention.ts explains why a schedule), and
 * events for add-ons with their webhook deliveries (workflows/retention/eventRetention.ts).
 * Created at start-up, or updated when they exist, so a changed period or interval needs only a
 * restart. A run never overlaps the previous one.
 */
async function ensureScanSchedule(
  client: Client,
  taskQueue: string,
  schedule: { scheduleId: string; workflowType: string; args: unknown[]; every: string },
): Promise<string> {
  const { scheduleId } = schedule;
  const options = {
    scheduleId,
    spec: { intervals: [{ every: schedule.every as never }] },
    action: {
      type: 'startWorkflow' as const,
      workflowType: schedule.workflowType,
      taskQueue,
      args: schedule.args,
      workflowId: scheduleId,
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' as never },
  };
  try {
    await client.schedule.create(options);
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({
      ...previous,
      spec: options.spec,
      action: options.action,
      policies: options.policies,
    }));
  }
  return scheduleId;
}

/** Erases placement proposals' personal data after PLACEMENT_RETENTION_AFTER_FINAL. */
export async function ensurePlacementRetentionSchedule(
  client: Client,
  taskQueue: string,
  config: { retentionAfterFinal: string; retentionScanEvery: string },
): Promise<string> {
  const args: [PlacementRetentionInput] = [{ retentionAfterFinal: config.retentionAfterFinal }];
  return ensureScanSchedule(client, taskQueue, {
    scheduleId: placementRetentionScheduleId(taskQueue),
    workflowType: 'placementRetention',
    args,
    every: config.retentionScanEvery,
  });
}

/** Prunes events for add-ons and webhook deliveries after EVENT_RETENTION_PERIOD. */
export async function ensureEventRetentionSchedule(
  client: Client,
  taskQueue: string,
  config: { retentionPeriod: string; scanEvery: string },
): Promise<string> {
  const args: [EventRetentionInput] = [{ retentionPeriod: config.retentionPeriod }];
  return ensureScanSchedule(client, taskQueue, {
    scheduleId: eventRetentionScheduleId(taskQueue),
    workflowType: 'eventRetention',
    args,
    every: config.scanEvery,
  });
}
