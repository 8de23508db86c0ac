import path from 'node:path';
import http from 'node:http';
import { createApp } from './api/app';
import { ensureDispatchers } from './api/webhooks';
import { answerClientErrors } from './api/problem';
import { loadConfig } from './platform/config';
import { createPrisma, startEmbeddedPostgres } from './platform/database';
import { createLogger, installTemporalLogging } from './platform/logger';
import { applyMigrations } from './platform/migrations';
import { EncryptionCodec, loadCodecKeys } from './platform/payloadCodec';
import { SecretBox } from './platform/secretBox';
import { resealWebhookSecrets } from './activities/webhookSecrets';
import { developmentCodecCapability } from './api/codec';
import { connectClient, ensureSearchAttributes, startDevServer } from './platform/temporal';
import { createWorker } from './platform/worker';
import { ensureEventRetentionSchedule, ensurePlacementRetentionSchedule } from './platform/retentionSchedule';
import { startWebDevServer } from './platform/webDev';
import { startRegisterSimulators } from './platform/registers/simulators';
import { ensureRegisterSchedules } from './platform/registers/schedules';
import { seedReferenceData } from './prisma/seed/seed';

/**
 * Entry point. `dev` (the default, `npm run dev`) runs everything on embedded defaults: a
 * Temporal dev server with its UI, an embedded PostgreSQL, the worker and the API. `api`,
 * `worker` and `migrate` run one part against TEMPORAL_ADDRESS and DATABASE_URL (production).
 */
type Part = 'dev' | 'all' | 'api' | 'worker' | 'migrate';

