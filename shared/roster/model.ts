import { z } from 'zod';
import { parseOrganisationsnummer } from '../identifiers/organisationsnummer';
import { ORGANISATION_KINDS, PROFESSIONS, ROSTER_COLUMNS, ROSTER_GROUPINGS, TEAM_ROLES } from './codes';

export { ORGANISATION_KINDS, PROFESSIONS, ROSTER_COLUMNS, ROSTER_GROUPINGS, TEAM_ROLES };

/**
 * The roster's vocabulary and the shapes of its IPC inputs and outputs. The roster is who sits
 * around the table — staff, never the young people.
 */
export const OrganisationKind = z.enum(ORGANISATION_KINDS);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

export const Profession = z.enum(PROFESSIONS);
export type Profession = z.infer<typeof Profession>;

export const TeamRole = z.enum(TEAM_ROLES);
export type TeamRole = z.infer<typeof TeamRole>;

const IsoDate = z.iso.date();
const Id = z.uuid();
const Text = (max: number) => z.string().trim().max(max);

/** An organisationsnummer in any common spelling; the output is the canonical NNNNNN-NNNN. */
export const OrgNumber = z
  .string()
  .trim()
  .max(13)
  .transform((text, context) => {
    const parsed = parseOrganisationsnummer(text);
    if (!parsed) {
      context.addIssue({ code: 'custom', message: 'not a valid organisationsnummer' });
      return z.NEVER;
    }
    return parsed;
  });

/** A work e-mail address, or empty. Deliberately plain: one @, a dot in the domain, no spaces. */
export const WorkEmail = z
  .string()
  .trim()
  .max(254)
  .refine((text) => text === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text), 'not an e-mail address');

/** A work phone number, or empty: digits, spaces, +, -, parentheses; 7 to 15 digits in all. */
export const WorkPhone = z
  .string()
  .trim()
  .max(30)
  .refine((text) => text === '' || (/^[+\d\s()-]+$/.test(text) && /^\d{7,15}$/.test(text.replace(/\D/g, ''))), 'not a phone number');

export const Organisation = z.object({
  id: Id,
  name: z.string(),
  shortName: z.string(),
  orgNumber: z.string(),
  kind: OrganisationKind,
  isOwn: z.boolean(),
});
export type Organisation = z.infer<typeof Organisation>;

export const SaveOrganisationInput = z
  .object({
    id: Id.optional(),
    name: Text(200).min(1),
    shortName: Text(40),
    orgNumber: OrgNumber,
    kind: OrganisationKind,
  })
  .strict();

export const Team = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  /** ISO weekday, 1 = Monday. */
  meetingWeekday: z.number().int().min(1).max(7).nullable(),
  meetingTime: z.string().nullable(),
  meetingRoom: z.string(),
  archived: z.boolean(),
});
export type Team = z.infer<typeof Team>;

export const SaveTeamInput = z
  .object({
    id: Id.optional(),
    name: Text(120).min(1),
    description: Text(2000),
    meetingWeekday: z.number().int().min(1).max(7).nullable(),
    meetingTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .nullable(),
    meetingRoom: Text(120),
  })
  .strict();

export const Membership = z.object({
  teamId: Id,
  teamName: z.string(),
  role: TeamRole,
  activeFrom: z.string(),
  activeTo: z.string().nullable(),
});
export type Membership = z.infer<typeof Membership>;

export const Member = z.object({
  id: Id,
  displayName: z.string(),
  profession: Profession,
  professionOther: z.string(),
  organisationId: Id,
  organisationName: z.string(),
  phone: z.string(),
  email: z.string(),
  accountId: Id.nullable(),
  activeFrom: z.string(),
  activeTo: z.string().nullable(),
  memberships: z.array(Membership),
});
export type Member = z.infer<typeof Member>;

export const SaveMemberInput = z
  .object({
    id: Id.optional(),
    displayName: Text(200).min(1),
    profession: Profession,
    /** The profession in the member's own words when it is `other`. */
    professionOther: Text(120),
    organisationId: Id,
    phone: WorkPhone,
    email: WorkEmail,
    activeFrom: IsoDate,
    /** A new member may join a team at once (the caller must be allowed to manage that team). */
    team: z.object({ teamId: Id, role: TeamRole }).strict().optional(),
  })
  .strict();

export const MembersQuery = z
  .object({
    /** Only this team's members. */
    teamId: Id.optional(),
    /** Include members who have left (their end date has passed). */
    includeFormer: z.boolean().optional(),
  })
  .strict();

export const RosterColumn = z.enum(ROSTER_COLUMNS);
export type RosterColumn = z.infer<typeof RosterColumn>;
export const RosterGrouping = z.enum(ROSTER_GROUPINGS);
export type RosterGrouping = z.infer<typeof RosterGrouping>;

