import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fingerprint as keyFingerprint, generateOrgKeyPair, parseKeyFile, renderKeyFile } from '../main/handover/keys';
import { ownKeyFile } from '../main/handover/keys-repo';
import { openPacket } from '../main/handover/packet';
import { ManualClock } from '../main/runtime/clock';
import { MemoryLogger } from '../main/runtime/log';
import { ADMIN_USERNAME, BENCH_PASSWORD, CHAIR_USERNAMES, SCALES, SEED_VERSION, seedVault } from '../main/seed/seed-vault';
import { SEARCH_WORDS } from '../main/seed/seed-text';
import { testAppCore } from '../main/test-support/app-core';
import { createBackup } from '../main/vault/backups';
import { MIGRATIONS } from '../main/vault/db/migrations';
import { readHeader } from '../main/vault/keys/header-store';
import { type KdfParams, calibrateKdf, deriveKey, measureKdf } from '../main/vault/keys/kdf';
import { unlockVault } from '../main/vault/vault';
import { seedProgressBar } from './progress';
import { type ScalingRow, runScalingBench } from './scaling';
import { readCaps } from '../main/capabilities/caps';

/**
 * The issue-16 table on the decade vault: each row measured through the app core (channels,
 * validation, permission checks, audit rows included), on the encrypted vault and on a plain copy
 * of the same data in the same run, row by row (plain first, then encrypted), so machine load
 * hits both alike. The first call of an interactive row after sign-in is reported apart as cold.
 *
 * The plain copy: a copy of the vault decrypted with `PRAGMA rekey = ''` (as
 * main/test-support/decrypted-copy.ts does); the app then opens it unchanged except that, for
 * files under the plain folder only, this bench process turns `Database#key` into a no-op. Nothing
 * in the product can open a plain database; the patch lives in this bench bundle alone.
 */

export interface QueryResult {
  readonly name: string;
  readonly kind: 'interactive' | 'bulk';
  /** Medians (ms) of the warm runs: plain copy, encrypted vault. */
  readonly plain_ms: number;
  readonly encrypted_ms: number;
  /** encrypted_ms / plain_ms (null when the row has no database, e.g. Argon2id). */
  readonly ratio: number | null;
  /** The encrypted vault's median and 95th percentile (the figures the targets are about). */
  readonly p50_ms: number;
  readonly p95_ms: number;
  readonly plain_p95_ms: number;
  /** The first call after sign-in (the SQLite page cache empty; the OS cache warm). */
  readonly cold_plain_ms: number | null;
  readonly cold_encrypted_ms: number | null;
  readonly cold_ratio: number | null;
  readonly runs: number;
  readonly target: string;
  readonly note?: string;
}

export const BENCH_NOW = '2026-11-23T07:00:00Z';
const DAY = 24 * 3600 * 1000;

export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export function percentile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

export async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Where the seeded decade vault is kept between runs (rebuilt when the generator or the schema changes). */
export function decadeCache(): { dir: string; info: string; pinned: boolean } {
  const pinned = process.env.TEAMVALV_BENCH_VAULT;
  if (pinned) return { dir: path.resolve(pinned), info: `${path.resolve(pinned)}.json`, pinned: true };
  const root = path.resolve(process.env.TEAMVALV_BENCH_CACHE ?? 'node_modules/.cache/teamvalv-bench');
  const dir = path.join(root, `decade-seed${SEED_VERSION}-schema${MIGRATIONS.length}`);
  return { dir, info: `${dir}.json`, pinned: false };
}

interface SeedInfo {
  readonly counts: Record<string, number>;
  readonly seconds: number | null;
  readonly kdf: KdfParams;
  readonly endedAt: string;
}

