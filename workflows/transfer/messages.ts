import type { Actor } from '../../domain/organisations/kinds';
import type { ClientCaseSettings } from '../clientCase/messages';

/** Messages of the data transfer workflow, shared by the workflow, its activities and the API. */

export const transferWorkflowIdFor = (transferId: string) => `data-transfer-${transferId}`;

export interface TransferInput {
  transferId: string;
  municipalityId: string;
  sourceSystem: string;
  dryRun: boolean;
  /** How many records the API staged (transfer_record rows 0..received-1). */
  received: number;
  actor: Actor;
  /** Where the imported cases' workflows run, and their settings (as a registration's). */
  taskQueue: string;
  settings: ClientCaseSettings;
}

export interface TransferBatch extends TransferInput {
  from: number;
  to: number;
}

export interface TransferBatchResult {
  imported: number;
  unchanged: number;
  refused: number;
}
