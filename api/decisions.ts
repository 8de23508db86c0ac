import crypto from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { AppError, conflict, forbidden, notFound, unprocessable } from './problem';

/** The request's fingerprint: the same Idempotency-Key with another body is refused, not replayed. */
export const requestHash = (action: string, body: unknown) =>
  crypto
    .createHash('sha256')
    .update(action)
    .update(JSON.stringify(body ?? {}))
    .digest('hex');

/** A stable ID for a create retried with the same key by the same user (UUID-shaped). */
export function idFromKey(userId: string, key: string): string {
  const h = crypto.createHash('sha256').update(`${userId}\n${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Delivers one decision to a workflow as an Update. The Idempotency-Key becomes the update ID
 * (with the body's hash, so a changed body is noticed by the workflow rather than replayed).
 * A run that has just continued as new is retried on its successor.
 */
export async function deliverDecision<Ret, Arg>(
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  idempotency?: { key: string; hash: string },
): Promise<Ret> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await handle.executeUpdate(update, {
        args: [arg],
        ...(idempotency ? { updateId: `${idempotency.key}:${idempotency.hash.slice(0, 16)}` } : {}),
      });
    } catch (error) {
      const message = (error as Error)?.message ?? '';
      if (attempt < 3 && /continued as new|continued-as-new/i.test(message)) continue;
      throw decisionProblem(error);
    }
  }
}

/** A refused decision as the HTTP problem the caller gets. */
export function decisionProblem(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof WorkflowNotFoundError) return notFound('no such case');
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const refusal = error.cause.details?.[0] as { field?: string } | undefined;
    const errors = refusal?.field ? [{ pointer: refusal.field, detail: error.cause.message }] : undefined;
    switch (error.cause.type) {
      case 'FORBIDDEN':
        return forbidden(error.cause.message);
      case 'CONFLICT':
      case 'DUPLICATE':
        return conflict(error.cause.message);
      case 'INVALID':
        return unprocessable(error.cause.message, errors);
      case 'IDEMPOTENCY_KEY_REUSED':
        return unprocessable(error.cause.message);
    }
  }
  const message = (error as Error)?.message ?? '';
  if (/already completed|workflow execution already finished/i.test(message)) {
    return conflict('the case has reached a final state: no further decisions');
  }
  return error;
}
