import { z } from 'zod';

/**
 * What a handover packet holds (DESIGN.md, "Handover packets"), one zod schema per file, so the
 * sender writes and the receiver reads exactly these shapes. Versioned: a receiver refuses a
 * version it does not know.
 */
export const PACKET_FORMAT = 'teamvalv-packet/1';
export const CONTENT_SCHEMA = 'teamvalv-handover/1';

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
    files: z.object({ content: z.literal('handover.json'), pdf: z.literal('handover.pdf') }).strict(),
  })
  .strict();
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
