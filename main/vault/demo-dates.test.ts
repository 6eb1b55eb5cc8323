import { describe, expect, it } from 'vitest';
import { addDays, onOrAfter, weekdayOf, workingDayOnOrAfter, workingDayOnOrBefore } from './demo-dates';

describe('the demo vault’s dates', () => {
  it('finds a team’s weekday on or after a date, and working days either side of a weekend', () => {
    // 2026-12-06 is a Sunday, 2026-12-08 a Tuesday.
    expect(weekdayOf('2026-12-06')).toBe(7);
    expect(onOrAfter('2026-12-06', 2)).toBe('2026-12-08');
    expect(onOrAfter('2026-12-08', 2)).toBe('2026-12-08');
    expect(onOrAfter('2026-12-09', 2)).toBe('2026-12-15');
    expect(workingDayOnOrBefore('2026-12-06')).toBe('2026-12-04');
    expect(workingDayOnOrBefore('2026-12-05')).toBe('2026-12-04');
    expect(workingDayOnOrBefore('2026-12-07')).toBe('2026-12-07');
    expect(workingDayOnOrAfter('2026-12-05')).toBe('2026-12-07');
    expect(workingDayOnOrAfter('2026-12-06')).toBe('2026-12-07');
    expect(workingDayOnOrAfter('2026-12-31')).toBe('2026-12-31');
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29'); // across the change to summer time
  });
});
