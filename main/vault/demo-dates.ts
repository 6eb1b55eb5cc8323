import { isoWeekday, parseIsoDate } from '../../shared/time/iso-week';
import { addDays } from '../../shared/time/working-day';

/**
 * Calendar arithmetic for the demo vault's invented dates (`YYYY-MM-DD`, Stockholm calendar
 * dates): meetings on their team's weekday, supervision sessions on working days.
 */
export { addDays, workingDayOnOrAfter } from '../../shared/time/working-day';

/** ISO weekday of a date: Monday 1 … Sunday 7. */
export function weekdayOf(date: string): number {
  const parsed = parseIsoDate(date);
  if (!parsed) throw new Error(`Not a date: ${date}`);
  return isoWeekday(parsed);
}

/** The first date on or after `date` that falls on `weekday` (ISO, Monday 1). */
export function onOrAfter(date: string, weekday: number): string {
  return addDays(date, (weekday - weekdayOf(date) + 7) % 7);
}

/** The date itself on a working day (Monday–Friday), else the Friday before. */
export function workingDayOnOrBefore(date: string): string {
  const day = weekdayOf(date);
  return day > 5 ? addDays(date, 5 - day) : date;
}

