/**
 * The teams work in Swedish local time: "today", a meeting's date and the tertial a record falls
 * in are Europe/Stockholm dates, never UTC ones (00:30 on 1 May in Stockholm is still April in UTC).
 */
const STOCKHOLM_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Europe/Stockholm calendar date of an instant, as `YYYY-MM-DD`. */
export function stockholmDate(instant: Date): string {
  const parts = Object.fromEntries(STOCKHOLM_DATE.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

const STOCKHOLM_WALL = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far Stockholm's wall clock is ahead of UTC at an instant, in ms (1 h in winter, 2 h in summer). */
function stockholmOffsetMs(instant: number): number {
  const parts = Object.fromEntries(STOCKHOLM_WALL.formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]));
  const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - (instant - (instant % 1000));
}

/**
 * The instant a Europe/Stockholm calendar day (`YYYY-MM-DD`) begins — whatever time zone the
 * process runs in. Date filters over stored instants (the audit log's `at`) use it: a day is
 * the Swedish day, as everywhere else. Sweden changes its clocks at 01:00 UTC, never at midnight,
 * so every day begins at 00:00 local time.
 */
export function stockholmDayStart(date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wallMidnight = Date.UTC(year, month - 1, day);
  const first = wallMidnight - stockholmOffsetMs(wallMidnight);
  return new Date(wallMidnight - stockholmOffsetMs(first));
}

/** The instants `[start, end)` covering Stockholm days `from` through `to` (inclusive); open ends where none is given. */
export function stockholmDayRange(from?: string, to?: string): { start: Date | null; end: Date | null } {
  if (!to) return { start: from ? stockholmDayStart(from) : null, end: null };
  const [year, month, day] = to.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
  return { start: from ? stockholmDayStart(from) : null, end: stockholmDayStart(next) };
}
