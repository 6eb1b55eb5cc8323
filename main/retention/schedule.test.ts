// Scheduled gallring through the real VaultManager (the Electron runtime is not needed: the
// manager is what both hosts call at unlock): once an admin turns the schedule on, the first
// unlock of each month purges by the rules before the automatic backup and leaves a notice for
// admins; purging old audit rows does not set off the witness alarm on this PC or on another PC
// that last saw the vault long ago, but does when a recent witnessed row has gone.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { decryptedCopy, holds, openWithKey } from '../test-support/decrypted-copy';
import { errorCode } from '../test-support/error-code';
import { useTempDirs } from '../test-support/temp-dir';
import { auditAnchor } from '../vault/audit/audit-log';
import { readWitness } from '../vault/audit/witness';
import { listBackups } from '../vault/backups';
import { DATABASE_FILE } from '../vault/db/open-vault';
import { ADMIN_PASSWORD as ROSTER_ADMIN_PASSWORD, rosterVault } from '../roster/test-support/roster-fixture';
import { FLOOR_KDF } from '../vault/test-support/fast-kdf';
import { createVault, unlockVault } from '../vault/vault';
import { VaultManager } from '../vault/vault-manager';
import { SteppedHousekeeping } from '../vault/test-support/housekeeping';
import { KEPT, OLD, count, worldWithOldRecords } from './test-support/old-records';
import { purgePreview, runPurge } from './purge';
import { setRetentionRules } from './rules';
import { acknowledgeNotice, retentionStatus, runScheduledPurge, setRetentionSchedule } from './schedule';
import { databaseKeyOf } from '../vault/key-material';
import { readCaps, writeCaps } from '../capabilities/caps';

const tempDir = useTempDirs();
const PASSWORD = 'korrekt häst batteri häftklammer';
/**
 * The full walk of the chain after unlock runs to its end before `unlock` returns (each step at
 * once, a small chain): these sessions lock right after unlocking, and the first walk on a PC is
 * what gives its witness a head (issue 16) — here as when the unlock itself walked the chain.
 */
const WALK_AT_ONCE = { defer: (step: () => void) => step() };

