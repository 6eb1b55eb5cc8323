// What the CLI and the app say when the vault's storage fails — a read-only data folder, a full
// disk, a damaged page (first or middle), a damaged header, a header that does not belong to the
// database — on real files, and that nothing committed before is lost.
import { createHash } from 'node:crypto';
import { chownSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli/run-cli';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { testAppCore } from '../test-support/app-core';
import { useTempDirs } from '../test-support/temp-dir';
import { createBackup } from './backups';
import { DATABASE_FILE, type Db, openVault } from './db/open-vault';
import type * as OpenVaultModule from './db/open-vault';
import { HEADER_FILE, readHeader, writeHeader } from './keys/header-store';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { createVault, unlockVault } from './vault';
import { madeUpAction } from '../test-support/audit-action';
import { databaseKeyOf } from './key-material';

/**
 * The full disk for the CLI: its own process opens the database, so the fault is injected at the
 * SQLite boundary — every connection openVault hands out gets `max_page_count` at its current
 * size (after dropping free pages), and SQLite itself then answers SQLITE_FULL to any write that
 * would grow the file, as on a full disk.
 */
const fault = vi.hoisted(() => ({ diskFull: false }));
vi.mock('./db/open-vault', async (importOriginal) => {
  const actual = await importOriginal<typeof OpenVaultModule>();
  return {
    ...actual,
    openVault: (...args: Parameters<typeof actual.openVault>): Db => {
      const db = actual.openVault(...args);
      if (fault.diskFull) fillDisk(db);
      return db;
    },
  };
});

function fillDisk(db: Db): void {
  db.pragma('incremental_vacuum');
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
}

const tempDir = useTempDirs();
const PASSWORD = 'ett långt lösenord för provet';
const T0 = '2026-11-23T09:00:00.000Z';
const BACKUP_AT = '2026-11-23T10:00:00.000Z';

beforeEach(() => {
  fault.diskFull = false;
});

interface Made {
  readonly dataDir: string;
  readonly key: Buffer;
}

/** A vault with `rows` audit rows beyond its own (so the audit log spans many pages) and, if asked, a backup made at BACKUP_AT. */
async function makeVault(options: { rows?: number; backup?: boolean } = {}): Promise<Made> {
  const dataDir = await tempDir();
  const clock = new ManualClock(T0);
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  await createVault(dataDir, { orgName: 'Ungdomsteamet Väst', orgNumber: '222000-1834', admin: { username: 'admin', displayName: 'Alex Admin', password: PASSWORD } }, deps);
  const vault = await unlockVault(dataDir, 'admin', PASSWORD, deps);
  try {
    for (let n = 0; n < (options.rows ?? 0); n++) vault.audit(madeUpAction('test.filler'), { n, text: 'uppföljning '.repeat(20) });
    if (options.backup) {
      clock.set(BACKUP_AT);
      createBackup(vault, dataDir, clock, 'manual');
      clock.advance(60_000);
      vault.audit(madeUpAction('test.after-backup'), {});
    }
    return { dataDir, key: Buffer.from(databaseKeyOf(vault)) };
  } finally {
    vault.close();
  }
}

/** Row counts of every table, read with the key (no unlock, so no audit row is added). */
function counts(made: Made): Record<string, number> {
  const db = openVault(path.join(made.dataDir, DATABASE_FILE), made.key);
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
}

async function cli(args: readonly string[]): Promise<{ code: number; json: { error?: string; message?: string; newestBackupAt?: string | null }; text: string }> {
  const run = async (json: boolean): Promise<{ code: number; err: string }> => {
    let err = '';
    const code = await runCli([...args, ...(json ? ['--json'] : [])], { stdout: () => undefined, stderr: (text) => (err += text), readPassword: () => Promise.resolve(PASSWORD) }, new MemoryLogger());
    return { code, err };
  };
  const asJson = await run(true);
  const asText = await run(false);
  expect(asText.code).toBe(asJson.code);
  // The last line is the answer; a warning may come before it (an audit alarm raised by the unlock).
  const lines = asJson.err.trim().split('\n');
  return { code: asJson.code, json: asJson.err ? JSON.parse(lines[lines.length - 1] ?? '{}') : {}, text: asText.err };
}

/** The app's answer to an unlock (or another call), as the page receives it. */
async function appCall(dataDir: string, channel: string, input: unknown) {
  const { app } = await testAppCore(dataDir, { clock: new ManualClock('2026-11-23T11:00:00Z') });
  return app.call(channel, input, 'page');
}

const unlockInput = { username: 'admin', password: PASSWORD };
const cliArgs = (dataDir: string, command = 'verify-audit'): string[] => [command, '--data-dir', dataDir, '--user', 'admin', '--password-stdin'];

/** Flips bytes at an offset of a closed database file. */
async function flip(file: string, offset: number): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    const bytes = Buffer.alloc(8);
    await handle.read(bytes, 0, 8, offset);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (bytes[i] ?? 0) ^ 0xa5;
    await handle.write(bytes, 0, 8, offset);
  } finally {
    await handle.close();
  }
}

