import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ManualClock } from '../main/runtime/clock';
import { ensureSearchPart, SEARCH_PART_ROWS, searchPart, searchPartTable, searchParts } from '../main/meetings/search-index';
import { MemoryLogger } from '../main/runtime/log';
import { ADMIN_USERNAME, BENCH_PASSWORD } from '../main/seed/seed-vault';
import type { Db } from '../main/vault/db/open-vault';
import { unlockVault } from '../main/vault/vault';

/**
 * An N× copy of a seeded vault, made in SQL (issue 16's scaling rows: search, meeting open and
 * year statistics at 1×, 3× and 10× the decade vault). Seeding 10× through the services takes over
 * an hour on this machine; the copy takes a minute or two.
 *
 * What the copy is: the same organisations, staff, accounts and teams, with N−1 earlier eras of
 * their case work before the seeded one — era k is the seeded decade's case data (cases, consents,
 * meetings with attendance, guests, agenda, committed items, actions, addenda, supervision,
 * handovers, packets, search index) with new ids and every date moved `k × ERA_YEARS` years into
 * the past. So a year's statistics and a team's recent meetings hold what they held at 1× while
 * the vault (and every table an unindexed read would scan) grows N times — a vault that has been
 * in use for N decades. Cases and actions still open at the end of an earlier era are closed at
 * that era's end (a case does not stay open for decades), and consents simply expire with the
 * shift, as old consents do.
 *
 * Kept as they are: the audit log (a hash chain: copying it would mean re-hashing millions of rows,
 * and none of the scaled reads read it — they append one row each; the unlock, walk and backup
 * rows already run on the decade's million rows), finalised minutes' JSON (it is hashed; an earlier
 * era's minutes name the seeded dates, which nothing in the scaled reads looks at).
 *
 * New ids are UUIDs derived from (era, old id) with SHA-256, so references stay consistent without
 * a mapping table. The search index's rowids of an earlier era are below the seeded ones (as an
 * index that grew over time would have them). Checked at the end: `foreign_key_check`,
 * `integrity_check`, FTS5's own integrity check, and each copied table holding N times its rows.
 */
export const ERA_YEARS = 11;

/** Case data, copied per era, in an order that satisfies the foreign keys (they are also checked at the end). */
const COPIED = [
  'cases',
  'case_consents',
  'case_events',
  'case_checkins',
  'meetings',
  'meeting_attendance',
  'meeting_guests',
  'agenda_items',
  'case_items',
  'actions',
  'item_drafts',
  'meeting_addenda',
  'supervision_sessions',
  'supervision_participants',
  'supervision_cases',
  'supervision_case_themes',
  'supervision_records',
  'private_notes',
  'handovers',
  'packets_sent',
  'packets_received',
  'gallring_tombstones',
  'search_entries',
] as const;

/** Id columns that are no foreign key but name a copied row (or a conversation) and so take the era's ids too. */
const ID_LIKE: Readonly<Record<string, readonly string[]>> = {
  handovers: ['conversation_id'],
  packets_received: ['conversation_id'],
  gallring_tombstones: ['case_id'],
  search_entries: ['ref'],
};

/** Columns holding a date (YYYY-MM-DD) or an instant (ISO, ms, Z): moved into the past; other values pass unchanged. */
const DATE_COLUMN = /(^date$|_at$|_on$|_date$|^valid_from$|^valid_to$|^next_follow_up$)/;

export interface ScaleResult {
  readonly factor: number;
  readonly seconds: number;
  readonly bytes: number;
  readonly rows: Record<string, number>;
}

