import { z } from 'zod';
import { UnreadableReason } from '../cases/model';
import { ADDENDUM_KINDS, AGENDA_KINDS, ATTENDANCE, CONSENT_WARNINGS } from './codes';

const Id = z.uuid();
const IsoDate = z.iso.date();
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
/** Free text of a case item: long enough for a discussion, short enough to refuse nonsense. */
const NoteText = z.string().max(20_000);

export const Attendance = z.enum(ATTENDANCE);
export const AgendaKind = z.enum(AGENDA_KINDS);
export const ConsentWarning = z.enum(CONSENT_WARNINGS);

export const ActionInput = z
  .object({
    id: Id.optional(),
    text: z.string().trim().min(1).max(1000),
    responsibleMemberId: Id.nullable(),
    dueDate: IsoDate,
  })
  .strict();

/** What the editor holds for one case item: also the shape of a draft. */
export const ItemBody = z
  .object({
    notes: NoteText,
    decisions: NoteText,
    nextFollowUp: IsoDate.nullable(),
    actions: z.array(ActionInput).max(50),
  })
  .strict();
export type ItemBody = z.infer<typeof ItemBody>;

export const ActionView = z.object({
  id: Id,
  /** The action's case; null for an "övrig punkt"'s action (the team's own work, issue 20). */
  caseId: Id.nullable(),
  text: z.string(),
  responsibleMemberId: Id.nullable(),
  responsibleName: z.string().nullable(),
  dueDate: z.string(),
  done: z.boolean(),
});
export type ActionView = z.infer<typeof ActionView>;

export const CaseItemView = z.object({
  id: Id,
  notes: z.string(),
  decisions: z.string(),
  nextFollowUp: z.string().nullable(),
  committedAt: z.string(),
  guardOverridden: z.boolean(),
  actions: z.array(ActionView),
});
export type CaseItemView = z.infer<typeof CaseItemView>;

export const AgendaItemView = z.object({
  id: Id,
  position: z.number().int(),
  kind: AgendaKind,
  title: z.string(),
  caseId: Id.nullable(),
  caseCode: z.string().nullable(),
  /** Items the reader may not read show only their case code (DESIGN.md). */
  readable: z.boolean(),
  unreadableReason: UnreadableReason.nullable(),
  consentWarning: ConsentWarning.nullable(),
  /** Organisations present that the consent does not cover (for the warning). */
  uncoveredOrganisations: z.array(z.string()),
  item: CaseItemView.nullable(),
  /** For a follow-up: the case's open actions that are due. */
  dueActions: z.array(ActionView),
  /** What the psychologist shared from supervision since the team's previous meeting. */
  supervisionRecord: z.object({ summary: z.string(), approach: z.string(), actions: z.array(z.string()), sharedAt: z.string() }).nullable(),
  /**
   * For a follow-up of a case in 'uppfoljning' (issue 20), on an open meeting: its check-ins after
   * exit not yet done that are due by the meeting's day. Absent when there are none.
   */
  checkinsDue: z.array(z.object({ id: Id, months: z.number().int(), dueOn: z.string() })).optional(),
});
export type AgendaItemView = z.infer<typeof AgendaItemView>;

/**
 * One of the team's open actions from an "övrig punkt" of an earlier meeting, due by this meeting's
 * day (issue 20): followed up on the meeting's page. Where it was decided: the meeting and the point.
 */
export const TeamActionDue = ActionView.extend({ meetingId: Id, meetingDate: z.string(), itemTitle: z.string() });
export type TeamActionDue = z.infer<typeof TeamActionDue>;

export const MeetingSummary = z.object({
  id: Id,
  teamId: Id,
  date: z.string(),
  time: z.string(),
  week: z.number().int(),
  status: z.enum(['open', 'finalised']),
  items: z.number().int(),
  /** In the list only: finalised minutes whose justerare has not confirmed yet — the justerare's name. */
  waitingFor: z.string().optional(),
});
export type MeetingSummary = z.infer<typeof MeetingSummary>;

