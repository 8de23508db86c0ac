import type { Client } from '@temporalio/client';
import type { WebhookTargetPolicy } from '../domain/events/webhookTargets';
import type { Database } from '../platform/database';
import type { SecretBox } from '../platform/secretBox';
import { createClientActivities } from './clientRecords';
import { createPlacementActivities } from './placementRecords';
import { createPlacementRetentionActivities } from './placementRetention';
import { createEventRetentionActivities } from './eventRetention';
import { createRetentionActivities } from './retention';
import { createRegisterActivities, type RegisterActivityDeps } from './registers';
import { createWebhookActivities } from './webhooks';
import { createTransferActivities } from './transfers';

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(
  deps: { db: Database; temporal: Client; secrets: SecretBox; webhookTargets: WebhookTargetPolicy } & Partial<
    Pick<RegisterActivityDeps, 'registers' | 'permitWarningDays'>
  >,
) {
  return {
    ...createPlacementActivities(deps),
    ...createClientActivities(deps),
    ...createRetentionActivities(deps),
    ...createRegisterActivities({
      db: deps.db,
      registers: deps.registers ?? {},
      permitWarningDays: deps.permitWarningDays ?? 60,
    }),
    ...createPlacementRetentionActivities(deps),
    ...createWebhookActivities(deps),
    ...createEventRetentionActivities(deps),
    ...createTransferActivities(deps),
  };
}
