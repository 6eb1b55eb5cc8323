import type { Migration } from '../migration';

/**
 * Handovers between home organisations (DESIGN.md, "Handover packets"): the vault organisation's
 * own packet keys (private halves only here, inside the encrypted vault), the trust store of
 * partners' public keys, handover meetings, the packets sent (their hash and recipient), and the
 * packets received — read-only records with their provenance.
 */
export const migration008: Migration = {
  name: '008-handovers',
  up(db) {
    db.exec(`
      CREATE TABLE org_keys (
        id TEXT PRIMARY KEY,
        signing_public_pem TEXT NOT NULL,
        signing_private_pem TEXT NOT NULL,
        age_recipient TEXT NOT NULL,
        age_identity TEXT NOT NULL,
        fingerprint TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        retired_at TEXT,
        revoked_at TEXT
      ) STRICT;

      CREATE TABLE trusted_keys (
        id TEXT PRIMARY KEY,
        organisation_id TEXT NOT NULL REFERENCES organisations(id),
        -- NULL for a partner without Teamvalv: only its age recipient (we encrypt to it, never verify from it).
        signing_public_pem TEXT,
        age_recipient TEXT NOT NULL,
        fingerprint TEXT NOT NULL UNIQUE,
        file_organisation TEXT NOT NULL,
        file_org_number TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL REFERENCES accounts(id),
        confirmed_at TEXT,
        confirmed_by TEXT REFERENCES accounts(id),
        retired_at TEXT,
        revoked_at TEXT
      ) STRICT;

      CREATE TABLE handovers (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id),
        conversation_id TEXT NOT NULL,
        date TEXT NOT NULL,
        from_organisation_id TEXT NOT NULL REFERENCES organisations(id),
        from_function TEXT NOT NULL,
        to_organisation_id TEXT NOT NULL REFERENCES organisations(id),
        to_function TEXT NOT NULL,
        participants TEXT NOT NULL DEFAULT '[]',
        reason TEXT NOT NULL,
        consent_id TEXT REFERENCES case_consents(id),
        consent_override TEXT,
        goals TEXT NOT NULL,
        insatser TEXT NOT NULL DEFAULT '[]',
        new_case_owner TEXT NOT NULL,
        follow_up_date TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES accounts(id),
        CHECK (consent_id IS NOT NULL OR consent_override IS NOT NULL)
      ) STRICT;
      CREATE INDEX handovers_case ON handovers(case_id);

      CREATE TABLE packets_sent (
        id TEXT PRIMARY KEY,
        handover_id TEXT NOT NULL REFERENCES handovers(id),
        recipient_key_id TEXT NOT NULL REFERENCES trusted_keys(id),
        signer_key_id TEXT NOT NULL REFERENCES org_keys(id),
        encrypted INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES accounts(id)
      ) STRICT;

      CREATE TABLE packets_received (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams(id),
        signer_key_id TEXT NOT NULL REFERENCES trusted_keys(id),
        conversation_id TEXT NOT NULL,
        manifest TEXT NOT NULL,
        content TEXT NOT NULL,
        pdf BLOB NOT NULL,
        -- The ZIP exactly as signed (decrypted): the record can be verified again later.
        packet BLOB NOT NULL,
        sha256 TEXT NOT NULL,
        encrypted INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
        warnings TEXT NOT NULL DEFAULT '[]',
        received_at TEXT NOT NULL,
        received_by TEXT NOT NULL REFERENCES accounts(id),
        case_id TEXT REFERENCES cases(id)
      ) STRICT;
    `);
  },
};