export const Attendee = z.object({ memberId: Id, name: z.string(), organisationName: z.string(), status: Attendance, leftSince: z.string().nullable() });
export type Attendee = z.infer<typeof Attendee>;
export const Guest = z.object({ id: Id, name: z.string(), organisationId: Id, organisationName: z.string() });
export type Guest = z.infer<typeof Guest>;
export const Addendum = z.object({ id: Id, caseItemId: Id.nullable(), kind: z.enum(ADDENDUM_KINDS), text: z.string(), reason: z.string(), createdAt: z.string() });
export type Addendum = z.infer<typeof Addendum>;

/**
 * Justering by the chair and a justerare (issue 20): the chair's confirmation is the finalising; the
 * justerare the chair named then confirms in the app. The minutes are justerade when both have
 * (`justerare.confirmedAt` set). Null on an open meeting, and on minutes the chair finalised alone
 * (no justerare named — every older vault's minutes): those are justerade by the chair, as before.
 */
export const Justering = z.object({
  chair: z.object({ name: z.string(), confirmedAt: z.string() }),
  justerare: z.object({ memberId: Id, name: z.string(), confirmedAt: z.string().nullable() }),
  /** The reader is the justerare and has not confirmed yet. */
  canConfirm: z.boolean(),
});
export type Justering = z.infer<typeof Justering>;

export const MeetingView = MeetingSummary.extend({
  teamName: z.string(),
  chair: z.object({ id: Id, name: z.string() }).nullable(),
  noteTaker: z.object({ id: Id, name: z.string() }).nullable(),
  attendance: z.array(Attendee),
  guests: z.array(Guest),
  agenda: z.array(AgendaItemView),
  addenda: z.array(Addendum),
  canEdit: z.boolean(),
  canFinalise: z.boolean(),
  minutesSha256: z.string().nullable(),
  autoLockMinutes: z.number().int().nullable(),
  /**
   * The team's own people for the guard (GuardOptions.staffNames): the team's members on the
   * meeting day, the attendance list and the guests. Their names show as staff, not as identifiers.
   */
  staffNames: z.array(z.string()),
  /** Finalised minutes' entries emptied by an early gallring: which case, under which decision. */
  gallring: z.array(z.object({ caseCode: z.string(), decisionReference: z.string(), decisionDate: z.string() })),
  justering: Justering.nullable(),
  /**
   * On an open meeting (issue 20): the team's open actions from övriga punkter of its other meetings
   * that are due by this meeting's day, by due date — "Teamets åtgärder att följa upp". Absent when
   * there are none (and on finalised minutes, which do not follow the actions' later state).
   */
  teamActionsDue: z.array(TeamActionDue).optional(),
});
export type MeetingView = z.infer<typeof MeetingView>;

/**
 * What a change to a meeting answers (issue 16): only what it changed, never the whole meeting —
 * the page merges it into the meeting it holds (`applyMeetingChange`). `change` names the kind.
 * Who is present decides the chair's consent warnings, so a change of attendance or guests
 * carries the warnings of the agenda's consent cases again (empty for a reader who is not an editor),
 * and the meeting's staff names for the guard again (attendees and guests are its staff).
 */
