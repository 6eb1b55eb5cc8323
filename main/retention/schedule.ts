import type { RetentionStatus, ScheduleFailure } from '../../shared/retention/model';
import { stockholmDate } from '../../shared/time/zone';
import { actorOf, requireAdmin, today } from '../roster/access';
import type { UnlockedVault } from '../vault/vault';
import { storedRetentionRules } from '../vault/retention';
import { runPurge } from './purge';
import { GALLRING_BACKUPS_PENDING, RETENTION_FAILED, RETENTION_LAST_RUN, RETENTION_NOTICE, RETENTION_SCHEDULE, type SettingKey, deleteSetting, hasSetting, readSetting, setSetting } from '../vault/settings';

/**
 * Scheduled gallring: once an admin turns it on (their standing decision to purge by the rules),
 * the first unlock of each calendar month (Europe/Stockholm) runs the purge — whoever unlocks —
 * and leaves a notice that admins see at sign-in until one acknowledges it.
 */

/** A stored value, or null when unset — or damaged (then as before: a damaged schedule is off, a damaged run or notice is none). */
function stored<T>(vault: UnlockedVault, setting: SettingKey<T, unknown>): T | null {
  const read = readSetting(vault.db, setting);
  return read.state === 'set' ? read.value : null;
}

function firstOfNextMonth(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

function status(vault: UnlockedVault): RetentionStatus {
  const switched = stored(vault, RETENTION_SCHEDULE);
  const current = switched ? { enabled: switched.enabled, enabledAt: switched.enabledAt } : { enabled: false, enabledAt: null };
  const lastRun = stored(vault, RETENTION_LAST_RUN);
  const nextRunFrom = current.enabled ? (lastRun ? firstOfNextMonth(stockholmDate(new Date(lastRun.at))) : today(vault)) : null;
  const failed = stored(vault, RETENTION_FAILED);
  const stopped = failed !== null && (failed.reason === 'pause' || failed.reason === 'clock');
  return {
    schedule: current,
    lastRun,
    // Stopped (a long pause, a wrong clock) until an admin purges by hand: no next run to announce.
    nextRunFrom: stopped ? null : nextRunFrom && nextRunFrom < today(vault) ? today(vault) : nextRunFrom,
    backupsPending: hasSetting(vault.db, GALLRING_BACKUPS_PENDING),
    notice: stored(vault, RETENTION_NOTICE),
    failure: failed,
    rulesDamaged: storedRetentionRules(vault).damaged,
  };
}

export function retentionStatus(vault: UnlockedVault): RetentionStatus {
  requireAdmin(actorOf(vault));
  return status(vault);
}

export function setRetentionSchedule(vault: UnlockedVault, enabled: boolean): RetentionStatus {
  requireAdmin(actorOf(vault));
  const before = status(vault).schedule.enabled;
  if (before !== enabled) {
    vault.db.transaction(() => {
      setSetting(vault.db, RETENTION_SCHEDULE, { enabled, enabledAt: enabled ? vault.now().toISOString() : null, enabledBy: enabled ? (vault.account?.id ?? null) : null });
      vault.audit('retention.schedule-changed', { enabled });
    })();
  }
  return status(vault);
}

/** Clears a scheduled run's notice (audited). A failure stays until a purge succeeds: it says what to do. */
export function acknowledgeNotice(vault: UnlockedVault): RetentionStatus {
  requireAdmin(actorOf(vault));
  const { notice } = status(vault);
  if (notice) {
    vault.db.transaction(() => {
      deleteSetting(vault.db, RETENTION_NOTICE);
      vault.audit('retention.notice-acknowledged', { ranAt: notice.at });
    })();
  }
  return status(vault);
}

const MAX_PAUSE_MS = 366 * 24 * 60 * 60_000;
/** PCs sharing a data folder may disagree on the time by this much without it counting as a wrong clock. */
const CLOCK_SKEW_MS = 24 * 60 * 60_000;

function fail(vault: UnlockedVault, reason: ScheduleFailure): null {
  setSetting(vault.db, RETENTION_FAILED, { at: vault.now().toISOString(), reason });
  return null;
}

/**
 * At unlock: runs the purge when the schedule is on and it has not run this month. It stops —
 * until an admin has purged by hand after the preview — when the schedule has not run (nor has
 * anyone purged) for over a year: a long pause, or a PC clock far ahead, would make years of
 * records due unseen. That is measured from what only a purge or the schedule's switch writes
 * (the last run, or when it was turned on), not from log rows any unlock, recovery or command
 * writes. A clock behind that by more than a day stops it too. While the audit chain is in doubt
 * it does not run (a purge of old rows would erase the evidence). Returns what it did.
 */
/** Whether the schedule is on and has not run this month (the unlock's housekeeping then says it is purging). */
export function scheduledPurgeDue(vault: UnlockedVault): boolean {
  const { schedule: current, nextRunFrom } = status(vault);
  return current.enabled && nextRunFrom !== null && nextRunFrom <= today(vault);
}

export function runScheduledPurge(vault: UnlockedVault, checks: { readonly auditAlarm: string | null } = { auditAlarm: null }): ReturnType<typeof runPurge> | null {
  const { schedule: current, nextRunFrom, lastRun, rulesDamaged } = status(vault);
  // No next run while stopped by a pause or a wrong clock (status gives none then).
  if (!current.enabled || !nextRunFrom || nextRunFrom > today(vault)) return null;
  // Rules that cannot be read: nothing runs; the admins see why (status.rulesDamaged) until one saves them.
  if (rulesDamaged) return null;
  const since = [lastRun?.at, current.enabledAt].filter((at): at is string => typeof at === 'string').map((at) => new Date(at).getTime());
  if (since.length > 0) {
    const gap = vault.now().getTime() - Math.max(...since);
    if (gap < -CLOCK_SKEW_MS) return fail(vault, 'clock');
    if (gap > MAX_PAUSE_MS) return fail(vault, 'pause');
  }
  if (checks.auditAlarm) return fail(vault, 'audit-alarm');
  try {
    // A success clears any failure (inside the purge's transaction).
    return runPurge(vault, { scheduled: true, enabledBy: stored(vault, RETENTION_SCHEDULE)?.enabledBy ?? null });
  } catch (error) {
    // Nothing was deleted (one transaction). The admins are told; the next unlock tries again.
    fail(vault, 'error');
    throw error;
  }
}
