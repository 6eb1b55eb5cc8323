// A real SQLite foreign-key failure (the same binding as the vault, in memory, no key needed).
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { referenceAppError } from './constraint-error';

describe('referenceAppError', () => {
  it('names a foreign-key failure not_found, and nothing else', () => {
    const db = new Database(':memory:');
    try {
      db.pragma('foreign_keys = ON');
      db.exec('CREATE TABLE themes (id TEXT PRIMARY KEY); CREATE TABLE tags (theme_id TEXT NOT NULL REFERENCES themes(id)); CREATE TABLE names (name TEXT UNIQUE)');
      const failure = (sql: string): unknown => {
        try {
          db.exec(sql);
        } catch (error) {
          return error;
        }
        throw new Error('no failure');
      };
      expect(referenceAppError(failure("INSERT INTO tags VALUES ('nope')"))).toMatchObject({ code: 'not_found' });
      db.exec("INSERT INTO names VALUES ('a')");
      expect(referenceAppError(failure("INSERT INTO names VALUES ('a')"))).toBeNull();
      expect(referenceAppError(new Error('FOREIGN KEY constraint failed'))).toBeNull();
      expect(referenceAppError(null)).toBeNull();
    } finally {
      db.close();
    }
  });
});