export const ItemConsentWarning = z.object({ agendaItemId: Id, consentWarning: ConsentWarning.nullable(), uncoveredOrganisations: z.array(z.string()) });
export type ItemConsentWarning = z.infer<typeof ItemConsentWarning>;
export const AttendanceChanged = z.object({ change: z.literal('attendance'), meetingId: Id, attendee: Attendee, consentWarnings: z.array(ItemConsentWarning), staffNames: z.array(z.string()) }).strict();
export const GuestAdded = z.object({ change: z.literal('guest-added'), meetingId: Id, guest: Guest, consentWarnings: z.array(ItemConsentWarning), staffNames: z.array(z.string()) }).strict();
export const GuestRemoved = z.object({ change: z.literal('guest-removed'), meetingId: Id, guestId: Id, consentWarnings: z.array(ItemConsentWarning), staffNames: z.array(z.string()) }).strict();
/** The new item as the reader sees it (it goes last: its position is the meeting's highest). */
export const AgendaItemAdded = z.object({ change: z.literal('agenda-item-added'), meetingId: Id, item: AgendaItemView }).strict();
/** The agenda's item ids in their new order (positions 1, 2, …). */
export const AgendaReordered = z.object({ change: z.literal('agenda-reordered'), meetingId: Id, order: z.array(Id) }).strict();
export const AgendaItemRemoved = z.object({ change: z.literal('agenda-item-removed'), meetingId: Id, agendaItemId: Id }).strict();
/** The committed item again: its discussion, its actions, and the case's due actions. */
export const ItemCommitted = z.object({ change: z.literal('item-committed'), meetingId: Id, item: AgendaItemView }).strict();
/** `justering` when the chair named a justerare (without one the answer is as before issue 20). */
export const MeetingFinalised = z.object({ change: z.literal('finalised'), meetingId: Id, minutesSha256: z.string(), justering: Justering.optional() }).strict();
/** The justerare confirmed: the justering as the confirming reader sees it now. */
export const MeetingJusterad = z.object({ change: z.literal('justerad'), meetingId: Id, justering: Justering }).strict();
/** The chair named another justerare while the first had not confirmed: the justering as the chair sees it now. */
export const JusterareChanged = z.object({ change: z.literal('justerare-changed'), meetingId: Id, justering: Justering }).strict();
export const AddendumAdded = z.object({ change: z.literal('addendum-added'), meetingId: Id, addendum: Addendum }).strict();
export const AutoLockSet = z.object({ change: z.literal('auto-lock'), meetingId: Id, autoLockMinutes: z.number().int() }).strict();
/**
 * One of the team's actions (an övrig punkt's) marked done or not done again: the action as it is
 * now (shown under its övrig punkt when it is this meeting's), and the meeting's follow-up list as
 * it is now (absent when empty, as in the meeting).
 */
export const TeamActionDone = z.object({ change: z.literal('team-action-done'), meetingId: Id, action: ActionView, teamActionsDue: z.array(TeamActionDue).optional() }).strict();
export const MeetingChange = z.discriminatedUnion('change', [
  AttendanceChanged,
  GuestAdded,
  GuestRemoved,
  AgendaItemAdded,
  AgendaReordered,
  AgendaItemRemoved,
  ItemCommitted,
  MeetingFinalised,
  AddendumAdded,
  AutoLockSet,
  MeetingJusterad,
  JusterareChanged,
  TeamActionDone,
]);
export type MeetingChange = z.infer<typeof MeetingChange>;

export const CreateMeetingInput = z.object({ teamId: Id, date: IsoDate, time: Time, chairMemberId: Id.nullable(), noteTakerMemberId: Id.nullable() }).strict();
export const MeetingRef = z.object({ meetingId: Id }).strict();
/**
 * Finalising: a meeting dated after today is finalised only when the chair has acknowledged the
 * page's warning about it (`needs_confirmation` otherwise), so the warning cannot be skipped.
 */
