import type { RetentionKind } from '../../shared/retention/model';
import { cachedStatement } from '../vault/db/statements';
import type { WriteCaps } from '../capabilities/caps';
import { subjectsOf } from './check';
import { childrenFirst } from './gallring';
import { type DueQuery, type LinkedTable, type PurgeGoes, type TableDeclaration, type TablePurge, SUBJECT_TABLES, isLinked, isPattern } from './model';
import { RECORD_REGISTRY } from './registry';

/**
 * A retention purge over the record registry (issue 19): which rows each rule makes due, what
 * counts towards a case's last entry, what holds a due case back, and what goes with what — each
 * read from the tables' `purge` declarations (main/records/model.ts), so main/retention/purge.ts
 * names no table of the records it purges.
 */

type Planned = Extract<TablePurge, { goes?: unknown }>;
const planned = (p: TablePurge | undefined): Planned | null => (p && !('keeps' in p) && !('why' in p) ? p : null);

/** A rule's own records: the table, its due query and the rule it answers to. */
export interface DueTable {
  readonly table: string;
  readonly name: DueQuery;
  readonly rule: Exclude<RetentionKind, 'case-records' | 'audit-log'>;
  readonly sql: string;
  readonly bound: 'day' | 'instant';
}

/** The purge's SQL for one registry: the due queries by name, the case's last entries, the held-back cases. */
export interface PurgeSql {
  readonly due: readonly DueTable[];
  readonly caseLastEntries: string;
  readonly heldBack: string;
}

const cache = new WeakMap<readonly TableDeclaration[], PurgeSql>();

export function purgeSql(registry: readonly TableDeclaration[] = RECORD_REGISTRY): PurgeSql {
  const cached = cache.get(registry);
  if (cached) return cached;
  const linked = registry.filter(isLinked);
  const due: DueTable[] = linked.flatMap((t) => {
    const d = planned(t.purge)?.due;
    return d ? [{ table: t.table, ...d }] : [];
  });
  const entries = linked.flatMap((t) => planned(t.purge)?.lastEntries ?? []);
  const holds = linked.flatMap((t) => {
    const h = planned(t.purge)?.holdsBack;
    return h ? [h] : [];
  });
  const sql: PurgeSql = {
    due,
    caseLastEntries: `WITH entries (id, at) AS (
       ${entries.join('\n       UNION ALL ')})
     SELECT id, max(CASE WHEN length(at) = 10 THEN at END) AS day, max(CASE WHEN length(at) <> 10 THEN at END) AS instant
     FROM entries GROUP BY id HAVING coalesce(day, '') < @cutoff`,
    heldBack: `SELECT d.value AS id FROM json_each(@cases) d WHERE ${holds.length > 0 ? `\n       ${holds.join('\n    OR ')}` : '0'}`,
  };
  cache.set(registry, sql);
  return sql;
}

/** Deletes by ids in batches of this many, each batch one statement per table (as a JSON array, through the indexes). */
const BATCH = 200;

/**
 * Carries out a purge inside the caller's transaction: for each root table (one with `due`, or
 * `cases`) the ids going, every table's rows that go with them, children before parents.
 */
export function carryOutPurge(caps: WriteCaps, going: ReadonlyMap<string, readonly string[]>, registry: readonly TableDeclaration[] = RECORD_REGISTRY): void {
  for (const t of childrenFirst(registry.filter(isLinked))) {
    for (const goes of planned(t.purge)?.goes ?? []) {
      const ids = going.get(goes.with) ?? [];
      for (let i = 0; i < ids.length; i += BATCH) run(caps, goes, JSON.stringify(ids.slice(i, i + BATCH)));
    }
  }
}

function run(caps: WriteCaps, goes: PurgeGoes, idsJson: string): void {
  if ('remove' in goes) goes.remove(caps, idsJson);
  else cachedStatement(caps.db, goes.delete).run(idsJson);
}

/**
 * Every table whose rows are about a case, a meeting, a supervision session or a handover says what
 * a retention purge does with them (they go with a rule's records, or are kept and why, or go with
 * another table's), and what it names exists — so a new table cannot be left behind by a purge, nor
 * make one fail on its foreign key.
 */
export function checkPurge(registry: readonly TableDeclaration[] = RECORD_REGISTRY): string[] {
  const problems: string[] = [];
  const names = new Set(registry.flatMap((d) => (isLinked(d) ? [d.table] : [])));
  const byName = new Map(registry.filter(isLinked).map((d) => [d.table, d]));
  const roots = new Set<string>([SUBJECT_TABLES.case]);
  const dueNames = new Map<string, string>();
  for (const d of registry.filter(isLinked)) {
    const due = planned(d.purge)?.due;
    if (!due) continue;
    roots.add(d.table);
    const other = dueNames.get(due.name);
    if (other) problems.push(`${d.table}: its due query ${due.name} is ${other}'s name too`);
    dueNames.set(due.name, d.table);
  }
  const purged = (d: LinkedTable): boolean => (planned(d.purge)?.goes ?? []).some((g) => g.with === d.table);
  for (const d of registry) {
    if (!isLinked(d) && !isPattern(d)) continue;
    const name = isPattern(d) ? d.describe : d.table;
    const about = isPattern(d) ? d.links.flatMap((l) => subjectsOf(registry, l.references)) : subjectsOf(registry, d.table);
    const p = d.purge;
    if (!p) {
      if (about.some((s) => s !== 'member')) problems.push(`${name}: its rows are about ${about.filter((s) => s !== 'member').join(', ')}, but ${d.domain} does not say what a retention purge does with them`);
      continue;
    }
    if ('why' in p && !names.has(p.with)) problems.push(`${name}: goes with ${p.with}, which is not a declared table`);
    for (const g of planned(p)?.goes ?? []) if (!roots.has(g.with)) problems.push(`${name}: goes with ${g.with}, whose rows no rule makes due`);
    if (isLinked(d) && roots.has(d.table) && !purged(d)) problems.push(`${name}: a rule makes its rows due, but it does not say they go`);
    const own = planned(p);
    if (own?.heldBy !== undefined && !planned(byName.get(own.heldBy)?.purge)?.holdsBack) problems.push(`${name}: held back by ${own.heldBy}, which holds nothing back`);
    // A foreign key towards rows that go with a root: these go with it too, or hold the root's row back.
    if (isLinked(d)) {
      const withs = new Set((own?.goes ?? []).map((g) => g.with));
      for (const link of d.links) {
        if (link.enforced === false || link.references === d.table) continue;
        const target = byName.get(link.references);
        for (const g of planned(target?.purge)?.goes ?? []) {
          if (withs.has(g.with) || own?.holdsBack || own?.heldBy) continue;
          problems.push(`${name}.${link.column} → ${link.references}: those rows go with ${g.with}, these neither go with it nor hold it back — a purge would be refused by the foreign key`);
        }
      }
    }
  }
  return problems;
}
