import { z } from 'zod';
import {
  AddThemeInput,
  ChooseCasesInput,
  CreateSessionInput,
  HoldSessionInput,
  NoteKeyStatus,
  PersonalCode,
  PreparedCase,
  PrivateNote,
  PrivateNotes,
  SaveNoteDraftInput,
  SaveNoteInput,
  SessionDetail,
  SessionSummary,
  ShareRecordInput,
  TagCaseInput,
  Theme,
  ThemeCount,
  UnlockNotesInput,
} from '../supervision/model';
import { FollowUpStats, RegisterExtract, RegisterExtractInput, SentReportsInput, SentReportsView, StatsExportInput, StatsExportResult, StatsInput } from '../followup/model';
import { SetTeamOwnershipInput, TeamOwnership } from '../retention/ownership';
import { EarlyGallringInput, GallringDone, GallringPreview, GallringPreviewInput, PurgeCounts, PurgePreview, PurgeResult, RetentionRules, RetentionStatus, RetentionView, Tombstone } from '../retention/model';
import {
  ConfirmKeyInput,
  ConsentOption,
  CreateHandoverInput,
  ExportHandoverInput,
  ExportPreview,
  ExportPreviewInput,
  ExportedPacket,
  HandoverSummary,
  ImportKeyInput,
  ImportPacketInput,
  KeyRef,
  LinkReceivedInput,
  OwnKey,
  ReceivedPacket,
  ReceivedSummary,
  RetireOwnInput,
  TrustedKey,
  SendReceiptInput,
  SentReceipt,
  ImportReceiptInput,
} from '../handover/model';
import {
  ActionView,
  AddAddendumInput,
  AddAgendaItemInput,
  AddGuestInput,
  AddendumAdded,
  AgendaItemAdded,
  AgendaItemRef,
  AgendaItemRemoved,
  AgendaReordered,
  AttendanceChanged,
  AutoLockSet,
  CommitItemInput,
  CreateMeetingInput,
  GuestAdded,
  GuestRemoved,
  ItemBody,
  ItemCommitted,
  MeetingFinalised,
  MeetingJusterad,
  ConfirmJusteringInput,
  ChangeJusterareInput,
  JusterareChanged,
  DecisionLogInput,
  DecisionLogPage,
  MeetingRef,
  FinaliseMeetingInput,
  MeetingSummary,
  MeetingView,
  RemoveGuestInput,
  ReorderAgendaInput,
  ResumePoint,
  SaveDraftInput,
  SetActionDoneInput,
  SearchInput,
  SearchPage,
  SetAttendanceInput,
  SetMeetingAutoLockInput,
  PresentSlide,
  SetTeamActionDoneInput,
  TeamActionDone,
} from '../meetings/model';
import {
  AddConsentInput,
  BreakGlassInput,
  CaseDetail,
  CaseSummary,
  CreateCaseInput,
  FlagSupervisionInput,
  WithdrawConsentInput,
} from '../cases/model';
import { CodeSlipPdfInput, ConsentFormPdfInput, ConsentOverview, ConsentOverviewInput, ConsentPaperReturnedInput } from '../cases/model';
import { ActivateCaseInput, ArchiveCaseInput, CloseCaseChannelInput, DecideCaseInput, PlanCheckinsInput, ProposeCaseInput, RecordCheckinInput, ReopenCaseInput } from '../cases/model';
import { AgeBandSettings, SetAgeBandsInput, SetCaseFactsInput } from '../cases/facts';
import {
  ArchiveTeamInput,
  EndMembershipInput,
  ImportCsvInput,
  ImportPreview,
  LinkAccountInput,
  Member,
  MemberLeavesInput,
  MembersPage,
  MembersPageQuery,
  MembersQuery,
  Organisation,
  OrganisationKind,
  Profession,
  SaveMemberInput,
  SaveOrganisationInput,
  SaveTeamInput,
  SetMembershipInput,
  Team,
  TeamHistoryRow,
  TeamRole,
} from '../roster/model';

/**
 * Who may call a channel. The router checks this in main before any handler runs;
 * later issues add team-level checks inside the repositories as well.
 * - `anyone`: any transport session, also before the vault is unlocked (app info, health, language).
 * - `account`: a signed-in account (vault unlocked).
 * - `admin` / `psychologist`: a signed-in account holding that global role.
 */
