import { z } from 'zod';

/**
 * What a handover packet holds (DESIGN.md, "Handover packets"), one zod schema per file, so the
 * sender writes and the receiver reads exactly these shapes. Versioned: a receiver refuses a
 * version it does not know.
 */
export const PACKET_FORMAT = 'teamvalv-packet/1';
export const CONTENT_SCHEMA = 'teamvalv-handover/1';
/** A receipt's content (receipt.json): the receiver's answer to one handover packet. */
export const RECEIPT_SCHEMA = 'teamvalv-receipt/1';

const Line = z.string().max(300);
const Text = z.string().max(5000);
const IsoDate = z.iso.date();

export const OrgRef = z.object({ organisation: Line.min(1), orgNumber: z.string().max(20), function: Line }).strict();

export const PacketManifest = z
  .object({
    format: z.literal(PACKET_FORMAT),
    packetId: z.uuid(),
    /** Shared by every packet of one handover (a reply carries the same). */
    conversationId: z.uuid(),
    /** The packet this one answers, if any. */
    inReplyTo: z.uuid().nullable(),
    /** The signing organisation (the vault's) and, separately, the home organisation and function that hand over. */
    sender: OrgRef.extend({ homeOrganisation: Line.min(1) }).strict(),
    recipient: OrgRef.extend({ keyFingerprint: z.string().regex(/^(\d{5} ){7}\d{5}$/) }).strict(),
    confidential: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
    signer: z.object({ organisation: Line.min(1), fingerprint: z.string().regex(/^(\d{5} ){7}\d{5}$/) }).strict(),
    auditHead: z.object({ seq: z.number().int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    /**
     * Absent in a handover packet (so every packet written before receipts existed, and every
     * handover packet since, reads the same); 'receipt' in a receipt, which answers `inReplyTo`.
     */
    kind: z.literal('receipt').optional(),
    files: z.union([
      z.object({ content: z.literal('handover.json'), pdf: z.literal('handover.pdf') }).strict(),
      z.object({ content: z.literal('receipt.json'), pdf: z.literal('receipt.pdf') }).strict(),
    ]),
  })
  .strict()
  .superRefine((m, ctx) => {
    const receipt = m.kind === 'receipt';
    if (receipt !== (m.files.content === 'receipt.json')) ctx.addIssue({ code: 'custom', path: ['files'], message: 'A receipt holds receipt.json and receipt.pdf; a handover handover.json and handover.pdf' });
    if (receipt && m.inReplyTo === null) ctx.addIssue({ code: 'custom', path: ['inReplyTo'], message: 'A receipt names the packet it answers' });
  });
export type PacketManifest = z.infer<typeof PacketManifest>;

/** A finalised meeting's item on the case, with its later corrections (addenda, items marked wrong). Limits as the meeting's own. */
export const MinutesExcerpt = z
  .object({
    meetingDate: IsoDate,
    notes: z.string().max(20000),
    decisions: z.string().max(20000),
    actions: z.array(z.string().max(1000)).max(200),
    corrections: z.array(z.object({ kind: z.enum(['addendum', 'marked-wrong']), date: IsoDate, text: z.string().max(5000), reason: z.string().max(1000) }).strict()).max(100),
  })
  .strict();

export const HandoverContent = z
  .object({
    schema: z.literal(CONTENT_SCHEMA),
    caseCode: z.string().regex(/^[A-ZÅÄÖ]{1,4}-\d{4}-\d{3,4}$/),
    ageBand: z.string().max(10),
    date: IsoDate,
    from: OrgRef,
    to: OrgRef,
    participants: z.array(z.object({ name: Line.min(1), organisation: Line }).strict()).max(30),
    reason: Text,
    consent: z.object({ reference: Line.nullable(), validTo: IsoDate.nullable(), override: Text.nullable() }).strict(),
    goals: Text,
    insatser: z.array(z.object({ text: Line.min(1), responsible: Line }).strict()).max(30),
    newCaseOwner: Line,
    followUpDate: IsoDate.nullable(),
    earlierMinutes: z.array(MinutesExcerpt).max(500),
  })
  .strict();
export type HandoverContent = z.infer<typeof HandoverContent>;

/**
 * A receipt (receipt.json): the receiving organisation's answer to one handover packet — taken
 * over, or not taken over with a reason (guarded against identifiers like every text that leaves).
 * The manifest's `inReplyTo` names the packet; `answers` repeats it with the SHA-256 of the bytes
 * received, so a reader without Teamvalv can match the receipt to the file that was sent.
 */
export const RECEIPT_OUTCOMES = ['taken-over', 'not-taken-over'] as const;
export const ReceiptContent = z
  .object({
    schema: z.literal(RECEIPT_SCHEMA),
    answers: z.object({ packetId: z.uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/), caseCode: z.string().regex(/^[A-ZÅÄÖ]{1,4}-\d{4}-\d{3,4}$/) }).strict(),
    outcome: z.enum(RECEIPT_OUTCOMES),
    /** Why it was not taken over; null when it was. */
    reason: z.string().max(1000).nullable(),
    /** The day the packet was received (Swedish date) and the instant it was answered. */
    receivedOn: IsoDate,
    answeredAt: z.iso.datetime({ offset: true }),
    /** The answering organisation (the handover's receiver) and the one answered (its sender). */
    from: OrgRef,
    to: OrgRef,
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.outcome === 'taken-over' && c.reason !== null) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'A receipt that takes the case over gives no reason' });
    if (c.outcome === 'not-taken-over' && !c.reason?.trim()) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'A receipt that does not take the case over gives the reason' });
  });
export type ReceiptContent = z.infer<typeof ReceiptContent>;
