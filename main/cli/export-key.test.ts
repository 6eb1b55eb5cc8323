// `export-key` on a real encrypted vault in a temp folder, runCli in-process: the key goes to
// stdout as bytes (plain and --json), the Buffer handed over is zeroed once the write is done,
// and the printed key opens the database.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { openWithKey } from '../test-support/decrypted-copy';
import { useTempDirs } from '../test-support/temp-dir';
import { DATABASE_FILE } from '../vault/db/open-vault';
import { FLOOR_KDF } from '../vault/test-support/fast-kdf';
import { createVault } from '../vault/vault';
import { runCli } from './run-cli';

const tempDir = useTempDirs();
const PASSWORD = 'möte varje tisdag klockan nio';

describe('export-key', () => {
  it('writes the key as bytes and zeroes them after the write; the key opens the database', async () => {
    const dataDir = await tempDir();
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    await createVault(dataDir, { orgName: 'Team', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Ada', password: PASSWORD } }, { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF });
    const run = async (json: boolean) => {
      const handed: Buffer[] = [];
      const copies: Buffer[] = [];
      const texts: string[] = [];
      const args = ['export-key', '--data-dir', dataDir, '--user', 'admin', '--password-stdin', ...(json ? ['--json'] : [])];
      const io = {
        stdout: (text: string) => texts.push(text),
        stdoutBytes: async (bytes: Buffer) => {
          handed.push(bytes);
          copies.push(Buffer.from(bytes));
          // Not zeroed while the write is under way.
          await Promise.resolve();
          expect(bytes.equals(copies[copies.length - 1] as Buffer)).toBe(true);
        },
        stderr: () => undefined,
        readPassword: () => Promise.resolve(PASSWORD),
      };
      expect(await runCli(args, io, new MemoryLogger(), { clock, witnessDir: await tempDir() })).toBe(0);
      // The key never went through the string channel, and the Buffer it went through is zero now.
      expect(texts.join('')).not.toMatch(/[0-9a-f]{64}/);
      expect(handed).toHaveLength(1);
      expect(handed[0]?.every((byte) => byte === 0)).toBe(true);
      return (copies[0] as Buffer).toString('ascii');
    };
    const plain = await run(false);
    expect(plain).toMatch(/^[0-9a-f]{64}\n$/);
    const json = JSON.parse(await run(true)) as { ok: boolean; key: string };
    expect(json).toEqual({ ok: true, key: plain.trim() });
    const db = openWithKey(path.join(dataDir, DATABASE_FILE), Buffer.from(json.key, 'hex'));
    try {
      expect((db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'key.exported'").get() as { n: number }).n).toBe(2);
    } finally {
      db.close();
    }
  });
});
