import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Database } from '../platform/database';
import { pendingMigrations } from '../platform/migrations';

export interface ReadinessDeps {
  db: Database;
  client: Client;
  databaseUrl: string;
  namespace: string;
  taskQueue: string;
  /** The in-process worker's state, when this process runs one (`dev`, `all`). */
  workerState?: () => string | undefined;
}

// The server lists a poller for minutes after it stops; an idle worker's long poll lasts about a minute.
const POLLER_FRESH_MS = 90_000;

export const health = z.object({ status: z.literal('up') }).meta({ id: 'Health' });

export const componentCheck = z
  .object({ status: z.enum(['up', 'down']), detail: z.string().optional() })
  .meta({ id: 'ComponentCheck' });

export const readiness = z
  .object({
    status: z.enum(['ready', 'not ready']),
    components: z.object({
      temporal: componentCheck,
      database: componentCheck,
      migrations: componentCheck,
      worker: componentCheck,
    }),
  })
  .meta({ id: 'Readiness' });

type Check = z.input<typeof componentCheck>;

async function check(probe: () => Promise<string | undefined>): Promise<Check> {
  try {
    const detail = await probe();
    return detail ? { status: 'up', detail } : { status: 'up' };
  } catch (error) {
    return { status: 'down', detail: (error as Error).message };
  }
}

/** `/health`: the process answers. `/ready`: everything a request needs answers too. */
export function healthRoutes(deps: ReadinessDeps): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'up' } satisfies z.input<typeof health>);
  });
  router.get('/ready', async (_req, res) => {
    const components = {
      temporal: await check(async () => {
        await deps.client.workflowService.getSystemInfo({});
        return undefined;
      }),
      database: await check(async () => {
        await deps.db.$queryRaw`SELECT 1`;
        return undefined;
      }),
      migrations: await check(async () => {
        const pending = await pendingMigrations(deps.databaseUrl);
        if (pending.length) throw new Error(`pending: ${pending.join(', ')}`);
        return 'current';
      }),
      worker: await check(async () => {
        if (deps.workerState) {
          const state = deps.workerState();
          if (state !== 'RUNNING') throw new Error(`worker is ${state ?? 'not started'}`);
          return `polling ${deps.taskQueue}`;
        }
        const response = await deps.client.workflowService.describeTaskQueue({
          namespace: deps.namespace,
          taskQueue: { name: deps.taskQueue },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        const now = Date.now();
        const pollers = (response.pollers ?? []).filter((p) => {
          const seconds = Number(p.lastAccessTime?.seconds ?? 0);
          return now - seconds * 1000 < POLLER_FRESH_MS;
        }).length;
        if (!pollers) throw new Error(`no worker polls task queue ${deps.taskQueue}`);
        return `${pollers} poller(s) on ${deps.taskQueue}`;
      }),
    };
    const ready = Object.values(components).every((c) => c.status === 'up');
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', components } satisfies z.input<typeof readiness>);
  });
  return router;
}
