import { patched } from '@temporalio/workflow';

/**
 * Editions of a process's decision rules, and which one a decision is taken under.
 *
 * The rules (domain/placement/proposal.ts, domain/clientCase/clientCase.ts) are pure functions
 * that take the edition they apply: edition 1 is the rules as first released, each later edition
 * (`PLACEMENT_RULES_EDITION`, `CLIENT_CASE_RULES_EDITION` in the domain modules) changes them.
 * On replay a workflow's handlers decide again, so a stricter rule would refuse a decision that
 * the history recorded as accepted and break the replay. Each edition after the first is therefore
 * a `patched()` marker: a decision taken live records the newest edition's marker (once per run)
 * and decides by the newest rules; a replayed decision finds the marker of the edition it was
 * taken under, or none (edition 1), and decides as it did then. Validators never run on replay:
 * they always use the newest edition.
 *
 * Deprecation: once no open workflow and no retained history predates an edition, its branch in
 * the domain module and its marker check here can go (`deprecatePatch`, then nothing), as for the
 * read-model patches (./readModel.ts).
 *
 * How to change a rule, and what proves it safe (the replay of every release's recorded histories,
 * the takeover of open workflows by a release with a stricter edition): README.md, "Changing
 * workflows safely".
 */
export type RulesProcess = 'placement' | 'client-case';

export const ruleEditionPatchId = (process: RulesProcess, edition: number) =>
  `${process}-rules-edition-${edition}`;

/** The edition of the rules this decision is taken under (call it in workflow code, not in a validator). */
export function ruleEditionInForce(process: RulesProcess, newest: number): number {
  for (let edition = newest; edition >= 2; edition--) {
    if (patched(ruleEditionPatchId(process, edition))) return edition;
  }
  return 1;
}
