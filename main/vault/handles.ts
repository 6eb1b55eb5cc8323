import type { Db } from './db/open-vault';

/**
 * The database as the domains see it: a handle that says what it may do (the idea of Signal
 * Desktop's `ReadableDB`/`WritableDB`). Only main/vault/ and main/capabilities/ make one; the
 * domains (main/cases, main/meetings, …) receive one inside their capabilities
 * (main/capabilities/caps.ts) and never the vault, its key or the raw connection.
 *
 * - `ReadableDB` is the connection behind a guard: `prepare()` takes only a query (or a pragma
 *   that reads the schema's shape), checked on its text before SQLite compiles it and then by
 *   SQLite (`Statement.readonly`); `pragma()` only the reading ones; the members that change the
 *   database or the connection (`exec`, `transaction`, `backup`, `function`, `key`, `close`, …)
 *   throw. A read that tries to write fails at once, with `ReadOnlyHandleError`, and changes
 *   nothing. It guards the domains against mistakes, not against hostile code in the same process
 *   (a statement's `.database` is the connection).
 * - `WritableDB` is the connection itself (brand only): writes, transactions.
 *
 * A `WritableDB` is a `ReadableDB` (a writing call may read); never the other way round. The one
 * sanctioned write of a read is its audit row, which goes through the audit sink, not the handle.
 */
declare const readableBrand: unique symbol;
declare const writableBrand: unique symbol;

export type ReadableDB = Db & { readonly [readableBrand]: true };
export type WritableDB = ReadableDB & { readonly [writableBrand]: true };

export class ReadOnlyHandleError extends Error {
  override name = 'ReadOnlyHandleError';
}

/** Members of a connection a read-only handle refuses: they change the database, the connection or its functions. */
const REFUSED: ReadonlySet<PropertyKey> = new Set([
  'exec',
  'transaction',
  'backup',
  'serialize',
  'function',
  'aggregate',
  'table',
  'loadExtension',
  'defaultSafeIntegers',
  'unsafeMode',
  'close',
  'key',
  'rekey',
]);

/** A query: SELECT, WITH … SELECT, VALUES, or EXPLAIN [QUERY PLAN] of one. */
const QUERY = /^(?:EXPLAIN\s+(?:QUERY\s+PLAN\s+)?)?(?:SELECT|WITH|VALUES)\b/i;
/**
 * The pragmas a read may run: the schema's shape (a table's columns, keys, indexes) and counters.
 * Never one that sets, checkpoints, vacuums or touches the key — a name not listed is refused.
 */
const READ_PRAGMA =
  /^PRAGMA\s+(?:(?:table_info|table_xinfo|foreign_key_list|index_list|index_info|index_xinfo)\s*\(\s*(?:"[^"]*"|'[^']*'|\w+)\s*\)|user_version|schema_version|data_version|page_count|page_size|freelist_count|foreign_keys|journal_mode)\s*;?\s*$/i;

/** The statement's text with leading white space and comments taken off. */
function leadingText(sql: string): string {
  let text = sql;
  for (;;) {
    const trimmed = text.replace(/^\s+/, '');
    if (trimmed.startsWith('--')) {
      const end = trimmed.indexOf('\n');
      text = end < 0 ? '' : trimmed.slice(end + 1);
    } else if (trimmed.startsWith('/*')) {
      const end = trimmed.indexOf('*/');
      text = end < 0 ? '' : trimmed.slice(end + 2);
    } else return trimmed;
  }
}

function isReadText(sql: string): boolean {
  const text = leadingText(sql);
  return QUERY.test(text) || READ_PRAGMA.test(text);
}

/** One guard per connection, so statements cached per handle (db/statements.ts) are compiled once. */
const readOnlyViews = new WeakMap<Db, ReadableDB>();
/** The connection behind each guard, for the escape hatch alone. */
const readOnlyTargets = new WeakMap<ReadableDB, Db>();

/** The read-only handle of a connection (the same object for every call). */
export function readableHandle(db: Db): ReadableDB {
  let view = readOnlyViews.get(db);
  if (!view) {
    view = new Proxy(db, {
      get(target, property) {
        if (property === 'prepare') {
          return (sql: string) => {
            // Checked on the text first: SQLite compiles some statements it then calls read-only
            // that act while compiling (measured: preparing `PRAGMA rekey = …` with
            // SQLite3MultipleCiphers re-keys the file) or change the connection (`PRAGMA
            // secure_delete = OFF`, `ATTACH`, `BEGIN`). A read is a query, or a pragma that reads.
            if (!isReadText(sql)) throw new ReadOnlyHandleError(`A read-only handle prepares queries only: ${firstWords(sql)}`);
            const statement = target.prepare(sql);
            if (!statement.readonly) throw new ReadOnlyHandleError(`A read-only handle cannot prepare a statement that writes: ${firstWords(sql)}`);
            return statement;
          };
        }
        if (property === 'pragma') {
          return (source: string, options?: { simple?: boolean }) => {
            if (!READ_PRAGMA.test(`PRAGMA ${source}`)) throw new ReadOnlyHandleError(`A read-only handle reads only the pragmas that read: ${firstWords(source)}`);
            return target.pragma(source, options);
          };
        }
        if (REFUSED.has(property)) {
          return () => {
            throw new ReadOnlyHandleError(`A read-only handle cannot use ${String(property)}`);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
      set() {
        throw new ReadOnlyHandleError('A read-only handle cannot be changed');
      },
    }) as ReadableDB;
    readOnlyViews.set(db, view);
    readOnlyTargets.set(view, db);
  }
  return view;
}

/** The connection as a writing handle (the brand only: it is the connection). */
export function writableHandle(db: Db): WritableDB {
  return db as WritableDB;
}

/**
 * The escape hatch: a read-only handle's connection as a writing one. Every use names its reason
 * (a literal, so a review greps them all: `git grep -n unsafeWritable`); none in product code
 * today. Prefer declaring the function as writing.
 */
export function unsafeWritable(db: ReadableDB, reason: string): WritableDB {
  if (reason.trim().length < 10) throw new Error('unsafeWritable needs a reason a reviewer can read');
  return (readOnlyTargets.get(db) ?? db) as WritableDB;
}

/**
 * The connection behind a handle, as a key only (a read-only handle and its connection give the
 * same one): for what main/vault/ keeps per connection — the audit chain's walked runs
 * (audit/audit-log.ts) — so a preview through the read-only handle trusts, and forgets, the same
 * walks as a purge through the connection. An `object`, so nothing is prepared or written through it.
 */
export function connectionKey(db: Db): object {
  return readOnlyTargets.get(db as ReadableDB) ?? db;
}

function firstWords(sql: string): string {
  return sql.trim().replace(/\s+/g, ' ').slice(0, 60);
}
