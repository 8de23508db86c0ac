import { Router } from 'express';
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
}

type Check = { status: 'up' | 'down'; detail?: string };

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
    res.json({ status: 'up' });
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
        const response = await deps.client.workflowService.describeTaskQueue({
          namespace: deps.namespace,
          taskQueue: { name: deps.taskQueue },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        const pollers = response.pollers?.length ?? 0;
        if (!pollers) throw new Error(`no worker polls task queue ${deps.taskQueue}`);
        return `${pollers} poller(s) on ${deps.taskQueue}`;
      }),
    };
    const ready = Object.values(components).every((c) => c.status === 'up');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', components });
  });
  return router;
}
