import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BENCH_PASSWORD, CHAIR_USERNAMES } from '../main/seed/seed-vault';
import { SEARCH_WORDS } from '../main/seed/seed-text';
import { percentile, registerPlainFolder, round, settle, time } from './decade';
import { scaleVault } from './scale-vault';
import { type Side, decrypt, openSide } from './scaling';

/**
 * What each connection setting does to the interactive reads (issue 16: encrypted/plain ≤ 1.3),
 * on a copy of the decade vault (and an N× copy), encrypted against a plain copy in the same run:
 * for each setting both copies sign in afresh (an empty page cache: the first call of each row is
 * its cold figure), the setting is applied to the open connection, then the rows alternate call by
 * call between the copies. Run alone: `npm run bench -- open-settings SEEDED_DIR [FACTORS]`.
 *
 * The cipher page size is not among the settings: it is fixed when a vault is made (SQLCipher 4's
 * 4096 with `legacy = 4`), and DESIGN.md requires an official SQLCipher 4 build to open the file
 * with the key alone.
 */
export const SETTINGS: readonly { readonly name: string; readonly pragmas: readonly string[] }[] = [
  { name: 'as opened (cache_size -16000 = 16 MB, temp_store MEMORY, mmap 0)', pragmas: [] },
  { name: 'cache_size = -65536 (64 MiB)', pragmas: ['cache_size = -65536'] },
  { name: 'cache_size = -262144 (256 MiB)', pragmas: ['cache_size = -262144'] },
  { name: 'cache_size = -2000 (2 MB, SQLite default)', pragmas: ['cache_size = -2000'] },
  { name: 'temp_store = FILE', pragmas: ['temp_store = FILE'] },
  { name: 'mmap_size = 256 MiB', pragmas: ['mmap_size = 268435456'] },
];

export interface SettingRow {
  readonly factor: number;
  readonly setting: string;
  readonly row: string;
  readonly p50_ms: number;
  readonly p95_ms: number;
  readonly plain_ms: number;
  readonly ratio: number;
  readonly cold_encrypted_ms: number;
  readonly cold_plain_ms: number;
  readonly cold_ratio: number;
  /** The bench process's resident memory after the setting's rows (both copies open). */
  readonly rss_mb: number;
  /** What the encrypted connection reports for the setting after it was applied. */
  readonly applied: string;
}

const DAY = 24 * 3600 * 1000;

export async function runOpenSettingsBench(seeded: string, options: { factors?: readonly number[]; runs?: number; log?: (line: string) => void } = {}): Promise<SettingRow[]> {
  const runs = options.runs ?? 20;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const rows: SettingRow[] = [];
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-bench-settings-'));
  try {
    for (const factor of options.factors ?? [1, 10]) {
      const base = path.join(work, `x${factor}`);
      const encDir = path.join(base, 'encrypted', 'data');
      const plainDir = path.join(base, 'plain', 'data');
      await scaleVault(seeded, encDir, factor);
      await fs.mkdir(path.dirname(plainDir), { recursive: true });
      await fs.cp(encDir, plainDir, { recursive: true });
      await decrypt(plainDir);
      registerPlainFolder(path.join(base, 'plain'));
      const sides: Side[] = [await openSide(plainDir, 'plain'), await openSide(encDir, 'encrypted')];
      for (const [index, setting] of SETTINGS.entries()) {
        for (const side of sides) {
          side.core.app.vault.lock('user');
          await side.core.call('vault:unlock', { username: CHAIR_USERNAMES[0], password: BENCH_PASSWORD });
          await settle(side.core);
          for (const pragma of setting.pragmas) side.core.app.vault.vault.db.pragma(pragma);
        }
        const encDb = sides[1]?.core.app.vault.vault.db;
        const applied = ['cache_size', 'temp_store', 'mmap_size'].map((name) => `${name}=${String(encDb?.pragma(name, { simple: true }))}`).join(' ');
        const chair = (side: Side): string => (side.core.app.vault.vault.db.prepare('SELECT m.id FROM members m JOIN accounts a ON a.id = m.account_id WHERE a.username = ?').get(CHAIR_USERNAMES[0]) as { id: string }).id;
        const calls: [string, number, (side: Side, i: number) => Promise<unknown>][] = [
          ['search:items in a team', runs * 2, (s, i) => s.core.call('search:items', { text: SEARCH_WORDS[i % SEARCH_WORDS.length], teamId: s.team })],
          ['meetings:get', runs * 2, (s, i) => s.core.call('meetings:get', { meetingId: s.meetings[i % s.meetings.length] })],
          ['cases:list (team, active)', runs, (s) => s.core.call('cases:list', { teamId: s.team, status: 'active' })],
          ['followup:stats (year)', runs, (s) => s.core.call('followup:stats', { teamId: s.team, period: { kind: 'year', year: 2025 } })],
          [
            'meetings:create',
            runs,
            (s, i) => {
              const date = new Date(Date.parse('2027-01-04T07:00:00Z') + (index * 200 + i) * DAY).toISOString().slice(0, 10);
              return s.core.call('meetings:create', { teamId: s.team, date, time: '09:00', chairMemberId: chair(s), noteTakerMemberId: null });
            },
          ],
        ];
        for (const [name, n, call] of calls) {
          (globalThis as { gc?: () => void }).gc?.();
          const [plain, enc] = sides as [Side, Side];
          const cold = [await time(() => call(plain, 0)), await time(() => call(enc, 0))] as const;
          const samples: [number[], number[]] = [[], []];
          for (let i = 1; i <= n; i++) {
            samples[0].push(await time(() => call(plain, i)));
            samples[1].push(await time(() => call(enc, i)));
          }
          const p = percentile(samples[0], 0.5);
          const e = percentile(samples[1], 0.5);
          const row: SettingRow = {
            factor,
            setting: setting.name,
            row: name,
            p50_ms: round(e),
            p95_ms: round(percentile(samples[1], 0.95)),
            plain_ms: round(p),
            ratio: Math.round((e / p) * 100) / 100,
            cold_encrypted_ms: round(cold[1]),
            cold_plain_ms: round(cold[0]),
            cold_ratio: Math.round((cold[1] / cold[0]) * 100) / 100,
            rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
            applied,
          };
          log(`${factor}× ${setting.name} | ${name}: ${row.p50_ms} ms (p95 ${row.p95_ms}, plain ${row.plain_ms}, ratio ${row.ratio}; cold ${row.cold_encrypted_ms} / ${row.cold_plain_ms} = ${row.cold_ratio}; RSS ${row.rss_mb} MB)`);
          rows.push(row);
        }
      }
      for (const side of sides) side.core.app.vault.lock('user');
      await fs.rm(base, { recursive: true, force: true });
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
  return rows;
}

/** Run alone: `npm run bench -- open-settings SEEDED_DIR [1,10]`; prints the rows as JSON. */
export async function openSettingsMain(args: readonly string[]): Promise<void> {
  const [seeded, factors] = args;
  if (!seeded) throw new Error('usage: npm run bench -- open-settings SEEDED_DIR [1,10]');
  const rows = await runOpenSettingsBench(path.resolve(seeded), { factors: (factors ?? '1,10').split(',').map(Number), runs: Number(process.env.TEAMVALV_BENCH_RUNS ?? 20) });
  console.log(JSON.stringify(rows, null, 2));
}
