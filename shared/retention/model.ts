import { z } from 'zod';
import { TeamDecision } from './ownership';

/**
 * Retention (gallring) rules per kind of record, in months, set by an admin. The defaults are
 * written in the README. The audit log is kept at least five years. The backup ladder never keeps
 * a backup longer than the shortest rule, so a purge is not undone by an old backup.
 */
export const RETENTION_KINDS = ['case-records', 'minutes', 'supervision', 'handovers', 'audit-log'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export const RETENTION_DEFAULTS: Readonly<Record<RetentionKind, number>> = {
  'case-records': 60,
  minutes: 60,
  supervision: 60,
  handovers: 60,
  'audit-log': 60,
};

export const RETENTION_MINIMUM: Readonly<Record<RetentionKind, number>> = {
  'case-records': 1,
  minutes: 1,
  supervision: 1,
  handovers: 1,
  'audit-log': 60,
};

const Months = z.number().int().min(1).max(1200);
export const RetentionRules = z
  .object({ 'case-records': Months, minutes: Months, supervision: Months, handovers: Months, 'audit-log': Months })
  .strict();
export type RetentionRules = z.infer<typeof RetentionRules>;

export const RetentionView = z.object({
  rules: RetentionRules,
  defaults: RetentionRules,
  minimum: RetentionRules,
  /** How long a backup is kept at most: the shortest rule (and never more than a year). */
  backupMaxDays: z.number().int(),
  /** The rules are a proposal (förslag) while a team in use has no gallringsbeslut entered (shared/retention/ownership.ts). */
  proposal: z.boolean(),
  /** Each team in use and the gallringsbeslut its records follow (null: none entered). */
  decisions: z.array(TeamDecision),
});
export type RetentionView = z.infer<typeof RetentionView>;

/** The longest a backup may be kept, in days: the shortest retention rule, at most the ladder's year. */
export function backupMaxDays(rules: RetentionRules): number {
  const shortest = Math.min(...RETENTION_KINDS.map((kind) => rules[kind]));
  return Math.min(366, Math.floor((shortest * 365.25) / 12));
}

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Count = z.number().int().nonnegative();

/** How many records of each kind a purge takes (or took). */
export const PurgeCounts = z
  .object({ 'case-records': Count, minutes: Count, supervision: Count, handovers: Count, 'audit-log': Count })
  .strict();
export type PurgeCounts = z.infer<typeof PurgeCounts>;

/** One kind of record in a purge preview: what goes, how many, the oldest, and what waits for another rule. */
export const PurgeGroup = z.object({
  kind: z.enum(RETENTION_KINDS),
  months: z.number().int(),
  /** Records dated before this day (Europe/Stockholm) are due. */
  cutoff: IsoDate,
  count: Count,
  oldest: IsoDate.nullable(),
  /** Due by their own rule, but still named by records another rule keeps (cases in kept minutes). */
  heldBack: Count,
});
export type PurgeGroup = z.infer<typeof PurgeGroup>;

export const PurgePreview = z.object({
  asOf: IsoDate,
  groups: z.array(PurgeGroup),
  counts: PurgeCounts,
  /** Which records exactly (a digest of their ids): the purge is confirmed for these, not only for how many. */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});
export type PurgePreview = z.infer<typeof PurgePreview>;

export const PurgeResult = z.object({
  at: z.iso.datetime(),
  counts: PurgeCounts,
  scheduled: z.boolean(),
  /** Which gallringsbeslut the purge followed, per team in use (absent in results stored before issue 20). */
  decisions: z.array(TeamDecision).optional(),
});
export type PurgeResult = z.infer<typeof PurgeResult>;

/**
 * The day `months` months before `today` (both ISO dates): records dated before it are due. The
 * day of the month is kept, or the month's last day when it is shorter (31 March − 1 month = 28/29 February).
 */
export function cutoffDate(today: string, months: number): string {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const total = year * 12 + (month - 1) - months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

export const SCHEDULE_FAILURES = ['pause', 'clock', 'audit-alarm', 'error'] as const;
export type ScheduleFailure = (typeof SCHEDULE_FAILURES)[number];

/** Scheduled gallring: an admin's switch that carries out the authorities' gallringsbeslut; it runs at the first unlock of each month. */
export const RetentionStatus = z.object({
  schedule: z.object({ enabled: z.boolean(), enabledAt: z.string().nullable() }),
  lastRun: PurgeResult.nullable(),
  /** The first day the next scheduled run may happen (when enabled). */
  nextRunFrom: IsoDate.nullable(),
  /** A scheduled run's result no admin has acknowledged yet. */
  notice: PurgeResult.nullable(),
  /**
   * Why the last scheduled run did not purge (nothing was deleted), until a purge succeeds:
   * `pause` (no lock for over a year) and `clock` (the clock is behind the log) stop the schedule
   * until an admin purges by hand after the preview; `audit-alarm` and `error` are tried again at
   * the next unlock.
   */
  failure: z.object({ at: z.iso.datetime(), reason: z.enum(SCHEDULE_FAILURES) }).nullable(),
  /** An early gallring's old backups could not be replaced yet (they still hold the case); retried at each unlock. */
  backupsPending: z.boolean(),
  /**
   * The stored retention rules cannot be read: no purge runs — scheduled or by hand — until an
   * admin saves the rules again (never the defaults in their place, silently).
   */
  rulesDamaged: z.boolean(),
});
export type RetentionStatus = z.infer<typeof RetentionStatus>;

const CaseCode = z.string().trim().regex(/^[A-ZÅÄÖ]{1,4}-\d{4}-\d{3,4}$/);

/** What an early gallring of one case takes, per kind of record (never their content). */
export const GALLRING_PARTS = [
  'case',
  'consents',
  'agendaItems',
  'caseItems',
  'actions',
  'addenda',
  'drafts',
  'minutesRedacted',
  'supervisionLinks',
  'supervisionRecords',
  'supervisionSessions',
  'privateNotes',
  'handovers',
  'packetsSent',
  'packetsReceived',
  // Handover receipts (issue 20) are counted as themselves, not as packets: the receiver's answers
  // sent, and on the sender's side the answers imported for its packets.
  'receiptsSent',
  'receiptsReceived',
  'searchEntries',
] as const;
export const GallringCounts = z.object(Object.fromEntries(GALLRING_PARTS.map((part) => [part, Count])) as Record<(typeof GALLRING_PARTS)[number], typeof Count>).strict();
export type GallringCounts = z.infer<typeof GallringCounts>;

export const GallringPreviewInput = z.object({ caseCode: CaseCode }).strict();
export const GallringPreview = z.object({
  caseCode: z.string(),
  teamName: z.string(),
  counts: GallringCounts,
  /** Backups hold the case too: after the gallring they are replaced by one new backup made without it. */
  backups: Count,
  /** Private notes of sessions that discussed this case among others: encrypted, unreadable to the admin, kept with their sessions. */
  privateNotesKept: Count,
});
export type GallringPreview = z.infer<typeof GallringPreview>;

/** The admin's early gallring of a case: the decision it rests on and the counts the preview showed. */
export const EarlyGallringInput = z
  .object({
    caseCode: CaseCode,
    decisionReference: z.string().trim().min(3).max(100),
    decisionDate: IsoDate,
    confirmed: GallringCounts,
  })
  .strict();

/** What is left of a case after an early gallring: its code, the decision and the counts. */
export const Tombstone = z.object({
  caseCode: z.string(),
  teamName: z.string(),
  decisionReference: z.string(),
  decisionDate: IsoDate,
  counts: GallringCounts,
  gallradAt: z.string(),
  gallradBy: z.string(),
  /** Who owned the case's records when it was gallrat, and the team's gallringsbeslut then (null: not entered, or a tombstone from before issue 20). */
  controller: z.string().nullable(),
  archiveCreator: z.string().nullable(),
  teamDecisionReference: z.string().nullable(),
});
export type Tombstone = z.infer<typeof Tombstone>;

/** The answer to an early gallring: the tombstone, and whether the old backups were replaced (if not, they still hold the case; retried at the next unlock). */
export const GallringDone = Tombstone.extend({ backupsReplaced: z.boolean() });
export type GallringDone = z.infer<typeof GallringDone>;
