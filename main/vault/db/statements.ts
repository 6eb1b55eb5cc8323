import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from './open-vault';

/**
 * Statements compiled once per connection and reused (issue 16): `prepare()` parses and plans the
 * SQL every time it is called, which on the hot reads cost more than running them. Keyed by the
 * connection (a closed or replaced connection's statements go with it) and by the SQL text, which
 * is always a literal of the code — never built from input (values are bound). A bound keeps a bug
 * that did build SQL from data from growing the cache without end.
 *
 * Callers use `.get()`, `.all()` and `.run()` only: a statement's modes (`pluck`, `raw`, `expand`)
 * would stay set for the next caller, and an unfinished `.iterate()` would hold it busy.
 */
const MAX_STATEMENTS = 500;
const caches = new WeakMap<Db, Map<string, Database.Statement>>();

export function cachedStatement(db: Db, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= MAX_STATEMENTS) cache.clear();
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
