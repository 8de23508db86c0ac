import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON lines. Personal data never goes into a log line: log IDs, never names,
 * identity codes or free text typed by officers.
 */
export function createLogger(
  level = process.env.LOG_LEVEL || 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'koto-engine' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', '*.personalIdentityCode', '*.firstName', '*.lastName'],
      remove: true,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Temporal's SDK and its native core log through this project's logger, so every line is
 * structured JSON. Installed once, before any worker or dev server starts.
 */
export function installTemporalLogging(
  logger: Logger,
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'WARN',
): void {
  // Loaded lazily: the API-only process never needs the worker package's native runtime.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Runtime, DefaultLogger } = require('@temporalio/worker') as typeof import('@temporalio/worker');
  const child = logger.child({ component: 'temporal-sdk' });
  Runtime.install({
    logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
      const method = entryLevel.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
      child[method]({ ...(meta as object) }, message);
    }),
    telemetryOptions: {
      logging: { forward: {}, filter: { core: level, other: 'ERROR' } },
      // The SDK's metrics (schedule-to-start latencies, task failures) for Prometheus, when asked for.
      ...(process.env.WORKER_METRICS_ADDRESS
        ? { metrics: { prometheus: { bindAddress: process.env.WORKER_METRICS_ADDRESS } } }
        : {}),
    },
  });
}
