import { Client as PgClient, Pool } from 'pg';
import { Client, Connection, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { outageOf } from '../../api/outage';
import { conflict } from '../../api/problem';
import { createPrisma } from '../../platform/database';

/**
 * Which errors are outages (503) and which are not: real errors from real clients pointed at a
 * port nothing listens on, so the test follows the libraries' actual error shapes.
 */
const NOTHING_LISTENS = '127.0.0.1:1';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('outages: errors that mean PostgreSQL or Temporal cannot be reached', () => {
  it('Prisma without a reachable database (model query and raw query)', async () => {
    const db = createPrisma(`postgresql://postgres@${NOTHING_LISTENS}/koto`, {
      connectTimeout: '1s',
      queryTimeout: '1s',
    });
    try {
      expect(outageOf(await rejection(db.organisation.findMany()))).toBe('database');
      expect(outageOf(await rejection(db.$queryRaw`SELECT 1`))).toBe('database');
    } finally {
      await db.$disconnect();
    }
  });

  it('pg refused, directly and through a pool; pg’s own timeout and closed-socket errors', async () => {
    const client = new PgClient({ connectionString: `postgresql://postgres@${NOTHING_LISTENS}/koto` });
    expect(outageOf(await rejection(client.connect()))).toBe('database');
    const pool = new Pool({ connectionString: `postgresql://postgres@${NOTHING_LISTENS}/koto`, max: 1 });
    expect(outageOf(await rejection(pool.query('SELECT 1')))).toBe('database');
    await pool.end();
    expect(outageOf(new Error('timeout exceeded when trying to connect'))).toBe('database');
    expect(outageOf(new Error('Connection terminated unexpectedly'))).toBe('database');
  });

  it('PostgreSQL shutting down or cancelling a statement that ran out of time', () => {
    const pgError = (code: string) =>
      Object.assign(new Error('terminating connection due to administrator command'), {
        name: 'error',
        code,
        severity: 'FATAL',
      });
    expect(outageOf(pgError('57P01'))).toBe('database');
    expect(outageOf(pgError('57014'))).toBe('database');
    expect(outageOf(pgError('08006'))).toBe('database');
    // A constraint violation is the caller's or a bug, not an outage.
    expect(outageOf(pgError('23505'))).toBeUndefined();
  });

  it('Temporal unreachable: a call under a deadline, an Update, a query', async () => {
    const connection = Connection.lazy({ address: NOTHING_LISTENS, connectTimeout: 500 });
    const client = new Client({ connection });
    try {
      const call = (fn: () => Promise<unknown>) => client.withDeadline(Date.now() + 1500, fn);
      expect(outageOf(await rejection(call(() => connection.workflowService.getSystemInfo({}))))).toBe(
        'temporal',
      );
      expect(
        outageOf(await rejection(call(() => client.workflow.getHandle('any').executeUpdate('any')))),
      ).toBe('temporal');
      expect(outageOf(await rejection(call(() => client.workflow.getHandle('any').query('any'))))).toBe(
        'temporal',
      );
    } finally {
      await connection.close();
    }
  });

  it('an Update whose deadline passed while it waited for its outcome', () => {
    expect(outageOf(new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout'))).toBe(
      'temporal',
    );
  });

  it('leaves everything else alone', () => {
    expect(outageOf(conflict('the proposal is PLACED'))).toBeUndefined();
    expect(outageOf(new WorkflowNotFoundError('not found', 'wf', undefined))).toBeUndefined();
    expect(outageOf(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeUndefined();
    expect(outageOf(undefined)).toBeUndefined();
    const cyclic: { cause?: unknown } = {};
    cyclic.cause = cyclic;
    expect(outageOf(cyclic)).toBeUndefined();
  });
});
