import type { RequestHandler } from 'express';
import type { Client } from '@temporalio/client';
import { msToNumber } from '@temporalio/common/lib/time';

/**
 * Outages: PostgreSQL or Temporal cannot be reached, or did not answer in time. These are neither
 * the caller's fault nor a bug: the error handler answers 503 with `Retry-After`
 * (`serviceUnavailable` in problem.ts), and a client that retries with the same Idempotency-Key
 * gets its decision applied once (see api/decisions.ts).
 */
export type OutagePart = 'database' | 'temporal';

// gRPC status codes of a Temporal call that did not reach the server or ran out of time.
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_UNAVAILABLE = 14;
const TEMPORAL_CODES = new Set([
  GRPC_CANCELLED,
  GRPC_DEADLINE_EXCEEDED,
  GRPC_RESOURCE_EXHAUSTED,
  GRPC_UNAVAILABLE,
]);

// Prisma's driver-adapter error kinds and error codes that mean "no usable connection".
const DATABASE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// PostgreSQL SQLSTATEs: connection exceptions (class 08), shutdown and start-up (57P0x),
// statement timeout (57014), too many connections (53300).
const POSTGRES_CODE = /^(08...|57P0[1-3]|57014|53300)$/;
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// pg's own errors carry no code: a pool that waited too long, a socket that closed, a query
// the server never answered.
const PG_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Can't reach database server|Client has encountered a connection error|Connection closed/i;

type Inspectable = {
  name?: unknown;
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  details?: unknown;
  metadata?: unknown;
  cause?: unknown;
  meta?: unknown;
  driverAdapterError?: unknown;
};

/** Which part an error says is unreachable, if any: walks causes and Prisma's wrapped driver errors. */
export function outageOf(error: unknown): OutagePart | undefined {
  const seen = new Set<unknown>();
  const visit = (value: unknown): OutagePart | undefined => {
    if (!value || typeof value !== 'object' || seen.has(value)) return undefined;
    seen.add(value);
    const e = value as Inspectable;
    const name = typeof e.name === 'string' ? e.name : '';
    // A gRPC ServiceError: a numeric code with details and metadata.
    if (typeof e.code === 'number' && 'metadata' in e && TEMPORAL_CODES.has(e.code)) return 'temporal';
    if (name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return 'temporal';
    if (name === 'PrismaClientInitializationError') return 'database';
    if (typeof e.kind === 'string' && DATABASE_KINDS.has(e.kind)) return 'database';
    if (typeof e.code === 'string') {
      if (PRISMA_CODES.has(e.code) || SOCKET_CODES.has(e.code)) return 'database';
      if (e.kind === 'postgres' || name === 'error' || name === 'DatabaseError') {
        if (POSTGRES_CODE.test(e.code)) return 'database';
      }
    }
    if (typeof e.message === 'string' && PG_MESSAGES.test(e.message) && !name.startsWith('Workflow'))
      return 'database';
    return (
      visit(e.cause) ??
      visit(e.driverAdapterError) ??
      (e.meta && typeof e.meta === 'object' ? visit((e.meta as Inspectable).driverAdapterError) : undefined)
    );
  };
  return visit(error);
}

/**
 * Gives every Temporal call a request makes a deadline (gRPC retries included), so a request
 * never waits on an unreachable Temporal longer than `callTimeout` (plus the retry's last pause).
 * The connection reads the deadline from the request's async context.
 */
export function temporalDeadline(client: Client, callTimeout: string): RequestHandler {
  const ms = msToNumber(callTimeout as never);
  return (_req, _res, next) => {
    void client.withDeadline(Date.now() + ms, async () => next());
  };
}
