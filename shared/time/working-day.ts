import { formatIsoDate, isoWeekday, parseIsoDate } from './iso-week';

const DAY_MS = 86_400_000;

/**
 * The working day (Monday–Friday) a date falls on, or the Monday after it when it is a Saturday
 * or Sunday: the default date of something planned "today" (a supervision session) that should not
 * land on a weekend. Plain calendar dates (`YYYY-MM-DD`), no time zone; a text that is not a date
 * is returned as it is (the form's own validation then speaks).
 */
export function workingDayOnOrAfter(date: string): string {
  const parsed = parseIsoDate(date);
  if (!parsed) return date;
  const weekday = isoWeekday(parsed);
  return weekday <= 5 ? date : addDays(date, 8 - weekday);
}

/** A calendar date `days` later (or earlier, when negative); a text that is not a date is returned as it is. */
export function addDays(date: string, days: number): string {
  const parsed = parseIsoDate(date);
  if (!parsed) return date;
  const moved = new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day) + days * DAY_MS);
  return formatIsoDate({ year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() });
}
