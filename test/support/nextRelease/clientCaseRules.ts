/**
 * Release "N+1" of the client case's rules, for the takeover test only: the current rules with one
 * rule stricter under a new edition (an assessment completed more than 30 days ago can no longer be
 * recorded). The bundle of test/support/nextRelease/bundle.ts puts this module in place of the
 * domain module.
 */
import * as current from '../../../domain/clientCase/clientCase';
import { helsinkiDate } from '../../../domain/time';

export * from '../../../domain/clientCase/clientCase';

export const CLIENT_CASE_RULES_EDITION = current.CLIENT_CASE_RULES_EDITION + 1;
export const MAX_ASSESSMENT_AGE_DAYS = 30;

export function decideClient(
  state: current.ClientState,
  command: current.ClientCommand,
  actor: Parameters<typeof current.decideClient>[2],
  now: Date,
  edition: number = CLIENT_CASE_RULES_EDITION,
  ...rest: unknown[]
): current.ClientDecision {
  const verdict = (current.decideClient as (...args: unknown[]) => current.ClientDecision)(
    state,
    command,
    actor,
    now,
    Math.min(edition, current.CLIENT_CASE_RULES_EDITION),
    ...rest,
  );
  const oldest = helsinkiDate(new Date(now.getTime() - MAX_ASSESSMENT_AGE_DAYS * 86400_000));
  if (
    verdict.ok &&
    edition >= CLIENT_CASE_RULES_EDITION &&
    command.type === 'RECORD_ASSESSMENT' &&
    command.completedOn < oldest
  ) {
    return {
      ok: false,
      refusal: {
        code: 'INVALID',
        message: `an assessment completed more than ${MAX_ASSESSMENT_AGE_DAYS} days ago can no longer be recorded`,
        field: '/completedOn',
      },
    };
  }
  return verdict;
}
