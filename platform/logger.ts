import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON lines. Personal data never goes into a log line: log IDs, never names,
 * identity codes or free text typed by officers.
 */
export function createLogger(level = process.env.LOG_LEVEL || 'info'): Logger {
  return pino({
    level,
    base: { service: 'koto-engine' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.personalIdentityCode', '*.firstName', '*.lastName'], remove: true },
  });
}
