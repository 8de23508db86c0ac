/**
 * Officers type calendar dates; the API takes instants. A date means a whole day in Helsinki,
 * whatever the browser's own time zone (the server reads `validUntil` dates the same way).
 */
const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Helsinki',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** How far Helsinki's wall clock is ahead of UTC at this instant (+2 or +3 hours), in ms. */
function helsinkiOffsetMs(instant: number): number {
  const parts = Object.fromEntries(
    wallClock.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]),
  );
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a Helsinki calendar date (YYYY-MM-DD) begins. */
export function startOfHelsinkiDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const naive = Date.UTC(y, m - 1, d);
  // The offset at that wall-clock time; applying it twice settles the daylight-saving edges.
  const first = naive - helsinkiOffsetMs(naive);
  return new Date(naive - helsinkiOffsetMs(first));
}

/** The instant the day after a Helsinki calendar date begins: the exclusive end of that day. */
export function endOfHelsinkiDayExclusive(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return startOfHelsinkiDay(next.toISOString().slice(0, 10));
}