/** The era's id for an id of the seeded data: a UUID (version 4 layout) from SHA-256 of both. */
export function eraId(id: string, era: number): string {
  const h = createHash('sha256').update(`teamvalv-scale:${era}:${id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function shiftedDate(column: string, years: number): string {
  return `CASE WHEN ${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN date(${column}, '-${years} years')
    WHEN ${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z' THEN strftime('%Y-%m-%dT%H:%M:%fZ', ${column}, '-${years} years') ELSE ${column} END`;
}

/**
 * Copies the vault folder `from` (vault.db and its header vault.keys, encrypted as they are) to
 * `to` and grows it to `factor` eras. The vault is opened as the bench admin (migrated to this
 * build's schema first, as an admin's unlock does); the copy is made in one transaction on that
 * one connection, then checkpointed.
 */
export async function scaleVault(from: string, to: string, factor: number, options: { username?: string; password?: string; log?: (line: string) => void } = {}): Promise<ScaleResult> {
  if (!Number.isInteger(factor) || factor < 1 || factor > 20) throw new Error('factor: a whole number from 1 to 20');
  if (existsSync(to)) throw new Error(`${to} exists: scale into a new folder`);
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  await fs.mkdir(to, { recursive: true, mode: 0o700 });
  for (const name of ['vault.db', 'vault.db-wal', 'vault.keys']) if (existsSync(path.join(from, name))) await fs.copyFile(path.join(from, name), path.join(to, name));
  const clock = new ManualClock(new Date().toISOString());
  const vault = await unlockVault(to, options.username ?? ADMIN_USERNAME, options.password ?? BENCH_PASSWORD, { clock, logger: new MemoryLogger() }, { migrate: true });
  const rows: Record<string, number> = {};
  try {
    const db = vault.db;
    for (const table of COPIED) rows[table] = count(db, table);
    if (factor > 1) {
      db.function('scale_era_id', { deterministic: true }, (id: unknown, era: unknown) => (id === null ? null : eraId(String(id), Number(era))));
      db.transaction(() => {
        db.pragma('defer_foreign_keys = ON');
        // The index's text, read once (FTS5 is not read and written by the same statement).
        db.exec(`CREATE TEMP TABLE scale_fts AS ${searchParts(db).map((part) => `SELECT rowid AS r, body FROM ${searchPartTable(part)}`).join(' UNION ALL ') || 'SELECT 0 AS r, NULL AS body WHERE 0'}`);
        const seeded = seededRows(db);
        const fts = seeded.search_entries ?? { lo: 0, hi: -1 };
        for (let era = 1; era < factor; era++) {
          const years = era * ERA_YEARS;
          for (const table of COPIED) copyTable(db, table, era, years, seeded);
          copyIndexedTexts(db, fts, era * (fts.hi - fts.lo + 1));
          log(`  era ${era} of ${factor - 1} copied (${years} years back)`);
        }
        db.exec('DROP TABLE temp.scale_fts');
      })();
      const problems = db.prepare('PRAGMA foreign_key_check').all();
      if (problems.length > 0) throw new Error(`foreign_key_check: ${problems.length} rows, e.g. ${JSON.stringify(problems[0])}`);
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`integrity_check: ${String(integrity)}`);
      for (const part of searchParts(db)) db.prepare(`INSERT INTO ${searchPartTable(part)} (${searchPartTable(part)}, rank) VALUES ('integrity-check', 1)`).run();
      for (const table of COPIED) {
        const n = count(db, table);
        if (n !== (rows[table] ?? 0) * factor) throw new Error(`${table}: ${n} rows, expected ${(rows[table] ?? 0) * factor}`);
        rows[table] = n;
      }
      const texts = searchParts(db).reduce((sum, part) => sum + count(db, searchPartTable(part)), 0);
      if (texts !== rows.search_entries) throw new Error(`the search index holds ${texts} texts, search_entries ${rows.search_entries}`);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    vault.close();
  }
  // The migration's backup (if the seeded vault was older) is not part of the copy.
  await fs.rm(path.join(to, 'backups'), { recursive: true, force: true });
  const bytes = (await fs.stat(path.join(to, 'vault.db'))).size;
  return { factor, seconds: Math.round((Date.now() - started) / 100) / 10, bytes, rows };
}

/** The seeded era's texts again, `shift` rowids lower, each into the part of its new rowid (made if new). */
function copyIndexedTexts(db: Db, seeded: { readonly lo: number; readonly hi: number }, shift: number): void {
  for (let part = searchPart(seeded.lo - shift); part <= searchPart(seeded.hi - shift); part++) {
    const lo = part * SEARCH_PART_ROWS;
    const rows = db.prepare('SELECT count(*) AS n FROM temp.scale_fts WHERE r - @shift >= @lo AND r - @shift < @hi').get({ shift, lo, hi: lo + SEARCH_PART_ROWS }) as { n: number };
    if (rows.n === 0) continue;
    const table = ensureSearchPart(db, part);
    db.prepare(`INSERT INTO ${table} (rowid, body) SELECT r - @shift, body FROM temp.scale_fts WHERE r - @shift >= @lo AND r - @shift < @hi`).run({ shift, lo, hi: lo + SEARCH_PART_ROWS });
  }
}

function count(db: Db, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

/** Where the seeded era's rows are (copies are appended after them; the search index's below them). */
type Seeded = Record<string, { readonly lo: number; readonly hi: number }>;

function seededRows(db: Db): Seeded {
  const seeded: Record<string, { lo: number; hi: number }> = {};
  for (const table of COPIED) {
    const range = db.prepare(`SELECT coalesce(min(rowid), 0) AS lo, coalesce(max(rowid), -1) AS hi FROM "${table}"`).get() as { lo: number; hi: number };
    seeded[table] = range;
  }
  return seeded;
}

/** One era of one table: the seeded rows copied with new ids and earlier dates. */
function copyTable(db: Db, table: string, era: number, years: number, seeded: Seeded): void {
  const columns = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; pk: number }[];
  const references = new Map((db.prepare(`PRAGMA foreign_key_list("${table}")`).all() as { table: string; from: string }[]).map((fk) => [fk.from, fk.table] as const));
  const copied = new Set<string>(COPIED);
  const range = seeded[table] ?? { lo: 0, hi: -1 };
  const stride = range.hi - range.lo + 1;
  const expression = (name: string, pk: number): string => {
    // The search index's rowids: an earlier era's below the seeded ones, as in an index that grew over time.
    if (table === 'search_entries' && name === 'id') return `id - ${era * stride}`;
    const target = references.get(name);
    if ((pk > 0 && name === 'id') || (target !== undefined && copied.has(target)) || ID_LIKE[table]?.includes(name)) return `scale_era_id(${name}, ${era})`;
    if (target !== undefined) return name;
    if ((table === 'cases' && name === 'code') || (table === 'gallring_tombstones' && name === 'case_code')) return `'UT-' || (CAST(substr(${name}, 4, 4) AS INTEGER) - ${years}) || substr(${name}, 8)`;
    if (DATE_COLUMN.test(name)) return shiftedDate(name, years);
    return name;
  };
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const values = columns.map((c) => expression(c.name, c.pk)).join(', ');
  const before = (db.prepare(`SELECT coalesce(max(rowid), 0) AS n FROM "${table}"`).get() as { n: number }).n;
  db.prepare(`INSERT INTO "${table}" (${names}) SELECT ${values} FROM "${table}" WHERE rowid BETWEEN @lo AND @hi ORDER BY rowid`).run(range);
  // The end of the era: its last meeting's day (and that day as an instant).
  const end = `date((SELECT max(date) FROM meetings WHERE rowid BETWEEN ${seeded.meetings?.lo ?? 0} AND ${seeded.meetings?.hi ?? -1}), '-${years} years')`;
  // A case still open at the end of an earlier era was closed by then; so were its actions.
  // (Its phase with it: migration 020 ties status, closing day and outcome to the phase.)
  if (table === 'cases') {
    db.prepare(`UPDATE cases SET status = 'closed', phase = 'avslutad', outcome = 'avbrott', closed_on = ${end} WHERE rowid > ? AND status = 'active'`).run(before);
    // An earlier era's follow-up after exit is over: archived.
    db.prepare(`UPDATE cases SET phase = 'arkiverad' WHERE rowid > ? AND phase = 'uppfoljning'`).run(before);
  }
  // (Those cases' timelines keep their copied events only: every table grows by exactly the factor, as checked below.)
  // A check-in an earlier era left open was not reached before the era ended.
  if (table === 'case_checkins') {
    db.prepare(`UPDATE case_checkins SET done_on = due_on, status = 'ej-nadd', done_by = planned_by WHERE rowid > ? AND done_on IS NULL AND cancelled_on IS NULL`).run(before);
  }
  if (table === 'actions') {
    db.prepare(`UPDATE actions SET done_at = ${end} || 'T15:00:00.000Z', done_by = (SELECT c.created_by FROM cases c WHERE c.id = actions.case_id) WHERE rowid > ? AND done_at IS NULL`).run(before);
  }
}

/** Run alone: `npm run bench -- scale-vault FROM TO N` (FROM a seeded vault folder, TO a new folder). */
export async function scaleVaultMain(args: readonly string[]): Promise<void> {
  const [from, to, n] = args;
  if (!from || !to || !n) throw new Error('usage: npm run bench -- scale-vault FROM TO N');
  const result = await scaleVault(path.resolve(from), path.resolve(to), Number(n), { log: (line) => process.stderr.write(`${line}\n`) });
  console.log(JSON.stringify(result, null, 2));
}
