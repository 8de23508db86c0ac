import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../../domain/organisations/kinds';

/** A decision as the API delivers it: who decides, what, and the request's idempotency data. */
export interface DecisionEnvelope {
  actor: Actor;
  command: { type: string };
  idempotencyKey?: string;
  requestHash?: string;
}

export interface Refusal {
  code: string;
  message: string;
  field?: string;
}

/** Idempotency keys already applied, with their request's hash and first answer. */
export type AppliedKeys<R> = Map<string, { hash?: string; result: R }>;

export interface DecisionHandling<Req extends DecisionEnvelope, R> {
  /** One Update per command type, keyed by the command type it carries. */
  updates: Record<string, UpdateDefinition<R, [Req]>>;
  applied: AppliedKeys<R>;
  /** The refusal for this request in the current state, if any. Pure: the validator calls it. */
  refusalFor(request: Req): Refusal | undefined;
  /** Applies an accepted request; `details` go into its timeline event (idempotency data). */
  apply(request: Req, details: Record<string, unknown>): Promise<R>;
}

/**
 * Registers every decision Update with a validator, so a refused decision is answered at once and
 * leaves no trace in the history, and deduplicates by Idempotency-Key across runs: a retried
 * request gets its first answer; the same key with another request is refused.
 */
export function handleDecisions<Req extends DecisionEnvelope, R>(handling: DecisionHandling<Req, R>): void {
  const { applied } = handling;
  for (const [type, update] of Object.entries(handling.updates)) {
    setHandler(
      update,
      async (request: Req) => {
        const previous = request.idempotencyKey ? applied.get(request.idempotencyKey) : undefined;
        if (previous) return previous.result;
        const refused = handling.refusalFor(request);
        if (refused) throw refusal(refused);
        const details = request.idempotencyKey
          ? { idempotencyKey: request.idempotencyKey, requestHash: request.requestHash }
          : {};
        const result = await handling.apply(request, details);
        if (request.idempotencyKey)
          applied.set(request.idempotencyKey, { hash: request.requestHash, result });
        return result;
      },
      {
        validator: (request: Req) => {
          if (request.command?.type !== type)
            throw refusal({ code: 'INVALID', message: `expected a ${type} command` });
          const previous = request.idempotencyKey ? applied.get(request.idempotencyKey) : undefined;
          if (previous) {
            if (previous.hash !== request.requestHash) {
              throw refusal({
                code: 'IDEMPOTENCY_KEY_REUSED',
                message: 'this Idempotency-Key was used for another request',
              });
            }
            return;
          }
          const refused = handling.refusalFor(request);
          if (refused) throw refusal(refused);
        },
      },
    );
  }
}

/** A refusal as the failure the API maps to 403, 409 or 422; non-retryable, so only the Update fails. */
export function refusal(r: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ type: r.code, message: r.message, nonRetryable: true, details: [r] });
}
