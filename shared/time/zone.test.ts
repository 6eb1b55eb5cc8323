import { describe, expect, it } from 'vitest';
import { stockholmDate, stockholmDayRange, stockholmDayStart } from './zone';

describe('stockholmDate', () => {
  it('gives the Swedish calendar date, not the UTC one', () => {
    expect(stockholmDate(new Date('2026-04-30T22:30:00Z'))).toBe('2026-05-01'); // 00:30 CEST
    expect(stockholmDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01'); // 00:30 CET
    expect(stockholmDate(new Date('2026-11-23T12:00:00Z'))).toBe('2026-11-23');
  });
});

describe('stockholmDayStart', () => {
  it('is the instant the Swedish day begins, in winter, in summer and on the days the clocks change', () => {
    expect(stockholmDayStart('2026-11-23').toISOString()).toBe('2026-11-22T23:00:00.000Z');
    expect(stockholmDayStart('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(stockholmDayStart('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z'); // clocks forward at 02:00 that day
    expect(stockholmDayStart('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(stockholmDayStart('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z'); // clocks back at 03:00 that day
    expect(stockholmDayStart('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(stockholmDayStart('2027-01-01').toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('agrees with stockholmDate on every day of a year: the start is that day, a millisecond before is the day before', () => {
    for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      const start = stockholmDayStart(date);
      expect(stockholmDate(start)).toBe(date);
      expect(stockholmDate(new Date(start.getTime() - 1))).not.toBe(date);
    }
  });

  it('a range covers whole Swedish days, open where no end is given', () => {
    expect(stockholmDayRange('2026-10-25', '2026-10-25')).toEqual({ start: new Date('2026-10-24T22:00:00Z'), end: new Date('2026-10-25T23:00:00Z') });
    expect(stockholmDayRange(undefined, '2026-12-31')).toEqual({ start: null, end: new Date('2026-12-31T23:00:00Z') });
    expect(stockholmDayRange('2026-01-01')).toEqual({ start: new Date('2025-12-31T23:00:00Z'), end: null });
  });
});
