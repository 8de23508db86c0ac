import type { Database } from '../platform/database';
import { createPlacementActivities } from './placementRecords';

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: { db: Database }) {
  return {
    ...createPlacementActivities(deps),
  };
}
