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

/** One § 23 ground claimed for a plan: an extension basis or an absence, with its months. */
export interface PlanGround {
  basis: (typeof extensionBases)[number] | (typeof absenceBases)[number];
  months: number;
}

/**
 * The grounds of a plan, from the list and (the older form) the single `extension` object. Each
 * ground keeps the pointer of the request field it came from, for the refusal.
 */
export function planGrounds(body: {
  extensions?: readonly PlanGround[] | null;
  extension?: PlanGround | null;
}): PlanGround[] {
  return [...(body.extensions ?? []), ...(body.extension ? [body.extension] : [])];
}

/** § 23(2) and (3): extension grounds combine up to two years; absences add their whole length. */
export function groundMonths(grounds: readonly PlanGround[]): {
  extensionMonths: number;
  absenceMonths: number;
} {
  const sum = (bases: readonly string[]) =>
    grounds.filter((g) => bases.includes(g.basis)).reduce((total, g) => total + g.months, 0);
  return { extensionMonths: sum(extensionBases), absenceMonths: sum(absenceBases) };
}

/** The longest the plans may be extended on the grounds of § 23(2), in months. */
export const MAX_EXTENSION_MONTHS = 24;

/**
 * § 23 and § 20 as of rule edition 2: the plans' total runs from the *earliest* first plan known
 * (this system's or one carried over from another system), whatever dates a later plan gives.
 * The first plan lasts at most a year from its start: a plan dated before every known plan is
 * the first; while the first plan is the one in force, a plan starting before it ends revises it
 * and ends within the first plan's year too (a plan from the first plan's last day on is a later
 * plan). Extension grounds combine (at most two years together), absences add their length.
 */
export function checkPlanLimits(
  plan: { validFrom: string; validUntil: string; grounds: readonly PlanGround[]; groundsPointer?: string },
  history: PlanHistory & {
    carriedFirstPlanFrom?: string | null;
    /** The end of the plan in force, when that plan is this system's first plan. */
    firstPlanUntil?: string | null;
  },
): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (plan.validUntil < plan.validFrom) {
    return [{ pointer: '/validUntil', detail: 'must not be before validFrom' }];
  }
  const known = [history.firstPlanFrom, history.carriedFirstPlanFrom].filter((d): d is string => !!d).sort();
  const firstFrom = known[0] !== undefined && known[0] <= plan.validFrom ? known[0] : plan.validFrom;
  const isFirst = known[0] === undefined || plan.validFrom < known[0];
  const revisesFirst =
    !isFirst &&
    !!history.firstPlanUntil &&
    history.firstPlanFrom === firstFrom &&
    plan.validFrom < history.firstPlanUntil;
  const firstYearEnds = addYears(firstFrom, 1);
  if ((isFirst || revisesFirst) && plan.validUntil > firstYearEnds) {
    problems.push({
      pointer: '/validUntil',
      detail: `the first integration plan lasts at most one year, until ${firstYearEnds} (§ 23)${revisesFirst ? ': a plan starting before the first plan ends revises it' : ''}`,
    });
  }
  if (isFirst && history.firstPermitDate && plan.validFrom > addYears(history.firstPermitDate, 3)) {
    problems.push({
      pointer: '/validFrom',
      detail:
        'a first plan must start within three years of the first residence permit or registration (§ 20)',
    });
  }
  const { extensionMonths, absenceMonths } = groundMonths(plan.grounds);
  if (extensionMonths > MAX_EXTENSION_MONTHS) {
    problems.push({
      pointer: plan.groundsPointer ?? '/extensions',
      detail: `the plans can be extended by at most two years on the grounds of § 23(2) together (${extensionMonths} months given)`,
    });
  }
  const limit = addMonths(firstFrom, 24 + Math.min(extensionMonths, MAX_EXTENSION_MONTHS) + absenceMonths);
  if (plan.validUntil > limit) {
    problems.push({
      pointer: '/validUntil',
      detail: `all plans together last at most until ${limit} (two years from the first plan of ${firstFrom}${extensionMonths || absenceMonths ? ', with the grounds given' : ''}; § 23)`,
    });
  }
  return problems;
}