export const ACCESS_LEVELS = ['anyone', 'account', 'admin', 'psychologist'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

export const LANGUAGES = ['sv', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

const Empty = z.object({}).strict();

export const HostKind = z.enum(['electron', 'browser']);
export type HostKind = z.infer<typeof HostKind>;

export const AppInfo = z.object({
  name: z.literal('Teamvalv'),
  version: z.string().min(1),
  host: HostKind,
  platform: z.string().min(1),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const HealthCheck = z.object({
  name: z.enum(['node-runtime', 'data-dir', 'crypto']),
  ok: z.boolean(),
  detail: z.string(),
});
export type HealthCheck = z.infer<typeof HealthCheck>;

/**
 * Before anyone has signed in, only what the lock screen needs: whether this PC is fit to run the
 * vault (status and checks, which name no path) — the rest is null. Signed in, every account sees
 * it all, the data folder's path included (About).
 */
export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string().min(1),
  host: HostKind,
  nodeVersion: z.string().min(1).nullable(),
  dataDir: z.string().min(1).nullable(),
  startedAt: z.iso.datetime({ offset: true }).nullable(),
  uptimeSeconds: z.number().int().nonnegative().nullable(),
  checks: z.array(HealthCheck),
});
export type Health = z.infer<typeof Health>;

export const Settings = z.object({ language: Language });
export type Settings = z.infer<typeof Settings>;

export const SettingsUpdate = z.object({ language: Language.optional() }).strict();

export const GlobalRole = z.enum(['admin', 'psychologist']);

export const AccountView = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(GlobalRole),
  mustChangePassword: z.boolean(),
});
export type AccountView = z.infer<typeof AccountView>;

export const VaultStatus = z.object({
  state: z.enum(['absent', 'locked', 'unlocked']),
  account: AccountView.nullable(),
  /** Set when the audit chain no longer extends the head this PC witnessed: history was rewritten. */
  auditAlarm: z.string().nullable(),
  /**
   * The full walk of the audit chain after unlock (unlocked only): running, passed, failed
   * (the alarm says what), or stopped by a lock (it resumes at the next unlock); the rows its pass
   * has verified from the chain's start, earlier sessions' included, of those it walks.
   */
  auditCheck: z
    .object({ state: z.enum(['running', 'passed', 'failed', 'stopped']), verified: z.number().int().nonnegative(), total: z.number().int().nonnegative() })
    .nullable()
    .optional(),
  /** The demo vault (invented data) is the one in use. */
  demo: z.boolean(),
});
export type VaultStatus = z.infer<typeof VaultStatus>;

/** Length limits keep absurd inputs out before any KDF work starts. */
const Password = z.string().min(1).max(1024);

export const VaultSetupInput = z
  .object({
    orgName: z.string().trim().min(1).max(200),
    orgNumber: z.string().trim().min(10).max(13),
    adminUsername: z.string().trim().min(2).max(64),
    adminDisplayName: z.string().trim().min(1).max(200),
    password: Password,
    /** The organisation's kind, asked at setup (absent: `other`, as before it was asked). */
    orgKind: OrganisationKind.optional(),
    /** The admin's own member record in the roster, linked to the new account (the setup page always sends it). */
    adminMember: z
      .object({ profession: Profession, professionOther: z.string().trim().max(120) })
      .strict()
      .refine((member) => member.profession !== 'other' || member.professionOther.length > 0, { message: 'Say which profession', path: ['professionOther'] })
      .optional(),
  })
  .strict();

export const VaultUnlockInput = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: Password,
    /** The user confirmed taking the vault over from the computer that holds it. */
    takeover: z.boolean().optional(),
    /** An admin confirmed updating a vault written by an older Teamvalv (a backup is made first). */
    migrate: z.boolean().optional(),
  })
  .strict();

export const RecoverInput = z.object({ recoveryKey: z.string().trim().min(40).max(80), username: z.string().trim().min(1).max(64) }).strict();

export const AuditRow = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  username: z.string().nullable(),
  /** The acting account's display name (the sentence's subject); null for the system or an unknown account. */
  actorName: z.string().nullable(),
  organisationName: z.string().nullable(),
  action: z.string(),
  caseCode: z.string().nullable(),
  detail: z.string(),
  reviewedAt: z.string().nullable(),
  /** Names for the row's sentence, resolved in main from the detail's ids (main/services/audit/describe.ts). */
  names: z
    .object({ organisation: z.string(), team: z.string(), member: z.string(), account: z.string(), count: z.string() })
    .partial()
    .default({}),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const AuditQuery = z
  .object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    limit: z.number().int().min(1).max(5000).default(1000),
  })
  .strict();

