import { proxyActivities } from '@temporalio/workflow';
import type { createTransferActivities } from '../../activities/transfers';
import type { TransferBatchResult, TransferInput } from './messages';

type TransferActivities = ReturnType<typeof createTransferActivities>;

const activities = proxyActivities<TransferActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** Records per activity: each batch is idempotent, so a retried or resumed batch changes nothing twice. */
export const TRANSFER_BATCH = 200;
/** Batches in progress at once (different records: they never touch the same row). */
const BATCHES_AT_ONCE = 3;

/**
 * A data transfer from a municipality's earlier system: the API has staged every record
 * (transfer_record); this processes them a batch at a time, each batch an activity that validates,
 * imports (a client case workflow per record) and records each record's outcome. A worker that dies
 * mid-way resumes at the batch it was in: the records already done keep their outcome.
 */
export async function dataTransfer(input: TransferInput): Promise<TransferBatchResult> {
  const total: TransferBatchResult = { imported: 0, unchanged: 0, refused: 0 };
  const starts: number[] = [];
  for (let from = 0; from < input.received; from += TRANSFER_BATCH) starts.push(from);
  let next = 0;
  const lane = async () => {
    while (next < starts.length) {
      const from = starts[next++];
      const done = await activities.processTransferBatch({
        ...input,
        from,
        to: Math.min(from + TRANSFER_BATCH, input.received),
      });
      total.imported += done.imported;
      total.unchanged += done.unchanged;
      total.refused += done.refused;
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCHES_AT_ONCE, starts.length) }, lane));
  await activities.finishTransfer({ transferId: input.transferId });
  return total;
}