async function ensureDecadeVault(): Promise<{ dir: string; info: SeedInfo }> {
  const cache = decadeCache();
  if (existsSync(path.join(cache.dir, 'vault.db')) && existsSync(cache.info)) return { dir: cache.dir, info: JSON.parse(readFileSync(cache.info, 'utf8')) as SeedInfo };
  if (cache.pinned) throw new Error(`TEAMVALV_BENCH_VAULT=${cache.dir}: no seeded vault there (npm run seed -- --scale decade --data-dir ${cache.dir} --result-json ${cache.info})`);
  process.stderr.write(`Seeding the decade vault once into ${cache.dir} (cached for later runs)…\n`);
  const partial = `${cache.dir}.partial`;
  await fs.rm(partial, { recursive: true, force: true });
  await fs.mkdir(path.dirname(partial), { recursive: true });
  const kdf = await calibrateKdf(measureKdf);
  const bar = seedProgressBar();
  const started = Date.now();
  const result = await seedVault({ dataDir: partial, scale: SCALES.decade, kdf, onProgress: bar.update });
  bar.end();
  const info: SeedInfo = { counts: { ...result.counts }, seconds: Math.round((Date.now() - started) / 1000), kdf, endedAt: result.endedAt };
  await fs.rm(cache.dir, { recursive: true, force: true });
  await fs.rename(partial, cache.dir);
  await fs.writeFile(cache.info, `${JSON.stringify({ ...result, ...info }, null, 2)}\n`);
  return { dir: cache.dir, info };
}

/** Files under these folders open without a key (the plain copy); everything else as the app does. */
const plainFolders: string[] = [];
export function registerPlainFolder(folder: string): void {
  openPlainFoldersWithoutKey();
  plainFolders.push(folder.endsWith(path.sep) ? folder : folder + path.sep);
}
let patched = false;
function openPlainFoldersWithoutKey(): void {
  if (patched) return;
  patched = true;
  const original = Database.prototype.key;
  Database.prototype.key = function key(this: Database.Database, ...args: Parameters<typeof original>) {
    if (plainFolders.some((folder) => this.name.startsWith(folder))) return 0;
    return original.apply(this, args);
  };
}

export type Core = Awaited<ReturnType<typeof testAppCore>>;

interface Variant {
  readonly label: 'plain' | 'encrypted';
  readonly dir: string;
  readonly clock: ManualClock;
  readonly tmp: string;
  core: Core;
  witnessDir: string;
  /** The core's log: vault:unlock's debug line says how long its key slot (Argon2id) took. */
  logger: MemoryLogger;
  /** Each sign-in's time without its key slot's Argon2id run (the unlock's own work), since the row began. */
  ownWork: number[];
}

async function copyVault(from: string, to: string): Promise<void> {
  await fs.mkdir(to, { recursive: true, mode: 0o700 });
  for (const name of ['vault.db', 'vault.keys']) await fs.copyFile(path.join(from, name), path.join(to, name));
}

/**
 * Until the full walk of the audit chain that every unlock starts, and the housekeeping after it
 * (gallring, automatic backup), have ended (they would run under the next figures).
 */
export async function settle(core: Core): Promise<void> {
  while (core.app.vault.fullCheck === 'running') await new Promise((resolve) => setImmediate(resolve));
  await core.app.vault.housekeepingIdle();
}

/** The core as the hosts run it: the housekeeping after unlock put off with setImmediate (testAppCore steps it by hand). */
const benchCore = (dir: string, clock: ManualClock, witnessDir: string, logger: MemoryLogger): Promise<Core> => testAppCore(dir, { clock, witnessDir, housekeeping: {}, logger });

async function signIn(variant: Variant, username: string): Promise<number> {
  const ms = await time(() => variant.core.call('vault:unlock', { username, password: BENCH_PASSWORD }));
  // Argon2id at the vault's calibrated cost varies with this machine's state (measured back to
  // back: 350–850 ms); the rest of the unlock is what the code decides.
  const line = variant.logger.lines.findLast((l) => l.fn === 'unlockVault' && l.message === 'unlocked');
  if (typeof line?.fields.slotMs === 'number') variant.ownWork.push(ms - line.fields.slotMs);
  return ms;
}

