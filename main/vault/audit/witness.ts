import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../runtime/atomic-file';
import type { AuditHead } from './audit-log';

/**
 * The audit head this PC last saw, kept outside the vault folder (which may sit on a share and
 * is writable by every key holder): a key holder can recompute the whole chain, but not this
 * PC's memory of where it ended.
 */
const Head = z.object({ seq: z.number().int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
const Witness = z
  .object({ vaultId: z.uuid(), seq: z.number().int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{64}$/), at: z.iso.datetime(), anchor: Head.nullable().optional() })
  .strict();

/** What this PC saw last: the head, when, and where the chain started then (after purges of old rows). */
export interface Witnessed extends AuditHead {
  readonly at: Date;
  readonly anchor: AuditHead | null;
}

const witnessText = (vaultId: string, head: AuditHead, at: Date, anchor: AuditHead | null): string =>
  `${JSON.stringify({ vaultId, seq: head.seq, hash: head.hash, at: at.toISOString(), anchor: anchor ? { seq: anchor.seq, hash: anchor.hash } : null })}\n`;

/** The per-user, per-PC folder for witnesses: never inside the data folder. */
export function defaultWitnessDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  if (env.TEAMVALV_WITNESS_DIR) return path.resolve(env.TEAMVALV_WITNESS_DIR);
  if (platform === 'win32') return path.win32.join(env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local'), 'Teamvalv', 'witness');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Teamvalv', 'witness');
  return path.posix.join(env.XDG_STATE_HOME || path.posix.join(home, '.local', 'state'), 'teamvalv', 'witness');
}

export async function readWitness(dir: string, vaultId: string): Promise<Witnessed | null> {
  try {
    const parsed = Witness.safeParse(JSON.parse(await fs.readFile(path.join(dir, `${vaultId}.json`), 'utf8')));
    if (!parsed.success || parsed.data.vaultId !== vaultId) return null;
    return { seq: parsed.data.seq, hash: parsed.data.hash, at: new Date(parsed.data.at), anchor: parsed.data.anchor ?? null };
  } catch {
    return null;
  }
}

export async function writeWitness(dir: string, vaultId: string, head: AuditHead, at: Date, anchor: AuditHead | null = null): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path.join(dir, `${vaultId}.json`), witnessText(vaultId, head, at, anchor));
}

/** The same, synchronously, for the lock path (which may run during shutdown). */
export function writeWitnessSync(dir: string, vaultId: string, head: AuditHead, at: Date, anchor: AuditHead | null = null): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = path.join(dir, `${vaultId}.json`);
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, witnessText(vaultId, head, at, anchor), { mode: 0o600 });
  renameSync(temp, target);
}
