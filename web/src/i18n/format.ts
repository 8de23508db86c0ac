/** Dates and times in Finnish conventions (31.12.2026, 14.05), always in Helsinki time. */
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function helsinki(instant: Date) {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return { day: Number(p.day), month: Number(p.month), year: Number(p.year), time: `${p.hour}.${p.minute}` };
}

/** A calendar date (YYYY-MM-DD) or an instant, as 31.12.2026. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return `${d}.${m}.${y}`;
  }
  const h = helsinki(typeof value === 'string' ? new Date(value) : value);
  return `${h.day}.${h.month}.${h.year}`;
}

/** An instant as 31.12.2026 klo 14.05 (the word for "at" in the chosen language). */
export function formatDateTime(value: string | Date | null | undefined, at: string): string {
  if (!value) return '';
  const h = helsinki(typeof value === 'string' ? new Date(value) : value);
  return `${h.day}.${h.month}.${h.year}${at ? ` ${at}` : ''} ${h.time}`;
}

/** Today's calendar date in Helsinki, YYYY-MM-DD. */
export function helsinkiToday(now = new Date()): string {
  const h = helsinki(now);
  return `${h.year}-${String(h.month).padStart(2, '0')}-${String(h.day).padStart(2, '0')}`;
}

/** The time of day in Helsinki, as 14.05. */
export function helsinkiTimeOfDay(now = new Date()): string {
  return helsinki(now).time;
}

/** A Helsinki wall-clock time (YYYY-MM-DD and 14.05) as an instant in ISO 8601 UTC. */
export function helsinkiInstant(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hours, minutes] = time.split(/[.:]/).map(Number);
  const wall = Date.UTC(y, m - 1, d, hours, minutes);
  // Start two hours back (EET) and correct by what Helsinki's clock shows; twice settles DST edges.
  let guess = wall - 2 * 3600_000;
  for (let i = 0; i < 2; i++) {
    const shown = helsinki(new Date(guess));
    const [h, min] = shown.time.split('.').map(Number);
    guess += wall - Date.UTC(shown.year, shown.month - 1, shown.day, h, min);
  }
  return new Date(guess).toISOString();
}
