import { describe, expect, it } from 'vitest';
import { stockholmDate } from './zone';

describe('stockholmDate', () => {
  it('gives the Swedish calendar date, not the UTC one', () => {
    expect(stockholmDate(new Date('2026-04-30T22:30:00Z'))).toBe('2026-05-01'); // 00:30 CEST
    expect(stockholmDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01'); // 00:30 CET
    expect(stockholmDate(new Date('2026-11-23T12:00:00Z'))).toBe('2026-11-23');
  });
});
