import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { useTempDirs } from '../test-support/temp-dir';
import { rotateKey } from './accounts';
import { createBackup, listBackups } from './backups';
import { HEADER_BACKUPS, HEADER_FILE, HeaderDamagedError, REPLACED_HEADER_FILE, readHeaderFile } from './keys/header-store';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { HeaderMismatchError, createVault, unlockVault } from './vault';

const tempDir = useTempDirs();
const ADMIN = { username: 'admin', password: 'korrekt häst batteri häftklammer', displayName: 'Ada Admin' };

async function newVault(dataDir?: string) {
  const dir = dataDir ?? (await tempDir());
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  await createVault(dir, { orgName: 'Ungdomstorget', orgNumber: '212000-2627', admin: ADMIN }, deps);
  const vault = await unlockVault(dir, ADMIN.username, ADMIN.password, deps);
  vault.db.prepare("INSERT INTO vault_meta (key, value) VALUES ('note', 'MARKER-committed')").run();
  createBackup(vault, dir, clock, 'manual');
  clock.advance(60_000);
  vault.close();
  return { dataDir: dir, deps, clock };
}

const headerPath = (dataDir: string, name = HEADER_FILE) => path.join(dataDir, name);

async function removeGenerations(dataDir: string): Promise<void> {
  for (let n = 1; n <= HEADER_BACKUPS; n++) await fs.rm(headerPath(dataDir, `${HEADER_FILE}.bak${n}`), { force: true });
}

async function snapshot(dataDir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await fs.readdir(dataDir)).filter((n) => n.startsWith(HEADER_FILE))) files[name] = await fs.readFile(path.join(dataDir, name), 'utf8');
  return files;
}

async function expectOpensWhole(dataDir: string, deps: Parameters<typeof unlockVault>[3]) {
  const vault = await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps);
  const notices = [...vault.notices];
  expect(vault.db.prepare("SELECT value FROM vault_meta WHERE key = 'note'").get()).toEqual({ value: 'MARKER-committed' });
  expect(vault.db.pragma('integrity_check', { simple: true })).toBe('ok');
  vault.close();
  return notices;
}

describe('header recovery at unlock', () => {
  it('a truncated header with no .bak generations: the newest backup’s copy opens the database, is adopted and named', async () => {
    const { dataDir, deps } = await newVault();
    await removeGenerations(dataDir);
    const text = await fs.readFile(headerPath(dataDir), 'utf8');
    await fs.writeFile(headerPath(dataDir), text.slice(0, 100));
    const notices = await expectOpensWhole(dataDir, deps);
    expect(notices).toEqual([{ kind: 'header-recovered', source: { kind: 'backup', name: listBackups(dataDir)[0]?.name }, generation: expect.any(Number) }]);
    // The damaged header is kept beside for inspection; the next unlock needs no recovery.
    expect(await fs.readFile(headerPath(dataDir, REPLACED_HEADER_FILE), 'utf8')).toBe(text.slice(0, 100));
    expect(await expectOpensWhole(dataDir, deps)).toEqual([]);
  });

  it('a header from before a rotation is never used: the current generation found in the folder opens, the old one is set aside', async () => {
    const { dataDir, deps, clock } = await newVault();
    const before = await fs.readFile(headerPath(dataDir), 'utf8');
    const admin = await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps);
    await rotateKey(admin, dataDir, deps.logger, 'test');
    admin.close();
    clock.advance(60_000);
    await fs.writeFile(headerPath(dataDir), before); // someone copied an old vault.keys back
    const notices = await expectOpensWhole(dataDir, deps);
    expect(notices[0]).toMatchObject({ kind: 'header-recovered' });
    expect(await fs.readFile(headerPath(dataDir, REPLACED_HEADER_FILE), 'utf8')).toBe(before);
  });

  it('after a completed rotation, a damaged header and a .bak that no longer matches: the one that opens the database is used, never the other', async () => {
    const { dataDir, deps } = await newVault();
    const admin = await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps);
    await rotateKey(admin, dataDir, deps.logger, 'test');
    admin.close();
    await fs.writeFile(headerPath(dataDir), '{"format":1,');
    // The rotation wrote three generations (prepared, re-keyed, done): .bak1 and .bak2 are its own,
    // .bak3 is the header from before it, which holds only the old key. Without the first two, .bak3
    // must be passed over (it parses, its slot opens, its key does not open the database).
    await fs.rm(headerPath(dataDir, `${HEADER_FILE}.bak1`));
    await fs.rm(headerPath(dataDir, `${HEADER_FILE}.bak2`));
    expect((await readHeaderFile(headerPath(dataDir, `${HEADER_FILE}.bak3`)))?.rotation).toBeUndefined();
    const notices = await expectOpensWhole(dataDir, deps);
    expect(notices).toEqual([{ kind: 'header-recovered', source: { kind: 'backup', name: listBackups(dataDir)[0]?.name }, generation: expect.any(Number) }]);
  });

  it('a header from another vault: the password opens its slot but not this database, and this vault’s own copy is found', async () => {
    const { dataDir, deps } = await newVault();
    const other = await newVault();
    await fs.copyFile(headerPath(other.dataDir), headerPath(dataDir));
    const notices = await expectOpensWhole(dataDir, deps);
    expect(notices[0]).toMatchObject({ kind: 'header-recovered', source: { kind: 'backup' } });
  });

  it('when no header anywhere in the folder opens the database, it says which, and writes nothing', async () => {
    const { dataDir, deps } = await newVault();
    const other = await newVault();
    await removeGenerations(dataDir);
    await fs.rm(path.join(dataDir, 'backups'), { recursive: true });
    await fs.copyFile(headerPath(other.dataDir), headerPath(dataDir));
    const before = await snapshot(dataDir);
    await expect(unlockVault(dataDir, ADMIN.username, ADMIN.password, deps)).rejects.toBeInstanceOf(HeaderMismatchError);
    expect(await snapshot(dataDir)).toEqual(before);

    await fs.writeFile(headerPath(dataDir), 'not json');
    const damaged = await snapshot(dataDir);
    await expect(unlockVault(dataDir, ADMIN.username, ADMIN.password, deps)).rejects.toBeInstanceOf(HeaderDamagedError);
    expect(await snapshot(dataDir)).toEqual(damaged);
  });

  it('a wrong password never tries the earlier generations (an old password must not open the vault)', async () => {
    const { dataDir, deps } = await newVault();
    const logger = new MemoryLogger();
    await expect(unlockVault(dataDir, ADMIN.username, 'fel lösenord helt och hållet', { ...deps, logger })).rejects.toMatchObject({ code: 'bad_credentials' });
    expect(logger.lines.some((line) => line.fn === 'unlockVault' && line.message.includes('earlier copy'))).toBe(false);
  });

  it('failed unlocks never push an intact generation out of the .bak ring (only key changes make generations)', async () => {
    const { dataDir, deps } = await newVault();
    const admin = await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps);
    await rotateKey(admin, dataDir, deps.logger, 'test');
    admin.close();
    const generations = await snapshot(dataDir);
    for (let i = 0; i < 4; i++) await expect(unlockVault(dataDir, ADMIN.username, 'fel lösenord igen och igen', deps)).rejects.toMatchObject({ code: 'bad_credentials' });
    const after = await snapshot(dataDir);
    for (let n = 1; n <= HEADER_BACKUPS; n++) expect(after[`${HEADER_FILE}.bak${n}`]).toBe(generations[`${HEADER_FILE}.bak${n}`]);
    expect(after[HEADER_FILE]).not.toBe(generations[HEADER_FILE]);
  });
});
