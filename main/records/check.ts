import type { Db } from '../vault/db/open-vault';
import { type LinkedTable, type PatternTable, type RecordLink, type RecordSubject, SUBJECT_TABLES, type TableDeclaration, type UnlinkedTable, isLinked, isPattern, isUnlinked } from './model';

/** The tables FTS5 makes beside each of its virtual tables: they hold the same text and go with it. */
const FTS5_SHADOW = /^(.*)_(data|idx|content|docsize|config)$/;

/** A column whose name says it points at a subject (or at a case by its code) must be a declared link. */
const LINK_LIKE_COLUMN = /(^|_)(case|meeting|session|handover|member)_(id|code)$/;

interface SchemaTable {
  readonly name: string;
  readonly virtual: boolean;
  readonly columns: ReadonlySet<string>;
  readonly foreignKeys: readonly { from: string; table: string; to: string | null }[];
}

/** The vault's tables as SQLite has them (`sqlite_master`, `table_xinfo`, `foreign_key_list`), SQLite's own left out. */
export function schemaTables(db: Db): SchemaTable[] {
  const rows = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string | null }[];
  return rows.map((row) => ({
    name: row.name,
    virtual: /^CREATE VIRTUAL TABLE/i.test(row.sql ?? ''),
    columns: new Set((db.prepare(`PRAGMA table_xinfo(${JSON.stringify(row.name)})`).all() as { name: string }[]).map((c) => c.name)),
    foreignKeys: db.prepare(`PRAGMA foreign_key_list(${JSON.stringify(row.name)})`).all() as { from: string; table: string; to: string | null }[],
  }));
}

/** The subjects a declared table's rows are about, following its links to the subject tables. */
export function subjectsOf(registry: readonly TableDeclaration[], table: string): RecordSubject[] {
  const byName = new Map(registry.filter((d) => !isPattern(d)).map((d) => [(d as LinkedTable).table, d]));
  const roots = new Map(Object.entries(SUBJECT_TABLES).map(([subject, root]) => [root, subject as RecordSubject]));
  const found = new Set<RecordSubject>();
  const seen = new Set<string>();
  /** A member is a subject of the rows that name them directly: not of every row about a case some member owns. */
  const walk = (name: string, depth: number): void => {
    if (seen.has(name) || (name === SUBJECT_TABLES.member && depth > 1)) return;
    seen.add(name);
    const root = roots.get(name);
    if (root) found.add(root);
    const declared = byName.get(name);
    if (declared && isLinked(declared)) for (const link of declared.links) if (!link.mentions || depth === 0) walk(link.references, depth + 1);
  };
  const pattern = registry.find((d): d is PatternTable => isPattern(d) && d.pattern.test(table));
  if (pattern) for (const link of pattern.links) walk(link.references, 1);
  else walk(table, 0);
  return [...found].sort();
}

/**
 * Everything about the schema the registry does not account for, as one sentence per problem
 * (empty when they agree): a table neither registered nor marked as holding no case-linked data;
 * a declared table that does not exist; a link whose column, target or foreign key is not what the
 * schema has; a foreign key (or a `…_id`/`case_code` column) towards case-linked data that no link
 * declares; a linked table that reaches no subject.
 */
