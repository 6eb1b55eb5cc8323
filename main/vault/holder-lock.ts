import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../runtime/atomic-file';

export const HOLDER_FILE = 'vault.lock';
export const RELEASE_REQUEST_FILE = 'vault.lock.request';

/**
 * Who holds the vault open. One writer at a time, also across PCs on a shared folder: SQLite's
 * exclusive lock guards the file, and this note tells the others who holds it, since when, and
 * which fencing generation is current — a holder whose generation was taken over stops writing.
 */
const Holder = z
  .object({ username: z.string(), host: z.string(), pid: z.number().int(), since: z.string(), generation: z.number().int().nonnegative() })
  .strict();
export type Holder = z.infer<typeof Holder>;

export class VaultHeldError extends Error {
  override name = 'VaultHeldError';
  constructor(readonly holder: Holder) {
    super(`The vault is open by ${holder.username} on ${holder.host} since ${holder.since}`);
  }
}

export class FencedOutError extends Error {
  override name = 'FencedOutError';
  constructor() {
    super('Another computer has taken over the vault; this one stopped writing');
  }
}

export function readHolder(dataDir: string): Holder | null {
  try {
    const parsed = Holder.safeParse(JSON.parse(readFileSync(path.join(dataDir, HOLDER_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock left by a process that no longer runs on this same PC is provably stale and is taken
 * over at once. One held from another PC is taken over only with `takeover` (the user confirmed).
 */
/** Throws `VaultHeldError` when another live process holds the vault (read only: nothing is written). */
export function assertNotHeld(dataDir: string): void {
  const current = readHolder(dataDir);
  if (current && !(current.host === os.hostname() && current.pid === process.pid)) {
    const stale = current.host === os.hostname() && !processAlive(current.pid);
    if (!stale) throw new VaultHeldError(current);
  }
}

export async function acquireHolder(dataDir: string, username: string, now: Date, options: { takeover?: boolean } = {}): Promise<Holder> {
  const current = readHolder(dataDir);
  const host = os.hostname();
  if (current && !(current.host === host && current.pid === process.pid)) {
    const stale = current.host === host && !processAlive(current.pid);
    if (!stale && !options.takeover) throw new VaultHeldError(current);
  }
  const mine: Holder = { username, host, pid: process.pid, since: now.toISOString(), generation: (current?.generation ?? 0) + 1 };
  await writeFileAtomic(path.join(dataDir, HOLDER_FILE), `${JSON.stringify(mine)}\n`);
  return mine;
}

/** Checked before writes: throws when another holder has taken over since we acquired. */
export function checkFence(dataDir: string, mine: Holder): void {
  const current = readHolder(dataDir);
  if (!current || current.generation !== mine.generation || current.host !== mine.host || current.pid !== mine.pid) throw new FencedOutError();
}

export function releaseHolder(dataDir: string, mine: Holder): void {
  const current = readHolder(dataDir);
  if (current && current.generation === mine.generation && current.pid === mine.pid && current.host === mine.host) {
    rmSync(path.join(dataDir, HOLDER_FILE), { force: true });
  }
}

const ReleaseRequest = z.object({ username: z.string().max(64), host: z.string().max(255), at: z.string() }).strict();
export type ReleaseRequest = z.infer<typeof ReleaseRequest>;

/** Someone who found the vault held asks its holder to lock it; the holder's PC shows the request. */
export async function requestRelease(dataDir: string, username: string, now: Date): Promise<ReleaseRequest> {
  const request = { username: username.slice(0, 64), host: os.hostname(), at: now.toISOString() };
  await writeFileAtomic(path.join(dataDir, RELEASE_REQUEST_FILE), `${JSON.stringify(request)}\n`);
  return request;
}

export function readReleaseRequest(dataDir: string): ReleaseRequest | null {
  try {
    const parsed = ReleaseRequest.safeParse(JSON.parse(readFileSync(path.join(dataDir, RELEASE_REQUEST_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function clearReleaseRequest(dataDir: string): void {
  rmSync(path.join(dataDir, RELEASE_REQUEST_FILE), { force: true });
}
