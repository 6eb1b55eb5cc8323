import { GALLRING_PARTS, type GallringCounts } from '../../shared/retention/model';
import type { Db } from '../vault/db/open-vault';
import type { WriteCaps } from '../capabilities/caps';
import { subjectsOf } from './check';
import { type ExtractCase, type LinkedTable, type TableDeclaration, type TableGallring, isLinked, isPattern } from './model';
import { RECORD_REGISTRY } from './registry';

type RowsGallring = Extract<TableGallring, { rows: string }>;
type RedactGallring = Extract<TableGallring, { redacts: string }>;

/** What an early gallring of one case takes: per table the rowids read before anything goes, and the counts. */
export interface CaseGallringPlan {
  readonly counts: GallringCounts;
  readonly deletions: readonly { readonly table: string; readonly gallring: RowsGallring; readonly rowids: readonly number[] }[];
  readonly redactions: readonly RedactGallring[];
}

/** Linked tables in an order where each comes before every table it links to (children before parents). */
export function childrenFirst(tables: readonly LinkedTable[]): LinkedTable[] {
  const byName = new Map(tables.map((t) => [t.table, t]));
  const done = new Set<string>();
  const order: LinkedTable[] = [];
  const visiting = new Set<string>();
  // A table goes after every table that links to it: visit the tables referring to it first.
  const referrers = (name: string): LinkedTable[] => tables.filter((t) => t.table !== name && t.links.some((l) => l.references === name));
  const visit = (t: LinkedTable): void => {
    if (done.has(t.table)) return;
    if (visiting.has(t.table)) throw new Error(`the record registry's links make a cycle through ${t.table}`);
    visiting.add(t.table);
    for (const child of referrers(t.table)) visit(child);
    visiting.delete(t.table);
    done.add(t.table);
    order.push(t);
  };
  for (const t of byName.values()) visit(t);
  return order;
}

/** Reads every row early gallring would take for the case, and counts them (nothing is changed). */
export function planCaseGallring(db: Db, kase: ExtractCase, registry: readonly TableDeclaration[] = RECORD_REGISTRY): CaseGallringPlan {
  const counts = Object.fromEntries(GALLRING_PARTS.map((part) => [part, 0])) as Record<keyof GallringCounts, number>;
  const deletions: { table: string; gallring: RowsGallring; rowids: number[] }[] = [];
  const redactions: RedactGallring[] = [];
  for (const t of childrenFirst(registry.filter(isLinked))) {
    const g = t.gallring;
    if (!g) continue;
    if ('rows' in g) {
      const rowids = (db.prepare(g.rows).pluck().all({ id: kase.id }) as number[]).sort((a, b) => a - b);
      if (g.part) counts[g.part] += rowids.length;
      deletions.push({ table: t.table, gallring: g, rowids });
    } else if ('redacts' in g) {
      counts[g.redacts] += g.count(db, kase);
      redactions.push(g);
    }
  }
  return { counts, deletions, redactions };
}

/** Carries out a plan inside the caller's transaction: the redactions, then the deletions children first. */
export function carryOutCaseGallring(caps: WriteCaps, kase: ExtractCase, decision: { reference: string; date: string }, plan: CaseGallringPlan): void {
  for (const r of plan.redactions) r.redact(caps, kase, decision);
  for (const d of plan.deletions) {
    if (d.rowids.length === 0) continue;
    const ids = JSON.stringify(d.rowids);
    if (d.gallring.remove) d.gallring.remove(caps, ids);
    else caps.db.prepare(`DELETE FROM ${d.table} WHERE rowid IN (SELECT value FROM json_each(?))`).run(ids);
  }
}

/**
 * Every table whose rows are about a case says what early gallring does with them (goes, is
 * redacted, is kept and why, or goes with another table), and every part of the counts is made by
 * some table — so a new case-linked table cannot be left behind by a gallring decision.
 */
export function checkGallring(registry: readonly TableDeclaration[] = RECORD_REGISTRY): string[] {
  const problems: string[] = [];
  const parts = new Set<string>();
  const names = new Set(registry.flatMap((d) => (isLinked(d) ? [d.table] : [])));
  for (const d of registry) {
    if (!isLinked(d) && !isPattern(d)) continue;
    const name = isPattern(d) ? d.describe : d.table;
    const about = isPattern(d) ? d.links.flatMap((l) => subjectsOf(registry, l.references)) : subjectsOf(registry, d.table);
    const g = d.gallring;
    if (!g) {
      if (about.includes('case')) problems.push(`${name}: its rows are about a case, but ${d.domain} does not say what early gallring does with them`);
      continue;
    }
    if ('rows' in g && g.part) parts.add(g.part);
    if ('redacts' in g) parts.add(g.redacts);
    if ('with' in g && !names.has(g.with)) problems.push(`${name}: goes with ${g.with}, which is not a declared table`);
    if ('rows' in g && isPattern(d)) problems.push(`${name}: a pattern entry's rows go with a table's (with), not by a query of their own`);
  }
  // A table pointing at rows that go in a gallring (a supervision session, a handover…) must say what
  // happens to its own rows, whatever it is about: unsaid, the gallring is refused by the foreign key,
  // or (an unenforced link) its rows silently stay. Kept rows cannot hold an enforced key to rows that go.
  const byName = new Map(registry.flatMap((d) => (isLinked(d) ? [[d.table, d] as const] : [])));
  for (const d of registry) {
    if (!isLinked(d)) continue;
    for (const link of d.links) {
      if (link.references === d.table) continue;
      const target = byName.get(link.references)?.gallring;
      if (!target || !('rows' in target)) continue;
      // (A table about a case without a declaration is named above already.)
      if (!d.gallring) {
        if (!subjectsOf(registry, d.table).includes('case')) problems.push(`${d.table}.${link.column} → ${link.references}: those rows go in an early gallring, but ${d.domain} does not say what happens to these`);
      }
      else if ('keeps' in d.gallring && link.enforced !== false) problems.push(`${d.table}.${link.column} → ${link.references}: kept rows hold a foreign key to rows an early gallring deletes — it would be refused`);
    }
  }
  for (const part of GALLRING_PARTS) if (!parts.has(part)) problems.push(`gallring count ${part}: no table makes it`);
  return problems;
}
