/**
 * Integration plan durations (act 681/2023 § 23) and the time limit for drawing one up (§ 20).
 * Pure functions; the API turns each problem into a 422 naming the field.
 */

/** Grounds for extending the plans beyond two years (§ 23(2)). */
export const extensionBases = [
  'LITTLE_SCHOOLING',
  'MULTI_SECTOR_NEEDS',
  'CHILD_HOME_CARE_ALLOWANCE',
] as const;
/** Grounds that extend the plans for as long as they last (§ 23(3)). */
export const absenceBases = ['ILLNESS', 'DISABILITY', 'PARENTAL_LEAVE'] as const;

export interface PlanDates {
  validFrom: string;
  validUntil: string;
  /** Extra months on the grounds of § 23(2), at most 24. */
  extensionMonths?: number;
  /** Months of illness, disability or parental leave (§ 23(3)). */
  absenceMonths?: number;
}

export interface PlanHistory {
  /** Start of the client's first plan, if any plan exists already. */
  firstPlanFrom: string | null;
  /** The client's first residence permit or registration, if known (§ 20: plan within 3 years). */
  firstPermitDate?: string | null;
}

export interface PlanProblem {
  pointer: string;
  detail: string;
}

const addYears = (date: string, years: number) => addMonths(date, years * 12);

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function checkPlan(plan: PlanDates, history: PlanHistory): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (plan.validUntil < plan.validFrom) {
    problems.push({ pointer: '/validUntil', detail: 'must not be before validFrom' });
    return problems;
  }
  const first = history.firstPlanFrom === null || plan.validFrom < history.firstPlanFrom;
  const firstFrom = first ? plan.validFrom : history.firstPlanFrom!;
  if (first) {
    if (plan.validUntil > addYears(plan.validFrom, 1)) {
      problems.push({
        pointer: '/validUntil',
        detail: 'the first integration plan lasts at most one year (§ 23)',
      });
    }
    if (history.firstPermitDate && plan.validFrom > addYears(history.firstPermitDate, 3)) {
      problems.push({
        pointer: '/validFrom',
        detail:
          'a first plan must start within three years of the first residence permit or registration (§ 20)',
      });
    }
  }
  const extension = Math.min(plan.extensionMonths ?? 0, 24);
  if ((plan.extensionMonths ?? 0) > 24) {
    problems.push({
      pointer: '/extension/months',
      detail: 'the plans can be extended by at most two years (§ 23)',
    });
  }
  const limit = addMonths(firstFrom, 24 + extension + (plan.absenceMonths ?? 0));
  if (plan.validUntil > limit) {
    problems.push({
      pointer: '/validUntil',
      detail: `all plans together last at most until ${limit} (two years from the first plan${extension || plan.absenceMonths ? ', with the extensions given' : ''}; § 23)`,
    });
  }
  return problems;
}
