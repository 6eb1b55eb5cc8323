import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { useTempDirs } from '../test-support/temp-dir';
import { openWithKey } from '../test-support/decrypted-copy';
import { type BackupInfo, autoBackup, backupsToKeep, createBackup, listBackups, restoreBackup } from './backups';
import { DATABASE_FILE } from './db/open-vault';
import { openAccountSlot, usernameTag } from './keys/header';
import { readHeader } from './keys/header-store';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { createVault, unlockVault } from './vault';

const tempDir = useTempDirs();
const PASSWORD = 'korrekt häst batteri häftklammer';

async function openVaultWithData() {
  const dataDir = await tempDir();
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  await createVault(dataDir, { orgName: 'Team', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Ada', password: PASSWORD } }, deps);
  const vault = await unlockVault(dataDir, 'admin', PASSWORD, deps);
  vault.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('note', 'MARKER-in-backup')").run();
  return { dataDir, clock, deps, vault };
}

describe('backups', () => {
  it('are encrypted copies that restore into a new folder, verified by unlock, integrity_check and a full read', async () => {
    const { dataDir, clock, vault } = await openVaultWithData();
    vault.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('retention_last_run', '{}')").run();
    const backup = createBackup(vault, dataDir, clock, 'manual');
    vault.close();
    expect((await fs.readFile(path.join(backup.dir, DATABASE_FILE))).includes('MARKER-in-backup')).toBe(false);
    const target = path.join(await tempDir(), 'restored');
    const openKey = async (dir: string) => {
      const header = await readHeader(dir, new MemoryLogger());
      const slot = header.slots.find((s) => s.kind === 'account' && s.usernameTag === usernameTag(header.vaultId, 'admin'));
      const key = slot?.kind === 'account' ? await openAccountSlot(header, slot.accountId, PASSWORD) : null;
      if (!key) throw new Error('no key');
      return key;
    };
    const check = await restoreBackup(backup.dir, target, openKey);
    expect(check.integrity).toBe('ok');
    expect(check.tables).toMatchObject({ vault_meta: 3, organisations: 1, accounts: 1 });
    // The restored vault has no record of a purge run: with the schedule on, its first unlock purges what became due since.
    const restored = openWithKey(path.join(target, DATABASE_FILE), await openKey(target));
    expect(restored.prepare("SELECT key FROM vault_meta WHERE key LIKE 'retention_%'").all()).toEqual([]);
    restored.close();
    await expect(restoreBackup(backup.dir, target, async () => Buffer.alloc(32))).rejects.toThrow(/new or empty/);
  });

  it('are made automatically at most once per day', async () => {
    const { dataDir, clock, deps, vault } = await openVaultWithData();
    expect(autoBackup(vault, dataDir, clock, deps.logger, 'unlock')).not.toBeNull();
    clock.advance(23 * 3600_000);
    expect(autoBackup(vault, dataDir, clock, deps.logger, 'lock')).toBeNull();
    clock.advance(2 * 3600_000);
    expect(autoBackup(vault, dataDir, clock, deps.logger, 'lock')).not.toBeNull();
    expect(listBackups(dataDir)).toHaveLength(2);
    vault.close();
  });
});

describe('backupsToKeep', () => {
  it('keeps the 7 newest, one per week for 8 weeks and one per month for a year', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const daily: BackupInfo[] = Array.from({ length: 400 }, (_, i) => {
      const createdAt = new Date(now.getTime() - i * 86_400_000);
      return { name: `b${i}`, dir: `/x/b${i}`, createdAt };
    });
    const keep = backupsToKeep(daily, now);
    for (let i = 0; i < 7; i++) expect(keep.has(`b${i}`)).toBe(true);
    expect(keep.has('b399')).toBe(false);
    expect(keep.size).toBeLessThanOrEqual(7 + 8 + 13);
    expect(keep.size).toBeGreaterThanOrEqual(7 + 12 - 2);
  });
});
