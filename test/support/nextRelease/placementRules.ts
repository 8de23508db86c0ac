/**
 * Release "N+1" of the placement rules, for the takeover test only: the current rules with one
 * rule stricter under a new edition (a rejection's reason needs at least ten characters). The
 * bundle of test/support/nextRelease/bundle.ts puts this module in place of the domain module.
 */
import * as current from '../../../domain/placement/proposal';

export * from '../../../domain/placement/proposal';

export const PLACEMENT_RULES_EDITION = current.PLACEMENT_RULES_EDITION + 1;
export const MIN_REJECTION_REASON = 10;

export function decide(
  state: current.ProposalState,
  command: current.Command,
  actor: Parameters<typeof current.decide>[2],
  now: Date,
  edition: number = PLACEMENT_RULES_EDITION,
  ...rest: unknown[]
): current.Decision {
  // Any further parameters of today's rules pass through unchanged.
  const verdict = (current.decide as (...args: unknown[]) => current.Decision)(
    state,
    command,
    actor,
    now,
    Math.min(edition, current.PLACEMENT_RULES_EDITION),
    ...rest,
  );
  if (
    verdict.ok &&
    edition >= PLACEMENT_RULES_EDITION &&
    command.type === 'ANSWER' &&
    command.decision === 'REJECT' &&
    (command.reason ?? '').trim().length < MIN_REJECTION_REASON
  ) {
    return {
      ok: false,
      refusal: {
        code: 'INVALID',
        message: `a rejection needs a reason of at least ${MIN_REJECTION_REASON} characters`,
        field: '/reason',
      },
    };
  }
  return verdict;
}
