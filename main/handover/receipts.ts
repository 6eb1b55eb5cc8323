import { randomUUID } from 'node:crypto';
import { PACKET_FORMAT, type PacketManifest, type ReceiptContent } from '../../shared/handover/packet-model';
import { AppError } from '../../shared/ipc/errors';
import { stockholmDate } from '../../shared/time/zone';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { unreadableFor } from '../cases/access';
import { getCaseRow, requireReadableCase } from '../cases/repository';
import { auditHead } from '../vault/audit/audit-log';
import { receiptPdf } from './handover-pdf';
import { currentOrgKey, ownIdentities, ownOrganisation, trustedSigners } from './keys-repo';
import { PacketRefused, buildReceiptPacket, openReceipt } from './packet';
import { getHandover, getReceived, guarded, isDemo } from './repository';

/**
 * Handover receipts (issue 20). The receiving organisation answers a handover packet it imported
 * with a receipt — "mottaget och övertaget", or "mottaget, ej övertaget" with a reason — signed
 * with its key and encrypted to the key that signed the packet, linked by `inReplyTo`. The sender
 * imports the receipt under the packet it answers; its handover then shows the answer.
 *
 * Who may do what: R1 a receipt is written by a member of the receiving team who may read the
 * packet (H4), once per packet, never from a demo vault; R2 a receipt is imported by whoever may
 * read the handover's case (H1), and only for a packet we sent, signed by the very key the packet
 * was sent to, naming the bytes we sent, and only once — any refusal names its check and changes
 * nothing, not even the log. A reader who may not read the case is refused as for a packet never
 * sent from here (`receipt-unknown-packet`), so the refusal does not tell them the case exists.
 */

export type ReceiptOutcome = ReceiptContent['outcome'];

interface ReceivedFacts {
  team_id: string;
  signer_key_id: string;
  sha256: string;
  received_at: string;
}

interface SignerKey {
  id: string;
  age_recipient: string;
  fingerprint: string;
  revoked_at: string | null;
}

/** Refused as a packet check: the page words the code (handover.refused.<code>). */
const refused = (code: 'receipt-unknown-packet' | 'receipt-wrong-signer' | 'receipt-duplicate' | 'receipt-other-file' | 'bad-manifest'): AppError => new AppError('packet_refused', code);

/**
 * The receipt for a received packet: built from the stored packet, addressed and encrypted to the
 * key that signed it. Returns the bytes and what to record; the caller writes the file and then
 * records it with `recordReceiptSent` (as a handover export).
 */
export async function buildReceipt(caps: ReadCaps, input: { packetId: string; outcome: ReceiptOutcome; reason: string | null }) {
  const received = getReceived(caps, input.packetId);
  const facts = caps.db.prepare('SELECT team_id, signer_key_id, sha256, received_at FROM packets_received WHERE id = ?').get(input.packetId) as ReceivedFacts;
  if (!caps.access.activeRoles.has(facts.team_id)) throw new AppError('forbidden', 'Receipts are written by members of the receiving team', { reason: 'not_team_member' });
  if (isDemo(caps)) throw new AppError('forbidden', 'A demo vault never sends receipts', { reason: 'demo_vault' });
  if (caps.db.prepare('SELECT 1 FROM receipts_sent WHERE packet_id = ?').get(input.packetId)) throw new AppError('conflict', 'The packet was answered already', { reason: 'already_done' });
  const reason = input.outcome === 'taken-over' ? null : (input.reason?.trim() ?? '');
  if (input.outcome === 'not-taken-over' && !reason) throw new AppError('invalid_input', 'Say why the case is not taken over', { field: 'reason' });
  if (reason) guarded(caps, [reason]);
  // To the key that signed the packet: the sender imports the receipt only from it.
  const signer = caps.db.prepare('SELECT id, age_recipient, fingerprint, revoked_at FROM trusted_keys WHERE id = ?').get(facts.signer_key_id) as SignerKey;
  if (signer.revoked_at) throw new AppError('conflict', "The sender's key was revoked: ask the sender how to answer", { reason: 'no_confirmed_key' });
  const original = received.manifest;
  const key = currentOrgKey(caps);
  const own = ownOrganisation(caps);
  const now = caps.clock.now();
  const content: ReceiptContent = {
    schema: 'teamvalv-receipt/1',
    answers: { packetId: input.packetId, sha256: facts.sha256, caseCode: received.content.caseCode },
    outcome: input.outcome,
    reason,
    receivedOn: stockholmDate(new Date(facts.received_at)),
    answeredAt: now.toISOString(),
    from: received.content.to,
    to: received.content.from,
  };
  const manifest: PacketManifest = {
    format: PACKET_FORMAT,
    packetId: randomUUID(),
    conversationId: original.conversationId,
    inReplyTo: input.packetId,
    sender: { organisation: own.name, orgNumber: own.orgNumber, function: original.recipient.function, homeOrganisation: original.recipient.organisation },
    recipient: { organisation: original.sender.organisation, orgNumber: original.sender.orgNumber, function: original.sender.function, keyFingerprint: signer.fingerprint },
    confidential: true,
    createdAt: now.toISOString(),
    signer: { organisation: own.name, fingerprint: key.fingerprint },
    auditHead: auditHead(caps.db),
    kind: 'receipt',
    files: { content: 'receipt.json', pdf: 'receipt.pdf' },
  };
  const pdf = await receiptPdf(content, manifest, now);
  const bytes = await buildReceiptPacket({ manifest, content, pdf, signingPrivatePem: key.signing_private_pem, encryptTo: signer.age_recipient });
  const fileName = `kvitto-${content.answers.caseCode}-${stockholmDate(now)}-${manifest.packetId.slice(0, 8)}.zip.age`;
  return { bytes, fileName, manifest, content, teamId: facts.team_id, recipientKeyId: signer.id, signerKeyId: key.id };
}

