import path from 'node:path';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import { defaultWorkerTuning, loadConfig, type WorkerTuning } from './config';
import type { RegistersConfig } from './registers/config';
import { createRegisterAdapters } from './registers/adapters';
import type { Database } from './database';
import { EncryptionCodec, type CodecKeys } from './payloadCodec';
import { SecretBox } from './secretBox';
import type { WebhookTargetPolicy } from '../domain/events/webhookTargets';
import { connectClient } from './temporal';
import { setWorkflowStackTraces } from './workflowStackTraces';

export const workflowsPath = () => path.join(__dirname, '..', 'workflows', 'index');
export const failureConverterPath = () => require.resolve(path.join(__dirname, 'failureConverter'));

/**
 * The workflows bundled as a worker runs them (with the failure converter the payloads need), as
 * code: for `npm run build`, the tests' and the benches' shared bundle. `workflowsModule`: another
 * workflows module (a bench's own); `logger`: the bundler's (default: its own, which logs progress).
 */
export async function bundleWorkflows(
  options: { workflowsModule?: string; logger?: Parameters<typeof bundleWorkflowCode>[0]['logger'] } = {},
): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve(options.workflowsModule ?? workflowsPath()),
    failureConverterPath: failureConverterPath(),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return code;
}

export interface WorkerDeps {
  address: string;
  namespace: string;
  taskQueue: string;
  db: Database;
  codecKeys: CodecKeys;
  /** A prebuilt bundle (tests bundle once per run); otherwise workflows are bundled at start. */
  workflowBundle?: { codePath: string } | { code: string };
  /** Defaults: `defaultWorkerTuning` (the configuration's defaults). */
  tuning?: WorkerTuning;
  options?: Partial<WorkerOptions>;
  /** The registers (VTJ, UMA, Kelmu); default: from the environment. */
  registers?: RegistersConfig;
  /** Where webhooks may deliver; default: from the environment (WEBHOOK_ALLOW_INTERNAL_TARGETS). */
  webhookTargets?: WebhookTargetPolicy;
}

export async function createWorker(
  deps: WorkerDeps,
): Promise<{ worker: Worker; connection: NativeConnection; close(): Promise<void> }> {
  const tuning = deps.tuning ?? defaultWorkerTuning;
  const registers = deps.registers ?? loadConfig().registers;
  const webhookTargets = deps.webhookTargets ?? loadConfig().webhookTargets;
  // Read by Worker.create when it starts its workflow threads.
  setWorkflowStackTraces(tuning.stackTraces);
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
    activities: createActivities({
      db: deps.db,
      temporal,
      registers: createRegisterAdapters(registers),
      permitWarningDays: registers.permitWarningDays,
      // Webhook signing secrets are sealed with the payload keys (platform/secretBox.ts).
      secrets: new SecretBox(deps.codecKeys),
      webhookTargets,
    }),
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
