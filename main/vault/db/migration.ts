import type Database from 'better-sqlite3-multiple-ciphers';

/** One numbered step of the schema (migrations/NNN-*.ts import this, not the list, so no import circle). */
export interface Migration {
  readonly name: string;
  /**
   * Tables this step rebuilds (create new, copy, drop old, rename), the only way SQLite changes a
   * column's CHECK. Foreign keys must be off for that — a drop inside a transaction counts every
   * child row as a violation that the rename never takes back (measured: the commit fails) — and
   * `PRAGMA foreign_keys` is a no-op inside a transaction, so the runner turns them off before it
   * and checks these tables and every table pointing at them before the transaction commits.
   */
  readonly rebuildsTables?: readonly string[];
  up(db: Database.Database): void;
}
