import { msToNumber } from '@temporalio/common/lib/time';
import { endOfHelsinkiDay, helsinkiDate } from '../time';

/**
 * An interval is either calendar months ("6 months", the law's terms) or a fixed duration in
 * the `ms` format ("182d", "5s": tests and deployments that prefer days).
 */
export function addInterval(base: Date, interval: string): Date {
  const months = /^(\d+)\s*(months?|mo)$/i.exec(interval.trim());
  if (!months) return new Date(base.getTime() + msToNumber(interval as never));
  const d = new Date(base.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + Number(months[1]));
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

export function isCalendarInterval(interval: string): boolean {
  return /^(\d+)\s*(months?|mo)$/i.test(interval.trim());
}

/**
 * § 22: the plan is reviewed at least every six months. Given the day of the plan or the last
 * review, the latest moment the next review is due: the end of that calendar day six months on,
 * or, for a fixed-duration interval, that long after the moment it was recorded.
 */
export function nextReviewDue(baseDate: string, recordedAt: Date, interval: string): Date {
  if (isCalendarInterval(interval)) {
    const base = new Date(`${baseDate}T12:00:00Z`);
    return endOfHelsinkiDay(addInterval(base, interval).toISOString().slice(0, 10));
  }
  return addInterval(recordedAt, interval);
}

/**
 * A deadline `period` after a calendar date: the end of that Helsinki day for calendar months,
 * or that long after the moment it was recorded for a fixed duration (tests, deployments).
 */
function dueAfter(date: string, recordedAt: Date, period: string): Date {
  if (isCalendarInterval(period)) {
    return endOfHelsinkiDay(
      addInterval(new Date(`${date}T12:00:00Z`), period)
        .toISOString()
        .slice(0, 10),
    );
  }
  return addInterval(recordedAt, period);
}

/**
 * § 14: the assessment starts without delay once the municipality learns of the person; it is
 * due `period` after the registration (the Helsinki date of `registeredAt`).
 */
export function assessmentDue(registeredAt: Date, period: string): Date {
  return dueAfter(helsinkiDate(registeredAt), registeredAt, period);
}

/**
 * § 20: the first plan is drawn up without delay after the assessment: due `period` after the
 * first assessment was completed, and at the latest three years after the first residence
 * permit or registration, when that is known.
 */
export function firstPlanDue(
  firstAssessment: { completedOn: string; recordedAt: Date },
  period: string,
  firstPermitDate?: string | null,
): Date {
  const due = dueAfter(firstAssessment.completedOn, firstAssessment.recordedAt, period);
  if (!firstPermitDate) return due;
  const latest = endOfHelsinkiDay(
    addInterval(new Date(`${firstPermitDate}T12:00:00Z`), '36 months')
      .toISOString()
      .slice(0, 10),
  );
  return latest.getTime() < due.getTime() ? latest : due;
}
