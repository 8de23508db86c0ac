/**
 * Integration plan versions (kotoutumissuunnitelma): saving a plan keeps the earlier one unchanged,
 * and the timeline says what changed between them. Pure.
 */

export interface PlanGoal {
  description: string;
  startDate?: string;
  endDate?: string;
}
export interface PlanTask {
  description: string;
  dueDate?: string;
  responsible?: string;
}
export interface PlanService {
  name: string;
  provider?: string;
  startDate?: string;
  endDate?: string;
}
export interface PlanExtension {
  basis: string;
  months: number;
}

export interface PlanContent {
  validFrom: string;
  validUntil: string;
  goals: PlanGoal[];
  tasks: PlanTask[];
  services: PlanService[];
  extension: PlanExtension | null;
}

/** One part of the plan that changed. Lists are matched by their text: same text, other details = changed. */
export type PlanChange =
  | { part: 'validFrom' | 'validUntil'; from: string; to: string }
  | { part: 'extension'; from: PlanExtension | null; to: PlanExtension | null }
  | { part: 'goals' | 'tasks' | 'services'; added: string[]; removed: string[]; changed: string[] };

const key = (x: unknown) => JSON.stringify(x, Object.keys(x as object).sort());

function listChanges<T extends object>(before: T[], after: T[], textOf: (item: T) => string) {
  const remaining = [...before];
  const added: string[] = [];
  const changed: string[] = [];
  for (const item of after) {
    const exact = remaining.findIndex((old) => key(old) === key(item));
    if (exact >= 0) {
      remaining.splice(exact, 1);
      continue;
    }
    const sameText = remaining.findIndex((old) => textOf(old) === textOf(item));
    if (sameText >= 0) {
      remaining.splice(sameText, 1);
      changed.push(textOf(item));
    } else {
      added.push(textOf(item));
    }
  }
  return { added, removed: remaining.map(textOf), changed };
}

/** What changed from the earlier plan to the new one; everything is "added" for the first plan. */
export function planChanges(before: PlanContent | null, after: PlanContent): PlanChange[] {
  const changes: PlanChange[] = [];
  if (before && before.validFrom !== after.validFrom)
    changes.push({ part: 'validFrom', from: before.validFrom, to: after.validFrom });
  if (before && before.validUntil !== after.validUntil)
    changes.push({ part: 'validUntil', from: before.validUntil, to: after.validUntil });
  const extensionBefore = before?.extension ?? null;
  const extensionAfter = after.extension ?? null;
  if (JSON.stringify(extensionBefore) !== JSON.stringify(extensionAfter)) {
    changes.push({ part: 'extension', from: extensionBefore, to: extensionAfter });
  }
  const lists = [
    ['goals', (g: PlanGoal) => g.description],
    ['tasks', (t: PlanTask) => t.description],
    ['services', (s: PlanService) => s.name],
  ] as const;
  for (const [part, textOf] of lists) {
    const { added, removed, changed } = listChanges(
      (before?.[part] ?? []) as object[],
      after[part] as object[],
      textOf as (item: object) => string,
    );
    if (added.length || removed.length || changed.length) changes.push({ part, added, removed, changed });
  }
  return changes;
}