export const AuditVerdictView = z.object({ ok: z.boolean(), headSeq: z.number().int().nonnegative(), headHash: z.string(), firstBrokenSeq: z.number().int().nullable(), reason: z.string().nullable() });

export const AuditSampleInput = z.object({ from: z.iso.date(), to: z.iso.date(), size: z.number().int().min(1).max(200) }).strict();

export const FolderListing = z.object({ path: z.string(), parent: z.string().nullable(), folders: z.array(z.string()) });
export type FolderListing = z.infer<typeof FolderListing>;

export const ExportResult = z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), rows: z.number().int().nonnegative() });

export const ChangePasswordInput = z.object({ oldPassword: Password, newPassword: Password }).strict();

export const AccountRow = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  organisationName: z.string(),
  roles: z.array(GlobalRole),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
export type AccountRow = z.infer<typeof AccountRow>;

export const AddAccountInput = z
  .object({
    username: z.string().trim().min(2).max(64),
    displayName: z.string().trim().min(1).max(200),
    roles: z.array(GlobalRole).max(2),
  })
  .strict();

const AccountId = z.object({ accountId: z.uuid() }).strict();
const OneTimePassword = z.object({ oneTimePassword: z.string() });
const NewRecoveryKey = z.object({ recoveryKey: z.string() });
/** A key rotation's first half: the new recovery key to show; the second half (`vault:finish-rotation`) re-encrypts. */
const PreparedRotation = z.object({ rotationId: z.uuid(), recoveryKey: z.string() });

/** What an unlock did besides opening the vault, told to whoever unlocked (main/vault/vault.ts VaultNotice). */
export const VaultNoticeView = z.discriminatedUnion('kind', [
  /** The key file was damaged or did not open the database; an earlier copy that does was used. */
  z.object({ kind: z.literal('header-recovered'), source: z.enum(['generation', 'backup']), name: z.string(), generation: z.number().int() }),
  /** A key rotation interrupted earlier was finished at this unlock. */
  z.object({ kind: z.literal('rotation-completed'), startedAt: z.iso.datetime({ offset: true }) }),
  /** A key rotation interrupted before the database was re-encrypted was undone (admins: until a rotation completes). */
  z.object({ kind: z.literal('rotation-rolled-back'), startedAt: z.iso.datetime({ offset: true }) }),
  /** An interrupted key rotation could not be finished at this unlock (why); the next unlock tries again. */
  z.object({
    kind: z.literal('rotation-unfinished'),
    startedAt: z.iso.datetime({ offset: true }),
    problem: z.enum(['read_only', 'disk_full', 'io', 'corrupt', 'header_damaged', 'header_mismatch', 'error']),
  }),
]);
export type VaultNoticeView = z.infer<typeof VaultNoticeView>;

export const VaultNotices = z.object({
  notices: z.array(VaultNoticeView),
  /** Admins only: a finished key rotation whose new recovery key no admin has yet confirmed as stored. */
  keyRotation: z.object({ completedAt: z.iso.datetime({ offset: true }), completedAtUnlock: z.boolean() }).nullable(),
});
export type VaultNotices = z.infer<typeof VaultNotices>;

/** What the signed-in account may do in the roster: shown as buttons; main checks again on every call. */
export const MyRoles = z.object({
  isAdmin: z.boolean(),
  memberId: z.uuid().nullable(),
  teams: z.array(z.object({ teamId: z.uuid(), role: TeamRole })),
});
export type MyRoles = z.infer<typeof MyRoles>;

/** The admin's first-run checklist: each step ticked from the data in main (`roster:first-run`). */
export const FIRST_RUN_STEPS = ['organisationKind', 'team', 'members', 'accounts', 'ownAccountLinked'] as const;
export const FirstRunStep = z.enum(FIRST_RUN_STEPS);
export type FirstRunStep = z.infer<typeof FirstRunStep>;
export const FirstRunChecklist = z.object({
  steps: z.array(z.object({ step: FirstRunStep, done: z.boolean() })),
  /** Every step is done. */
  done: z.boolean(),
});
export type FirstRunChecklist = z.infer<typeof FirstRunChecklist>;