export const FinaliseMeetingInput = z.object({ meetingId: Id, futureDateAcknowledged: z.boolean().default(false), justerareMemberId: Id.nullable().default(null) }).strict();
/** The justerare confirms the minutes they read: `minutesSha256` is the hash the page showed (refused if it changed since). */
export const ConfirmJusteringInput = z.object({ meetingId: Id, minutesSha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
/** Another justerare, named by the chair while the minutes wait for the first (who left the team, say). */
export const ChangeJusterareInput = z.object({ meetingId: Id, justerareMemberId: Id }).strict();
/**
 * The team's decisions across meetings: every decision of its justerade minutes, newest first. A
 * case item shows its case code only (never a title), and only to a reader the consent covers.
 */
/**
 * The decision log a page at a time (a team's decade of minutes is thousands of decisions):
 * `before` is the last meeting of the page already shown, absent for the newest page.
 */
export const DecisionLogInput = z.object({ teamId: Id, before: Id.optional() }).strict();
export const DecisionEntry = z.object({ meetingId: Id, date: z.string(), position: z.number().int(), title: z.string(), caseCode: z.string().nullable(), decisions: z.string() });
export type DecisionEntry = z.infer<typeof DecisionEntry>;
/** How many meetings with decisions one page of the log holds. */
export const DECISION_LOG_PAGE_MEETINGS = 20;
/** A page: its entries, newest first, and the meeting to ask `before` for the next (null: no older minutes hold decisions). */
export const DecisionLogPage = z.object({ entries: z.array(DecisionEntry), before: Id.nullable() });
export type DecisionLogPage = z.infer<typeof DecisionLogPage>;
export const SetAttendanceInput = z.object({ meetingId: Id, memberId: Id, status: Attendance }).strict();
export const AddGuestInput = z.object({ meetingId: Id, name: z.string().trim().min(1).max(200), organisationId: Id }).strict();
export const RemoveGuestInput = z.object({ guestId: Id }).strict();
export const AddAgendaItemInput = z
  .object({ meetingId: Id, caseId: Id.optional(), title: z.string().trim().min(1).max(200).optional() })
  .strict()
  .refine((input) => (input.caseId === undefined) !== (input.title === undefined), 'either a case or a title');
export const ReorderAgendaInput = z.object({ meetingId: Id, itemIds: z.array(Id).min(1).max(200) }).strict();
export const AgendaItemRef = z.object({ agendaItemId: Id }).strict();
export const SaveDraftInput = z.object({ agendaItemId: Id, body: ItemBody }).strict();
export const CommitItemInput = z.object({ agendaItemId: Id, body: ItemBody, guardReason: z.string().trim().min(10).max(500).optional() }).strict();
export const SetActionDoneInput = z.object({ actionId: Id, done: z.boolean() }).strict();
/** An övrig punkt's action marked done (or not done again), from the page of `meetingId` (a meeting of the action's team). */
export const SetTeamActionDoneInput = z.object({ meetingId: Id, actionId: Id, done: z.boolean() }).strict();
export const AddAddendumInput = z
  .object({ meetingId: Id, caseItemId: Id.nullable(), kind: z.enum(ADDENDUM_KINDS), text: z.string().trim().min(1).max(5000), reason: z.string().trim().min(3).max(500) })
  .strict();
export const SetMeetingAutoLockInput = z.object({ meetingId: Id, minutes: z.number().int().min(1).max(240) }).strict();
/** A page of the reader's hits, best first (bm25); without paging input, the first page. */
export const SearchInput = z
  .object({ text: z.string().trim().min(1).max(200), teamId: Id.optional(), offset: z.number().int().min(0).max(100_000).default(0), limit: z.number().int().min(1).max(100).default(25) })
  .strict();
export const SearchHit = z.object({ caseId: Id, caseCode: z.string(), meetingId: Id, meetingDate: z.string(), teamId: Id, snippet: z.string() });
/**
 * `total` counts only hits the reader may read (what they may not is neither returned nor counted),
 * among the newest ones a search ranks; `capped`: older hits exist beyond them.
 */
export const SearchPage = z.object({ hits: z.array(SearchHit), total: z.number().int().min(0), capped: z.boolean(), offset: z.number().int().min(0), limit: z.number().int().min(1) });

/** Where a signed-in author left off: the latest of their drafts (unlock returns there). */
export const ResumePoint = z.object({ meetingId: Id, agendaItemId: Id, savedAt: z.string() }).nullable();

/**
 * What the projector window shows in Electron's two-screen meeting-room mode: exactly the slide
 * the chair's window sends — no session, no other data — or a blank screen.
 */
export const PresentSlide = z
  .object({
    blank: z.boolean(),
    heading: z.string().max(200),
    counter: z.string().max(50),
    lines: z.array(z.string().max(20_000)).max(60),
  })
  .strict();
export type PresentSlide = z.infer<typeof PresentSlide>;
