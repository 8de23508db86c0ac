/** The actor shown for what the workflow's own timers did (reminders, overdue, erasure). */
export const SYSTEM_ACTOR = { userId: 'system', orgId: 'system' } as const;

/** A timeline entry as the API shows it (API.md): idempotency bookkeeping stays internal. */
export function presentEvent(e: {
  at: Date;
  userId: string | null;
  orgId: string | null;
  type: string;
  details: unknown;
}) {
  const { idempotencyKey: _k, requestHash: _h, ...details } = (e.details ?? {}) as Record<string, unknown>;
  return {
    at: e.at.toISOString(),
    actor: e.userId ? { userId: e.userId, orgId: e.orgId ?? '' } : SYSTEM_ACTOR,
    type: e.type,
    details,
  };
}
