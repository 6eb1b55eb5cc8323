import type { Migration } from '../migration';

/** Vault metadata, our own organisation, accounts and the audit log. */
export const migration001: Migration = {
  name: '001-initial',
  up(db) {
    db.exec(`
      CREATE TABLE vault_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE organisations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        org_number TEXT NOT NULL UNIQUE,
        is_own INTEGER NOT NULL DEFAULT 0 CHECK (is_own IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX organisations_one_own ON organisations(is_own) WHERE is_own = 1;

      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        organisation_id TEXT NOT NULL REFERENCES organisations(id),
        is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
        is_psychologist INTEGER NOT NULL DEFAULT 0 CHECK (is_psychologist IN (0, 1)),
        must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
        created_at TEXT NOT NULL,
        removed_at TEXT
      ) STRICT;

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        account_id TEXT,
        organisation_id TEXT,
        action TEXT NOT NULL,
        case_code TEXT,
        detail TEXT NOT NULL DEFAULT '{}',
        prev_hash TEXT NOT NULL,
        row_hash TEXT NOT NULL
      ) STRICT;
    `);
  },
};