export function checkRegistry(db: Db, registry: readonly TableDeclaration[]): string[] {
  const problems: string[] = [];
  const schema = schemaTables(db);
  const byName = new Map(schema.map((t) => [t.name, t]));
  const exact = new Map<string, LinkedTable | UnlinkedTable>();
  for (const d of registry) {
    if (isPattern(d)) continue;
    const other = exact.get(d.table);
    if (other) problems.push(`${d.table}: declared twice (by ${other.domain} and ${d.domain})`);
    exact.set(d.table, d);
  }
  const patterns = registry.filter(isPattern);
  const patternOf = (name: string): PatternTable | undefined => patterns.find((p) => p.pattern.test(name));
  /** Tables whose rows are about a subject: a foreign key towards one of them is a link to declare. */
  const caseLinked = (name: string): boolean => {
    const d = exact.get(name);
    return d !== undefined && isLinked(d);
  };

  // Every table is declared: by name, by a pattern, or as the FTS5 shadow table of a pattern's table.
  const covered = new Map<string, TableDeclaration>();
  for (const table of schema) {
    const declared = exact.get(table.name) ?? patternOf(table.name);
    if (declared) {
      covered.set(table.name, declared);
      continue;
    }
    const shadow = FTS5_SHADOW.exec(table.name);
    const base = shadow ? byName.get(shadow[1] ?? '') : undefined;
    const owner = base?.virtual ? patternOf(base.name) : undefined;
    if (owner) {
      covered.set(table.name, owner);
      continue;
    }
    const fks = table.foreignKeys.map((fk) => `${fk.from} → ${fk.table}`).join(', ') || 'none';
    problems.push(
      `${table.name}: neither registered nor marked as holding no case-linked data (columns: ${[...table.columns].join(', ')}; foreign keys: ${fks}) — declare it in its domain's records.ts (docs/architecture.md, "How to add a table")`,
    );
  }
  for (const d of exact.values()) {
    if (!byName.has(d.table)) problems.push(`${d.table}: declared by ${d.domain} but not in the schema`);
  }

  const checkLink = (table: SchemaTable, declared: TableDeclaration, link: RecordLink): void => {
    const where = `${table.name}.${link.column} → ${link.references}`;
    if (link.column !== 'rowid' && !table.columns.has(link.column)) problems.push(`${where}: ${table.name} has no column ${link.column}`);
    const target = byName.get(link.references);
    const targetDeclared = exact.get(link.references);
    const key = link.key ?? 'id';
    if (!target) problems.push(`${where}: no table ${link.references}`);
    else if (!target.columns.has(key)) problems.push(`${where}: ${link.references} has no column ${key}`);
    if (!targetDeclared || !isLinked(targetDeclared)) problems.push(`${where}: ${link.references} is not a declared table with case-linked data`);
    const fk = table.foreignKeys.find((f) => f.from === link.column && f.table === link.references && (f.to ?? 'id') === key);
    if (link.enforced === false) {
      if (!link.why) problems.push(`${where}: a link without a foreign key must say why`);
      if (fk) problems.push(`${where}: declared without a foreign key, but the schema has one`);
    } else if (!fk) {
      const actual = table.foreignKeys.filter((f) => f.from === link.column).map((f) => `${f.table}(${f.to ?? 'id'})`);
      problems.push(`${where}: no such foreign key in the schema (${link.column} ${actual.length ? `references ${actual.join(', ')}` : 'has none'}) — declared by ${declared.domain}`);
    }
  };

  for (const table of schema) {
    const declared = covered.get(table.name);
    if (!declared) continue;
    if (isPattern(declared)) {
      // The virtual table carries the links; its shadow tables are its storage.
      if (table.virtual) for (const link of declared.links) checkLink(table, declared, link);
      continue;
    }
    const links = isLinked(declared) ? declared.links : [];
    for (const link of links) checkLink(table, declared, link);
    const declaredColumns = new Set(links.map((l) => l.column));
    for (const fk of table.foreignKeys) {
      if (!caseLinked(fk.table) || links.some((l) => l.column === fk.from && l.references === fk.table)) continue;
      problems.push(
        isUnlinked(declared)
          ? `${table.name}: marked as holding no case-linked data, but ${fk.from} references ${fk.table}`
          : `${table.name}.${fk.from} → ${fk.table}: a foreign key towards case-linked data that ${declared.domain} does not declare as a link`,
      );
    }
    for (const column of table.columns) {
      if (LINK_LIKE_COLUMN.test(column) && !declaredColumns.has(column) && !table.foreignKeys.some((fk) => fk.from === column && caseLinked(fk.table))) {
        problems.push(`${table.name}.${column}: looks like a link to a case, meeting, session, handover or member, but ${declared.domain} declares no link for it`);
      }
    }
    if (isLinked(declared) && subjectsOf(registry, table.name).length === 0) problems.push(`${table.name}: declared with links that reach no case, meeting, session, handover or member`);
  }
  for (const p of patterns) if (p.links.length === 0) problems.push(`${p.describe}: a pattern entry must say how its rows link`);
  return problems;
}
