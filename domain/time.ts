/**
 * Dates in the API are calendar dates in Finland (YYYY-MM-DD); deadlines are instants.
 * A due date means "by the end of that day in Helsinki".
 */
import { msToNumber } from '@temporalio/common/lib/time';

const HELSINKI = 'Europe/Helsinki';

// Formatters are made on first use and kept: making one costs far more than using it, and
// workflows (which load this module once per workflow, and replay often) may not need them.
let dateFormat: Intl.DateTimeFormat | undefined;
let wallClockFormat: Intl.DateTimeFormat | undefined;

/** The Helsinki calendar date of an instant. */
export function helsinkiDate(instant: Date): string {
  dateFormat ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: HELSINKI,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return dateFormat.format(instant);
}

function helsinkiOffsetMs(instant: Date): number {
  wallClockFormat ??= new Intl.DateTimeFormat('en-US', {
    timeZone: HELSINKI,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const parts = wallClockFormat.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The last millisecond of a Helsinki calendar date, as an instant. */
export function endOfHelsinkiDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const naive = Date.UTC(y, m - 1, d, 23, 59, 59, 999);
  // The offset at that wall-clock time (+2 or +3 hours); applying it twice settles DST edges.
  const first = naive - helsinkiOffsetMs(new Date(naive));
  return new Date(naive - helsinkiOffsetMs(new Date(first)));
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** When to remind: `before` ahead of a deadline, or never if that moment has already passed. */
export function reminderAt(dueAt: Date, before: string, now: Date): Date | undefined {
  const at = new Date(dueAt.getTime() - msToNumber(before as never));
  return at.getTime() > now.getTime() ? at : undefined;
}
