import { AppError } from '../../shared/ipc/errors';
import { PurgeResult, type RetentionStatus } from '../../shared/retention/model';
import { stockholmDate } from '../../shared/time/zone';
import { actorOf, requireAdmin, today } from '../roster/access';
import type { UnlockedVault } from '../vault/vault';
import { runPurge, setMeta } from './purge';

/**
 * Scheduled gallring: once an admin turns it on (their standing decision to purge by the rules),
 * the first unlock of each calendar month (Europe/Stockholm) runs the purge — whoever unlocks —
 * and leaves a notice that admins see at sign-in until one acknowledges it.
 */

function meta<T>(vault: UnlockedVault, key: string, parse: (value: unknown) => T | null): T | null {
  const row = vault.db.prepare('SELECT value FROM vault_meta WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return null;
  try {
    return parse(JSON.parse(row.value));
  } catch {
    return null;
  }
}

const result = (value: unknown) => PurgeResult.safeParse(value).data ?? null;
const schedule = (value: unknown) => {
  const v = value as { enabled?: unknown; enabledAt?: unknown };
  return typeof v.enabled === 'boolean' ? { enabled: v.enabled, enabledAt: typeof v.enabledAt === 'string' ? v.enabledAt : null } : null;
};

const failedAt = (value: unknown) => {
  const v = value as { at?: unknown };
  return typeof v.at === 'string' && !Number.isNaN(new Date(v.at).getTime()) ? new Date(v.at).toISOString() : null;
};
const enabledBy = (value: unknown) => {
  const v = value as { enabledBy?: unknown };
  return typeof v.enabledBy === 'string' ? v.enabledBy : null;
};

function firstOfNextMonth(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

function status(vault: UnlockedVault): RetentionStatus {
  const current = meta(vault, 'retention_schedule', schedule) ?? { enabled: false, enabledAt: null };
  const lastRun = meta(vault, 'retention_last_run', result);
  const nextRunFrom = current.enabled ? (lastRun ? firstOfNextMonth(stockholmDate(new Date(lastRun.at))) : today(vault)) : null;
  return {
    schedule: current,
    lastRun,
    nextRunFrom: nextRunFrom && nextRunFrom < today(vault) ? today(vault) : nextRunFrom,
    notice: meta(vault, 'retention_notice', result),
    failedAt: meta(vault, 'retention_failed', failedAt),
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
      setMeta(vault, 'retention_schedule', { enabled, enabledAt: enabled ? vault.now().toISOString() : null, enabledBy: enabled ? (vault.account?.id ?? null) : null });
      vault.audit('retention.schedule-changed', { enabled });
    })();
  }
  return status(vault);
}

export function acknowledgeNotice(vault: UnlockedVault): RetentionStatus {
  requireAdmin(actorOf(vault));
  const { notice, failedAt: failed } = status(vault);
  if (notice || failed) {
    vault.db.transaction(() => {
      vault.db.prepare("DELETE FROM vault_meta WHERE key IN ('retention_notice', 'retention_failed')").run();
      vault.audit('retention.notice-acknowledged', { ranAt: notice?.at ?? null, failedAt: failed });
    })();
  }
  return status(vault);
}

const MAX_PAUSE_MS = 366 * 24 * 60 * 60_000;

/** At unlock: runs the purge when the schedule is on and it has not run this month. Returns what it did. */
export function runScheduledPurge(vault: UnlockedVault): ReturnType<typeof runPurge> | null {
  const { schedule: current, nextRunFrom } = status(vault);
  if (!current.enabled || !nextRunFrom || nextRunFrom > today(vault)) return null;
  try {
    // A PC clock far ahead (or a vault unused for over a year) would make years of records due at
    // once, unseen: then the purge waits for an admin to run it by hand after the preview.
    const lastLock = vault.db.prepare("SELECT at FROM audit_log WHERE action = 'vault.locked' ORDER BY seq DESC LIMIT 1").get() as { at: string } | undefined;
    if (lastLock && vault.now().getTime() - new Date(lastLock.at).getTime() > MAX_PAUSE_MS) {
      throw new AppError('conflict', 'The vault was last locked over a year ago (or the clock is wrong): run the purge by hand after the preview');
    }
    const ran = runPurge(vault, { scheduled: true, enabledBy: meta(vault, 'retention_schedule', enabledBy) });
    vault.db.prepare("DELETE FROM vault_meta WHERE key = 'retention_failed'").run();
    return ran;
  } catch (error) {
    // Nothing was deleted (one transaction). The admins are told; the next unlock tries again.
    setMeta(vault, 'retention_failed', { at: vault.now().toISOString() });
    throw error;
  }
}
