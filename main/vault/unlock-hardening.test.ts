// The lock screen on a shared PC (issue 15): nothing typed at a failed unlock stays on disk, an
// unknown username costs what a known one does, one account's failures do not keep the others
// out, and a wrong password with "take over" leaves the PC that holds the vault alone.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { decryptedCopy } from '../test-support/decrypted-copy';
import { useTempDirs } from '../test-support/temp-dir';
import { addAccount, changePassword } from './accounts';
import { createBackup } from './backups';
import { DATABASE_FILE } from './db/open-vault';
import { HOLDER_FILE, readHolder } from './holder-lock';
import { HEADER_FILE, readHeader, writeHeader } from './keys/header-store';
import * as kdf from './keys/kdf';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { createVault, unlockVault } from './vault';
import { TooManyAttemptsError, VaultManager } from './vault-manager';
import { databaseKeyOf } from './key-material';

vi.mock('./keys/kdf', async (original) => {
  const actual = await original<typeof kdf>();
  // The real Argon2id, counted: how much work each answer costs, without timing anything.
  return { ...actual, deriveKey: vi.fn(actual.deriveKey) };
});

const tempDir = useTempDirs();
const ADMIN = { username: 'admin', password: 'korrekt häst batteri häftklammer' };
const PIA = { username: 'psykolog', password: 'ekorre sjösten gruvlampa kanelbulle' };
/** What someone typed into the username field: a password, or a young person's name. */
const TYPED = ['Sommar2026!hemligt', 'Jonna Svensson 070-1234567'];

async function vaultWithTwo() {
  const dataDir = await tempDir();
  const witnessDir = await tempDir();
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const deps = { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF };
  await createVault(dataDir, { orgName: 'Team', orgNumber: '212000-2627', admin: { ...ADMIN, displayName: 'Ada' } }, deps);
  const admin = await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps);
  const orgId = (admin.db.prepare('SELECT id FROM organisations').get() as { id: string }).id;
  const { oneTimePassword } = await addAccount(admin, dataDir, deps.logger, { username: PIA.username, displayName: 'Pia', organisationId: orgId, roles: [] });
  const key = Buffer.from(databaseKeyOf(admin));
  admin.close();
  const pia = await unlockVault(dataDir, PIA.username, oneTimePassword, deps);
  await changePassword(pia, dataDir, deps.logger, oneTimePassword, PIA.password);
  pia.close();
  const manager = new VaultManager({ dataDir, witnessDir, clock, logger: deps.logger });
  return { dataDir, deps, clock, manager, key };
}

