import { luhnValid } from '../identifiers/luhn';

/**
 * Personnummer and samordningsnummer as people write them: `ÅÅMMDD-NNNK`, `ÅÅMMDD+NNNK` (100 or
 * older), `ÅÅMMDDNNNK`, or with the century `ÅÅÅÅMMDD-NNNK` / `ÅÅÅÅMMDDNNNK`. The check digit is
 * Luhn over the ten digits; a samordningsnummer has 60 added to the day.
 *
 * When a person's birth month or day is not known, Skatteverket writes a samordningsnummer with
 * month `00` or day `60` (day 0 + 60) — common among the young people these teams meet. Its own
 * published test samordningsnummer also hold days the month does not have (31 April, 30
 * February), so for a samordningsnummer the day is only checked to be at most 31: the guard would
 * rather block such a number than let it through.
 */
export type IdVerdict = 'personnummer' | 'samordningsnummer' | 'date-shaped' | null;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function dayExists(year: number | null, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (month === 2 && day === 29) return year === null ? true : isLeap(year);
  return day <= days;
}

/** A samordningsnummer's birth date: month 00 (unknown) to 12, day 0 (unknown) to 31. */
function samordningDatePossible(month: number, day: number): boolean {
  return month >= 0 && month <= 12 && day >= 0 && day <= 31;
}

/**
 * What a number of the personnummer shape is: `century` is the two leading digits when written,
 * `ten` the other ten digits. A calendar date with a wrong check digit is `date-shaped` (a
 * possible typo); anything else is null.
 */
export function classifyIdNumber(century: string | null, ten: string, separator: string): IdVerdict {
  if (!/^\d{10}$/.test(ten)) return null;
  const yy = Number(ten.slice(0, 2));
  const month = Number(ten.slice(2, 4));
  const rawDay = Number(ten.slice(4, 6));
  const samordning = rawDay >= 60 && rawDay <= 91;
  const day = samordning ? rawDay - 60 : rawDay;
  // With the century the year is known; without it, '+' means 100 or older, so the calendar is
  // checked for the leap years either century could give (29 February needs a leap year).
  const year = century !== null ? Number(century) * 100 + yy : null;
  const possible = samordning
    ? samordningDatePossible(month, day)
    : year !== null
      ? dayExists(year, month, day)
      : dayExists(1900 + yy, month, day) || dayExists(2000 + yy, month, day) || (separator === '+' && dayExists(1800 + yy, month, day));
  if (!possible) return null;
  if (!luhnValid(ten)) return 'date-shaped';
  return samordning ? 'samordningsnummer' : 'personnummer';
}
