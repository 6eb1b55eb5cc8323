import { z } from 'zod';
import { HandoverContent, PacketManifest, RECEIPT_OUTCOMES } from './packet-model';

const Id = z.uuid();
const IsoDate = z.iso.date();
const Line = z.string().trim().max(300);
const Text = z.string().trim().max(5000);
const Fingerprint = z.string().regex(/^(\d{5} ){7}\d{5}$/);

// Handover meetings.
export const CreateHandoverInput = z
  .object({
    caseId: Id,
    date: IsoDate,
    fromOrganisationId: Id,
    fromFunction: Line.min(1),
    toOrganisationId: Id,
    /** A function address at the receiving organisation, not a named person. */
    toFunction: Line.min(1),
    participantMemberIds: z.array(Id).max(30),
    guests: z.array(z.object({ name: Line.min(1), organisationId: Id }).strict()).max(10),
    reason: Text.min(1),
    consentId: Id.nullable(),
    consentOverride: z.string().trim().min(10).max(1000).nullable(),
    goals: Text,
    insatser: z.array(z.object({ text: Line.min(1), responsible: Line.min(1) }).strict()).max(30),
    newCaseOwner: Line.min(1),
    followUpDate: IsoDate.nullable(),
  })
  .strict();

export const HandoverSummary = z.object({
  id: Id,
  caseId: Id,
  caseCode: z.string(),
  date: z.string(),
  fromOrganisation: z.string(),
  toOrganisation: z.string(),
  toFunction: z.string(),
  consentOverride: z.boolean(),
  sent: z.array(
    z.object({
      packetId: Id,
      createdAt: z.string(),
      encrypted: z.boolean(),
      sha256: z.string(),
      fileName: z.string(),
      /** The receiver's receipt, once imported (issue 20): null while the packet is only sent. */
      receipt: z.object({ outcome: z.enum(RECEIPT_OUTCOMES), reason: z.string().nullable(), receivedOn: z.string(), answeredAt: z.string(), importedAt: z.string() }).nullable(),
    }),
  ),
});

export const ConsentOption = z.object({ id: Id, organisation: z.string(), validFrom: z.string(), validTo: z.string(), paperFiledAt: z.string() });

export const ExportPreviewInput = z.object({ handoverId: Id, includeMinutes: z.boolean() }).strict();
export const ExportPreview = z.object({
  content: HandoverContent,
  /** SHA-256 of the content's canonical JSON: the export must carry it, so nothing else is written. */
  contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  recipient: z
    .object({
      organisation: z.string(),
      fingerprint: Fingerprint,
      function: z.string(),
      /** What the admin compared by phone when trusting the key: the fingerprint, or for a partner without Teamvalv its age recipient. */
      compared: z.string().optional(),
    })
    .nullable(),
  /** Why the export cannot go now (no confirmed key for the receiver, consent lapsed …), else null. */
  blocked: z.enum(['no-recipient-key', 'consent-lapsed', 'demo-vault']).nullable(),
});
export const ExportHandoverInput = z
  .object({
    handoverId: Id,
    includeMinutes: z.boolean(),
    /** false writes a plaintext packet: an explicit, audited choice. */
    encrypt: z.boolean(),
    /** The preview's content hash: what the user saw is what is written. */
    contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
    folder: z.string().min(1).max(4096),
  })
  .strict();
export const ExportedPacket = z.object({ file: z.string(), sha256: z.string(), packetId: Id, encrypted: z.boolean() });

// Keys and the trust store.
export const OwnKey = z.object({ id: Id, fingerprint: Fingerprint, signingKeyHash: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.string(), retiredAt: z.string().nullable(), revokedAt: z.string().nullable(), current: z.boolean() });
export const TrustedKey = z.object({
  id: Id,
  organisationId: Id,
  organisation: z.string(),
  /** A Teamvalv key file (signs and receives) or a bare age recipient (a partner without Teamvalv: receives only). */
  kind: z.enum(['teamvalv', 'age-recipient']),
  ageRecipient: z.string(),
  fileOrganisation: z.string(),
  fingerprint: Fingerprint,
  importedAt: z.string(),
  confirmedAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const ImportKeyInput = z.object({ organisationId: Id, keyFile: z.string().min(1).max(10000) }).strict();
/** What the admin heard on the phone: the fingerprint's last two groups (or the recipient string's last ten characters). */
export const ConfirmKeyInput = z.object({ keyId: Id, heard: z.string().trim().min(10).max(40) }).strict();
export const KeyRef = z.object({ keyId: Id }).strict();
export const RetireOwnInput = z.object({ mode: z.enum(['retire', 'revoke']), reason: z.string().trim().min(5).max(500) }).strict();
export const OwnKeyFile = z.object({ fileName: z.string(), text: z.string(), fingerprint: Fingerprint });

// Received packets.
/** The packet's bytes as base64 (a file the user dropped or chose; at most 20 MB). */
export const ImportPacketInput = z.object({ teamId: Id, fileName: z.string().max(300), base64: z.string().min(1).max(28_000_000) }).strict();
export const ReceivedSummary = z.object({
  packetId: Id,
  caseCode: z.string(),
  signer: z.string(),
  signerFingerprint: Fingerprint,
  createdAt: z.string(),
  receivedAt: z.string(),
  encrypted: z.boolean(),
  warnings: z.array(z.string()),
  /** The signer's key was revoked after this packet was imported. */
  signerRevoked: z.boolean(),
  linkedCaseId: Id.nullable(),
  linkedCaseCode: z.string().nullable(),
  /** Our receipt for the packet, once written (issue 20). */
  answer: z.object({ outcome: z.enum(RECEIPT_OUTCOMES), reason: z.string().nullable(), answeredAt: z.string() }).nullable(),
});
export const ReceivedPacket = ReceivedSummary.extend({ manifest: PacketManifest, content: HandoverContent });
export const LinkReceivedInput = z.object({ packetId: Id, caseId: Id.nullable() }).strict();

// Receipts (issue 20): the receiver answers a packet; the sender imports the answer.
/** The answer to a received packet, written into a folder the user picks (always encrypted to the packet's signer). */
export const SendReceiptInput = z
  .object({
    packetId: Id,
    outcome: z.enum(RECEIPT_OUTCOMES),
    /** Why the case is not taken over (required then, guarded against identifiers); null when it is taken over. */
    reason: z.string().trim().max(1000).nullable(),
    folder: z.string().min(1).max(4096),
  })
  .strict();
export const SentReceipt = z.object({ file: z.string(), sha256: z.string(), receiptId: Id });
/** A receipt file's bytes as base64 (as a packet's). */
export const ImportReceiptInput = z.object({ fileName: z.string().max(300), base64: z.string().min(1).max(28_000_000) }).strict();
