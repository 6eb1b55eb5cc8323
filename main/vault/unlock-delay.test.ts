import { describe, expect, it } from 'vitest';
import { GLOBAL_MAX_DELAY_MS, MAX_DELAY_MS, nextUnlockAllowedAt } from './unlock-delay';

const ANNA = 'a'.repeat(64);
const BO = 'b'.repeat(64);
const failures = (n: number, tag: string | null = ANNA, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ at: new Date(Date.UTC(2026, 10, 23, 8, 0, from + i)).toISOString(), tag }));
const wait = (list: ReturnType<typeof failures>, tag: string | null): number => (nextUnlockAllowedAt(list, tag)?.getTime() ?? 0) - (list.length ? new Date(list.at(-1)?.at ?? 0).getTime() : 0);

describe('nextUnlockAllowedAt', () => {
  it('lets the first attempts through at once', () => {
    expect(nextUnlockAllowedAt(failures(0), ANNA)).toBeNull();
    expect(nextUnlockAllowedAt(failures(2), ANNA)).toBeNull();
  });

  it('doubles the wait after each further failure on that account, up to a cap', () => {
    expect(wait(failures(3), ANNA)).toBe(2000);
    expect(wait(failures(4), ANNA)).toBe(4000);
    expect(wait(failures(5), ANNA)).toBe(8000);
    expect(wait(failures(40), ANNA)).toBe(MAX_DELAY_MS);
  });

  it('does not make another account wait for one account’s failures, beyond a gentle wait for everyone', () => {
    expect(nextUnlockAllowedAt(failures(9), BO)).toBeNull();
    expect(wait(failures(10), BO)).toBe(1000);
    expect(wait(failures(40), BO)).toBe(GLOBAL_MAX_DELAY_MS);
    // Names that are no account's count as one name of their own.
    expect(nextUnlockAllowedAt(failures(3, null), ANNA)).toBeNull();
    expect(wait(failures(3, null), null)).toBe(2000);
    expect(nextUnlockAllowedAt([...failures(3, null), ...failures(1, ANNA, 10)], 'recovery')).toBeNull();
  });
});
