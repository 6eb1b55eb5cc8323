import type { Db } from '../vault/db/open-vault';
import { type ExtractCase, type ExtractRecord, type GoneCase, type TableDeclaration, type TableExtract, extractsWith, isLinked, isPattern, isUnlinked } from './model';
import { subjectsOf } from './check';
import { RECORD_REGISTRY } from './registry';

type OwnExtract = Exclude<TableExtract, { with: string }>;

/** A table's own extract functions (none when its rows are listed with another table's, or it declares none). */
function ownExtract(d: TableDeclaration): OwnExtract | undefined {
  const extract = isUnlinked(d) ? undefined : d.extract;
  return extract === undefined || 'with' in extract ? undefined : extract;
}

/** Every record about an existing case, table by table in the registry's order (each table's own `forCase`). */
export function extractForCase(db: Db, kase: ExtractCase, registry: readonly TableDeclaration[] = RECORD_REGISTRY): ExtractRecord[] {
  return registry.flatMap((d) => ownExtract(d)?.forCase?.(db, kase) ?? []);
}

/** What outlives a case that has gone (each table's own `forGone`: a tombstone, log rows). */
export function extractForGone(db: Db, gone: GoneCase, registry: readonly TableDeclaration[] = RECORD_REGISTRY): ExtractRecord[] {
  return registry.flatMap((d) => ownExtract(d)?.forGone?.(db, gone) ?? []);
}

const nameOf = (d: TableDeclaration): string => (isPattern(d) ? d.describe : d.table);

/**
 * Every table whose rows are about a case says how the register extract lists them — its own
 * `forCase`, or `with` a table that has one — so a new case-linked table cannot be left out of it.
 */
export function checkExtracts(registry: readonly TableDeclaration[] = RECORD_REGISTRY): string[] {
  const problems: string[] = [];
  const listing = new Set(registry.flatMap((d) => (!isPattern(d) && ownExtract(d)?.forCase ? [d.table] : [])));
  for (const d of registry) {
    if (isUnlinked(d)) continue;
    const about = isPattern(d) ? d.links.flatMap((l) => subjectsOf(registry, l.references)) : subjectsOf(registry, d.table);
    const extract = isLinked(d) || isPattern(d) ? d.extract : undefined;
    if (!extract) {
      if (about.includes('case')) problems.push(`${nameOf(d)}: its rows are about a case, but ${d.domain} declares no extract for them (forCase, or with the table that lists them)`);
      continue;
    }
    if (extractsWith(extract) && !listing.has(extract.with)) problems.push(`${nameOf(d)}: listed with ${extract.with}, which lists no rows of its own for a case`);
  }
  return problems;
}