async function main(part: Part): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (part !== 'migrate') installTemporalLogging(logger);
  const stops: (() => Promise<unknown>)[] = [];
  let stopping = false;
  // Exits 0 after a signal, 1 after a failure (so a supervisor restarts the part and says why).
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    for (const s of stops.reverse())
      await s().catch((error) => logger.error({ err: error }, 'error while stopping'));
    logger.info('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    const embedded = part === 'dev';
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      if (!embedded) throw new Error('DATABASE_URL is required outside `dev`');
      const pg = await startEmbeddedPostgres(
        config.dataDir,
        Number(process.env.EMBEDDED_POSTGRES_PORT || 54329),
        logger,
        { callerHandlesSignals: true },
      );
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }
    if (part === 'dev' || part === 'all' || part === 'migrate' || part === 'api') {
      const applied = await applyMigrations(databaseUrl);
      logger.info({ applied }, applied.length ? 'migrations applied' : 'migrations current');
    }
    const db = createPrisma(databaseUrl, config.database);
    stops.push(() => db.$disconnect());
    if (part !== 'worker') {
      await seedReferenceData(db, { users: config.mode === 'development' });
      logger.info('reference data seeded');
    }
    if (part === 'migrate') return void (await stop('done'));

    const codecKeys = loadCodecKeys(
      process.env,
      config.mode === 'development' ? { dataDir: config.dataDir } : undefined,
    );
    const secrets = new SecretBox(codecKeys);
    const devCodecCapability = embedded ? developmentCodecCapability(config.dataDir) : undefined;
    let address = config.temporal.address;
    if (!address) {
      if (!embedded) throw new Error('TEMPORAL_ADDRESS is required outside `dev`');
      const temporal = await startDevServer(
        {
          cliPath: config.temporal.cliPath,
          namespace: config.temporal.namespace,
          port: config.temporal.devServerPort,
          uiPort: config.temporal.uiPort,
          dbFilename: path.join(config.dataDir, 'temporal.sqlite'),
          // The UI decodes histories through our codec server, as the local KEHA supervisor.
          extraArgs: ['--ui-codec-endpoint', `http://localhost:${config.port}/codec/${devCodecCapability}`],
        },
        logger,
      );
      stops.push(temporal.stop);
      address = temporal.address;
    }
    // Development: VTJ, UMA and Kelmu are local simulators (platform/registers/simulators.ts), unless set.
    if (embedded && process.env.REGISTER_SIMULATORS !== 'false') {
      const simulators = await startRegisterSimulators({ basePort: config.registers.simulatorBasePort });
      stops.push(simulators.close);
      config.registers.vtj ??= { url: simulators.vtj.url };
      config.registers.uma ??= { url: simulators.uma.url };
      config.registers.kelmu ??= { url: simulators.kelmu.url };
      logger.info({ ...simulators.env }, 'register simulators listening');
    }
    const { connection, client } = await connectClient(address, config.temporal.namespace, codecKeys);
    stops.push(() => connection.close());
    await ensureSearchAttributes(connection, config.temporal.namespace);
    if (part !== 'worker') {
      const schedules = await ensureRegisterSchedules(client, config.temporal.taskQueue, config.registers, {
        runNow: embedded,
      });
      logger.info({ schedules }, 'register schedules in place');
    }

    let workerState: (() => string | undefined) | undefined;
    if (part !== 'api') {
      const { worker, close: closeWorkerConnections } = await createWorker({
        address,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        db,
        codecKeys,
        tuning: config.temporal.worker,
        registers: config.registers,
        workflowBundle: config.temporal.workflowBundle
          ? { codePath: config.temporal.workflowBundle }
          : undefined,
      });
      const running = worker.run();
      workerState = () => worker.getState();
      stops.push(async () => {
        worker.shutdown();
        await running;
        await closeWorkerConnections();
      });
      running.catch((error) => {
        logger.error({ err: error }, 'worker failed');
        void stop('worker failure', 1);
      });
      logger.info({ taskQueue: config.temporal.taskQueue }, 'worker polling');
      // The erasure of proposals' personal data after their retention period runs where a worker runs.
      const retention = await ensurePlacementRetentionSchedule(
        client,
        config.temporal.taskQueue,
        config.placement,
      );
      logger.info({ schedule: retention }, 'placement retention schedule in place');
      const eventRetention = await ensureEventRetentionSchedule(
        client,
        config.temporal.taskQueue,
        config.eventRetention,
      );
      logger.info({ schedule: eventRetention }, 'event retention schedule in place');
      // Each webhook's dispatcher runs as long as its subscription lives; started here if missing.
      const dispatchers = await ensureDispatchers(db, client, config);
      if (dispatchers) logger.info({ dispatchers }, 'webhook dispatchers running');
      // Signing secrets in the clear (from before sealing) or under a retired key: sealed with the active one.
      const resealed = await resealWebhookSecrets(db, secrets);
      if (resealed) logger.info({ resealed, keyId: secrets.activeKeyId }, 'webhook secrets sealed');
    }
    if (part !== 'worker') {
      const server = http.createServer();
      // In development the web application comes from Vite, with hot reload; otherwise web/dist.
      let web: Parameters<typeof createApp>[0]['web'];
      if (embedded && process.env.WEB_DEV !== 'false') {
        const vite = await startWebDevServer(server);
        stops.push(vite.close);
        web = { devMiddleware: vite.middleware };
      }
      const app = createApp({
        config,
        db,
        databaseUrl,
        client,
        logger,
        workerState,
        codec: new EncryptionCodec(codecKeys),
        secrets,
        devCodecCapability,
        web,
      });
      server.on('request', app);
      await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
      answerClientErrors(server);
      stops.push(() => new Promise((resolve) => server.close(resolve)));
      logger.info(
        {
          url: `http://localhost:${config.port}`,
          temporalUi: embedded ? `http://localhost:${config.temporal.uiPort}` : undefined,
        },
        'API listening',
      );
    }
  } catch (error) {
    logger.error({ err: error }, 'start-up failed');
    await stop('start-up failure', 1);
  }
}

const part = (process.argv[2] ?? 'dev') as Part;
if (!['dev', 'all', 'api', 'worker', 'migrate'].includes(part)) {
  console.error(`usage: main [dev|all|api|worker|migrate]`);
  process.exit(2);
}
void main(part);
