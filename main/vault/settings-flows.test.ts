// After the app's flows that keep state in vault_meta (set-up, retention rules, the schedule and
// its failure, a scheduled purge of old records and audit rows, the notice, the guard's names, an
// export folder, an early gallring), every key in the table is one main/vault/settings.ts declares
// and every value reads as its declaration says. A key some future flow writes without declaring
// it fails here.
import { readCaps, writeCaps } from '../capabilities/caps';
import { gallringBackups } from './gallring-backups';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RETENTION_DEFAULTS } from '../../shared/retention/model';
import { setExtraNames } from '../guard/extra-names';
import { earlyGallring, gallringPreview } from '../retention/early-gallring';
import { setRetentionRules } from '../retention/rules';
import { acknowledgeNotice, runScheduledPurge, setRetentionSchedule } from '../retention/schedule';
import { worldWithOldRecords } from '../retention/test-support/old-records';
import { rememberFolder } from '../services/files/handlers';
import { settingProblems } from './settings';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

describe('vault_meta after the app flows', () => {
  it('holds only declared settings, each readable, and a stray key is caught', async () => {
    const { admin, kept, dataDir } = await worldWithOldRecords(opened);
    const seen = new Set<string>();
    const check = (step: string) => {
      expect(settingProblems(admin.db), step).toEqual([]);
      for (const { key } of admin.db.prepare('SELECT key FROM vault_meta').all() as { key: string }[]) seen.add(key.replace(/:.+$/, ':<accountId>'));
    };
    check('set-up');
    setRetentionRules(writeCaps(admin), { ...RETENTION_DEFAULTS });
    check('rules');
    setRetentionSchedule(writeCaps(admin), true);
    check('schedule on');
    expect(runScheduledPurge(writeCaps(admin), { auditAlarm: 'witness' })).toBeNull();
    check('scheduled run stopped by an audit alarm');
    expect(runScheduledPurge(writeCaps(admin))?.counts['case-records']).toBe(1);
    check('scheduled run');
    acknowledgeNotice(writeCaps(admin));
    check('notice acknowledged');
    setExtraNames(writeCaps(admin), ['Blåbärsgatan']);
    check('guard names');
    rememberFolder(writeCaps(admin), 'minutes', path.join(dataDir, 'Protokoll'));
    check('export folder');
    const preview = gallringPreview(readCaps(admin), kept.code, 0);
    earlyGallring(writeCaps(admin), { caseCode: kept.code, decisionReference: 'Dnr 2031/42', decisionDate: '2031-11-28', confirmed: preview.counts }, gallringBackups(admin, dataDir));
    check('early gallring');
    expect([...seen].sort()).toEqual([
      'audit_anchor',
      'export_folders:<accountId>',
      'guard.extra-names',
      'retention_failed',
      'retention_last_run',
      'retention_notice',
      'retention_rules',
      'retention_schedule',
      'vault_id',
    ]);
    // The check can fail: a key no declaration owns is reported.
    admin.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('undeclared_flag', '1')").run();
    expect(settingProblems(admin.db)).toEqual([{ key: 'undeclared_flag', problem: 'not declared in main/vault/settings.ts' }]);
  });
});
