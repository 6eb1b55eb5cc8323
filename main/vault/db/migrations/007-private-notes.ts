import type { Migration } from '../migration';

/**
 * Private notes (DESIGN.md, "Security model"): the psychologist's preparation and own session
 * notes, drafts included. Their text is only ever stored as AES-256-GCM ciphertext under the
 * author's note key; the note key is stored wrapped twice — by the author's password (through
 * the account slot's Argon2id run, bound to that slot's salt) and by a personal code shown only to
 * the author. Nothing here is indexed; there is no plaintext column for the text.
 */
export const migration007: Migration = {
  name: '007-private-notes',
  up(db) {
    db.exec(`
      CREATE TABLE private_note_keys (
        account_id TEXT PRIMARY KEY REFERENCES accounts(id),
        password_salt TEXT NOT NULL,
        password_kdf TEXT NOT NULL,
        password_nonce TEXT NOT NULL,
        password_ciphertext TEXT NOT NULL,
        code_salt TEXT NOT NULL,
        code_nonce TEXT NOT NULL,
        code_ciphertext TEXT NOT NULL,
        created_at TEXT NOT NULL,
        rewrapped_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE private_notes (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        session_id TEXT NOT NULL REFERENCES supervision_sessions(id),
        kind TEXT NOT NULL CHECK (kind IN ('preparation', 'session')),
        nonce BLOB,
        ciphertext BLOB,
        saved_at TEXT,
        draft_nonce BLOB,
        draft_ciphertext BLOB,
        draft_at TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (account_id, session_id, kind),
        CHECK ((nonce IS NULL) = (ciphertext IS NULL)),
        CHECK ((draft_nonce IS NULL) = (draft_ciphertext IS NULL))
      ) STRICT;
    `);
  },
};
