import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { useTempDirs } from '../test-support/temp-dir';
import { verifyAudit } from './audit/audit-log';
import { DATABASE_FILE, VaultTooNewError, openVault } from './db/open-vault';
import { MIGRATIONS } from './db/migrations';
import { usernameTag } from './keys/header';
import { HEADER_FILE, readHeader } from './keys/header-store';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { VaultError, createVault, exportDatabaseKey, unlockVault, unlockWithRecoveryKey } from './vault';

const tempDir = useTempDirs();
const setup = {
  orgName: 'Samordningsförbundet Umeåregionen',
  orgNumber: '222000-1834',
  admin: { username: 'admin.anna', displayName: 'Anna Admin', password: 'korrekt häst batteri häftklammer' },
};

async function newVault() {
  const dataDir = await tempDir();
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  const { recoveryKey } = await createVault(dataDir, setup, deps);
  return { dataDir, clock, deps, recoveryKey };
}

function auditActions(vault: { db: { prepare(sql: string): { all(): unknown[] } } }): string[] {
  return (vault.db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map((row) => row.action);
}

describe('createVault / unlockVault', () => {
  it('creates a vault that its admin unlocks, with an intact audit chain', async () => {
    const { dataDir, deps } = await newVault();
    const stat = await fs.stat(path.join(dataDir, DATABASE_FILE));
    expect(stat.mode & 0o077).toBe(0);
    const vault = await unlockVault(dataDir, 'Admin.Anna', setup.admin.password, deps);
    try {
      expect(vault.account).toMatchObject({ username: 'admin.anna', displayName: 'Anna Admin', roles: ['admin'] });
      expect(auditActions(vault)).toEqual(['vault.created', 'vault.unlocked']);
      expect(verifyAudit(vault.db).ok).toBe(true);
      expect(vault.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(vault.db.pragma('secure_delete', { simple: true })).toBe(1);
      expect(vault.db.pragma('auto_vacuum', { simple: true })).toBe(2); // incremental
      expect(vault.db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      vault.close();
    }
  });

  it('logs, at debug level, how long the key slot took beside the whole unlock — no name, no secret (the bench splits Argon2id from the rest)', async () => {
    const { dataDir, clock } = await newVault();
    const logger = new MemoryLogger();
    const vault = await unlockVault(dataDir, 'admin.anna', setup.admin.password, { clock, logger, kdf: FLOOR_KDF });
    vault.close();
    const lines = logger.lines.filter((l) => l.fn === 'unlockVault' && l.message === 'unlocked');
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line?.level).toBe('debug');
    expect(Object.keys(line?.fields ?? {}).sort()).toEqual(['slotMs', 'totalMs']);
    const { slotMs, totalMs } = line?.fields as { slotMs: number; totalMs: number };
    // The slot is Argon2id at the floor (64 MiB): never free, and part of the whole.
    expect(slotMs).toBeGreaterThan(0);
    expect(slotMs).toBeLessThanOrEqual(totalMs);
  });

  it('refuses a second vault in the same folder and bad setup values', async () => {
    const { dataDir, deps } = await newVault();
    await expect(createVault(dataDir, setup, deps)).rejects.toMatchObject({ code: 'exists' });
    const other = await tempDir();
    await expect(createVault(other, { ...setup, orgNumber: '222000-1835' }, deps)).rejects.toMatchObject({ code: 'bad_setup' });
    await expect(createVault(other, { ...setup, admin: { ...setup.admin, password: 'kort' } }, deps)).rejects.toMatchObject({ code: 'bad_setup' });
  });

  it('refuses a wrong password, queues the failure in the header, and audits it at the next unlock', async () => {
    const { dataDir, deps, clock } = await newVault();
    clock.advance(60_000);
    await expect(unlockVault(dataDir, 'admin.anna', 'fel lösenord igen', deps)).rejects.toBeInstanceOf(VaultError);
    await expect(unlockVault(dataDir, 'nobody', 'fel lösenord igen', deps)).rejects.toMatchObject({ code: 'bad_credentials' });
    // Only whose account it was (its tag, already in the header) or none: never the name typed.
    const header = await readHeader(dataDir, deps.logger);
    expect(header.failedUnlocks.map((f) => ('tag' in f ? f.tag : 'legacy'))).toEqual([usernameTag(header.vaultId, 'admin.anna'), null]);
    const vault = await unlockVault(dataDir, 'admin.anna', setup.admin.password, deps);
    try {
      expect(auditActions(vault)).toEqual(['vault.created', 'vault.unlock-failed', 'vault.unlock-failed', 'vault.unlocked']);
      expect(verifyAudit(vault.db).ok).toBe(true);
      // Nothing was wiped by the failures.
      expect(vault.db.prepare('SELECT name FROM organisations').get()).toEqual({ name: setup.orgName });
    } finally {
      vault.close();
    }
    expect((await readHeader(dataDir, deps.logger)).failedUnlocks).toEqual([]);
  });

  it('opens with the recovery key, typed loosely', async () => {
    const { dataDir, deps, recoveryKey } = await newVault();
    const vault = await unlockWithRecoveryKey(dataDir, ` ${recoveryKey.toLowerCase().replace(/-/g, ' ')} `, deps);
    expect(vault.account).toBeNull();
    vault.close();
    await expect(unlockWithRecoveryKey(dataDir, recoveryKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), deps)).rejects.toMatchObject({ code: 'bad_credentials' });
  });

  it('exports the database key to an admin only', async () => {
    const { dataDir, deps } = await newVault();
    const key = (await exportDatabaseKey(dataDir, 'admin.anna', setup.admin.password, deps)).toString('ascii');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const vault = await unlockVault(dataDir, 'admin.anna', setup.admin.password, deps);
    expect(auditActions(vault)).toContain('key.exported');
    vault.close();
  });
});

describe('openVault', () => {
  it('refuses a newer schema and leaves database and header byte-identical', async () => {
    const { dataDir, deps } = await newVault();
    const key = Buffer.from((await exportDatabaseKey(dataDir, 'admin.anna', setup.admin.password, deps)).toString('ascii'), 'hex');
    const file = path.join(dataDir, DATABASE_FILE);
    const db = openVault(file, key);
    db.pragma('user_version = 99');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = [await fs.readFile(file), await fs.readFile(path.join(dataDir, HEADER_FILE))];
    expect(() => openVault(file, key)).toThrow(VaultTooNewError);
    await expect(unlockVault(dataDir, 'admin.anna', setup.admin.password, deps)).rejects.toBeInstanceOf(VaultTooNewError);
    const after = [await fs.readFile(file), await fs.readFile(path.join(dataDir, HEADER_FILE))];
    expect(after[0]?.equals(before[0] as Buffer)).toBe(true);
    expect(after[1]?.equals(before[1] as Buffer)).toBe(true);
  });

  it('recovers a damaged header from its newest backup', async () => {
    const { dataDir, deps } = await newVault();
    const headerFile = path.join(dataDir, HEADER_FILE);
    const text = await fs.readFile(headerFile, 'utf8');
    await fs.writeFile(`${headerFile}.bak1`, text); // an earlier generation
    await fs.writeFile(headerFile, text.slice(0, text.length / 2)); // a torn write
    const logger = new MemoryLogger();
    const vault = await unlockVault(dataDir, 'admin.anna', setup.admin.password, { ...deps, logger });
    expect(vault.notices).toEqual([{ kind: 'header-recovered', source: { kind: 'generation', n: 1 }, generation: 1 }]);
    expect(vault.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'vault.header-recovered'").get()).toEqual({ n: 1 });
    vault.close();
    expect(logger.lines.some((line) => line.fn === 'unlockVault' && line.level === 'warn')).toBe(true);
  });
});

describe('a vault written by an older Teamvalv', () => {
  /** Turns a fresh vault back into what migration 001 alone leaves (as an older app wrote it). */
  async function olderVault() {
    const { dataDir, deps } = await newVault();
    const vault = await unlockVault(dataDir, 'admin.anna', setup.admin.password, deps);
    const { addAccount } = await import('./accounts');
    const org = (vault.db.prepare('SELECT id FROM organisations').get() as { id: string }).id;
    const { oneTimePassword } = await addAccount(vault, dataDir, deps.logger, { username: 'bo', displayName: 'Bo', organisationId: org, roles: [] });
    vault.db.exec(`
      DROP TABLE followup_reports_sent;
      DROP TABLE case_events; DROP TABLE case_checkins;
      DROP TABLE team_ownership; DROP TABLE other_item_actions; DROP TABLE other_items; DROP TABLE receipts_sent; DROP TABLE packet_receipts;
      DROP TABLE purged_packet_ids; DROP TABLE gallring_tombstones; DROP INDEX audit_log_case_code;
      DROP TABLE packets_received; DROP TABLE packets_sent; DROP TABLE handovers; DROP TABLE trusted_keys; DROP TABLE org_keys;
      DROP TABLE private_notes; DROP TABLE private_note_keys;
      DROP TABLE supervision_records; DROP TABLE supervision_case_themes; DROP TABLE supervision_themes;
      DROP TABLE supervision_cases; DROP TABLE supervision_participants; DROP TABLE supervision_sessions;
      DROP TABLE search_entries; DROP TABLE search_parts; DROP TABLE meeting_addenda; DROP TABLE item_drafts; DROP TABLE actions; DROP TABLE case_items;
      DROP TABLE agenda_items; DROP TABLE meeting_guests; DROP TABLE meeting_attendance; DROP TABLE meetings;
      DROP TABLE case_consents; DROP TABLE cases;
      DROP TABLE team_memberships; DROP TABLE members; DROP TABLE teams; DROP INDEX organisations_name;
      ALTER TABLE organisations DROP COLUMN short_name; ALTER TABLE organisations DROP COLUMN kind; ALTER TABLE organisations DROP COLUMN kind_chosen_at; DROP INDEX audit_log_organisation_removed;
      DROP TABLE audit_reviews;
    `);
    vault.db.pragma('user_version = 1');
    vault.close();
    return { dataDir, deps, oneTimePassword };
  }
  const keyOf = async (dataDir: string, deps: Parameters<typeof unlockVault>[3]) => {
    const key = Buffer.from((await exportDatabaseKey(dataDir, 'admin.anna', setup.admin.password, deps, { migrate: false }).catch(() => Buffer.from('00'.repeat(32)))).toString('ascii'), 'hex');
    return key;
  };

  it('is updated only when an admin confirms, after a backup; others are refused and change nothing', async () => {
    const { dataDir, deps, oneTimePassword } = await olderVault();
    await expect(unlockVault(dataDir, 'bo', oneTimePassword, deps)).rejects.toMatchObject({ code: 'migration_needs_admin' });
    await expect(unlockVault(dataDir, 'admin.anna', setup.admin.password, deps)).rejects.toMatchObject({ code: 'migration_needs_confirmation' });
    const { listBackups } = await import('./backups');
    expect(listBackups(dataDir)).toHaveLength(0);
    const vault = await unlockVault(dataDir, 'admin.anna', setup.admin.password, deps, { migrate: true });
    try {
      expect(vault.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(vault.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('audit_reviews', 'teams', 'members', 'cases', 'meetings', 'supervision_sessions', 'private_notes', 'handovers')").get()).toEqual({ n: 8 });
      expect((vault.db.prepare("SELECT detail FROM audit_log WHERE action = 'vault.migrated'").get() as { detail: string }).detail).toBe(`{"from":1,"to":${MIGRATIONS.length}}`);
    } finally {
      vault.close();
    }
    // The backup holds the old version, so the team can go back if something is wrong.
    const [backup] = listBackups(dataDir);
    const old = openVault(path.join(backup?.dir ?? '', DATABASE_FILE), await keyOf(dataDir, deps), { deferMigrations: true });
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    old.close();
  });
});
