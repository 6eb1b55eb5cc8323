import { type ExtractRecord, declareRecords } from '../records/model';
import type { WriteCaps } from '../capabilities/caps';
import { cachedStatement } from '../vault/db/statements';

/** Received packets' records go (ids as a JSON array); their ids stay known so the same packet cannot be imported again. */
function removeReceivedPackets(caps: WriteCaps, idsJson: string): void {
  cachedStatement(caps.db, 'INSERT OR IGNORE INTO purged_packet_ids (packet_id, purged_at) SELECT value, ? FROM json_each(?)').run(caps.clock.now().toISOString(), idsJson);
  cachedStatement(caps.db, 'DELETE FROM packets_received WHERE id IN (SELECT value FROM json_each(?))').run(idsJson);
}

/** The tables the handover domain owns (main/records/model.ts says what a declaration means). */
export const HANDOVER_RECORDS = declareRecords('handover', [
  {
    table: 'handovers',
    subject: 'handover',
    links: [
      { column: 'case_id', references: 'cases' },
      { column: 'consent_id', references: 'case_consents' },
    ],
    gallring: { rows: 'SELECT rowid FROM handovers WHERE case_id = @id', part: 'handovers' },
    // The handovers rule: a handover goes by its date, with the packets sent for it.
    purge: {
      due: { name: 'handovers', rule: 'handovers', sql: 'SELECT id, date AS at FROM handovers WHERE date < ?', bound: 'day' },
      lastEntries: ['SELECT case_id, date FROM handovers'],
      holdsBack: 'EXISTS (SELECT 1 FROM handovers h WHERE h.case_id = d.value AND h.id NOT IN (SELECT value FROM json_each(@handovers)))',
      goes: [{ with: 'handovers', delete: 'DELETE FROM handovers WHERE id IN (SELECT value FROM json_each(?))' }],
    },
    extract: {
      // Each handover with the packets sent for it under it.
      forCase: (db, kase): ExtractRecord[] => {
        const records: ExtractRecord[] = [];
        for (const h of db.prepare('SELECT h.id, h.date, o.name AS to_org, h.to_function, h.reason, h.goals, h.consent_override FROM handovers h JOIN organisations o ON o.id = h.to_organisation_id WHERE h.case_id = ? ORDER BY h.date').all(kase.id) as {
          id: string;
          date: string;
          to_org: string;
          to_function: string;
          reason: string;
          goals: string;
          consent_override: string | null;
        }[]) {
          records.push({ kind: 'handover', date: h.date, text: `Överlämning till ${h.to_org} (${h.to_function}): ${h.reason} Mål: ${h.goals}${h.consent_override ? ` Utan samtycke, motivering: ${h.consent_override}` : ''}` });
          for (const p of db
            .prepare('SELECT p.created_at, p.encrypted, p.sha256, r.outcome, r.reason, r.received_on, r.imported_at FROM packets_sent p LEFT JOIN packet_receipts r ON r.packet_id = p.id WHERE p.handover_id = ? ORDER BY p.created_at')
            .all(h.id) as { created_at: string; encrypted: number; sha256: string; outcome: string | null; reason: string | null; received_on: string | null; imported_at: string | null }[]) {
            records.push({ kind: 'packet-sent', date: p.created_at, text: `Paket skickat${p.encrypted ? ' (krypterat)' : ' (okrypterat)'}, SHA-256 ${p.sha256}` });
            // The receiver's receipt, under the packet it answers.
            if (p.outcome && p.imported_at) {
              records.push({ kind: 'packet-received', date: p.imported_at, text: `Kvitto: ${p.outcome === 'taken-over' ? 'mottaget och övertaget' : `mottaget, ej övertaget. Skäl: ${p.reason ?? ''}`} (mottaget ${p.received_on ?? ''})` });
            }
          }
        }
        return records;
      },
    },
  },
  {
    table: 'packets_sent',
    links: [{ column: 'handover_id', references: 'handovers' }],
    gallring: { rows: 'SELECT rowid FROM packets_sent WHERE handover_id IN (SELECT id FROM handovers WHERE case_id = @id)', part: 'packetsSent' },
    purge: { goes: [{ with: 'handovers', delete: 'DELETE FROM packets_sent WHERE handover_id IN (SELECT value FROM json_each(?))' }] },
    extract: { with: 'handovers', why: 'listed under the handover it was sent for' },
  },
  {
    table: 'packets_received',
    links: [
      { column: 'case_id', references: 'cases' },
      {
        column: 'conversation_id',
        references: 'handovers',
        key: 'conversation_id',
        enforced: false,
        why: 'a packet not linked to a case belongs to the case whose handover began its conversation (a partner may reply before anyone links it)',
      },
    ],
    // Linked to the case, or unlinked in one of its conversations; their ids stay known so the same packet cannot be imported again.
    gallring: {
      rows: `SELECT rowid FROM packets_received WHERE case_id = @id OR (case_id IS NULL AND conversation_id IN (
        SELECT conversation_id FROM handovers WHERE case_id = @id UNION SELECT conversation_id FROM packets_received WHERE case_id = @id))`,
      part: 'packetsReceived',
      remove: (caps, rowids) => removeReceivedPackets(caps, JSON.stringify(caps.db.prepare('SELECT id FROM packets_received WHERE rowid IN (SELECT value FROM json_each(?))').pluck().all(rowids))),
    },
    // Under the handovers rule too, by the day they came in (from the instant it begins in Stockholm).
    purge: {
      due: { name: 'packets', rule: 'handovers', sql: 'SELECT id, received_at AS at FROM packets_received WHERE received_at < ?', bound: 'instant' },
      lastEntries: ['SELECT case_id, received_at FROM packets_received WHERE case_id IS NOT NULL'],
      holdsBack: 'EXISTS (SELECT 1 FROM packets_received p WHERE p.case_id = d.value AND p.id NOT IN (SELECT value FROM json_each(@packets)))',
      goes: [{ with: 'packets_received', remove: removeReceivedPackets }],
    },
    extract: {
      // Linked to the case, or unlinked in one of its conversations (as early gallring counts them).
      forCase: (db, kase): ExtractRecord[] =>
        (
          db
            .prepare(
              `SELECT p.received_at, p.sha256, p.case_id IS NOT NULL AS linked, s.outcome, s.reason, s.created_at AS answered_at FROM packets_received p LEFT JOIN receipts_sent s ON s.packet_id = p.id
               WHERE p.case_id = @id OR (p.case_id IS NULL AND p.conversation_id IN (
                 SELECT conversation_id FROM handovers WHERE case_id = @id UNION SELECT conversation_id FROM packets_received WHERE case_id = @id)) ORDER BY p.received_at`,
            )
            .all({ id: kase.id }) as { received_at: string; sha256: string; linked: number; outcome: string | null; reason: string | null; answered_at: string | null }[]
        ).flatMap((r) => [
          {
            kind: 'packet-received',
            date: r.received_at,
            text: r.linked ? `Mottaget paket kopplat till ärendet, SHA-256 ${r.sha256}` : `Mottaget paket i en av ärendets överlämningar, inte kopplat till ärendet, SHA-256 ${r.sha256}`,
          },
          // Our receipt for it, under it.
          ...(r.outcome && r.answered_at
            ? [{ kind: 'packet-sent', date: r.answered_at, text: `Kvitto skickat: ${r.outcome === 'taken-over' ? 'mottaget och övertaget' : `mottaget, ej övertaget. Skäl: ${r.reason ?? ''}`}` }]
            : []),
        ]),
    },
  },
  {
    // The receiver's answers to packets it received (issue 20): they go with the packet answered.
    table: 'receipts_sent',
    links: [{ column: 'packet_id', references: 'packets_received' }],
    gallring: {
      rows: `SELECT s.rowid FROM receipts_sent s JOIN packets_received p ON p.id = s.packet_id WHERE p.case_id = @id OR (p.case_id IS NULL AND p.conversation_id IN (
        SELECT conversation_id FROM handovers WHERE case_id = @id UNION SELECT conversation_id FROM packets_received WHERE case_id = @id))`,
      part: 'receiptsSent',
    },
    purge: { goes: [{ with: 'packets_received', delete: 'DELETE FROM receipts_sent WHERE packet_id IN (SELECT value FROM json_each(?))' }] },
    extract: { with: 'packets_received', why: 'listed under the received packet it answers' },
  },
  {
    // The sender's side: the receipt imported for a packet it sent (issue 20), with that packet.
    table: 'packet_receipts',
    links: [{ column: 'packet_id', references: 'packets_sent' }],
    gallring: { rows: 'SELECT rowid FROM packet_receipts WHERE packet_id IN (SELECT id FROM packets_sent WHERE handover_id IN (SELECT id FROM handovers WHERE case_id = @id))', part: 'receiptsReceived' },
    purge: {
      goes: [{ with: 'handovers', delete: 'DELETE FROM packet_receipts WHERE packet_id IN (SELECT id FROM packets_sent WHERE handover_id IN (SELECT value FROM json_each(?)))' }],
    },
    extract: { with: 'handovers', why: 'listed under the packet it answers, under its handover' },
  },
  { table: 'trusted_keys', noCaseData: "partner organisations' public keys and who confirmed them" },
  { table: 'org_keys', noCaseData: "our organisation's own key pairs for signing and receiving packets" },
]);
