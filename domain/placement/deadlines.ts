import { msToNumber } from '@temporalio/common/lib/time';
import { endOfHelsinkiDay } from '../time';

export interface DeadlinePolicy {
  /** Default period when the body names no date. */
  period: string;
  /** Bounds a date given in the body must fall within, measured from now. */
  min: string;
  max: string;
}

export type DeadlineResult = { ok: true; dueAt: Date } | { ok: false; reason: string };

/**
 * The answer and hearing deadlines: the deployment's default period, or the date the sender
 * names, as long as it is neither too soon nor too far for the other party to act on.
 */
export function resolveDeadline(
  now: Date,
  requestedDate: string | undefined,
  policy: DeadlinePolicy,
): DeadlineResult {
  if (requestedDate === undefined)
    return { ok: true, dueAt: new Date(now.getTime() + msToNumber(policy.period as never)) };
  const dueAt = endOfHelsinkiDay(requestedDate);
  const earliest = now.getTime() + msToNumber(policy.min as never);
  const latest = now.getTime() + msToNumber(policy.max as never);
  if (dueAt.getTime() < earliest) return { ok: false, reason: `must leave at least ${policy.min} to answer` };
  // Compare by day: a date whose end falls past the bound by hours only is still that day.
  if (dueAt.getTime() > latest + 24 * 3600 * 1000)
    return { ok: false, reason: `must be at most ${policy.max} away` };
  return { ok: true, dueAt };
}
