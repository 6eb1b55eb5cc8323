import type { Migration } from '../migration';

/**
 * Handover receipts (issue 20): the receiving organisation answers a handover packet with a signed,
 * encrypted receipt — taken over, or not taken over with a reason — linked by `inReplyTo`.
 * - `receipts_sent`: the receiver's side, one answer per received packet (UNIQUE packet_id);
 * - `packet_receipts`: the sender's side, the receipt imported for a packet it sent, at most one
 *   (UNIQUE packet_id): a second receipt is refused and changes nothing. Kept as received (the ZIP
 *   as signed), so the record can be verified again later.
 */
export const migration018: Migration = {
  name: '018-handover-receipts',
  up(db) {
    db.exec(`
      CREATE TABLE receipts_sent (
        id TEXT PRIMARY KEY,
        packet_id TEXT NOT NULL UNIQUE REFERENCES packets_received(id),
        recipient_key_id TEXT NOT NULL REFERENCES trusted_keys(id),
        signer_key_id TEXT NOT NULL REFERENCES org_keys(id),
        outcome TEXT NOT NULL CHECK (outcome IN ('taken-over', 'not-taken-over')),
        reason TEXT,
        encrypted INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES accounts(id)
      ) STRICT;

      CREATE TABLE packet_receipts (
        id TEXT PRIMARY KEY,
        packet_id TEXT NOT NULL UNIQUE REFERENCES packets_sent(id),
        signer_key_id TEXT NOT NULL REFERENCES trusted_keys(id),
        outcome TEXT NOT NULL CHECK (outcome IN ('taken-over', 'not-taken-over')),
        reason TEXT,
        received_on TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        manifest TEXT NOT NULL,
        content TEXT NOT NULL,
        pdf BLOB NOT NULL,
        packet BLOB NOT NULL,
        sha256 TEXT NOT NULL,
        encrypted INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL REFERENCES accounts(id)
      ) STRICT;
    `);
  },
};