/**
 * Runs `work` while the data folder and its files cannot be written, for real: folder 0500,
 * files 0400. Root ignores file modes, so as root the call runs with the effective user and group
 * of `nobody`, which then owns the folder: the kernel enforces the modes as for any user (Node's
 * seteuid; the test pool runs each file in its own process, and the ids are restored after).
 */
async function withReadOnlyFolder<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const asRoot = process.getuid?.() === 0;
  const NOBODY = 65534;
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    const file = path.join(entry.parentPath, entry.name);
    if (asRoot) chownSync(file, NOBODY, NOBODY);
    await fs.chmod(file, entry.isDirectory() ? 0o500 : 0o400);
  }
  if (asRoot) chownSync(dir, NOBODY, NOBODY);
  await fs.chmod(dir, 0o500);
  if (asRoot) {
    process.setegid?.(NOBODY);
    process.seteuid?.(NOBODY);
  }
  try {
    return await work();
  } finally {
    if (asRoot) {
      process.seteuid?.(0);
      process.setegid?.(0);
    }
    await fs.chmod(dir, 0o700);
    if (asRoot) chownSync(dir, 0, 0);
    for (const entry of entries) {
      const file = path.join(entry.parentPath, entry.name);
      await fs.chmod(file, entry.isDirectory() ? 0o700 : 0o600);
      if (asRoot) chownSync(file, 0, 0);
    }
  }
}

describe.skipIf(process.platform === 'win32')('a read-only data folder', () => {
  it('is named as such in the CLI and the app (not a wrong key), and nothing is lost', async () => {
    const made = await makeVault({ rows: 20 });
    const before = counts(made);
    // Everything the calls need is loaded before the folder turns read-only.
    expect((await appCall(made.dataDir, 'vault:status', {})).ok).toBe(true);

    const [fromCli, fromApp] = await withReadOnlyFolder(made.dataDir, async () => [await cli(cliArgs(made.dataDir, 'backup')), await appCall(made.dataDir, 'vault:unlock', unlockInput)] as const);

    expect(fromCli.code).toBe(1);
    expect(fromCli.json).toMatchObject({ ok: false, error: 'storage_read_only' });
    expect(fromCli.text).toMatch(/^Teamvalv cannot write to the data folder.*Nothing was changed or deleted\. Make the data folder and the vault files in it writable/);
    expect(fromApp).toMatchObject({ ok: false, error: { code: 'storage_read_only' } });
    expect(counts(made)).toEqual(before);
  });
});

