import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../runtime/atomic-file';
import type { AcceptedBreak, AuditHead } from './audit-log';

/**
 * The audit head this PC last saw, kept outside the vault folder (which may sit on a share and
 * is writable by every key holder): a key holder can recompute the whole chain, but not this
 * PC's memory of where it ended.
 */
const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const Head = z.object({ seq: z.number().int().nonnegative(), hash: Hash }).strict();
const Accepted = z.object({ seq: z.number().int().positive(), digest: Hash }).strict();
const Alarm = z
  .object({ reason: z.string().max(1000), at: z.iso.datetime(), firstBrokenSeq: z.number().int().nonnegative().nullable(), head: Head, brokenRow: Accepted.nullable() })
  .strict();
// `targetAt` is absent in records written before it was kept (issue 16 review): they read as null.
const Walk = z.object({ through: Head, target: Head, targetAt: z.iso.datetime().optional(), done: z.boolean(), at: z.iso.datetime() }).strict();
const Witness = z
  .object({
    vaultId: z.uuid(),
    seq: z.number().int().nonnegative(),
    hash: Hash,
    at: z.iso.datetime(),
    anchor: Head.nullable().optional(),
    alarm: Alarm.nullable().optional(),
    accepted: z.array(Accepted).max(1000).optional(),
    // Absent in witnesses written before the walk resumed (issue 16): they read as "no pass recorded".
    walk: Walk.nullable().optional(),
  })
  .strict();

/**
 * A standing alarm: the chain stopped extending the witnessed head (or a full walk found a
 * break). It stays in the witness — beside the last good head, which is not moved — until an
 * admin acknowledges it in the app.
 */
export interface WitnessAlarm {
  readonly reason: string;
  readonly at: Date;
  readonly firstBrokenSeq: number | null;
  /** The head the chain had when the alarm was raised (not trusted: for the record). */
  readonly head: AuditHead;
  /** The stored row the chain broke at, which an acknowledgement accepts as it stands. */
  readonly brokenRow: AcceptedBreak | null;
}

/**
 * Where this PC's full walk of the chain stands: the pass under way (or the last one, `done`),
 * from the chain's start towards `target` — the chain's head when the pass began, as this PC saw
 * it — having verified every row up to `through` (seq and stored hash). A pass interrupted by a
 * lock or a crash resumes from `through` at the next unlock, once that row is found unchanged;
 * after a finished pass the next one starts again from the chain's start. `through` and `target`
 * are what this PC saw, not a head it trusts: the head it trusts is the witness's own `seq`/`hash`.
 */
export interface WalkRecord {
  readonly through: AuditHead;
  readonly target: AuditHead;
  /**
   * When this PC set `target`, on its own clock (not the row's stored time, which a key holder
   * writes): a resumed pass finding its target purged alarms unless this is older than the audit
   * log's minimum retention. Null or absent in records written before it was kept: the record's
   * `at` stands in (written at or after the target was set, so never earlier than this).
   */
  readonly targetAt?: Date | null;
  readonly done: boolean;
  /** When the record was written (the end of the pass, when done). */
  readonly at: Date;
}

/** What this PC saw last: the head, when, and where the chain started then (after purges of old rows). */
export interface Witnessed extends AuditHead {
  readonly at: Date;
  readonly anchor: AuditHead | null;
  /** A standing alarm (absent in witnesses written before alarms were kept). */
  readonly alarm?: WitnessAlarm | null;
  /** Breaks admins acknowledged on this PC. */
  readonly accepted?: readonly AcceptedBreak[];
  /** The full walk's pass (absent in witnesses written before it resumed). */
  readonly walk?: WalkRecord | null;
}

/** The extra state a witness may carry beside its head. */
export interface WitnessExtra {
  readonly alarm?: WitnessAlarm | null;
  readonly accepted?: readonly AcceptedBreak[];
  readonly walk?: WalkRecord | null;
}

const headJson = (head: AuditHead) => ({ seq: head.seq, hash: head.hash });

