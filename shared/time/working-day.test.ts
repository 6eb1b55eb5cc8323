import { describe, expect, it } from 'vitest';
import { addDays, workingDayOnOrAfter } from './working-day';

describe('workingDayOnOrAfter', () => {
  it.each([
    ['2026-11-23', '2026-11-23'], // Monday: itself
    ['2026-11-27', '2026-11-27'], // Friday: itself
    ['2026-11-28', '2026-11-30'], // Saturday: the Monday after
    ['2026-11-29', '2026-11-30'], // Sunday: the Monday after
    ['2026-12-06', '2026-12-07'],
    ['2026-02-28', '2026-03-02'], // Saturday at the end of February
    ['2028-02-27', '2028-02-28'], // Sunday before a leap day: Monday 28th
    ['2026-12-27', '2026-12-28'], // Sunday in the last week of the year
    ['2027-01-02', '2027-01-04'], // Saturday across the new year
  ])('%s → %s', (date, expected) => {
    expect(workingDayOnOrAfter(date)).toBe(expected);
  });

  it('leaves a text that is not a date as it is', () => {
    expect(workingDayOnOrAfter('')).toBe('');
    expect(workingDayOnOrAfter('2026-02-30')).toBe('2026-02-30');
  });
});

describe('addDays', () => {
  it('moves across month, year and leap day, both ways; a text that is not a date is returned as it is', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-06', 0)).toBe('2026-12-06');
    expect(addDays('inte ett datum', 3)).toBe('inte ett datum');
  });
});
