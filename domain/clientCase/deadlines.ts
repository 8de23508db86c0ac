import { msToNumber } from '@temporalio/common/lib/time';
import { endOfHelsinkiDay } from '../time';

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
