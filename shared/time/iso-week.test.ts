import { describe, expect, it } from 'vitest';
import { formatIsoDate, isoWeek, isoWeekday, isoWeeksInYear, parseIsoDate } from './iso-week';

describe('isoWeek', () => {
  it.each([
    ['2026-11-23', 2026, 48],
    ['2026-01-01', 2026, 1], // a Thursday: week 1
    ['2026-12-31', 2026, 53], // 2026 has 53 weeks
    ['2027-01-03', 2026, 53], // Sunday still in 2026-W53
    ['2027-01-04', 2027, 1],
    ['2025-12-29', 2026, 1], // Monday of 2026-W01
    ['2021-01-03', 2020, 53],
    ['2024-12-30', 2025, 1],
  ])('%s is %i-W%i', (text, year, week) => {
    const date = parseIsoDate(text);
    expect(date).not.toBeNull();
    expect(isoWeek(date!)).toEqual({ year, week });
  });

  it('knows which years have 53 weeks', () => {
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(isoWeeksInYear(2020)).toBe(53);
  });

  it('numbers weekdays from Monday', () => {
    expect(isoWeekday({ year: 2026, month: 11, day: 23 })).toBe(1);
    expect(isoWeekday({ year: 2026, month: 11, day: 29 })).toBe(7);
  });
});

describe('parseIsoDate / formatIsoDate', () => {
  it('round-trips real dates and refuses impossible ones', () => {
    expect(formatIsoDate(parseIsoDate('2028-02-29')!)).toBe('2028-02-29');
    expect(parseIsoDate('2026-02-29')).toBeNull();
    expect(parseIsoDate('2026-13-01')).toBeNull();
    expect(parseIsoDate('26-01-01')).toBeNull();
  });
});
