import { z } from 'zod';

const Id = z.uuid();
const IsoDate = z.iso.date();
const Text = z.string().trim().max(5000);

export const CreateSessionInput = z.object({ teamId: Id, date: IsoDate, form: z.enum(['case', 'process']), participantMemberIds: z.array(Id).max(50) }).strict();
export const ChooseCasesInput = z.object({ sessionId: Id, caseIds: z.array(Id).max(50) }).strict();
export const AddThemeInput = z.object({ name: z.string().trim().min(1).max(80) }).strict();
export const TagCaseInput = z.object({ sessionId: Id, caseId: Id, themeIds: z.array(Id).max(20) }).strict();
export const ShareRecordInput = z.object({ sessionId: Id, caseId: Id.nullable(), summary: Text.min(1), approach: Text, actions: z.array(z.string().trim().min(1).max(500)).max(20) }).strict();

export const PreparedCase = z.object({
  caseId: Id,
  code: z.string(),
  readable: z.boolean(),
  unreadableReason: z.string().nullable(),
  timeline: z.array(z.object({ meetingDate: z.string(), notes: z.string(), decisions: z.string(), openActions: z.array(z.string()) })),
  earlierThemes: z.array(z.string()),
});

/** Marking a session held; a session dated after today needs `acknowledgeFutureDate` (else `needs_confirmation`). */
export const HoldSessionInput = z.object({ sessionId: Id, acknowledgeFutureDate: z.boolean().optional() }).strict();

export const SessionDetail = z.object({
  id: Id,
  teamId: Id,
  date: z.string(),
  week: z.number().int(),
  form: z.enum(['case', 'process']),
  status: z.enum(['planned', 'held']),
  heldAt: z.string().nullable(),
  datedAhead: z.boolean(),
  participants: z.array(z.object({ memberId: Id, displayName: z.string() })),
  cases: z.array(z.object({ caseId: Id, code: z.string(), readable: z.boolean(), unreadableReason: z.string().nullable(), themeIds: z.array(Id) })),
  records: z.array(z.object({ caseId: Id.nullable(), summary: z.string(), approach: z.string(), actions: z.array(z.string()), sharedAt: z.string() })),
});

export const SessionSummary = z.object({ id: Id, date: z.string(), week: z.number().int(), form: z.enum(['case', 'process']), status: z.enum(['planned', 'held']) });
export const Theme = z.object({ id: Id, name: z.string() });
export const ThemeCount = z.object({ theme: z.string(), month: z.string(), count: z.number().int() });

// Private notes: the author's own, encrypted with their note key; never shared, never indexed.
export const NoteKind = z.enum(['preparation', 'session']);
const NoteText = z.string().max(20000);
export const NoteKeyStatus = z.object({ state: z.enum(['none', 'open', 'locked']) });
export const PersonalCode = z.object({ personalCode: z.string() });
export const UnlockNotesInput = z.discriminatedUnion('method', [
  z.object({ method: z.literal('password'), password: z.string().min(1).max(1024) }).strict(),
  z.object({ method: z.literal('code'), code: z.string().min(1).max(200) }).strict(),
]);
export const PrivateNote = z.object({ kind: NoteKind, text: z.string(), savedAt: z.string().nullable(), draft: z.string().nullable(), draftAt: z.string().nullable() });
export const PrivateNotes = z.object({ sessionId: Id, preparation: PrivateNote.nullable(), session: PrivateNote.nullable() });
export const SaveNoteDraftInput = z.object({ sessionId: Id, kind: NoteKind, text: NoteText }).strict();
export const SaveNoteInput = z.object({ sessionId: Id, kind: NoteKind, text: NoteText, overrideReason: z.string().trim().min(5).max(500).nullable() }).strict();