describe('a full disk', () => {
  it('in the CLI: the unlock cannot write its audit rows; it says so, and the queued failures and every row are kept', async () => {
    const made = await makeVault({ rows: 20 });
    // A thousand failed unlocks queued in the header: the next unlock moves them into the audit log (many new pages).
    const header = await readHeader(made.dataDir, new MemoryLogger());
    const { checksum: _c, generation: _g, ...body } = header;
    const failedUnlocks = Array.from({ length: 1000 }, (_, n) => ({ at: T0, username: `someone-${n}` }));
    await writeHeader(made.dataDir, { ...body, failedUnlocks }, header);
    const before = counts(made);

    fault.diskFull = true;
    const result = await cli(cliArgs(made.dataDir));
    fault.diskFull = false;

    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ ok: false, error: 'storage_full' });
    expect(result.text).toMatch(/^The disk holding the vault is full, so this change was not saved\. Everything saved before is intact; nothing was deleted\. Free some space/);
    expect(counts(made)).toEqual(before);
    expect((await readHeader(made.dataDir, new MemoryLogger())).failedUnlocks).toHaveLength(1000);
    // With space again, the same command works and the queued failures arrive.
    expect((await cli(cliArgs(made.dataDir))).code).toBe(0);
    expect(counts(made).audit_log).toBeGreaterThan((before.audit_log ?? 0) + 1000);
  });

  it('in the app, mid-session: saving a meeting item answers storage_full (not internal); what was saved before stays', async () => {
    const dataDir = await tempDir();
    const { app, call } = await testAppCore(dataDir);
    await call('vault:setup', { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', adminUsername: 'kim', adminDisplayName: 'Kim Ordförande', password: PASSWORD });
    const [own] = await call<{ id: string }[]>('roster:organisations');
    const team = await call<{ id: string }>('roster:save-team', { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
    const me = await call<{ id: string }>('roster:save-member', { displayName: 'Kim Ordförande', profession: 'processledare', professionOther: '', organisationId: own?.id, phone: '', email: '', activeFrom: '2026-01-01', team: { teamId: team.id, role: 'chair' } });
    const accounts = await call<{ id: string }[]>('accounts:list');
    await call('roster:link-account', { memberId: me.id, accountId: accounts[0]?.id });
    const kase = await call<{ id: string }>('cases:create', { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: own?.id, ownerMemberId: null });
    const meeting = await call<{ id: string }>('meetings:create', { teamId: team.id, date: '2026-11-24', time: '09:00', chairMemberId: me.id, noteTakerMemberId: null });
    const first = (await call<{ item: { id: string } }>('meetings:add-agenda-item', { meetingId: meeting.id, caseId: kase.id })).item.id;
    const body = { notes: 'Planering och uppföljning inför nästa möte. '.repeat(400), decisions: 'Fortsätt som planerat.', nextFollowUp: null, actions: [] };
    await call('meetings:commit-item', { agendaItemId: first, body });
    const other = await call<{ id: string }>('cases:create', { teamId: team.id, ageBand: '16-19', consentMode: 'anonymous', raisedByOrganisationId: own?.id, ownerMemberId: null });
    const second = (await call<{ item: { id: string } }>('meetings:add-agenda-item', { meetingId: meeting.id, caseId: other.id })).item.id;
    const made = { dataDir, key: Buffer.from(databaseKeyOf(app.vault.vault)) };

    fillDisk(app.vault.vault.db);
    const result = await app.call('meetings:commit-item', { agendaItemId: second, body }, 'page');

    expect(result).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    app.vault.lock('user');
    const after = counts(made);
    const db = openVault(path.join(dataDir, DATABASE_FILE), made.key);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    expect(after.cases).toBe(2);
    expect(after.meetings).toBe(1);
    await call('vault:unlock', { username: 'kim', password: PASSWORD });
    const view = await call<{ agenda: { id: string; committed?: unknown; notes?: string }[] }>('meetings:get', { meetingId: meeting.id });
    expect(JSON.stringify(view)).toContain('Planering och uppföljning inför nästa möte.');
  });

  it('at lock: a checkpoint that fails still locks (key zeroed, page told); the committed rows wait in the WAL', async () => {
    const dataDir = await tempDir();
    const { app, call } = await testAppCore(dataDir);
    const locked: string[] = [];
    app.events.subscribe((event, payload) => {
      if (event === 'vault:locked') locked.push((payload as { reason: string }).reason);
    });
    await call('vault:setup', { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', adminUsername: 'kim', adminDisplayName: 'Kim Ordförande', password: PASSWORD });
    await call('roster:save-team', { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
    const key = databaseKeyOf(app.vault.vault);
    const made = { dataDir, key: Buffer.from(key) };
    // Injected at the SQLite boundary: the checkpoint at close answers SQLITE_FULL, as on a full disk.
    const db = app.vault.vault.db;
    const pragma = db.pragma.bind(db);
    db.pragma = ((source: string, options?: { simple?: boolean }) => {
      if (source.startsWith('wal_checkpoint')) throw Object.assign(new Error('database or disk is full'), { name: 'SqliteError', code: 'SQLITE_FULL' });
      return pragma(source, options);
    }) as typeof db.pragma;

    expect(await app.call('vault:lock', {}, 'page')).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(locked).toEqual(['user']);
    expect(db.open).toBe(false);
    expect(key.every((byte) => byte === 0)).toBe(true);
    expect(counts(made).teams).toBe(1);
  });
});

describe('a damaged page', () => {
  it('in the middle of the database: both say the vault is damaged, nothing was deleted, and which backup to restore', async () => {
    const made = await makeVault({ rows: 400, backup: true });
    const file = path.join(made.dataDir, DATABASE_FILE);
    const db = openVault(file, made.key);
    const leaves = (db.prepare("SELECT pageno FROM dbstat WHERE name = 'audit_log' AND pagetype = 'leaf' ORDER BY pageno").all() as { pageno: number }[]).map((row) => row.pageno);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    expect(leaves.length).toBeGreaterThan(10);
    const damaged = leaves[Math.floor(leaves.length / 2)] ?? 0;
    await flip(file, (damaged - 1) * pageSize + 1000);

    // Every table is read whole: only the audit log fails, with SQLCipher's HMAC check (SQLITE_CORRUPT).
    const check = openVault(file, made.key);
    try {
      for (const { name } of check.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]) {
        const read = (): unknown[] => check.prepare(`SELECT * FROM "${name}"`).all();
        if (name === 'audit_log') expect(read).toThrow(expect.objectContaining({ code: 'SQLITE_CORRUPT' }));
        else expect(read).not.toThrow();
      }
    } finally {
      check.close();
    }

    const fromCli = await cli(cliArgs(made.dataDir));
    expect(fromCli.code).toBe(1);
    expect(fromCli.json).toMatchObject({ ok: false, error: 'storage_corrupt', newestBackupAt: BACKUP_AT });
    expect(fromCli.text).toContain('A page of the vault database (vault.db) is damaged');
    expect(fromCli.text).toContain('Nothing was deleted');
    expect(fromCli.text).toContain(`restore the newest backup, from ${BACKUP_AT} (teamvalv restore): changes made after it are lost`);

    const { app } = await testAppCore(made.dataDir, { clock: new ManualClock('2026-11-23T11:00:00Z') });
    expect((await app.call('vault:unlock', unlockInput, 'page')).ok).toBe(true);
    const exported = await app.call('audit:export-csv', { folder: await tempDir() }, 'page');
    expect(exported).toEqual({ ok: false, error: { code: 'storage_corrupt', message: 'A page of the vault database is damaged', detail: { newestBackupAt: BACKUP_AT } } });
    app.vault.lock('user');

    // Nothing lost beyond the damaged page: the named backup restores whole.
    const restoreArgs = ['restore', '--backup', path.join(made.dataDir, 'backups', 'backup-20261123T100000000Z'), '--to', path.join(await tempDir(), 'restored'), '--user', 'admin', '--password-stdin', '--json'];
    let restored = '';
    const io = { stdout: (text: string) => (restored += text), stderr: (text: string) => (restored += text), readPassword: () => Promise.resolve(PASSWORD) };
    expect(await runCli(restoreArgs, io, new MemoryLogger())).toBe(0);
    expect(JSON.parse(restored)).toMatchObject({ ok: true, integrity: 'ok', tables: { audit_log: 400 + 3 } });
  });

  it('on the first page: the vault is damaged, not a wrong key or a header that does not belong', async () => {
    const made = await makeVault({ rows: 20, backup: true });
    const file = path.join(made.dataDir, DATABASE_FILE);
    await flip(file, 2000);
    const before = await sha256(file);

    const fromCli = await cli(cliArgs(made.dataDir));
    expect(fromCli.code).toBe(1);
    expect(fromCli.json).toMatchObject({ ok: false, error: 'storage_corrupt', newestBackupAt: BACKUP_AT });
    expect(fromCli.text).toMatch(/^The first page of the vault database \(vault\.db\) is damaged, so the vault cannot be opened\. Nothing was deleted/);
    expect(await appCall(made.dataDir, 'vault:unlock', unlockInput)).toMatchObject({ ok: false, error: { code: 'storage_corrupt', detail: { newestBackupAt: BACKUP_AT } } });
    // Teamvalv did not write to the damaged file.
    expect(await sha256(file)).toBe(before);
  });
});

describe('the key-slot header', () => {
  it('damaged with all its generations: both name it and that no backup exists; the database is untouched', async () => {
    const made = await makeVault({ rows: 5 });
    // An earlier generation `.bak1` exists too (a failed unlock no longer makes one: only key changes do).
    expect((await cli(['verify-audit', '--data-dir', made.dataDir, '--user', 'nobody-here', '--password-stdin'])).code).toBe(1);
    await fs.copyFile(path.join(made.dataDir, HEADER_FILE), path.join(made.dataDir, `${HEADER_FILE}.bak1`));
    const headers = (await fs.readdir(made.dataDir)).filter((name) => name.startsWith(HEADER_FILE));
    expect(headers.length).toBeGreaterThan(1);
    for (const name of headers) await fs.truncate(path.join(made.dataDir, name), 100);
    const before = await sha256(path.join(made.dataDir, DATABASE_FILE));

    const fromCli = await cli(cliArgs(made.dataDir));
    expect(fromCli.code).toBe(1);
    expect(fromCli.json).toMatchObject({ ok: false, error: 'header_damaged', newestBackupAt: null });
    expect(fromCli.text).toMatch(/^The key-slot header \(vault\.keys\) and all its backup copies are damaged.*nothing was deleted.*no backup was found in the data folder/);
    expect(await appCall(made.dataDir, 'vault:unlock', unlockInput)).toMatchObject({ ok: false, error: { code: 'header_damaged', detail: { newestBackupAt: null } } });
    expect(await sha256(path.join(made.dataDir, DATABASE_FILE))).toBe(before);
  });

  it('from another vault (same name and password), with no copy of its own anywhere: the header and the database do not belong together', async () => {
    // With a backup or an earlier generation of its own, the unlock would use that (header-recovery.test.ts).
    const made = await makeVault({ rows: 5 });
    const other = await makeVault();
    await fs.copyFile(path.join(other.dataDir, HEADER_FILE), path.join(made.dataDir, HEADER_FILE));
    const before = counts(made);

    const fromCli = await cli(cliArgs(made.dataDir));
    expect(fromCli.code).toBe(1);
    expect(fromCli.json).toMatchObject({ ok: false, error: 'header_mismatch', newestBackupAt: null });
    expect(fromCli.text).toMatch(/^The key-slot header \(vault\.keys\) opened, but its key does not open the database \(vault\.db\).*Nothing was deleted/);
    expect(await appCall(made.dataDir, 'vault:unlock', unlockInput)).toMatchObject({ ok: false, error: { code: 'header_mismatch', detail: { newestBackupAt: null } } });
    expect(counts(made)).toEqual(before);
  });
});
