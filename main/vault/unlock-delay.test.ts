import { describe, expect, it } from 'vitest';
import { MAX_DELAY_MS, nextUnlockAllowedAt } from './unlock-delay';

const failures = (n: number) => Array.from({ length: n }, (_, i) => ({ at: new Date(Date.UTC(2026, 10, 23, 8, 0, i)).toISOString(), username: 'x' }));

describe('nextUnlockAllowedAt', () => {
  it('lets the first attempts through at once', () => {
    expect(nextUnlockAllowedAt(failures(0))).toBeNull();
    expect(nextUnlockAllowedAt(failures(2))).toBeNull();
  });

  it('doubles the wait after each further failure, up to a cap', () => {
    const wait = (n: number): number => (nextUnlockAllowedAt(failures(n))?.getTime() ?? 0) - new Date(failures(n).at(-1)?.at ?? 0).getTime();
    expect(wait(3)).toBe(2000);
    expect(wait(4)).toBe(4000);
    expect(wait(5)).toBe(8000);
    expect(wait(40)).toBe(MAX_DELAY_MS);
  });
});