/** At most this many lines in one page of the roster. */
export const MEMBERS_PAGE_MAX = 500;
const FilterText = z.string().max(200);

/** A value for every key of an enum, as an object (not a record): the schema then bounds its size. */
function perKey<K extends string, V extends z.ZodType>(keys: readonly K[], value: V) {
  return z.object(Object.fromEntries(keys.map((key) => [key, value])) as Record<K, V>).strict();
}
const Label = z.string().max(120);

/**
 * One page of the roster table, sorted, filtered and grouped in main (`roster:members-page`): a
 * line is a member's place in a team (a member without a current place has one line of their
 * own). The members are those of `roster:members` for the same team and `includeFormer`.
 */
export const MembersPageQuery = z
  .object({
    teamId: Id.optional(),
    includeFormer: z.boolean().optional(),
    sort: z.object({ column: RosterColumn, desc: z.boolean() }).strict(),
    /** Per column: lines whose text in that column contains this (case-insensitive). */
    // One optional filter per column, as an object (not a record) so its size is bounded by the schema (main/ipc/input-bounds.ts).
    filters: perKey(ROSTER_COLUMNS, FilterText.optional()).optional(),
    /** Lines with this text (case-insensitive) in any column. */
    search: FilterText.optional(),
    /** Lines ordered group by group, and the groups with their counts in the answer. */
    groupBy: RosterGrouping.optional(),
    /** The words the user sees for the codes: sorting and filtering go by them. */
    labels: z.object({ professions: perKey(Profession.options, Label), roles: perKey(TeamRole.options, Label) }).strict(),
    offset: z.number().int().nonnegative().max(10_000_000),
    limit: z.number().int().positive().max(MEMBERS_PAGE_MAX),
  })
  .strict();
export type MembersPageQuery = z.input<typeof MembersPageQuery>;

/** One line of the roster table as shown: profession and role in the words of the query's labels. */
export const RosterLine = z.object({
  key: z.string(),
  memberId: Id,
  name: z.string(),
  profession: z.string(),
  organisation: z.string(),
  team: z.string(),
  role: z.string(),
  phone: z.string(),
  email: z.string(),
  from: z.string(),
  to: z.string(),
});
export type RosterLine = z.infer<typeof RosterLine>;

export const MembersPage = z.object({
  /** Lines matching the query in all (not only in this page). */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  lines: z.array(RosterLine),
  /** With `groupBy`: every group in the order its lines come, with its number of lines. */
  groups: z.array(z.object({ value: z.string(), count: z.number().int().positive() })).nullable(),
});
export type MembersPage = z.infer<typeof MembersPage>;

export const SetMembershipInput = z.object({ memberId: Id, teamId: Id, role: TeamRole, from: IsoDate }).strict();
export const EndMembershipInput = z.object({ memberId: Id, teamId: Id, date: IsoDate }).strict();
export const MemberLeavesInput = z.object({ memberId: Id, date: IsoDate }).strict();
export const LinkAccountInput = z.object({ memberId: Id, accountId: Id.nullable() }).strict();
export const ArchiveTeamInput = z.object({ teamId: Id, archived: z.boolean() }).strict();

/** One line of a team's history: who held which role, from when to when. */
export const TeamHistoryRow = z.object({
  memberId: Id,
  displayName: z.string(),
  organisationName: z.string(),
  role: TeamRole,
  activeFrom: z.string(),
  activeTo: z.string().nullable(),
  current: z.boolean(),
});
export type TeamHistoryRow = z.infer<typeof TeamHistoryRow>;

/** What is wrong with one row of an import, as codes the UI words in the user's language. */
export const IMPORT_ROW_ERRORS = [
  'missing-name',
  'unknown-organisation',
  'unknown-team',
  'bad-role',
  'bad-email',
  'bad-phone',
  'bad-date',
  'duplicate-in-file',
  'already-in-roster',
  'not-your-team',
  'wrong-column-count',
] as const;
export const ImportRowError = z.enum(IMPORT_ROW_ERRORS);
export type ImportRowError = z.infer<typeof ImportRowError>;

export const ImportPreviewRow = z.object({
  line: z.number().int().positive(),
  displayName: z.string(),
  organisation: z.string(),
  team: z.string(),
  errors: z.array(ImportRowError),
});
export type ImportPreviewRow = z.infer<typeof ImportPreviewRow>;

export const ImportPreview = z.object({
  /** The file's header is one we read; otherwise nothing else is checked. */
  headerOk: z.boolean(),
  rows: z.array(ImportPreviewRow),
  valid: z.number().int().nonnegative(),
  invalid: z.number().int().nonnegative(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

/** A CSV as the user picked it: text up to 2 MiB (about 10,000 roster rows). */
export const ImportCsvInput = z.object({ csv: z.string().max(2 * 1024 * 1024) }).strict();