const witnessText = (vaultId: string, head: AuditHead, at: Date, anchor: AuditHead | null, extra: WitnessExtra = {}): string =>
  `${JSON.stringify({
    vaultId,
    seq: head.seq,
    hash: head.hash,
    at: at.toISOString(),
    anchor: anchor ? { seq: anchor.seq, hash: anchor.hash } : null,
    ...(extra.alarm
      ? {
          alarm: {
            reason: extra.alarm.reason.slice(0, 1000),
            at: extra.alarm.at.toISOString(),
            firstBrokenSeq: extra.alarm.firstBrokenSeq,
            head: { seq: extra.alarm.head.seq, hash: extra.alarm.head.hash },
            brokenRow: extra.alarm.brokenRow ? { seq: extra.alarm.brokenRow.seq, digest: extra.alarm.brokenRow.digest } : null,
          },
        }
      : {}),
    ...(extra.accepted && extra.accepted.length > 0 ? { accepted: extra.accepted.slice(-1000).map((a) => ({ seq: a.seq, digest: a.digest })) } : {}),
    ...(extra.walk
      ? {
          walk: {
            through: headJson(extra.walk.through),
            target: headJson(extra.walk.target),
            ...(extra.walk.targetAt ? { targetAt: extra.walk.targetAt.toISOString() } : {}),
            done: extra.walk.done,
            at: extra.walk.at.toISOString(),
          },
        }
      : {}),
  })}\n`;

function parseWitness(text: string, vaultId: string): Witnessed | null {
  try {
    const parsed = Witness.safeParse(JSON.parse(text));
    if (!parsed.success || parsed.data.vaultId !== vaultId) return null;
    const { alarm, accepted, walk } = parsed.data;
    return {
      seq: parsed.data.seq,
      hash: parsed.data.hash,
      at: new Date(parsed.data.at),
      anchor: parsed.data.anchor ?? null,
      alarm: alarm ? { reason: alarm.reason, at: new Date(alarm.at), firstBrokenSeq: alarm.firstBrokenSeq, head: alarm.head, brokenRow: alarm.brokenRow } : null,
      accepted: accepted ?? [],
      walk: walk ? { through: walk.through, target: walk.target, targetAt: walk.targetAt ? new Date(walk.targetAt) : null, done: walk.done, at: new Date(walk.at) } : null,
    };
  } catch {
    return null;
  }
}

/** The per-user, per-PC folder for witnesses: never inside the data folder. */
export function defaultWitnessDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  if (env.TEAMVALV_WITNESS_DIR) return path.resolve(env.TEAMVALV_WITNESS_DIR);
  if (platform === 'win32') return path.win32.join(env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local'), 'Teamvalv', 'witness');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Teamvalv', 'witness');
  return path.posix.join(env.XDG_STATE_HOME || path.posix.join(home, '.local', 'state'), 'teamvalv', 'witness');
}

export async function readWitness(dir: string, vaultId: string): Promise<Witnessed | null> {
  try {
    return parseWitness(await fs.readFile(path.join(dir, `${vaultId}.json`), 'utf8'), vaultId);
  } catch {
    return null;
  }
}

/** The same, synchronously (the lock path and the command line read it next to a sync write). */
export function readWitnessSync(dir: string, vaultId: string): Witnessed | null {
  try {
    return parseWitness(readFileSync(path.join(dir, `${vaultId}.json`), 'utf8'), vaultId);
  } catch {
    return null;
  }
}

export async function writeWitness(dir: string, vaultId: string, head: AuditHead, at: Date, anchor: AuditHead | null = null, extra: WitnessExtra = {}): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path.join(dir, `${vaultId}.json`), witnessText(vaultId, head, at, anchor, extra));
}

/** The same, synchronously, for the lock path (which may run during shutdown). */
export function writeWitnessSync(dir: string, vaultId: string, head: AuditHead, at: Date, anchor: AuditHead | null = null, extra: WitnessExtra = {}): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = path.join(dir, `${vaultId}.json`);
  const temp = `${target}.${process.pid}.tmp`;
  // Synced like `writeFileAtomic`: a standing alarm must survive a power cut right after it was raised.
  const file = openSync(temp, 'w', 0o600);
  try {
    writeSync(file, witnessText(vaultId, head, at, anchor, extra));
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  renameSync(temp, target);
  if (process.platform !== 'win32') {
    const folder = openSync(dir, 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  }
}
