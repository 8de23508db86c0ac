import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/**
 * How the workflows write the read model inside each decision.
 *
 * A decision's Update answers only after its change is in PostgreSQL (read-your-writes). Since
 * the patches below, the write is a *local* activity: the worker runs it within the workflow task
 * that applies the decision, and the server records its result as a marker with the Update's
 * completion. That costs about 5 ms where a regular activity's round trip through the server
 * cost about 100 ms. Guarantees:
 *
 * - Exactly once: the Update ID is the Idempotency-Key (the server deduplicates it) and the
 *   workflow keeps applied keys across runs; the write itself is idempotent (snapshot by version,
 *   events by sequence number), so running it again changes nothing.
 * - Crash safety: if the worker dies before the workflow task completes, nothing of it is in the
 *   history; the server gives the task (with the Update) to another worker after the task
 *   timeout, which decides again and writes again. The write of the attempt that completes
 *   replaces any of the same version by an attempt that did not (activities/*Records.ts), so
 *   the read model follows exactly what the history holds.
 * - A failed write is retried (locally, with backoff, without limit) and the decision waits
 *   for it, as it did with the regular activity.
 *
 * Changing workflows safely: every recorded history must keep replaying. Each workflow asks
 * `patched(id)` before each write: histories recorded before the patch have no marker, replay
 * `false` and schedule the regular activity as they did; new runs (and old runs from their next
 * live workflow task on) record the marker and use the local activity. Deprecation path: once no
 * open workflow and no retained history predates the patch (placement proposals: all closed;
 * client cases: all continued as new or closed since), replace `patched(id)` with
 * `deprecatePatch(id)` and delete the regular path; after no history without the deprecation
 * marker remains, delete the `deprecatePatch` call too. The replay fixtures in
 * test/fixtures/histories cover both paths: `placement-full-process.binpb` and
 * `client-case-lifecycle.binpb` the regular activity, `*-local-activities.binpb` and every
 * release's folder (`npm run record:histories`) the local one. The whole strategy (patches, rule
 * editions, continue-as-new, why not Worker Deployment Versioning, how a release is rolled out and
 * what tests gate it): README.md, "Changing workflows safely".
 */
export const patches = {
  placementReadModelLocal: 'placement-read-model-local-activity',
  clientReadModelLocal: 'client-case-read-model-local-activity',
} as const;

export const readModelActivityOptions: LocalActivityOptions = {
  startToCloseTimeout: '10 seconds',
  // Retried in the worker, quickly at first; no attempt limit: the decision waits for its write.
  retry: { initialInterval: '100 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
};

/** The regular activity the read model was written with before the patches: old histories only. */
export const regularReadModelActivityOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
};
