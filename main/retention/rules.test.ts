// Retention rules on a real vault: defaults until an admin sets them, the audit log never below
// five years, every change audited — and the backup ladder capped by the shortest rule.
import { afterEach, describe, expect, it } from 'vitest';
import { rosterVault } from '../roster/test-support/roster-fixture';
import { type BackupInfo, autoBackup, backupsToKeep, createBackup, listBackups } from '../vault/backups';
import { retentionView, setRetentionRules } from './rules';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

describe('retention rules', () => {
  it('start at the README defaults; an admin changes them (audited); the audit log stays at least five years; others are refused', async () => {
    const fixture = await rosterVault();
    opened.push(fixture);
    const { admin, account } = fixture;
    expect(retentionView(readCaps(admin))).toMatchObject({ rules: { 'case-records': 60, minutes: 60, supervision: 60, handovers: 60, 'audit-log': 60 }, backupMaxDays: 366 });
    const rules = { 'case-records': 60, minutes: 120, supervision: 6, handovers: 60, 'audit-log': 84 };
    expect(setRetentionRules(writeCaps(admin), rules)).toMatchObject({ rules, backupMaxDays: 182 });
    expect(() => setRetentionRules(writeCaps(admin), { ...rules, 'audit-log': 59 })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    const kim = account('kim');
    expect(() => retentionView(readCaps(kim))).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => setRetentionRules(writeCaps(kim), rules)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    const audit = admin.db.prepare("SELECT detail FROM audit_log WHERE action = 'retention.rules-changed'").all() as { detail: string }[];
    expect(audit.map((row) => JSON.parse(row.detail))).toEqual([{ minutes: '60→120', supervision: '60→6', 'audit-log': '60→84' }]);
  });

  it('cap the backup ladder: no backup older than the shortest rule is kept', async () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const daily: BackupInfo[] = Array.from({ length: 400 }, (_, i) => ({ name: `b${i}`, dir: `/x/b${i}`, createdAt: new Date(now.getTime() - i * 86_400_000) }));
    const keep = backupsToKeep(daily, now, 30);
    expect([...keep].every((name) => Number(name.slice(1)) <= 30)).toBe(true);
    expect(keep.has('b0')).toBe(true);
    // Through autoBackup, with a one-month rule: an older backup on disk is removed at the next one.
    const fixture = await rosterVault();
    opened.push(fixture);
    const { admin, dataDir, clock, deps } = fixture;
    createBackup(admin, dataDir, clock, 'manual');
    setRetentionRules(writeCaps(admin), { 'case-records': 1, minutes: 60, supervision: 60, handovers: 60, 'audit-log': 60 });
    clock.advance(40 * 86_400_000);
    autoBackup(admin, dataDir, clock, deps.logger, 'lock');
    expect(listBackups(dataDir)).toHaveLength(1);
    expect(listBackups(dataDir)[0]?.createdAt.toISOString()).toBe(clock.now().toISOString());
  });
});