/** Every file under the folder, and the decrypted database, as bytes. */
async function everything(dataDir: string, key: Buffer): Promise<Buffer[]> {
  const files = (await fs.readdir(dataDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  const contents = await Promise.all(files.filter((file) => !file.endsWith(DATABASE_FILE)).map((file) => fs.readFile(file)));
  return [...contents, await decryptedCopy(path.join(dataDir, DATABASE_FILE), key)];
}

const holds = (chunks: readonly Buffer[], text: string): boolean => chunks.some((chunk) => chunk.includes(Buffer.from(text, 'utf8')) || chunk.includes(Buffer.from(text, 'utf16le')));

describe('what a failed unlock leaves on disk', () => {
  it('only when and whose: no typed name in the header, its generations, backups or the log — and names an earlier version stored are scrubbed at the next unlock', async () => {
    const { dataDir, deps, clock, key } = await vaultWithTwo();
    // As an earlier version left things: typed names in the live header, its generations and a backup's copy.
    const admin = await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps);
    createBackup(admin, dataDir, clock, 'manual');
    admin.close();
    const legacy = TYPED.map((username) => ({ at: clock.now().toISOString(), username }));
    let header = await readHeader(dataDir);
    for (let i = 0; i < 2; i++) {
      const { checksum: _c, generation: _g, ...body } = header;
      header = await writeHeader(dataDir, { ...body, failedUnlocks: legacy }, header);
    }
    const backupDir = path.join(dataDir, 'backups', (await fs.readdir(path.join(dataDir, 'backups')))[0] ?? '');
    await fs.copyFile(path.join(dataDir, HEADER_FILE), path.join(backupDir, HEADER_FILE));
    await fs.copyFile(path.join(dataDir, HEADER_FILE), path.join(dataDir, `${HEADER_FILE}.bak1`));
    // The control: the names are there to be found, in each of those files.
    for (const file of [HEADER_FILE, `${HEADER_FILE}.bak1`].map((name) => path.join(dataDir, name)).concat(path.join(backupDir, HEADER_FILE))) {
      expect(holds([await fs.readFile(file)], TYPED[0] ?? ''), file).toBe(true);
    }
    const before = await everything(dataDir, key);
    expect(TYPED.every((text) => holds(before, text))).toBe(true);

    // New failures with names typed, then one success.
    clock.advance(60_000);
    for (const typed of TYPED) await expect(unlockVault(dataDir, typed, 'fel', deps)).rejects.toMatchObject({ code: 'bad_credentials' });
    await expect(unlockVault(dataDir, ADMIN.username, TYPED[0] ?? '', deps)).rejects.toMatchObject({ code: 'bad_credentials' });
    (await unlockVault(dataDir, ADMIN.username, ADMIN.password, deps)).close();

    const after = await everything(dataDir, key);
    for (const text of TYPED) expect(holds(after, text), text).toBe(false);
    expect(deps.logger.lines.some((line) => TYPED.some((text) => JSON.stringify(line).includes(text)))).toBe(false);
  });
});

describe('the cost of an answer', () => {
  it('an unknown username costs one Argon2id run, as a known one with a wrong password does', async () => {
    const { dataDir, deps } = await vaultWithTwo();
    const runs = vi.mocked(kdf.deriveKey);
    const cost = async (username: string): Promise<number> => {
      runs.mockClear();
      await expect(unlockVault(dataDir, username, 'fel lösenord', deps)).rejects.toMatchObject({ code: 'bad_credentials' });
      return runs.mock.calls.length;
    };
    const known = await cost(ADMIN.username);
    expect(known).toBe(1);
    expect(await cost('finns-inte')).toBe(known);
    expect(runs.mock.calls.at(-1)?.[2]).toEqual((await readHeader(dataDir)).kdf);
  });
});

describe('delays after failures', () => {
  it('three failures on one account do not delay another account’s correct password; that account waits, and a success clears it', async () => {
    const { manager } = await vaultWithTwo();
    for (let i = 0; i < 3; i++) await expect(manager.unlock(PIA.username, 'fel lösenord')).rejects.toMatchObject({ code: 'bad_credentials' });
    await expect(manager.unlock(PIA.username, PIA.password)).rejects.toBeInstanceOf(TooManyAttemptsError);
    // Nor does a stranger typing names that are nobody's.
    for (let i = 0; i < 3; i++) await expect(manager.unlock(`okänd-${i}`, 'fel')).rejects.toMatchObject({ code: 'bad_credentials' });
    expect((await manager.unlock(ADMIN.username, ADMIN.password)).username).toBe(ADMIN.username);
    manager.lock('user');
    expect((await manager.unlock(PIA.username, PIA.password)).username).toBe(PIA.username);
    manager.lock('user');
  });
});

describe('taking the vault over from another PC', () => {
  it('a wrong password with takeover leaves the holder alone; the right one takes over', async () => {
    const { dataDir, manager } = await vaultWithTwo();
    // Another PC holds the vault (its host differs, so it is never taken for a stale local holder).
    const other = { username: 'kim', host: 'motesrummet-pc', pid: 4242, since: '2026-11-23T07:59:00.000Z', generation: 7 };
    await fs.writeFile(path.join(dataDir, HOLDER_FILE), `${JSON.stringify(other)}\n`);
    const before = await fs.readFile(path.join(dataDir, HOLDER_FILE), 'utf8');
    await expect(manager.unlock(ADMIN.username, 'fel lösenord', { takeover: true })).rejects.toMatchObject({ code: 'bad_credentials' });
    expect(await fs.readFile(path.join(dataDir, HOLDER_FILE), 'utf8')).toBe(before);
    await expect(manager.unlock(ADMIN.username, ADMIN.password)).rejects.toMatchObject({ name: 'VaultHeldError' });
    expect(await fs.readFile(path.join(dataDir, HOLDER_FILE), 'utf8')).toBe(before);
    await manager.unlock(ADMIN.username, ADMIN.password, { takeover: true });
    expect(readHolder(dataDir)).toMatchObject({ username: ADMIN.username, generation: 8 });
    manager.lock('user');
  });
});
