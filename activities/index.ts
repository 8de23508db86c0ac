import type { Client } from '@temporalio/client';
import type { Database } from '../platform/database';
import { createClientActivities } from './clientRecords';
import { createPlacementActivities } from './placementRecords';
import { createRetentionActivities } from './retention';

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: { db: Database; temporal: Client }) {
  return {
    ...createPlacementActivities(deps),
    ...createClientActivities(deps),
    ...createRetentionActivities(deps),
  };
}
