import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test-support/temp-dir';
import { openVault } from './open-vault';

const tempDir = useTempDirs();

describe('a write transaction cut by kill -9', () => {
  it('leaves a vault that opens with all committed data and passes integrity_check', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'vault.db');
    const key = Buffer.alloc(32, 5);
    openVault(file, key, { create: true }).close();
    // The child is our real openVault, bundled for a plain Node process; it lives under
    // node_modules/.cache so that its `import 'better-sqlite3-multiple-ciphers'` resolves.
    const child = path.resolve('node_modules/.cache/teamvalv-tests', `crash-writer-${process.pid}.mjs`);
    await build({ entryPoints: ['main/vault/test-support/crash-writer.ts'], outfile: child, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
    const writer = spawn(process.execPath, [child, file, key.toString('hex'), '100'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      writer.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('in-transaction')) resolve();
      });
      writer.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
    });
    writer.kill('SIGKILL');
    await new Promise((resolve) => writer.once('exit', resolve));

    await fs.rm(child, { force: true });
    const db = openVault(file, key);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare("SELECT count(*) AS n FROM vault_meta WHERE key LIKE 'committed-%'").get()).toEqual({ n: 100 });
      expect(db.prepare("SELECT count(*) AS n FROM vault_meta WHERE key LIKE 'uncommitted-%'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
