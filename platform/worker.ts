import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import { defaultWorkerTuning, type WorkerTuning } from './config';
import type { Database } from './database';
import { EncryptionCodec, type CodecKeys } from './payloadCodec';
import { connectClient } from './temporal';

export const workflowsPath = () => path.join(__dirname, '..', 'workflows', 'index');
export const failureConverterPath = () => require.resolve(path.join(__dirname, 'failureConverter'));

export interface WorkerDeps {
  address: string;
  namespace: string;
  taskQueue: string;
  db: Database;
  codecKeys: CodecKeys;
  /** A prebuilt bundle (tests bundle once per run); otherwise workflows are bundled at start. */
  workflowBundle?: { codePath: string };
  /** Defaults: `defaultWorkerTuning` (the configuration's defaults). */
  tuning?: WorkerTuning;
  options?: Partial<WorkerOptions>;
}

export async function createWorker(
  deps: WorkerDeps,
): Promise<{ worker: Worker; connection: NativeConnection; close(): Promise<void> }> {
  const tuning = deps.tuning ?? defaultWorkerTuning;
  const connection = await NativeConnection.connect({ address: deps.address });
  // Activities that act on Temporal itself (erasing histories) use a client of their own.
  const { connection: temporalConnection, client: temporal } = await connectClient(
    deps.address,
    deps.namespace,
    deps.codecKeys,
  );
  const worker = await Worker.create({
    connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    activities: createActivities({ db: deps.db, temporal }),
    dataConverter: {
      payloadCodecs: [new EncryptionCodec(deps.codecKeys)],
      failureConverterPath: failureConverterPath(),
    },
    ...(deps.workflowBundle
      ? { workflowBundle: deps.workflowBundle }
      : { workflowsPath: require.resolve(workflowsPath()) }),
    maxCachedWorkflows: tuning.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: tuning.maxConcurrentWorkflowTasks,
    maxConcurrentLocalActivityExecutions: tuning.maxConcurrentLocalActivities,
    workflowThreadPoolSize: tuning.workflowThreads,
    ...deps.options,
  });
  return {
    worker,
    connection,
    close: async () => {
      await connection.close();
      await temporalConnection.close();
    },
  };
}
