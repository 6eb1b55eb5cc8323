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

export const SessionSummary = z.object({ id: Id, date: z.string(), week: z.number().int(), form: z.enum(['case', 'process']), status: z.enum(['planned', 'held']) });
export const Theme = z.object({ id: Id, name: z.string() });
export const ThemeCount = z.object({ theme: z.string(), month: z.string(), count: z.number().int() });
