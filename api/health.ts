import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import type { Database } from '../platform/database';
import { pendingMigrations } from '../platform/migrations';
import { RETRY_AFTER_SECONDS } from './problem';

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
// A load balancer polls /ready often: each check answers within this, up or down.
const CHECK_TIMEOUT_MS = 3_000;

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
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      probe(),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return detail ? { status: 'up', detail } : { status: 'up' };
  } catch (error) {
    return { status: 'down', detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** `/health`: the process answers. `/ready`: everything a request needs answers too. */
export function healthRoutes(deps: ReadinessDeps): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'up' } satisfies z.input<typeof health>);
  });
  router.get('/ready', async (_req, res) => {
    const temporalCall = <T>(call: () => Promise<T>) =>
      deps.client.withDeadline(Date.now() + CHECK_TIMEOUT_MS, call);
    // All at once, each bounded: an outage of one part is reported as fast as the others answer.
    const temporalCheck = check(async () => {
      await temporalCall(() => deps.client.workflowService.getSystemInfo({}));
      return undefined;
    });
    const databaseCheck = check(async () => {
      await deps.db.$queryRaw`SELECT 1`;
      return undefined;
    });
    const [temporal, database, migrations, worker] = await Promise.all([
      temporalCheck,
      databaseCheck,
      check(async () => {
        if ((await databaseCheck).status === 'down') throw new Error('the database is down');
        const pending = await pendingMigrations(deps.databaseUrl);
        if (pending.length) throw new Error(`pending: ${pending.join(', ')}`);
        return 'current';
      }),
      check(async () => {
        if (deps.workerState) {
          const state = deps.workerState();
          if (state !== 'RUNNING') throw new Error(`worker is ${state ?? 'not started'}`);
          return `polling ${deps.taskQueue}`;
        }
        // Workers are seen through Temporal: while it is down, whether they poll is unknown.
        if ((await temporalCheck).status === 'down') throw new Error('unknown: Temporal is down');
        const response = await temporalCall(() =>
          deps.client.workflowService.describeTaskQueue({
            namespace: deps.namespace,
            taskQueue: { name: deps.taskQueue },
            taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
          }),
        );
        const now = Date.now();
        const pollers = (response.pollers ?? []).filter((p) => {
          const seconds = Number(p.lastAccessTime?.seconds ?? 0);
          return now - seconds * 1000 < POLLER_FRESH_MS;
        }).length;
        if (!pollers) throw new Error(`no worker polls task queue ${deps.taskQueue}`);
        return `${pollers} poller(s) on ${deps.taskQueue}`;
      }),
    ]);
    const components = { temporal, database, migrations, worker };
    const ready = Object.values(components).every((c) => c.status === 'up');
    if (!ready) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', components } satisfies z.input<typeof readiness>);
  });
  return router;
}
