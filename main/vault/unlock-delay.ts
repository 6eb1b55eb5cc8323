import type { FailedUnlock } from './keys/header';

/** Per account: free attempts before the delay starts; then 2 s, 4 s, 8 s … up to 5 minutes. */
export const FREE_ATTEMPTS = 3;
export const MAX_DELAY_MS = 5 * 60_000;
/** For everyone, against guessing across many names: gentler, so one person cannot keep the others out. */
export const GLOBAL_FREE_ATTEMPTS = 10;
export const GLOBAL_MAX_DELAY_MS = 30_000;

function delayAfter(failures: readonly FailedUnlock[], free: number, firstMs: number, maxMs: number): Date | null {
  if (failures.length < free) return null;
  const last = failures[failures.length - 1];
  if (!last) return null;
  const delay = Math.min(maxMs, firstMs * 2 ** (failures.length - free));
  return new Date(new Date(last.at).getTime() + delay);
}

/**
 * When the next unlock of this account (its username tag; `recovery` for the recovery key; null
 * for a name that is no account's) may be tried, from the failures queued in the header since
 * the last success. Failures on one account delay that account only; all failures together
 * delay everyone, gently. The queue lives in the header file, so the delay survives restarts.
 * Nothing is ever wiped.
 */
export function nextUnlockAllowedAt(failures: readonly FailedUnlock[], tag: FailedUnlock['tag']): Date | null {
  const own = delayAfter(
    failures.filter((failure) => failure.tag === tag),
    FREE_ATTEMPTS,
    2000,
    MAX_DELAY_MS,
  );
  const everyone = delayAfter(failures, GLOBAL_FREE_ATTEMPTS, 1000, GLOBAL_MAX_DELAY_MS);
  if (!own) return everyone;
  if (!everyone) return own;
  return own.getTime() >= everyone.getTime() ? own : everyone;
}
