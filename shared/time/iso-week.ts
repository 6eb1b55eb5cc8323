/**
 * ISO 8601 calendar helpers on plain calendar dates (no time zone): Monday is day 1 and week 1
 * is the week holding the year's first Thursday. Swedish workplaces plan by these week numbers.
 */
export interface CalendarDate {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number; // 1-31
}

export interface IsoWeek {
  readonly year: number;
  readonly week: number;
}

const DAY_MS = 86_400_000;

function dayNumber(date: CalendarDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

/** ISO weekday: Monday = 1 ... Sunday = 7. */
export function isoWeekday(date: CalendarDate): number {
  const weekday = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

export function isoWeek(date: CalendarDate): IsoWeek {
  // The Thursday of this date's week decides which ISO year the week belongs to.
  const thursday = dayNumber(date) - isoWeekday(date) + 4;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const firstDay = Date.UTC(year, 0, 1) / DAY_MS;
  return { year, week: Math.floor((thursday - firstDay) / 7) + 1 };
}

export function isoWeeksInYear(year: number): number {
  return isoWeek({ year, month: 12, day: 28 }).week;
}

export function formatIsoDate(date: CalendarDate): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Parses `YYYY-MM-DD`, rejecting dates that do not exist (2026-02-30). */
export function parseIsoDate(text: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = new Date(dayNumber(date) * DAY_MS);
  const exists =
    check.getUTCFullYear() === date.year && check.getUTCMonth() + 1 === date.month && check.getUTCDate() === date.day;
  return exists ? date : null;
}
