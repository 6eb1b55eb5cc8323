import type { Migration } from '../../vault/db/migration';

/**
 * A table about a case that no domain has declared, added by a migration applied only in a test:
 * the registry, gallring and purge tests show what happens with and without its declaration.
 */
export const PROBE_NOTES: Migration = {
  name: 'probe-case-notes',
  up(db) {
    db.exec('CREATE TABLE probe_notes (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), body TEXT NOT NULL) STRICT');
  },
};
