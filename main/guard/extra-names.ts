import { type GuardOptions } from '../../shared/guard/identifier-guard';
import { AppError } from '../../shared/ipc/errors';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { requireAdmin } from '../roster/access';
import { GUARD_EXTRA_NAMES, getSetting, setSetting } from '../vault/settings';

/** The admin's own additions to the guard's name list (names and places the team knows are sensitive). */
export function extraNames(caps: Pick<ReadCaps, 'db'>): string[] {
  // Damaged names throw (SettingDamagedError), as unreadable JSON did: the guard never runs on a guess.
  return getSetting(caps.db, GUARD_EXTRA_NAMES);
}

/**
 * What the guard uses in main without a vault: the shipped data only. `teamvalv guard-scan` scans
 * with exactly this, and guardOptions below builds on it, so the CLI and a save see the same guard.
 */
export function baseGuardOptions(): GuardOptions {
  return {};
}

/** What the guard needs in main: the shipped lists plus this vault's additions. */
export function guardOptions(caps: Pick<ReadCaps, 'db'>): GuardOptions {
  return { ...baseGuardOptions(), extraNames: extraNames(caps) };
}

export function setExtraNames(caps: WriteCaps, names: readonly string[]): string[] {
  requireAdmin(caps.access.actor);
  const clean = [...new Set(names.map((name) => name.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'sv'));
  if (clean.some((name) => /\s{2,}|[<>]/.test(name))) throw new AppError('invalid_input', 'One name per line', { field: 'names' });
  caps.db.transaction(() => {
    setSetting(caps.db, GUARD_EXTRA_NAMES, clean);
    // The names themselves are sensitive: the log records how many, not which.
    caps.audit.record('guard.names-changed', { count: clean.length });
  })();
  return clean;
}
