import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/ipc/events';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { useTempDirs } from '../test-support/temp-dir';
import { DatabaseBusyError } from './db/open-vault';
import { FencedOutError, HOLDER_FILE, VaultHeldError, checkFence, readHolder, readReleaseRequest } from './holder-lock';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { createVault } from './vault';
import { VaultManager } from './vault-manager';
import { madeUpAction } from '../test-support/audit-action';

const tempDir = useTempDirs();
const PASSWORD = 'korrekt häst batteri häftklammer';

async function sharedVault() {
  const dataDir = await tempDir();
  const witnessDir = await tempDir();
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  await createVault(dataDir, { orgName: 'Team', orgNumber: '212000-2627', admin: { username: 'admin', displayName: 'Ada', password: PASSWORD } }, { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF });
  const events: [EventName, unknown][] = [];
  const manager = new VaultManager({ dataDir, witnessDir, clock, logger: new MemoryLogger(), onLocked: (reason) => events.push(['vault:locked', { reason }]) });
  return { dataDir, witnessDir, manager, events };
}

describe('one writer at a time', () => {
  it('two processes on one folder: the second is told who holds it, cannot break the file lock, and takes a dead holder’s place', async () => {
    const { dataDir, witnessDir, manager } = await sharedVault();
    const child = path.resolve('node_modules/.cache/teamvalv-tests', `holder-child-${process.pid}.mjs`);
    await build({ entryPoints: ['main/vault/test-support/holder-child.ts'], outfile: child, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
    const holder = spawn(process.execPath, [child, dataDir, PASSWORD, witnessDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
        holder.once('exit', (code) => reject(new Error(`holder exited (${code})`)));
      });
      const error = await manager.unlock('admin', PASSWORD).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VaultHeldError);
      expect((error as VaultHeldError).holder).toMatchObject({ username: 'admin', host: os.hostname(), pid: holder.pid });
      // A confirmed takeover still cannot open a database another process has open: SQLite's lock holds.
      await expect(manager.unlock('admin', PASSWORD, { takeover: true })).rejects.toBeInstanceOf(DatabaseBusyError);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
      await fs.rm(child, { force: true });
    }
    // The holder is gone: its note is provably stale on this PC and is taken over.
    await manager.unlock('admin', PASSWORD);
    expect(readHolder(dataDir)).toMatchObject({ pid: process.pid });
    manager.lock('user');
    expect(readHolder(dataDir)).toBeNull();
  });

  it('a holder whose generation was taken over stops writing and locks', async () => {
    const { dataDir, manager, events } = await sharedVault();
    await manager.unlock('admin', PASSWORD);
    const mine = readHolder(dataDir);
    if (!mine) throw new Error('no holder note');
    // Another PC confirmed a takeover: a newer generation in the note.
    await fs.writeFile(path.join(dataDir, HOLDER_FILE), JSON.stringify({ ...mine, host: 'other-pc', pid: 1, generation: mine.generation + 1 }));
    expect(() => checkFence(dataDir, mine)).toThrow(FencedOutError);
    expect(() => manager.vault.audit(madeUpAction('case.changed'))).toThrow(FencedOutError);
    manager.tick();
    expect(manager.state).toBe('locked');
    expect(events).toEqual([['vault:locked', { reason: 'taken-over' }]]);
    // The other PC's note is left alone.
    expect(readHolder(dataDir)).toMatchObject({ host: 'other-pc' });
  });

  it('a release request reaches the holder once, and is cleared when the holder locks', async () => {
    const { dataDir, witnessDir, manager } = await sharedVault();
    const requests: unknown[] = [];
    const holder = new VaultManager({ dataDir, witnessDir, clock: new ManualClock('2026-11-23T09:00:00Z'), logger: new MemoryLogger(), onReleaseRequested: (r) => requests.push(r) });
    await holder.unlock('admin', PASSWORD);
    holder.tick();
    expect(requests).toEqual([]);
    // The other PC's manager writes the request (in the app: vault:request-release from its lock screen).
    const asker = new VaultManager({ dataDir, witnessDir, clock: new ManualClock('2026-11-23T09:05:00Z'), logger: new MemoryLogger() });
    await asker.requestRelease('bo');
    holder.tick();
    holder.tick();
    expect(requests).toEqual([{ username: 'bo', host: os.hostname(), at: '2026-11-23T09:05:00.000Z' }]);
    holder.lock('user');
    expect(readReleaseRequest(dataDir)).toBeNull();
    expect(manager.state).toBe('locked');
  });
});