/** What an export folder is remembered for: the picker starts in the folder last used for the same kind. */
export const EXPORT_FOLDER_KINDS = ['recovery-key', 'roster', 'audit', 'minutes', 'handover', 'follow-up', 'other'] as const;
export const ExportFolderKind = z.enum(EXPORT_FOLDER_KINDS);
export type ExportFolderKind = z.infer<typeof ExportFolderKind>;

interface ChannelSpec {
  readonly input: z.ZodType;
  readonly output: z.ZodType;
  readonly access: Access;
}

/** The one IPC contract: channel name `domain:action` -> input and output schemas and access. */
export const contract = {
  'app:info': { input: Empty, output: AppInfo, access: 'anyone' },
  'app:health': { input: Empty, output: Health, access: 'anyone' },
  'settings:get': { input: Empty, output: Settings, access: 'anyone' },
  'settings:update': { input: SettingsUpdate, output: Settings, access: 'anyone' },
  'vault:status': { input: Empty, output: VaultStatus, access: 'anyone' },
  'vault:setup': { input: VaultSetupInput, output: z.object({ recoveryKey: z.string() }), access: 'anyone' },
  'vault:unlock': { input: VaultUnlockInput, output: VaultStatus, access: 'anyone' },
  'vault:lock': { input: Empty, output: VaultStatus, access: 'account' },
  'vault:touch': { input: Empty, output: z.object({}), access: 'account' },
  /** The page has blanked and flushed its drafts after `vault:locking`: the pending lock happens now. */
  'vault:flushed': { input: Empty, output: z.object({}), access: 'account' },
  'vault:request-release': { input: z.object({ username: z.string().trim().min(1).max(64) }).strict(), output: z.object({}), access: 'anyone' },
  'vault:save-recovery-key': {
    input: z.object({ folder: z.string().min(1).max(4096), recoveryKey: z.string().trim().min(40).max(80) }).strict(),
    output: z.object({ file: z.string() }),
    access: 'admin',
  },
  'vault:recover': { input: RecoverInput, output: z.object({ oneTimePassword: z.string() }), access: 'anyone' },
  'vault:change-password': { input: ChangePasswordInput, output: VaultStatus, access: 'account' },
  'vault:rotate-key': { input: Empty, output: PreparedRotation, access: 'admin' },
  /** After the admin wrote the new recovery key down: the database and every backup re-encrypted; the key counts as confirmed. */
  'vault:finish-rotation': {
    input: z.object({ rotationId: z.uuid() }).strict(),
    output: z.object({ backupsReencrypted: z.number().int().nonnegative(), backupsDeleted: z.number().int().nonnegative() }),
    access: 'admin',
  },
  'vault:notices': { input: Empty, output: VaultNotices, access: 'account' },
  /** Shows again the new recovery key of a finished rotation, until an admin confirms it was stored (audited). */
  'vault:new-recovery-key': { input: Empty, output: NewRecoveryKey, access: 'admin' },
  'vault:confirm-recovery-key': { input: Empty, output: z.object({ confirmed: z.boolean() }), access: 'admin' },
  'audit:list': { input: AuditQuery, output: z.array(AuditRow), access: 'admin' },
  'audit:verify': { input: Empty, output: AuditVerdictView, access: 'admin' },
  'audit:sample': { input: AuditSampleInput, output: z.array(AuditRow), access: 'admin' },
  'audit:mark-reviewed': { input: z.object({ seqs: z.array(z.number().int().positive()).min(1).max(200) }).strict(), output: z.object({ marked: z.number().int() }), access: 'admin' },
  /**
   * The standing audit alarm on this PC, acknowledged by an admin who has looked into it: audited
   * (reason and heads), then this PC's witness moves to the head now. `conflict` when none stands.
   */
  'audit:acknowledge-alarm': { input: Empty, output: z.object({ headSeq: z.number().int().nonnegative() }), access: 'admin' },
  'files:folders': { input: z.object({ path: z.string().min(1).max(4096).optional(), kind: ExportFolderKind.optional() }).strict(), output: FolderListing, access: 'account' },
  /** The folder an export of this kind was just written to: the picker starts there next time (this account, this vault). */
  'files:remember-folder': { input: z.object({ kind: ExportFolderKind, folder: z.string().min(1).max(4096) }).strict(), output: z.object({}), access: 'account' },
  'audit:export-csv': {
    input: z.object({ folder: z.string().min(1).max(4096), from: z.iso.date().optional(), to: z.iso.date().optional() }).strict(),
    output: ExportResult,
    access: 'admin',
  },
  'accounts:list': { input: Empty, output: z.array(AccountRow), access: 'admin' },
  'accounts:add': { input: AddAccountInput, output: OneTimePassword.extend({ accountId: z.uuid() }), access: 'admin' },
  'accounts:reset-password': { input: AccountId, output: OneTimePassword, access: 'admin' },
  'accounts:remove': { input: AccountId, output: PreparedRotation, access: 'admin' },
  // The roster. The router only checks "signed in" (or admin); the repositories check the team
  // rules of docs/architecture.md ("Access rules") on every call.
  'roster:my-roles': { input: Empty, output: MyRoles, access: 'account' },
  'roster:first-run': { input: Empty, output: FirstRunChecklist, access: 'admin' },
  /** Whom to ask to be added to a team: the admins' names (every signed-in account may read the roster anyway). */
  'roster:admins': { input: Empty, output: z.object({ names: z.array(z.string()) }), access: 'account' },
  'roster:organisations': { input: Empty, output: z.array(Organisation), access: 'account' },
  'roster:save-organisation': { input: SaveOrganisationInput, output: Organisation, access: 'admin' },
  // An organisation made by mistake: removed only while nothing refers to it (refused naming what does); audited.
  'roster:remove-organisation': { input: z.object({ organisationId: z.uuid() }).strict(), output: z.object({ removed: z.literal(true) }), access: 'admin' },
  'roster:teams': { input: z.object({ includeArchived: z.boolean().optional() }).strict(), output: z.array(Team), access: 'account' },
  'roster:save-team': { input: SaveTeamInput, output: Team, access: 'account' },
  'roster:archive-team': { input: ArchiveTeamInput, output: Team, access: 'admin' },
  'roster:members': { input: MembersQuery, output: z.array(Member), access: 'account' },
  // The roster table: one page of lines, sorted and filtered in main, with the total.
  'roster:members-page': { input: MembersPageQuery, output: MembersPage, access: 'account' },
  'roster:member': { input: z.object({ memberId: z.uuid() }).strict(), output: Member, access: 'account' },
  'roster:save-member': { input: SaveMemberInput, output: Member, access: 'account' },
  'roster:set-membership': { input: SetMembershipInput, output: Member, access: 'account' },
  'roster:end-membership': { input: EndMembershipInput, output: Member, access: 'account' },
  'roster:member-leaves': { input: MemberLeavesInput, output: Member, access: 'account' },
  'roster:link-account': { input: LinkAccountInput, output: Member, access: 'admin' },
  'roster:team-history': { input: z.object({ teamId: z.uuid() }).strict(), output: z.array(TeamHistoryRow), access: 'account' },
  'roster:import-preview': { input: ImportCsvInput, output: ImportPreview, access: 'account' },
  'roster:import': { input: ImportCsvInput, output: z.object({ created: z.number().int().nonnegative() }), access: 'account' },
  'roster:team-pdf': { input: z.object({ folder: z.string().min(1).max(4096), teamId: z.uuid() }).strict(), output: ExportResult, access: 'account' },
  'roster:export-csv': { input: z.object({ folder: z.string().min(1).max(4096), teamId: z.uuid().optional() }).strict(), output: ExportResult, access: 'account' },
  // Cases. Team membership and consent are checked in main/cases on every call (docs/architecture.md).
  'cases:list': {
    input: z
      .object({ teamId: z.uuid(), status: z.enum(['active', 'closed']).optional(), offset: z.number().int().min(0).max(1_000_000).optional(), limit: z.number().int().min(1).max(500).optional() })
      .strict(),
    output: z.array(CaseSummary),
    access: 'account',
  },
  'cases:get': { input: z.object({ caseId: z.uuid() }).strict(), output: CaseDetail, access: 'account' },
  'cases:break-glass': { input: BreakGlassInput, output: CaseDetail, access: 'account' },
  'cases:create': { input: CreateCaseInput, output: CaseDetail, access: 'account' },
  'cases:add-consent': { input: AddConsentInput, output: CaseDetail, access: 'account' },
  'cases:withdraw-consent': { input: WithdrawConsentInput, output: CaseDetail, access: 'account' },
  // Closing asks for the team's analysis (issue 20): the channel requires it, the domain guards it.
  'cases:close': { input: CloseCaseChannelInput, output: CaseDetail, access: 'account' },
  'cases:flag-supervision': { input: FlagSupervisionInput, output: CaseDetail, access: 'account' },
  // Consents (issue 20): the team's overview (details only of cases the reader may read, counts of the rest),
  // the printable samtyckesblankett (an audited export), and the day the signed paper came back.
  'cases:consent-overview': { input: ConsentOverviewInput, output: ConsentOverview, access: 'account' },
  'cases:consent-form-pdf': { input: ConsentFormPdfInput, output: ExportResult, access: 'account' },
  'cases:consent-paper-returned': { input: ConsentPaperReturnedInput, output: CaseDetail, access: 'account' },
  // The case's lifecycle (issue 20): each change dated and audited, by the team's chair or note-taker who reads the case.
  'cases:propose': { input: ProposeCaseInput, output: CaseDetail, access: 'account' },
  'cases:activate': { input: ActivateCaseInput, output: CaseDetail, access: 'account' },
  'cases:decide': { input: DecideCaseInput, output: CaseDetail, access: 'account' },
  'cases:plan-checkins': { input: PlanCheckinsInput, output: CaseDetail, access: 'account' },
  'cases:record-checkin': { input: RecordCheckinInput, output: CaseDetail, access: 'account' },
  'cases:archive': { input: ArchiveCaseInput, output: CaseDetail, access: 'account' },
  'cases:reopen': { input: ReopenCaseInput, output: CaseDetail, access: 'account' },
  // The case's code slip (kodlapp): the owning organisation records the code in its own journal (an audited export).
  'cases:code-slip-pdf': { input: CodeSlipPdfInput, output: ExportResult, access: 'account' },
  // Participant facts (issue 20): kön and income at start and exit, set by the team's editors who may read the case;
  // the vault's age bands, read by every account (the case form), set by an admin.
  'cases:set-facts': { input: SetCaseFactsInput, output: CaseDetail, access: 'account' },
  'cases:age-bands': { input: Empty, output: AgeBandSettings, access: 'account' },
  'cases:set-age-bands': { input: SetAgeBandsInput, output: AgeBandSettings, access: 'admin' },
  // Meetings: membership, consent, editor and finalised checks live in main/meetings.
  'meetings:list': { input: z.object({ teamId: z.uuid() }).strict(), output: z.array(MeetingSummary), access: 'account' },
  'meetings:get': { input: MeetingRef, output: MeetingView, access: 'account' },
  'meetings:create': { input: CreateMeetingInput, output: MeetingView, access: 'account' },
  'meetings:set-attendance': { input: SetAttendanceInput, output: AttendanceChanged, access: 'account' },
  'meetings:add-guest': { input: AddGuestInput, output: GuestAdded, access: 'account' },
  'meetings:remove-guest': { input: RemoveGuestInput, output: GuestRemoved, access: 'account' },
  'meetings:add-agenda-item': { input: AddAgendaItemInput, output: AgendaItemAdded, access: 'account' },
  'meetings:reorder-agenda': { input: ReorderAgendaInput, output: AgendaReordered, access: 'account' },
  'meetings:remove-agenda-item': { input: AgendaItemRef, output: AgendaItemRemoved, access: 'account' },
  'meetings:save-draft': { input: SaveDraftInput, output: z.object({ savedAt: z.string() }), access: 'account' },
  'meetings:get-draft': { input: AgendaItemRef, output: z.object({ body: ItemBody, savedAt: z.string() }).nullable(), access: 'account' },
  'meetings:resume': { input: Empty, output: ResumePoint, access: 'account' },
  'meetings:commit-item': { input: CommitItemInput, output: ItemCommitted, access: 'account' },
  'meetings:set-action-done': { input: SetActionDoneInput, output: ActionView, access: 'account' },
  'meetings:finalise': { input: FinaliseMeetingInput, output: MeetingFinalised, access: 'account' },
  'meetings:add-addendum': { input: AddAddendumInput, output: AddendumAdded, access: 'account' },
  'meetings:minutes-pdf': { input: z.object({ meetingId: z.uuid(), folder: z.string().min(1).max(4096) }).strict(), output: ExportResult, access: 'account' },
  'meetings:set-auto-lock': { input: SetMeetingAutoLockInput, output: AutoLockSet, access: 'account' },
  'meetings:confirm-justering': { input: ConfirmJusteringInput, output: MeetingJusterad, access: 'account' },
  'meetings:change-justerare': { input: ChangeJusterareInput, output: JusterareChanged, access: 'account' },
  'meetings:decisions': { input: DecisionLogInput, output: DecisionLogPage, access: 'account' },
  // An övrig punkt's action (the team's own work, issue 20) done or not: the team's editors, no consent applies.
  'meetings:set-team-action-done': { input: SetTeamActionDoneInput, output: TeamActionDone, access: 'account' },
  'meetings:auto-lock-bounds': { input: Empty, output: z.object({ defaultMinutes: z.number().int(), maxMinutes: z.number().int(), currentMinutes: z.number().int() }), access: 'account' },
  'search:items': { input: SearchInput, output: SearchPage, access: 'account' },
  // The identifier guard's extra names: every editor needs them (the guard runs as they type).
  'guard:names': { input: Empty, output: z.object({ names: z.array(z.string()) }), access: 'account' },
  'guard:set-names': { input: z.object({ names: z.array(z.string().max(100)).max(2000) }).strict(), output: z.object({ names: z.array(z.string()) }), access: 'admin' },
  // Supervision: the psychologist role and team membership are checked in main/supervision;
  // every case read follows the consent rule.
  'supervision:sessions': { input: z.object({ teamId: z.uuid() }).strict(), output: z.array(SessionSummary), access: 'psychologist' },
  'supervision:create-session': { input: CreateSessionInput, output: z.object({ id: z.uuid(), week: z.number().int() }), access: 'psychologist' },
  'supervision:prepare': { input: z.object({ teamId: z.uuid() }).strict(), output: z.array(PreparedCase), access: 'psychologist' },
  'supervision:choose-cases': { input: ChooseCasesInput, output: z.object({}), access: 'psychologist' },
  'supervision:themes': { input: Empty, output: z.array(Theme), access: 'psychologist' },
  'supervision:add-theme': { input: AddThemeInput, output: Theme, access: 'psychologist' },
  'supervision:tag-case': { input: TagCaseInput, output: z.object({}), access: 'psychologist' },
  'supervision:themes-year': { input: z.object({ teamId: z.uuid() }).strict(), output: z.array(ThemeCount), access: 'psychologist' },
  'supervision:share-record': { input: ShareRecordInput, output: z.object({}), access: 'psychologist' },
  'supervision:session': { input: z.object({ sessionId: z.uuid() }).strict(), output: SessionDetail, access: 'psychologist' },
  'supervision:hold-session': { input: HoldSessionInput, output: z.object({}), access: 'psychologist' },
  // Private notes: only ever the caller's own, opened with their note key (main/vault/note-key.ts).
  'supervision:notes-status': { input: Empty, output: NoteKeyStatus, access: 'psychologist' },
  'supervision:notes-setup': { input: Empty, output: PersonalCode, access: 'psychologist' },
  'supervision:notes-unlock': { input: UnlockNotesInput, output: NoteKeyStatus, access: 'psychologist' },
  'supervision:notes-new-code': { input: Empty, output: PersonalCode, access: 'psychologist' },
  'supervision:notes': { input: z.object({ sessionId: z.uuid() }).strict(), output: PrivateNotes, access: 'psychologist' },
  'supervision:notes-draft': { input: SaveNoteDraftInput, output: z.object({ draftAt: z.string() }), access: 'psychologist' },
  'supervision:notes-save': { input: SaveNoteInput, output: PrivateNote, access: 'psychologist' },
  // Handovers: whoever may read the case (main/handover); keys and the trust store: admins change them.
  'handover:list': { input: z.object({ caseId: z.uuid() }).strict(), output: z.array(HandoverSummary), access: 'account' },
  'handover:consents': { input: z.object({ caseId: z.uuid(), organisationId: z.uuid(), date: z.iso.date() }).strict(), output: z.array(ConsentOption), access: 'account' },
  'handover:create': { input: CreateHandoverInput, output: HandoverSummary, access: 'account' },
  'handover:preview': { input: ExportPreviewInput, output: ExportPreview, access: 'account' },
  'handover:export': { input: ExportHandoverInput, output: ExportedPacket, access: 'account' },
  'handover:import': { input: ImportPacketInput, output: ReceivedPacket, access: 'account' },
  'handover:received': { input: z.object({ teamId: z.uuid() }).strict(), output: z.array(ReceivedSummary), access: 'account' },
  'handover:received-get': { input: z.object({ packetId: z.uuid() }).strict(), output: ReceivedPacket, access: 'account' },
  'handover:link': { input: LinkReceivedInput, output: ReceivedPacket, access: 'account' },
  // Receipts (issue 20): the receiver answers a received packet; the sender imports the answer under its handover.
  'handover:send-receipt': { input: SendReceiptInput, output: SentReceipt, access: 'account' },
  'handover:import-receipt': { input: ImportReceiptInput, output: HandoverSummary, access: 'account' },
  'keys:own': { input: Empty, output: z.array(OwnKey), access: 'account' },
  'keys:own-file': { input: z.object({ folder: z.string().min(1).max(4096) }).strict(), output: z.object({ file: z.string(), sha256: z.string(), fingerprint: z.string() }), access: 'account' },
  'keys:replace-own': { input: RetireOwnInput, output: z.object({ fingerprint: z.string() }), access: 'admin' },
  'keys:trusted': { input: Empty, output: z.array(TrustedKey), access: 'account' },
  'keys:import': { input: ImportKeyInput, output: TrustedKey, access: 'admin' },
  'keys:confirm': { input: ConfirmKeyInput, output: TrustedKey, access: 'admin' },
  'keys:retire': { input: KeyRef, output: TrustedKey, access: 'admin' },
  'keys:revoke': { input: KeyRef, output: TrustedKey, access: 'admin' },
  // Follow-up statistics: the team's members and admins (main/followup); the CSV is a warned, audited export.
  'followup:stats': { input: StatsInput, output: FollowUpStats, access: 'account' },
  'followup:export-csv': { input: StatsExportInput, output: StatsExportResult, access: 'account' },
  'register:extract': { input: RegisterExtractInput, output: RegisterExtract, access: 'admin' },
  'retention:rules': { input: Empty, output: RetentionView, access: 'admin' },
  'retention:set-rules': { input: z.object({ rules: RetentionRules }).strict(), output: RetentionView, access: 'admin' },
  // Gallring (main/retention): preview, purge with the previewed counts, the schedule and its notice, early gallring of a case.
  'retention:preview': { input: Empty, output: PurgePreview, access: 'admin' },
  'retention:purge': { input: z.object({ confirmed: PurgeCounts, digest: z.string().regex(/^[0-9a-f]{64}$/) }).strict(), output: PurgeResult, access: 'admin' },
  'retention:status': { input: Empty, output: RetentionStatus, access: 'admin' },
  'retention:set-schedule': { input: z.object({ enabled: z.boolean() }).strict(), output: RetentionStatus, access: 'admin' },
  'retention:acknowledge': { input: Empty, output: RetentionStatus, access: 'admin' },
  'retention:gallring-preview': { input: GallringPreviewInput, output: GallringPreview, access: 'admin' },
  'retention:gallring': { input: EarlyGallringInput, output: GallringDone, access: 'admin' },
  'retention:tombstones': { input: Empty, output: z.array(Tombstone), access: 'admin' },
  // Who owns each team's records (issue 20): the authorities and the gallringsbeslut the rules follow.
  'retention:ownership': { input: Empty, output: z.array(TeamOwnership), access: 'admin' },
  'retention:set-ownership': { input: SetTeamOwnershipInput, output: TeamOwnership, access: 'admin' },
  'followup:export-pdf': { input: StatsExportInput, output: StatsExportResult, access: 'account' },
  // The register of reports sent to the förbund (issue 20): the year's fixed threshold, each report sent, what differs today. The team's chair.
  'followup:sent-reports': { input: SentReportsInput, output: SentReportsView, access: 'account' },
  // Two-screen meeting-room mode: handled by the Electron host itself (a window on the projector);
  // the browser host has one window and answers `opened: false`.
  'present:open': { input: Empty, output: z.object({ opened: z.boolean() }), access: 'account' },
  'present:show': { input: PresentSlide, output: z.object({}), access: 'account' },
  'present:close': { input: Empty, output: z.object({}), access: 'account' },
} as const satisfies Record<string, ChannelSpec>;

/**
 * The request-size limit of channels whose largest input the schema alone overstates: the
 * limits (main/ipc/input-bounds.ts) count six bytes for each character of a string (a control
 * character is written `\u0001`), but a packet's base64 is ASCII, one byte a character.
 */
export const INPUT_MAX_BYTES = {
  'handover:import': 28_000_000 + 4096,
  'handover:import-receipt': 28_000_000 + 4096,
} as const satisfies Partial<Record<keyof typeof contract, number>>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
/** The input after validation, as a handler receives it. */
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

export const CHANNEL_NAME = /^[a-z][a-z-]*:[a-z][a-z-]*$/;

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name);
}
