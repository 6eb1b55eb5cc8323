import type Database from 'better-sqlite3-multiple-ciphers';

/** One numbered step of the schema (migrations/NNN-*.ts import this, not the list, so no import circle). */
export interface Migration {
  readonly name: string;
  up(db: Database.Database): void;
}
