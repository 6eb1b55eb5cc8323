import type { RetentionStatus, ScheduleFailure } from '../../shared/retention/model';
import { stockholmDate } from '../../shared/time/zone';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { requireAdmin } from '../roster/access';
import { storedRetentionRules } from '../vault/retention';
import { runPurge } from './purge';
import { GALLRING_BACKUPS_PENDING, RETENTION_FAILED, RETENTION_LAST_RUN, RETENTION_NOTICE, RETENTION_SCHEDULE, type SettingKey, deleteSetting, hasSetting, readSetting, setSetting } from '../vault/settings';

/**
 * Scheduled gallring: once an admin turns it on (carrying out the authorities' gallringsbeslut by the rules, not a decision of their own),
 * the first unlock of each calendar month (Europe/Stockholm) runs the purge — whoever unlocks —
 * and leaves a notice that admins see at sign-in until one acknowledges it.
 */

/** A stored value, or null when unset — or damaged (then as before: a damaged schedule is off, a damaged run or notice is none). */
function stored<T>(caps: ReadCaps, setting: SettingKey<T, unknown>): T | null {
  const read = readSetting(caps.db, setting);
  return read.state === 'set' ? read.value : null;
}

function firstOfNextMonth(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

function status(caps: ReadCaps): RetentionStatus {
  const switched = stored(caps, RETENTION_SCHEDULE);
  const current = switched ? { enabled: switched.enabled, enabledAt: switched.enabledAt } : { enabled: false, enabledAt: null };
  const lastRun = stored(caps, RETENTION_LAST_RUN);
  const nextRunFrom = current.enabled ? (lastRun ? firstOfNextMonth(stockholmDate(new Date(lastRun.at))) : caps.access.date) : null;
  const failed = stored(caps, RETENTION_FAILED);
  const stopped = failed !== null && (failed.reason === 'pause' || failed.reason === 'clock');
  return {
    schedule: current,
    lastRun,
    // Stopped (a long pause, a wrong clock) until an admin purges by hand: no next run to announce.
    nextRunFrom: stopped ? null : nextRunFrom && nextRunFrom < caps.access.date ? caps.access.date : nextRunFrom,
    backupsPending: hasSetting(caps.db, GALLRING_BACKUPS_PENDING),
    notice: stored(caps, RETENTION_NOTICE),
    failure: failed,
    rulesDamaged: storedRetentionRules(caps).damaged,
  };
}

export function retentionStatus(caps: ReadCaps): RetentionStatus {
  requireAdmin(caps.access.actor);
  return status(caps);
}

export function setRetentionSchedule(caps: WriteCaps, enabled: boolean): RetentionStatus {
  requireAdmin(caps.access.actor);
  const before = status(caps).schedule.enabled;
  if (before !== enabled) {
    caps.db.transaction(() => {
      setSetting(caps.db, RETENTION_SCHEDULE, { enabled, enabledAt: enabled ? caps.clock.now().toISOString() : null, enabledBy: enabled ? caps.account.id : null });
      caps.audit.record('retention.schedule-changed', { enabled });
    })();
  }
  return status(caps);
}

/** Clears a scheduled run's notice (audited). A failure stays until a purge succeeds: it says what to do. */
export function acknowledgeNotice(caps: WriteCaps): RetentionStatus {
  requireAdmin(caps.access.actor);
  const { notice } = status(caps);
  if (notice) {
    caps.db.transaction(() => {
      deleteSetting(caps.db, RETENTION_NOTICE);
      caps.audit.record('retention.notice-acknowledged', { ranAt: notice.at });
    })();
  }
  return status(caps);
}

const MAX_PAUSE_MS = 366 * 24 * 60 * 60_000;
/** PCs sharing a data folder may disagree on the time by this much without it counting as a wrong clock. */
const CLOCK_SKEW_MS = 24 * 60 * 60_000;

function fail(caps: WriteCaps, reason: ScheduleFailure): null {
  setSetting(caps.db, RETENTION_FAILED, { at: caps.clock.now().toISOString(), reason });
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
export function scheduledPurgeDue(caps: ReadCaps): boolean {
  const { schedule: current, nextRunFrom } = status(caps);
  return current.enabled && nextRunFrom !== null && nextRunFrom <= caps.access.date;
}

export function runScheduledPurge(caps: WriteCaps, checks: { readonly auditAlarm: string | null } = { auditAlarm: null }): ReturnType<typeof runPurge> | null {
  const { schedule: current, nextRunFrom, lastRun, rulesDamaged } = status(caps);
  // No next run while stopped by a pause or a wrong clock (status gives none then).
  if (!current.enabled || !nextRunFrom || nextRunFrom > caps.access.date) return null;
  // Rules that cannot be read: nothing runs; the admins see why (status.rulesDamaged) until one saves them.
  if (rulesDamaged) return null;
  const since = [lastRun?.at, current.enabledAt].filter((at): at is string => typeof at === 'string').map((at) => new Date(at).getTime());
  if (since.length > 0) {
    const gap = caps.clock.now().getTime() - Math.max(...since);
    if (gap < -CLOCK_SKEW_MS) return fail(caps, 'clock');
    if (gap > MAX_PAUSE_MS) return fail(caps, 'pause');
  }
  if (checks.auditAlarm) return fail(caps, 'audit-alarm');
  try {
    // A success clears any failure (inside the purge's transaction).
    return runPurge(caps, { scheduled: true, enabledBy: stored(caps, RETENTION_SCHEDULE)?.enabledBy ?? null });
  } catch (error) {
    // Nothing was deleted (one transaction). The admins are told; the next unlock tries again.
    fail(caps, 'error');
    throw error;
  }
}
