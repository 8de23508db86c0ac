import crypto from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import type { Refusal } from '../workflows/shared/decisions';
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

export interface Delivery<Ret> {
  /** The caller's Idempotency-Key (scoped to the user) and the request's fingerprint. */
  idempotency?: { key: string; hash: string };
  /** The 404 detail for a case that does not exist or is not the caller's to see. */
  notVisible: string;
  /**
   * Answers for a case whose workflow is no longer running (a final state, or none at all): from
   * the read model, which then holds the case's last state and the idempotency keys applied.
   */
  whenClosed(): Promise<Ret>;
}

/**
 * Delivers one decision to a workflow as an Update. The Idempotency-Key becomes the update ID
 * (with the body's hash, so a changed body is noticed by the workflow rather than replayed).
 * The workflow's answer or refusal is final: the API reads nothing before it. A run that has just
 * continued as new is retried on its successor.
 */
export async function deliverDecision<Ret, Arg>(
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  delivery: Delivery<Ret>,
): Promise<Ret> {
  const { idempotency } = delivery;
  for (let attempt = 0; ; attempt++) {
    try {
      return await handle.executeUpdate(update, {
        args: [arg],
        ...(idempotency ? { updateId: `${idempotency.key}:${idempotency.hash.slice(0, 16)}` } : {}),
      });
    } catch (error) {
      const message = (error as Error)?.message ?? '';
      if (attempt < 3 && /continued as new|continued-as-new/i.test(message)) continue;
      if (error instanceof WorkflowNotFoundError || CLOSED.test(message)) return delivery.whenClosed();
      throw decisionProblem(error, delivery.notVisible);
    }
  }
}

const CLOSED = /already completed|workflow execution already finished/i;

/** A refused decision as the HTTP problem the caller gets. */
export function decisionProblem(error: unknown, notVisible = 'no such case'): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof WorkflowNotFoundError) return notFound(notVisible);
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const refusal = error.cause.details?.[0] as Refusal | undefined;
    const errors =
      refusal?.errors ??
      (refusal?.field ? [{ pointer: refusal.field, detail: error.cause.message }] : undefined);
    switch (error.cause.type) {
      case 'NOT_VISIBLE':
        return notFound(notVisible);
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
  if (CLOSED.test(message)) {
    return conflict('the case has reached a final state: no further decisions');
  }
  return error;
}

/** What the audit log says about a refused decision (404: the case was not the caller's to see). */
export function refusalDetails(error: AppError): Record<string, unknown> {
  return error.status === 404 ? { reason: 'not visible' } : { status: error.status, reason: error.message };
}
