import type { FailedUnlock } from './keys/header';

/** Free attempts before the delay starts; then 2 s, 4 s, 8 s … up to 5 minutes. Nothing is ever wiped. */
export const FREE_ATTEMPTS = 3;
export const MAX_DELAY_MS = 5 * 60_000;

/**
 * When the next unlock may be tried, from the failures queued in the header since the last
 * success. The queue lives in the header file, so the delay survives restarts.
 */
export function nextUnlockAllowedAt(failures: readonly FailedUnlock[]): Date | null {
  if (failures.length < FREE_ATTEMPTS) return null;
  const last = failures[failures.length - 1];
  if (!last) return null;
  const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures.length - FREE_ATTEMPTS + 1));
  return new Date(new Date(last.at).getTime() + delay);
}