/** Records a receipt written into its file, with its audit row; a packet is answered once. */
export function recordReceiptSent(
  caps: WriteCaps,
  sent: { receiptId: string; packetId: string; teamId: string; recipientKeyId: string; signerKeyId: string; outcome: ReceiptOutcome; reason: string | null; fileName: string; sha256: string },
): void {
  caps.db.transaction(() => {
    if (caps.db.prepare('SELECT 1 FROM receipts_sent WHERE packet_id = ?').get(sent.packetId)) throw new AppError('conflict', 'The packet was answered already', { reason: 'already_done' });
    caps.db
      .prepare('INSERT INTO receipts_sent (id, packet_id, recipient_key_id, signer_key_id, outcome, reason, encrypted, file_name, sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)')
      .run(sent.receiptId, sent.packetId, sent.recipientKeyId, sent.signerKeyId, sent.outcome, sent.reason, sent.fileName, sent.sha256, caps.clock.now().toISOString(), caps.access.actor.accountId);
    // The case code as handover.packet-exported records it: our own case the packet is linked to
    // (so the register extract for that code lists the answer). The code the packet and the receipt
    // name is the sender's, from another vault's series — it goes in the detail, never in the
    // case-code column, where it could name an unrelated local case of the same number.
    const codes = caps.db
      .prepare("SELECT c.code AS local, json_extract(p.content, '$.caseCode') AS packet FROM packets_received p LEFT JOIN cases c ON c.id = p.case_id WHERE p.id = ?")
      .get(sent.packetId) as { local: string | null; packet: string | null };
    caps.audit.record(
      'handover.receipt-sent',
      { packetId: sent.packetId, receiptId: sent.receiptId, outcome: sent.outcome, teamId: sent.teamId, sha256: sent.sha256, packetCaseCode: codes.packet },
      codes.local ?? undefined,
    );
  })();
}

interface SentFacts {
  id: string;
  handover_id: string;
  recipient_key_id: string;
  sha256: string;
  case_id: string;
  conversation_id: string;
}

/**
 * Imports a receipt for a packet we sent (R2). Refused — naming the check, writing nothing — when
 * it fails a packet check, answers no packet of ours, comes from another key than the one the
 * packet was sent to, names other bytes than we sent, or the packet has its receipt already.
 */
export async function importReceipt(caps: WriteCaps, input: { bytes: Buffer }): Promise<ReturnType<typeof getHandover>> {
  const own = ownIdentities(caps);
  let opened;
  try {
    opened = await openReceipt(input.bytes, { identities: own.identities, trusted: trustedSigners(caps), ownFingerprints: own.fingerprints });
  } catch (error) {
    if (error instanceof PacketRefused) throw new AppError('packet_refused', error.code);
    throw error;
  }
  const answered = opened.manifest.inReplyTo ?? '';
  const sent = caps.db
    .prepare('SELECT p.id, p.handover_id, p.recipient_key_id, p.sha256, h.case_id, h.conversation_id FROM packets_sent p JOIN handovers h ON h.id = p.handover_id WHERE p.id = ?')
    .get(answered) as SentFacts | undefined;
  // H1: the handover's readers take its receipt in. Someone who may not read the handover's case
  // is answered exactly as for a packet never sent from here: the refusal tells them nothing —
  // not even that the receipt belongs to a case in this vault.
  if (!sent || unreadableFor(caps, getCaseRow(caps, sent.case_id)) !== null) throw refused('receipt-unknown-packet');
  const kase = requireReadableCase(caps, sent.case_id);
  if (opened.signer.id !== sent.recipient_key_id) throw refused('receipt-wrong-signer');
  if (opened.manifest.conversationId !== sent.conversation_id) throw refused('bad-manifest');
  if (opened.content.answers.sha256 !== sent.sha256) throw refused('receipt-other-file');
  if (caps.db.prepare('SELECT 1 FROM packet_receipts WHERE packet_id = ? OR id = ?').get(sent.id, opened.manifest.packetId)) throw refused('receipt-duplicate');
  const { content } = opened;
  caps.db.transaction(() => {
    caps.db
      .prepare(
        `INSERT INTO packet_receipts (id, packet_id, signer_key_id, outcome, reason, received_on, answered_at, manifest, content, pdf, packet, sha256, encrypted, imported_at, imported_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        opened.manifest.packetId,
        sent.id,
        opened.signer.id,
        content.outcome,
        content.reason,
        content.receivedOn,
        content.answeredAt,
        JSON.stringify(opened.manifest),
        JSON.stringify(content),
        opened.pdf,
        opened.zip,
        opened.sha256,
        opened.encrypted ? 1 : 0,
        caps.clock.now().toISOString(),
        caps.access.actor.accountId,
      );
    caps.audit.record('handover.receipt-received', { handoverId: sent.handover_id, packetId: sent.id, receiptId: opened.manifest.packetId, outcome: content.outcome, signerKeyId: opened.signer.id, sha256: opened.sha256 }, kase.code);
  })();
  return getHandover(caps, sent.handover_id);
}
