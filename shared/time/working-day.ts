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
  if (weekday <= 5) return date;
  const monday = new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day) + (8 - weekday) * DAY_MS);
  return formatIsoDate({ year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate() });
}