async function vaultFolder() {
  const dataDir = await tempDir();
  const clock = new ManualClock('2026-03-02T08:00:00Z');
  const logger = new MemoryLogger();
  await createVault(dataDir, { orgName: 'Team', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Ada', password: PASSWORD } }, { clock, logger, kdf: FLOOR_KDF });
  // The housekeeping after unlock (the scheduled gallring, then the backup) runs when the test steps it.
  const stepped = new SteppedHousekeeping();
  const housekeeping = { defer: stepped.defer };
  const manager = async (witnessDir?: string) =>
    new VaultManager({ dataDir, witnessDir: witnessDir ?? (await tempDir()), clock, logger, kdf: FLOOR_KDF, housekeeping, afterUnlock: (vault) => void runScheduledPurge(writeCaps(vault)), fullCheck: WALK_AT_ONCE });
  /** An unlock, then its housekeeping run to its end. */
  const unlock = async (manager: VaultManager): Promise<void> => {
    await manager.unlock('admin', PASSWORD);
    await stepped.run(manager);
  };
  return { dataDir, clock, logger, manager, stepped, housekeeping, unlock };
}

describe('scheduled gallring', () => {
  it('runs at the first unlock of each month once turned on, leaves a notice until acknowledged, and the witnesses stay quiet', async () => {
    const { dataDir, clock, manager, stepped, unlock } = await vaultFolder();
    const thisPc = await tempDir();
    const otherPc = await tempDir();
    const pc = await manager(thisPc);
    await unlock(pc);
    expect(retentionStatus(readCaps(pc.vault))).toEqual({ schedule: { enabled: false, enabledAt: null }, lastRun: null, nextRunFrom: null, notice: null, failure: null, backupsPending: false, rulesDamaged: false });
    pc.lock('user');
    // Another PC sees the vault once in March 2026, and not again for years.
    const other = await manager(otherPc);
    clock.set('2026-03-03T08:00:00Z');
    await unlock(other);
    other.lock('user');

    clock.set('2026-04-01T08:00:00Z');
    await unlock(pc);
    expect(runScheduledPurge(writeCaps(pc.vault))).toBeNull(); // not turned on
    const on = setRetentionSchedule(writeCaps(pc.vault), true);
    expect(on.schedule).toEqual({ enabled: true, enabledAt: '2026-04-01T08:00:00.000Z' });
    expect(on.nextRunFrom).toBe('2026-04-01');
    pc.lock('user');

    // The team keeps using the vault (the schedule runs each time, with nothing due yet)…
    for (const at of ['2027-03-01', '2028-03-01', '2029-03-01', '2030-03-01', '2031-02-27']) {
      clock.set(`${at}T08:00:00Z`);
      await unlock(pc);
      expect(retentionStatus(readCaps(pc.vault)).notice?.counts['audit-log']).toBe(0);
      pc.lock('user');
    }
    // …and in December 2031 the first unlock purges (rows from 2026 are past five years).
    clock.set('2031-12-01T08:00:00Z');
    await pc.unlock('admin', PASSWORD);
    // The unlock has returned before its housekeeping: nothing purged, no backup of today yet.
    expect(retentionStatus(readCaps(pc.vault)).notice?.at).not.toBe('2031-12-01T08:00:00.000Z');
    expect(pc.vault.db.prepare("SELECT count(*) AS n FROM audit_log WHERE at < '2026-12-01'").get()).not.toEqual({ n: 0 });
    expect(listBackups(dataDir)[0]?.createdAt.toISOString()).not.toBe('2031-12-01T08:00:00.000Z');
    await stepped.run(pc);
    expect(pc.auditAlarm).toBeNull();
    const status = retentionStatus(readCaps(pc.vault));
    expect(status.notice).toMatchObject({ at: '2031-12-01T08:00:00.000Z', scheduled: true });
    expect(status.notice?.counts['audit-log']).toBeGreaterThan(0);
    expect(status.lastRun).toEqual(status.notice);
    expect(status.nextRunFrom).toBe('2032-01-01');
    const vaultId = pc.vault.header.vaultId;
    const anchor = auditAnchor(pc.vault.db);
    expect(anchor).not.toBeNull();
    expect(pc.vault.db.prepare("SELECT count(*) AS n FROM audit_log WHERE at < '2026-12-01'").get()).toEqual({ n: 0 });
    // The automatic backup of this unlock came after the purge: it holds no purged row; no backup older than a year is left.
    const backups = listBackups(dataDir);
    expect(backups[0]?.createdAt.toISOString()).toBe('2031-12-01T08:00:00.000Z');
    expect(backups.every((b) => b.createdAt.toISOString() >= '2030-12-01')).toBe(true);
    const backup = openWithKey(path.join(backups[0]?.dir ?? '', DATABASE_FILE), databaseKeyOf(pc.vault));
    expect(backup.prepare("SELECT count(*) AS n FROM audit_log WHERE at < '2026-12-01'").get()).toEqual({ n: 0 });
    expect(backup.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'retention.purged' AND detail LIKE '%auditAnchorSeq%'").get()).toEqual({ n: 1 });
    backup.close();
    expect(runScheduledPurge(writeCaps(pc.vault))).toBeNull(); // once a month
    pc.lock('user');
    expect((await readWitness(thisPc, vaultId))?.anchor).toEqual({ seq: anchor?.seq, hash: anchor?.hash });

    // The same PC again, and the PC that last saw the vault in 2026: no alarm.
    await unlock(pc);
    expect(pc.auditAlarm).toBeNull();
    pc.lock('user');
    await unlock(other);
    expect(other.auditAlarm).toBeNull();
    other.lock('user');

    // A PC whose witness is recent but names a purged row: someone deleted rows that were not due.
    const recentPc = await tempDir();
    await fs.writeFile(path.join(recentPc, `${vaultId}.json`), `${JSON.stringify({ vaultId, seq: 2, hash: 'a'.repeat(64), at: '2031-11-30T08:00:00.000Z', anchor: null })}\n`);
    const suspicious = await manager(recentPc);
    await unlock(suspicious);
    expect(suspicious.auditAlarm).toMatch(/purged before/);
    suspicious.lock('user');

    // A non-admin cannot see or change the schedule; acknowledging clears the notice (audited).
    await unlock(pc);
    const acknowledged = acknowledgeNotice(writeCaps(pc.vault));
    expect(acknowledged.notice).toBeNull();
    expect(pc.vault.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'retention.notice-acknowledged'").get()).toEqual({ n: 1 });
    pc.lock('user');

    // January: it runs again (nothing due this time), with a new notice.
    clock.set('2032-01-05T08:00:00Z');
    await unlock(pc);
    expect(retentionStatus(readCaps(pc.vault)).notice).toMatchObject({ at: '2032-01-05T08:00:00.000Z', counts: { 'case-records': 0, minutes: 0 } });
    const off = setRetentionSchedule(writeCaps(pc.vault), false);
    expect(off).toMatchObject({ schedule: { enabled: false }, nextRunFrom: null });
    // A damaged record of the chain's start: the next unlock raises the alarm (and still opens), it does not crash.
    pc.vault.db.prepare("UPDATE vault_meta SET value = '{oops' WHERE key = 'audit_anchor'").run();
    pc.lock('user');
    await unlock(pc);
    expect(pc.state).toBe('unlocked');
    expect(pc.auditAlarm).toBeTruthy();
    pc.lock('user');
  });

  it('a failing job at unlock does not keep anyone out (it is logged); only admins see and set the schedule', async () => {
    const { dataDir, clock, logger, housekeeping, unlock } = await vaultFolder();
    const manager = new VaultManager({
      dataDir,
      witnessDir: await tempDir(),
      clock,
      logger,
      kdf: FLOOR_KDF,
      housekeeping,
      afterUnlock: () => {
        throw new Error('disk full');
      },
    });
    await unlock(manager);
    expect(manager.state).toBe('unlocked');
    expect(logger.lines.some((line) => line.fn === 'VaultManager.afterUnlock' && line.level === 'error')).toBe(true);
    manager.lock('user');

    const fixture = await rosterVault();
    try {
      const clerk = fixture.account('clerk');
      expect(errorCode(() => retentionStatus(readCaps(clerk)))).toBe('forbidden');
      expect(errorCode(() => setRetentionSchedule(writeCaps(clerk), true))).toBe('forbidden');
      expect(errorCode(() => acknowledgeNotice(writeCaps(clerk)))).toBe('forbidden');
      expect(fixture.admin.db.prepare("SELECT count(*) AS n FROM vault_meta WHERE key LIKE 'retention_%'").get()).toEqual({ n: 0 });
    } finally {
      await fixture.close();
    }
  });

  it('after more than a year without use the schedule stops until an admin purges by hand, however often the vault is unlocked', async () => {
    const { dataDir, clock, logger, housekeeping, unlock } = await vaultFolder();
    const witnessDir = await tempDir();
    const manager = new VaultManager({ dataDir, witnessDir, clock, logger, kdf: FLOOR_KDF, housekeeping, afterUnlock: (vault, checks) => void runScheduledPurge(writeCaps(vault), checks), fullCheck: WALK_AT_ONCE });
    await unlock(manager);
    setRetentionSchedule(writeCaps(manager.vault), true);
    manager.lock('user');
    const oldRows = "SELECT count(*) AS n FROM audit_log WHERE at < '2026-12-01'";
    clock.set('2031-12-01T08:00:00Z');
    // A command-line session first (it writes fresh log rows but runs no schedule), then a mistyped
    // password, then an unlock with the audit alarm up on this PC: still a pause of years.
    const cli = await unlockVault(dataDir, 'admin', PASSWORD, { clock, logger, kdf: FLOOR_KDF });
    const vaultId = cli.header.vaultId;
    cli.close();
    await expect(manager.unlock('admin', 'inte rätt lösenord alls')).rejects.toThrow();
    const witnessed = await readWitness(witnessDir, vaultId);
    await fs.writeFile(path.join(witnessDir, `${vaultId}.json`), `${JSON.stringify({ vaultId, seq: witnessed?.seq, hash: 'a'.repeat(64), at: witnessed?.at.toISOString(), anchor: null })}\n`);
    clock.advance(60_000);
    await unlock(manager);
    expect(manager.auditAlarm).toBeTruthy();
    expect(retentionStatus(readCaps(manager.vault))).toMatchObject({ failure: { at: '2031-12-01T08:01:00.000Z', reason: 'pause' }, lastRun: null, nextRunFrom: null });
    manager.lock('user');
    // The refused session ended with a lock: the next unlock must still not purge by itself.
    clock.advance(10 * 60_000);
    await unlock(manager);
    expect(retentionStatus(readCaps(manager.vault))).toMatchObject({ failure: { reason: 'pause' }, lastRun: null });
    expect(manager.vault.db.prepare(oldRows).get()).not.toEqual({ n: 0 });
    // The admin looks at the preview and purges by hand: that lifts the pause.
    const preview = purgePreview(readCaps(manager.vault));
    runPurge(writeCaps(manager.vault), { confirmed: preview.counts, digest: preview.digest });
    expect(retentionStatus(readCaps(manager.vault))).toMatchObject({ failure: null, lastRun: { scheduled: false } });
    expect(manager.vault.db.prepare(oldRows).get()).toEqual({ n: 0 });
    // The alarm stands until an admin acknowledges it (the schedule skips while it stands).
    manager.acknowledgeAuditAlarm();
    manager.lock('user');
    // The next month it runs by itself again.
    clock.set('2032-01-05T08:00:00Z');
    await unlock(manager);
    expect(retentionStatus(readCaps(manager.vault))).toMatchObject({ failure: null, lastRun: { scheduled: true, at: '2032-01-05T08:00:00.000Z' } });
    manager.lock('user');
  });

  it('while the audit chain is in doubt the schedule does not run and says so; with the clock behind the log it stops until a purge by hand', async () => {
    const opened: { close(): Promise<void> }[] = [];
    try {
      const { admin, clock } = await worldWithOldRecords(opened);
      setRetentionSchedule(writeCaps(admin), true);
      admin.audit('vault.unlocked', { method: 'password' }); // this session's unlock (the fixture opens without one)
      expect(runScheduledPurge(writeCaps(admin), { auditAlarm: 'row 3 does not match the chain' })).toBeNull();
      expect(retentionStatus(readCaps(admin))).toMatchObject({ failure: { reason: 'audit-alarm' }, lastRun: null });
      // A clock behind the newest log row before this unlock: it stops too, until a purge by hand.
      clock.set('2031-11-29T09:00:00Z'); // two days behind when the schedule was turned on (a day is allowed between PCs)
      expect(runScheduledPurge(writeCaps(admin), { auditAlarm: null })).toBeNull();
      expect(retentionStatus(readCaps(admin))).toMatchObject({ failure: { reason: 'clock' }, lastRun: null });
      clock.set('2031-12-01T09:05:00Z');
      expect(runScheduledPurge(writeCaps(admin), { auditAlarm: null })).toBeNull(); // still stopped
      const preview = purgePreview(readCaps(admin));
      expect(runPurge(writeCaps(admin), { confirmed: preview.counts, digest: preview.digest }).counts.minutes).toBe(2);
      expect(retentionStatus(readCaps(admin)).failure).toBeNull();
    } finally {
      await Promise.all(opened.map((o) => o.close()));
    }
  });

  it('a scheduled run that fails deletes nothing, tells the admins, and succeeds at a later unlock', async () => {
    const opened: { close(): Promise<void> }[] = [];
    try {
      const { admin } = await worldWithOldRecords(opened);
      setRetentionSchedule(writeCaps(admin), true);
      admin.audit('vault.unlocked', { method: 'password' }); // this session's unlock (the fixture opens without one)
      const meetings = count(admin, 'meetings');
      // The failure, simulated inside the purge's transaction (as a full disk would): a temporary trigger.
      admin.db.exec("CREATE TEMP TRIGGER fail_purge BEFORE DELETE ON main.meetings BEGIN SELECT RAISE(ABORT, 'disk full'); END");
      expect(() => runScheduledPurge(writeCaps(admin))).toThrow(/disk full/);
      expect(count(admin, 'meetings')).toBe(meetings);
      expect(retentionStatus(readCaps(admin))).toMatchObject({ failure: { at: '2031-12-01T09:00:00.000Z', reason: 'error' }, notice: null, lastRun: null });
      admin.db.exec('DROP TRIGGER fail_purge');
      expect(runScheduledPurge(writeCaps(admin))?.counts.minutes).toBe(2);
      expect(retentionStatus(readCaps(admin))).toMatchObject({ failure: null, notice: { scheduled: true } });
    } finally {
      await Promise.all(opened.map((o) => o.close()));
    }
  });

  it('stored rules that cannot be read stop every purge — scheduled, by hand, the preview — and tell the admins, until an admin saves rules again', async () => {
    const opened: { close(): Promise<void> }[] = [];
    try {
      const { admin } = await worldWithOldRecords(opened);
      setRetentionSchedule(writeCaps(admin), true);
      admin.audit('vault.unlocked', { method: 'password' }); // this session's unlock (the fixture opens without one)
      const meetings = count(admin, 'meetings');
      const setStored = (value: string) => admin.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('retention_rules', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(value);
      // Valid rules first, to take the preview an admin would confirm with.
      setStored(JSON.stringify({ 'case-records': 60, minutes: 60, supervision: 60, handovers: 60, 'audit-log': 60 }));
      const confirmed = purgePreview(readCaps(admin));
      expect(confirmed.counts.minutes).toBe(2);
      // Not JSON, not the schema, and a log kept under its five-year minimum: each is damaged, never the 60-month defaults.
      for (const stored of ['{"minutes": 60', JSON.stringify({ minutes: 'sextio' }), JSON.stringify({ 'case-records': 60, minutes: 60, supervision: 60, handovers: 60, 'audit-log': 12 })]) {
        setStored(stored);
        expect(retentionStatus(readCaps(admin))).toMatchObject({ rulesDamaged: true, failure: null });
        expect(errorCode(() => purgePreview(readCaps(admin)))).toBe('conflict');
        expect(errorCode(() => runPurge(writeCaps(admin), { confirmed: confirmed.counts, digest: confirmed.digest }))).toBe('conflict');
        expect(runScheduledPurge(writeCaps(admin))).toBeNull();
        expect(count(admin, 'meetings')).toBe(meetings);
        expect(retentionStatus(readCaps(admin))).toMatchObject({ rulesDamaged: true, lastRun: null, notice: null });
      }
      // An admin saves rules: the alarm goes, the audit row says the rules were repaired, and the schedule runs again.
      setRetentionRules(writeCaps(admin), { 'case-records': 60, minutes: 60, supervision: 60, handovers: 60, 'audit-log': 60 });
      const changed = admin.db.prepare("SELECT detail FROM audit_log WHERE action = 'retention.rules-changed' ORDER BY seq DESC LIMIT 1").get() as { detail: string };
      expect(JSON.parse(changed.detail)).toEqual({ repaired: true });
      expect(retentionStatus(readCaps(admin)).rulesDamaged).toBe(false);
      expect(runScheduledPurge(writeCaps(admin))?.counts.minutes).toBe(2);
    } finally {
      await Promise.all(opened.map((o) => o.close()));
    }
  });
});

describe('the scheduled gallring in the housekeeping after unlock', () => {
  it('runs after the unlock has returned and before the backup: the backup (decrypted) holds none of what was purged, and the page is told', async () => {
    const opened: { close(): Promise<void> }[] = [];
    try {
      const { admin, dataDir, clock } = await worldWithOldRecords(opened);
      setRetentionSchedule(writeCaps(admin), true);
      admin.close();
      const { testAppCore } = await import('../test-support/app-core');
      const { app, call, housekeeping } = await testAppCore(dataDir, { clock, witnessDir: await tempDir() });
      const told: unknown[] = [];
      app.events.subscribe((event, payload) => {
        if (event === 'vault:housekeeping') told.push(payload);
      });
      await call('vault:unlock', { username: 'admin', password: ROSTER_ADMIN_PASSWORD });
      // Returned: not purged yet, no backup yet.
      expect(count(app.vault.vault, 'meetings')).toBe(3);
      expect(listBackups(dataDir)).toEqual([]);
      expect(told).toEqual([]);
      await housekeeping();
      expect(told).toEqual([
        { job: 'gallring', state: 'running' },
        { job: 'gallring', state: 'done' },
        { job: 'backup', state: 'running' },
        { job: 'backup', state: 'done' },
      ]);
      expect(await call('retention:status')).toMatchObject({ notice: { scheduled: true, counts: { minutes: 2 } } });
      const [backup] = listBackups(dataDir);
      const bytes = await decryptedCopy(path.join(backup?.dir ?? '', DATABASE_FILE), databaseKeyOf(app.vault.vault));
      expect(holds(bytes, KEPT)).toBe(true); // the control: kept text is found in the decrypted copy
      for (const [part, marker] of Object.entries(OLD)) expect(holds(bytes, marker), part).toBe(false);
      await call('vault:lock');
    } finally {
      await Promise.all(opened.map((o) => o.close()));
    }
  });
});