export interface DecadeReport {
  readonly vault: { readonly dir: string; readonly counts: Record<string, number>; readonly seedSeconds: number | null; readonly kdf: KdfParams; readonly bytes: number };
  readonly queries: QueryResult[];
  /** Search, meeting open and a year's statistics at 1×, 3× and 10× the vault (bench/scaling.ts); empty when skipped. */
  readonly scaling: ScalingRow[];
  readonly notes: string[];
}

export async function runDecadeBench(options: { runs?: number; scaling?: boolean } = {}): Promise<DecadeReport> {
  const runs = options.runs ?? 30;
  const { dir: seeded, info } = await ensureDecadeVault();
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-bench-decade-'));
  const notes: string[] = [];
  const queries: QueryResult[] = [];
  try {
    const variants: Variant[] = [];
    for (const label of ['plain', 'encrypted'] as const) {
      const dir = path.join(work, label, 'data');
      await copyVault(seeded, dir);
      const clock = new ManualClock(BENCH_NOW);
      const tmp = path.join(work, label, 'tmp');
      await fs.mkdir(tmp, { recursive: true });
      if (label === 'plain') {
        const vault = await unlockVault(dir, ADMIN_USERNAME, BENCH_PASSWORD, { clock, logger: new MemoryLogger() }, { migrate: true });
        vault.db.pragma('wal_checkpoint(TRUNCATE)');
        vault.db.pragma("rekey = ''");
        vault.close();
        const head = readFileSync(path.join(dir, 'vault.db')).subarray(0, 15).toString('latin1');
        if (head !== 'SQLite format 3') throw new Error('the plain copy did not decrypt');
        openPlainFoldersWithoutKey();
        plainFolders.push(path.join(work, label) + path.sep);
      } else {
        // The same unlock and lock on the encrypted copy, so both hold the same rows.
        const vault = await unlockVault(dir, ADMIN_USERNAME, BENCH_PASSWORD, { clock, logger: new MemoryLogger() }, { migrate: true });
        vault.close();
      }
      const witnessDir = path.join(tmp, 'witness-0');
      const logger = new MemoryLogger();
      variants.push({ label, dir, clock, tmp, witnessDir, logger, ownWork: [], core: await benchCore(dir, clock, witnessDir, logger) });
    }
    const [plain, encrypted] = variants as [Variant, Variant];
    const bytes = (await fs.stat(path.join(encrypted.dir, 'vault.db'))).size;

    type Samples = { samples: number[]; cold?: number | null };
    /** One row: `measure` gives both variants' samples (plain, encrypted). */
    const rowBoth = async (name: string, kind: QueryResult['kind'], target: string, measure: () => Promise<[Samples, Samples]>, note?: string): Promise<void> => {
      process.stderr.write(`  ${name}…`);
      let p: Samples;
      let e: Samples;
      try {
        // The services prepare statements per call: collected before each row, not inside it.
        (globalThis as { gc?: () => void }).gc?.();
        [p, e] = await measure();
      } catch (error) {
        // One row failing (a channel refusing, say) is reported; the others are still measured.
        process.stderr.write(` failed: ${error instanceof Error ? error.message : String(error)}\n`);
        notes.push(`${name}: not measured (${error instanceof Error ? error.message : String(error)})`);
        return;
      }
      const plainMs = percentile(p.samples, 0.5);
      const encMs = percentile(e.samples, 0.5);
      const coldP = p.cold ?? null;
      const coldE = e.cold ?? null;
      const result: QueryResult = {
        name,
        kind,
        plain_ms: round(plainMs),
        encrypted_ms: round(encMs),
        ratio: plainMs > 0 ? Math.round((encMs / plainMs) * 100) / 100 : null,
        p50_ms: round(encMs),
        p95_ms: round(percentile(e.samples, 0.95)),
        plain_p95_ms: round(percentile(p.samples, 0.95)),
        cold_plain_ms: coldP === null ? null : round(coldP),
        cold_encrypted_ms: coldE === null ? null : round(coldE),
        cold_ratio: coldP && coldE ? Math.round((coldE / coldP) * 100) / 100 : null,
        runs: e.samples.length,
        target,
        ...(note ? { note } : {}),
      };
      process.stderr.write(` ${result.p50_ms} ms (p95 ${result.p95_ms}, plain ${result.plain_ms}, ratio ${result.ratio})\n`);
      queries.push(result);
    };
    /** A row whose runs change the vault's state (unlocks): all of the plain copy's runs, then the vault's. */
    const row = (name: string, kind: QueryResult['kind'], target: string, measure: (v: Variant) => Promise<Samples>, note?: string): Promise<void> =>
      rowBoth(name, kind, target, async () => [await measure(plain), await measure(encrypted)], note);

    /**
     * An interactive call, the two copies in alternation call by call (so a change of load on this
     * busy machine hits both alike): the first call after sign-in is the cold figure, then `n` warm runs.
     */
    const interactive = (n: number, call: (v: Variant, i: number) => Promise<unknown>) => async (): Promise<[Samples, Samples]> => {
      const cold = [await time(() => call(plain, 0)), await time(() => call(encrypted, 0))];
      const samples: [number[], number[]] = [[], []];
      for (let i = 1; i <= n; i++) {
        samples[0].push(await time(() => call(plain, i)));
        samples[1].push(await time(() => call(encrypted, i)));
      }
      return [
        { samples: samples[0], cold: cold[0] ?? null },
        { samples: samples[1], cold: cold[1] ?? null },
      ];
    };

    /** A bulk call, the two copies in alternation, no cold figure apart. */
    const paired = (n: number, call: (v: Variant) => Promise<unknown> | unknown) => async (): Promise<[Samples, Samples]> => {
      const samples: [number[], number[]] = [[], []];
      for (let i = 0; i < n; i++) {
        samples[0].push(await time(() => call(plain)));
        samples[1].push(await time(() => call(encrypted)));
      }
      return [{ samples: samples[0] }, { samples: samples[1] }];
    };

    // --- Unlock: first on this PC (no witness: the whole chain is walked after the unlock, in the background).
    process.stderr.write('Decade vault rows (plain copy first, then encrypted):\n');
    const firstOnPc: Record<string, number[]> = { call: [], walk: [] };
    /** The unlock row just measured, without each sign-in's Argon2id run (samples gathered by signIn). */
    const ownWork = (of: string): Promise<void> =>
      row(`${of}: the unlock's own work (without its Argon2id run)`, 'interactive', '—', async (v) => ({ samples: v.ownWork.splice(0) }));
    for (const v of variants) v.ownWork.length = 0;
    await row(
      'unlock, first on a PC (vault:unlock returns; the chain is walked and backed up after it)',
      'interactive',
      '≤ 1 s to a usable screen',
      async (v) => {
        const calls: number[] = [];
        const walks: number[] = [];
        for (let i = 0; i < 2; i++) {
          if (i > 0) {
            // Another PC, another day: a fresh witness folder and no backup of today.
            v.core.app.vault.lock('user');
            v.clock.advance(DAY + 60_000);
            v.witnessDir = path.join(v.tmp, `witness-${i}`);
            v.core = await benchCore(v.dir, v.clock, v.witnessDir, v.logger);
          }
          const t0 = process.hrtime.bigint();
          await signIn(v, ADMIN_USERNAME);
          calls.push(Number(process.hrtime.bigint() - t0) / 1e6);
          await settle(v.core);
          walks.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
        firstOnPc[`${v.label}-walk`] = walks;
        return { samples: calls };
      },
    );
    await ownWork('unlock, first on a PC');
    await row('unlock, first on a PC, until the audit walk and the housekeeping after it end', 'bulk', 'background', async (v) => ({ samples: firstOnPc[`${v.label}-walk`] ?? [] }));
    const firstOfDay: Record<string, number[]> = {};
    await row('unlock, first of the day (automatic backup after it)', 'interactive', '≤ 1 s', async (v) => {
      const samples: number[] = [];
      const ends: number[] = [];
      for (let i = 0; i < 3; i++) {
        v.core.app.vault.lock('user');
        v.clock.advance(DAY + 60_000);
        const t0 = process.hrtime.bigint();
        samples.push(await signIn(v, ADMIN_USERNAME));
        await v.core.app.vault.housekeepingIdle();
        ends.push(Number(process.hrtime.bigint() - t0) / 1e6);
        await settle(v.core);
      }
      firstOfDay[v.label] = ends;
      return { samples };
    });
    await ownWork('unlock, first of the day');
    await row('unlock, first of the day, until the automatic backup after it ends', 'bulk', 'background', async (v) => ({ samples: firstOfDay[v.label] ?? [] }));
    await row('unlock, normal (same day, nothing to back up)', 'interactive', '≤ 1 s', async (v) => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        v.core.app.vault.lock('user');
        v.clock.advance(60_000);
        samples.push(await signIn(v, ADMIN_USERNAME));
        await settle(v.core);
      }
      return { samples };
    });
    await ownWork('unlock, normal');

    // --- As the admin: gallring preview, the chain, backup; partner keys for the packet rows.
    await rowBoth('retention:preview (gallring)', 'bulk', 'preview ≤ 1 s', paired(3, (v) => v.core.call('retention:preview')));
    await rowBoth(`audit:verify, ${(info.counts.auditRows ?? 0).toLocaleString('en')} rows`, 'bulk', 'background', paired(3, (v) => v.core.call('audit:verify')));
    await rowBoth(
      'backup (VACUUM INTO, header, fsync, verify, rename)',
      'bulk',
      'background',
      paired(3, (v) => {
        v.clock.advance(1000);
        return createBackup(v.core.app.vault.vault, v.dir, v.clock, 'manual');
      }),
      'createBackup on the open vault (no channel makes a backup on demand)',
    );
    const header = await readHeader(encrypted.dir, new MemoryLogger());
    const argon: number[] = [];
    for (let i = 0; i < 5; i++) argon.push(await time(() => deriveKey(BENCH_PASSWORD, Buffer.alloc(16, i), header.kdf)));
    queries.push({
      name: `Argon2id at the vault's parameters (m=${header.kdf.memoryKiB / 1024} MiB, t=${header.kdf.iterations}, p=${header.kdf.parallelism})`,
      kind: 'interactive',
      plain_ms: round(percentile(argon, 0.5)),
      encrypted_ms: round(percentile(argon, 0.5)),
      ratio: null,
      p50_ms: round(percentile(argon, 0.5)),
      p95_ms: round(percentile(argon, 0.95)),
      plain_p95_ms: round(percentile(argon, 0.95)),
      cold_plain_ms: null,
      cold_encrypted_ms: null,
      cold_ratio: null,
      runs: argon.length,
      target: '0.25–1 s',
      note: 'no database: the same figure for both',
    });
    // Partner keys (invented organisations' pairs, made now and kept in memory only) so packets can be encrypted and opened.
    const partnerIdentities: string[] = [];
    for (const v of variants) {
      const orgs = (await v.core.call<{ id: string; orgNumber: string; name: string; isOwn: boolean }[]>('roster:organisations')).filter((o) => !o.isOwn);
      for (const [index, org] of orgs.entries()) {
        const pair = partnerIdentities[index] ? null : await generateOrgKeyPair();
        if (pair) partnerIdentities[index] = JSON.stringify(pair);
        const kept = JSON.parse(partnerIdentities[index] ?? '{}') as Awaited<ReturnType<typeof generateOrgKeyPair>>;
        const keyFile = renderKeyFile({ organisation: org.name, orgNumber: org.orgNumber, signingPem: kept.signingPem, ageRecipient: kept.ageRecipient });
        const imported = await v.core.call<{ id: string }>('keys:import', { organisationId: org.id, keyFile });
        await v.core.call('keys:confirm', { keyId: imported.id, heard: keyFingerprint(kept).split(' ').slice(-2).join(' ') });
      }
    }

    // --- As a team chair: the interactive reads.
    for (const v of variants) {
      v.core.app.vault.lock('user');
      v.clock.advance(60_000);
      await signIn(v, CHAIR_USERNAMES[0]);
      await settle(v.core);
    }
    const teamOf = async (v: Variant): Promise<string> => {
      const teams = await v.core.call<{ id: string; name: string }[]>('roster:teams');
      return teams.find((t) => t.name.startsWith('Team försörjningsstöd'))?.id ?? '';
    };
    const teams = new Map<Variant, string>();
    for (const v of variants) teams.set(v, await teamOf(v));
    const meetingIds = new Map<Variant, string[]>();
    for (const v of variants) {
      const list = await v.core.call<{ id: string; date: string }[]>('meetings:list', { teamId: teams.get(v) });
      // Spread over the decade, the same picks on both copies (by date).
      const sorted = [...list].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
      meetingIds.set(v, Array.from({ length: 40 }, (_, i) => sorted[Math.floor((i * 7919) % sorted.length)]?.id ?? ''));
    }
    const words = [...SEARCH_WORDS];
    await rowBoth(
      `search:items in a team (${words.length} queries)`,
      'interactive',
      'p95 ≤ 30 ms',
      interactive(runs * 2, (v, i) => v.core.call('search:items', { text: words[i % words.length], teamId: teams.get(v) })),
    );
    await rowBoth('search:items, one query "praktik" (team)', 'interactive', '—', interactive(Math.max(10, runs / 2), (v) => v.core.call('search:items', { text: 'praktik', teamId: teams.get(v) })));
    await rowBoth('followup:stats, team, one year (2025)', 'interactive', '≤ 100 ms', interactive(Math.max(10, runs / 2), (v) => v.core.call('followup:stats', { teamId: teams.get(v), period: { kind: 'year', year: 2025 } })));
    await rowBoth('meetings:get (open a meeting)', 'interactive', 'p95 ≤ 20 ms', interactive(runs * 2, (v, i) => v.core.call('meetings:get', { meetingId: meetingIds.get(v)?.[i % 40] })));
    await rowBoth('cases:list (team, active)', 'interactive', '—', interactive(runs, (v) => v.core.call('cases:list', { teamId: teams.get(v), status: 'active' })));
    await rowBoth('cases:list (team, closed, first 100)', 'interactive', '—', interactive(runs, (v) => v.core.call('cases:list', { teamId: teams.get(v), status: 'closed', limit: 100 })));
    await rowBoth(
      'meeting page (meetings:get + active cases:list)',
      'interactive',
      'p95 ≤ 40 ms',
      interactive(runs, async (v, i) => {
        await v.core.call('meetings:get', { meetingId: meetingIds.get(v)?.[(i + 7) % 40] });
        await v.core.call('cases:list', { teamId: teams.get(v), status: 'active' });
      }),
    );

    // Packets: a handover of this team whose consent still lets its receiver receive today.
    const handoverOf = (v: Variant): string | undefined =>
      (
        v.core.app.vault.vault.db
          .prepare(
            `SELECT h.id FROM handovers h JOIN cases c ON c.id = h.case_id JOIN case_consents cc ON cc.id = h.consent_id
             WHERE c.team_id = ? AND cc.valid_to >= ? AND cc.withdrawn_on IS NULL ORDER BY h.date DESC, c.code LIMIT 1`,
          )
          .get(teams.get(v), BENCH_NOW.slice(0, 10)) as { id: string } | undefined
      )?.id;
    if (handoverOf(plain) && handoverOf(encrypted)) {
      const packets = new Map<Variant, Buffer>();
      await rowBoth(
        'packet export end to end (handover:export: content, PDF, sign, encrypt, write, record)',
        'interactive',
        '≤ 150 ms',
        interactive(Math.max(10, runs / 3), async (v) => {
          const handoverId = handoverOf(v);
          const preview = await v.core.call<{ contentSha256: string }>('handover:preview', { handoverId, includeMinutes: true });
          const out = await v.core.call<{ file: string }>('handover:export', { handoverId, includeMinutes: true, encrypt: true, contentSha256: preview.contentSha256, folder: v.tmp });
          packets.set(v, await fs.readFile(out.file));
          await fs.rm(out.file, { force: true });
        }),
        'handover:preview (for its content hash) then handover:export',
      );
      const own = new Map<Variant, ReturnType<typeof parseKeyFile>>();
      for (const v of variants) own.set(v, parseKeyFile(ownKeyFile(readCaps(v.core.app.vault.vault)).text));
      await rowBoth('packet verify (decrypt, signature, sums)', 'interactive', '≤ 100 ms', interactive(Math.max(10, runs / 3), async (v) => {
        const signer = own.get(v);
        const identities = partnerIdentities.map((p) => (JSON.parse(p) as { ageIdentity: string }).ageIdentity);
        if (!signer) throw new Error('no own key');
        await openPacket(packets.get(v) ?? Buffer.alloc(0), { identities, trusted: [{ id: 'own', organisation: signer.organisation, orgNumber: signer.orgNumber, signingPem: signer.signingPem, ageRecipient: signer.ageRecipient, retiredAt: null, revokedAt: null }], ownFingerprints: null });
      }), 'openPacket as the receiver does it (no database)');
    } else {
      notes.push('packet rows skipped: no handover of the team with a consent valid on the bench day');
    }

    // Last (it adds meetings): planning a meeting builds its agenda from open follow-ups and flags.
    await rowBoth('meetings:create (agenda build)', 'interactive', '≤ 30 ms', interactive(Math.max(10, runs / 2), (v, i) => {
      const chair = v.core.app.vault.vault.db.prepare("SELECT m.id FROM members m JOIN accounts a ON a.id = m.account_id WHERE a.username = ?").get(CHAIR_USERNAMES[0]) as { id: string };
      const date = new Date(Date.parse(BENCH_NOW) + (i + 1) * DAY).toISOString().slice(0, 10);
      return v.core.call('meetings:create', { teamId: teams.get(v), date, time: '09:00', chairMemberId: chair.id, noteTakerMemberId: null });
    }));
    // Last of all (it deletes half the decade): the admin's gallring of what is due, as the preview showed it.
    for (const v of variants) {
      v.core.app.vault.lock('user');
      v.clock.advance(60_000);
      await signIn(v, ADMIN_USERNAME);
      await settle(v.core);
    }
    await row(
      'retention:purge (gallring of what is due: rows, FTS, audit run, incremental_vacuum, checkpoint)',
      'bulk',
      'background',
      async (v) => {
        const preview = await v.core.call<{ counts: Record<string, number>; digest: string }>('retention:preview');
        return { samples: [await time(() => v.core.call('retention:purge', { confirmed: preview.counts, digest: preview.digest }))] };
      },
      'one run per copy (it deletes): the preview first, then the purge it confirms',
    );
    for (const v of variants) v.core.app.vault.lock('user');
    // The plain copy stayed plain and the vault stayed encrypted all along.
    const heads = variants.map((v) => readFileSync(path.join(v.dir, 'vault.db')).subarray(0, 15).toString('latin1') === 'SQLite format 3');
    if (heads[0] !== true || heads[1] !== false) throw new Error('the plain copy is not plain, or the vault is not encrypted');
    // The two copies above are no longer needed: the scaling copies (up to 10×) take their place on disk.
    await fs.rm(path.join(work, 'plain'), { recursive: true, force: true });
    await fs.rm(path.join(work, 'encrypted'), { recursive: true, force: true });
    const scaling = options.scaling === false ? [] : await runScalingBench(seeded, path.join(work, 'scaling'), { runs });
    return { vault: { dir: seeded, counts: info.counts, seedSeconds: info.seconds, kdf: info.kdf, bytes }, queries, scaling, notes };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
