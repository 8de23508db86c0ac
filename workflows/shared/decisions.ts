import { ApplicationFailure, currentUpdateInfo, setHandler } from '@temporalio/workflow';
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
  /**
   * FORBIDDEN (403), CONFLICT (409), INVALID (422), NOT_VISIBLE (404: the case is not the caller's
   * to see, so its existence must not leak), IDEMPOTENCY_KEY_REUSED (422).
   */
  code: string;
  message: string;
  field?: string;
  /** Several field problems at once (each a JSON pointer into the request and what is wrong). */
  errors?: { pointer: string; detail: string }[];
}

/** Idempotency keys already applied, with their request's hash and first answer. */
export type AppliedKeys<R> = Map<string, { hash?: string; result: R }>;

/** What the rules say about one request: a refusal, or the accepted change to apply. */
export type Verdict<A> = { ok: false; refusal: Refusal } | ({ ok: true } & A);

export interface DecisionHandling<Req extends DecisionEnvelope, R, A> {
  /** One Update per command type, keyed by the command type it carries. */
  updates: Record<string, UpdateDefinition<R, [Req]>>;
  applied: AppliedKeys<R>;
  /** The case's current state; a verdict is reused only while this stays the same object. */
  state(): unknown;
  /**
   * The newest edition of the rules, and the edition a handler's decision is taken under
   * (`ruleEditionInForce`, ./ruleEditions.ts): the newest when live, the recorded one on replay.
   */
  rules: { newest: number; inForce(): number };
  /** The rules (of the given edition) for this request in the current state: pure, run once per decision. */
  decide(request: Req, edition: number): Verdict<A>;
  /** Applies an accepted change; `details` go into its timeline event (idempotency data). */
  apply(accepted: A, request: Req, details: Record<string, unknown>): Promise<R>;
}

/**
 * Registers every decision Update with a validator, so a refused decision is answered at once and
 * leaves no trace in the history, and deduplicates by Idempotency-Key across runs: a retried
 * request gets its first answer; the same key with another request is refused.
 *
 * The rules run once per decision: the validator's verdict is handed to the handler, which the
 * SDK starts right after the validator in the same activation (so the state cannot have changed;
 * it is checked anyway). On replay validators do not run, and the handler decides itself.
 */
export function handleDecisions<Req extends DecisionEnvelope, R, A>(
  handling: DecisionHandling<Req, R, A>,
): void {
  const { applied } = handling;
  // Verdicts of validated updates whose handler has not started yet, by update ID.
  const validated = new Map<string, { state: unknown; verdict: Verdict<A> }>();

  const verdictFor = (request: Req): Verdict<A> => {
    // Asked first, always: a live decision records the newest edition's marker here.
    const edition = handling.rules.inForce();
    const id = currentUpdateInfo()?.id;
    const earlier = id === undefined ? undefined : validated.get(id);
    if (id !== undefined) validated.delete(id);
    if (earlier && earlier.state === handling.state() && edition === handling.rules.newest)
      return earlier.verdict;
    return handling.decide(request, edition);
  };

  for (const [type, update] of Object.entries(handling.updates)) {
    setHandler(
      update,
      async (request: Req) => {
        const previous = request.idempotencyKey ? applied.get(request.idempotencyKey) : undefined;
        if (previous) return previous.result;
        const verdict = verdictFor(request);
        if (!verdict.ok) throw refusal(verdict.refusal);
        const details = request.idempotencyKey
          ? { idempotencyKey: request.idempotencyKey, requestHash: request.requestHash }
          : {};
        const result = await handling.apply(verdict, request, details);
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
          const verdict = handling.decide(request, handling.rules.newest);
          if (!verdict.ok) throw refusal(verdict.refusal);
          const id = currentUpdateInfo()?.id;
          if (id !== undefined) validated.set(id, { state: handling.state(), verdict });
        },
      },
    );
  }
}

/** A refusal as the failure the API maps to 403, 404, 409 or 422; non-retryable, so only the Update fails. */
export function refusal(r: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ type: r.code, message: r.message, nonRetryable: true, details: [r] });
}
