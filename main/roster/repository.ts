import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError, type RefusalDetail, type OrganisationUse } from '../../shared/ipc/errors';
import type {
  ArchiveTeamInput,
  EndMembershipInput,
  LinkAccountInput,
  Member,
  MemberLeavesInput,
  MembersQuery,
  Membership,
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
} from '../../shared/roster/model';
import { foldText } from '../../shared/roster/labels';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { mayManageTeam, requireAdmin, requireTeamManager } from './access';

type In<T extends z.ZodType> = z.output<T>;

interface OrganisationRow {
  id: string;
  name: string;
  short_name: string;
  org_number: string;
  kind: OrganisationKind;
  is_own: number;
}
interface TeamRow {
  id: string;
  name: string;
  description: string;
  meeting_weekday: number | null;
  meeting_time: string | null;
  meeting_room: string;
  archived_at: string | null;
}
interface MemberRow {
  id: string;
  display_name: string;
  profession: Profession;
  profession_other: string;
  organisation_id: string;
  organisation_name: string;
  phone: string;
  email: string;
  account_id: string | null;
  active_from: string;
  active_to: string | null;
}
interface MembershipRow {
  id: string;
  member_id: string;
  team_id: string;
  team_name: string;
  role: TeamRole;
  active_from: string;
  active_to: string | null;
}

/** A unique index refused the write: the same name (or number) is already there. */
function translateConstraint(error: unknown, what: string, detail: RefusalDetail): never {
  if (error instanceof Error && /UNIQUE constraint failed/.test(error.message)) throw new AppError('conflict', `${what} already exists`, detail);
  throw error;
}

/** Names are compared as people read them: "Team Öst" and "team öst" are the same team. */
function requireUniqueName(caps: ReadCaps, table: 'teams' | 'organisations', name: string, exceptId: string | undefined, what: string): void {
  const rows = caps.db.prepare(`SELECT id, name FROM ${table}`).all() as { id: string; name: string }[];
  if (rows.some((row) => row.id !== exceptId && foldText(row.name) === foldText(name))) throw new AppError('conflict', `${what} already exists`, { reason: 'name_taken', field: 'name' });
}

/** The day before an ISO date. */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** What refers to an organisation, by kind: each would lose its organisation if it were removed. */
const ORGANISATION_REFERENCES: readonly (readonly [OrganisationUse, string])[] = [
  ['accounts', 'SELECT 1 FROM accounts WHERE organisation_id = ?'],
  ['members', 'SELECT 1 FROM members WHERE organisation_id = ?'],
  ['cases', 'SELECT 1 FROM cases WHERE raised_by_organisation_id = ?'],
  ['consents', 'SELECT 1 FROM case_consents WHERE organisation_id = ?'],
  ['guests', 'SELECT 1 FROM meeting_guests WHERE organisation_id = ?'],
  ['keys', 'SELECT 1 FROM trusted_keys WHERE organisation_id = ?'],
  ['handovers', 'SELECT 1 FROM handovers WHERE ? IN (from_organisation_id, to_organisation_id)'],
  // The log names the organisation an account belonged to when it acted: it stays readable.
  ['audit', 'SELECT 1 FROM audit_log WHERE organisation_id = ?'],
];

/**
 * Removes an organisation made by mistake: only while nothing refers to it (refused naming what
 * does), never the home organisation; audited with its name, so the log still says which it was.
 */
export function removeOrganisation(caps: WriteCaps, organisationId: string): void {
  requireAdmin(caps.access.actor);
  caps.db.transaction(() => {
    const row = caps.db.prepare('SELECT name, is_own FROM organisations WHERE id = ?').get(organisationId) as { name: string; is_own: number } | undefined;
    if (!row) throw new AppError('not_found', 'No such organisation');
    if (row.is_own === 1) throw new AppError('forbidden', 'The home organisation is never removed', { reason: 'own_organisation' });
    const uses = ORGANISATION_REFERENCES.filter(([, sql]) => caps.db.prepare(sql).get(organisationId) !== undefined).map(([use]) => use);
    if (uses.length > 0) throw new AppError('conflict', `The organisation is still referred to by: ${uses.join(', ')}`, { reason: 'organisation_in_use', uses });
    caps.db.prepare('DELETE FROM organisations WHERE id = ?').run(organisationId);
    caps.audit.record('roster.organisation-removed', { organisationId, name: row.name });
  })();
}

// ---------------------------------------------------------------------------------------------
// Organisations

const toOrganisation = (row: OrganisationRow): Organisation => ({
  id: row.id,
  name: row.name,
  shortName: row.short_name,
  orgNumber: row.org_number,
  kind: row.kind,
  isOwn: row.is_own === 1,
});

export function listOrganisations(caps: ReadCaps): Organisation[] {
  const rows = caps.db.prepare('SELECT id, name, short_name, org_number, kind, is_own FROM organisations ORDER BY is_own DESC, name COLLATE NOCASE').all() as OrganisationRow[];
  return rows.map(toOrganisation);
}

export function saveOrganisation(caps: WriteCaps, input: In<typeof SaveOrganisationInput>): Organisation {
  requireAdmin(caps.access.actor);
  requireUniqueName(caps, 'organisations', input.name, input.id, 'An organisation with that name');
  const id = input.id ?? randomUUID();
  try {
    caps.db.transaction(() => {
      if (input.id) {
        const changed = caps.db
          .prepare('UPDATE organisations SET name = ?, short_name = ?, org_number = ?, kind = ?, kind_chosen_at = coalesce(kind_chosen_at, ?) WHERE id = ?')
          .run(input.name, input.shortName, input.orgNumber, input.kind, caps.clock.now().toISOString(), input.id);
        if (changed.changes === 0) throw new AppError('not_found', 'No such organisation');
      } else {
        caps.db
          .prepare('INSERT INTO organisations (id, name, short_name, org_number, kind, kind_chosen_at, is_own, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)')
          .run(id, input.name, input.shortName, input.orgNumber, input.kind, caps.clock.now().toISOString(), caps.clock.now().toISOString());
      }
      caps.audit.record('roster.organisation-saved', { organisationId: id, created: !input.id });
    })();
  } catch (error) {
    translateConstraint(error, 'An organisation with that number', { reason: 'org_number_taken', field: 'orgNumber' });
  }
  return toOrganisation(caps.db.prepare('SELECT id, name, short_name, org_number, kind, is_own FROM organisations WHERE id = ?').get(id) as OrganisationRow);
}

// ---------------------------------------------------------------------------------------------
// Teams

const toTeam = (row: TeamRow): Team => ({
  id: row.id,
  name: row.name,
  description: row.description,
  meetingWeekday: row.meeting_weekday,
  meetingTime: row.meeting_time,
  meetingRoom: row.meeting_room,
  archived: row.archived_at !== null,
});

const TEAM_COLUMNS = 'id, name, description, meeting_weekday, meeting_time, meeting_room, archived_at';

export function listTeams(caps: ReadCaps, options: { includeArchived?: boolean } = {}): Team[] {
  const where = options.includeArchived ? '' : 'WHERE archived_at IS NULL';
  return (caps.db.prepare(`SELECT ${TEAM_COLUMNS} FROM teams ${where} ORDER BY name COLLATE NOCASE`).all() as TeamRow[]).map(toTeam);
}

function getTeam(caps: ReadCaps, teamId: string): TeamRow {
  const row = caps.db.prepare(`SELECT ${TEAM_COLUMNS} FROM teams WHERE id = ?`).get(teamId) as TeamRow | undefined;
  if (!row) throw new AppError('not_found', 'No such team');
  return row;
}

/** An admin creates teams; an admin or the team's chair edits its details. */
export function saveTeam(caps: WriteCaps, input: In<typeof SaveTeamInput>): Team {
  const actor = caps.access.actor;
  if (input.id) {
    getTeam(caps, input.id);
    requireTeamManager(caps.access, input.id);
  } else requireAdmin(actor);
  requireUniqueName(caps, 'teams', input.name, input.id, 'A team with that name');
  const id = input.id ?? randomUUID();
  try {
    caps.db.transaction(() => {
      if (input.id) {
        caps.db
          .prepare('UPDATE teams SET name = ?, description = ?, meeting_weekday = ?, meeting_time = ?, meeting_room = ? WHERE id = ?')
          .run(input.name, input.description, input.meetingWeekday, input.meetingTime, input.meetingRoom, id);
      } else {
        caps.db
          .prepare('INSERT INTO teams (id, name, description, meeting_weekday, meeting_time, meeting_room, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(id, input.name, input.description, input.meetingWeekday, input.meetingTime, input.meetingRoom, caps.clock.now().toISOString());
      }
      caps.audit.record('roster.team-saved', { teamId: id, created: !input.id });
    })();
  } catch (error) {
    translateConstraint(error, 'A team with that name', { reason: 'name_taken', field: 'name' });
  }
  return toTeam(getTeam(caps, id));
}

/** Archiving keeps the team and its history; it only leaves the lists of active teams. */
export function archiveTeam(caps: WriteCaps, input: In<typeof ArchiveTeamInput>): Team {
  requireAdmin(caps.access.actor);
  getTeam(caps, input.teamId);
  caps.db.transaction(() => {
    caps.db.prepare('UPDATE teams SET archived_at = ? WHERE id = ?').run(input.archived ? caps.clock.now().toISOString() : null, input.teamId);
    caps.audit.record('roster.team-archived', { teamId: input.teamId, archived: input.archived });
  })();
  return toTeam(getTeam(caps, input.teamId));
}

// ---------------------------------------------------------------------------------------------
// Members and memberships

const MEMBER_SELECT = `SELECT m.id, m.display_name, m.profession, m.profession_other, m.organisation_id, o.name AS organisation_name,
  m.phone, m.email, m.account_id, m.active_from, m.active_to FROM members m JOIN organisations o ON o.id = m.organisation_id`;

const toMembership = (row: MembershipRow): Membership => ({ teamId: row.team_id, teamName: row.team_name, role: row.role, activeFrom: row.active_from, activeTo: row.active_to });

function membershipsOf(caps: ReadCaps, memberIds: readonly string[]): Map<string, Membership[]> {
  const byMember = new Map<string, Membership[]>();
  if (memberIds.length === 0) return byMember;
  const rows = caps.db
    .prepare(
      `SELECT tm.id, tm.member_id, tm.team_id, t.name AS team_name, tm.role, tm.active_from, tm.active_to
       FROM team_memberships tm JOIN teams t ON t.id = tm.team_id
       WHERE tm.member_id IN (SELECT value FROM json_each(?)) ORDER BY t.name COLLATE NOCASE, tm.active_from`,
    )
    .all(JSON.stringify(memberIds)) as MembershipRow[];
  for (const row of rows) {
    const list = byMember.get(row.member_id) ?? [];
    list.push(toMembership(row));
    byMember.set(row.member_id, list);
  }
  return byMember;
}

function toMembers(caps: ReadCaps, rows: readonly MemberRow[]): Member[] {
  const memberships = membershipsOf(
    caps,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    displayName: row.display_name,
    profession: row.profession,
    professionOther: row.profession_other,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    phone: row.phone,
    email: row.email,
    accountId: row.account_id,
    activeFrom: row.active_from,
    activeTo: row.active_to,
    memberships: memberships.get(row.id) ?? [],
  }));
}

/**
 * The roster: by default the members active today (and, with a team, those with an active place in
 * it); `includeFormer` adds those who have left. The roster is the staff directory every signed-in
 * account may read — it holds no client data.
 */
export function listMembers(caps: ReadCaps, query: In<typeof MembersQuery> = {}): Member[] {
  const date = caps.access.date;
  const clauses: string[] = [];
  const params: string[] = [];
  if (!query.includeFormer) {
    clauses.push('m.active_from <= ? AND (m.active_to IS NULL OR m.active_to >= ?)');
    params.push(date, date);
  }
  if (query.teamId) {
    getTeam(caps, query.teamId);
    const current = query.includeFormer ? '' : 'AND tm.active_from <= ? AND (tm.active_to IS NULL OR tm.active_to >= ?)';
    clauses.push(`EXISTS (SELECT 1 FROM team_memberships tm WHERE tm.member_id = m.id AND tm.team_id = ? ${current})`);
    params.push(query.teamId, ...(query.includeFormer ? [] : [date, date]));
  }
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  const rows = caps.db.prepare(`${MEMBER_SELECT} ${where} ORDER BY m.display_name COLLATE NOCASE`).all(...params) as MemberRow[];
  return toMembers(caps, rows);
}

function getMember(caps: ReadCaps, memberId: string): MemberRow {
  const row = caps.db.prepare(`${MEMBER_SELECT} WHERE m.id = ?`).get(memberId) as MemberRow | undefined;
  if (!row) throw new AppError('not_found', 'No such member');
  return row;
}

/** Teams in which the member holds an open place (the ones whose chair may edit the member). */
function openTeamsOf(caps: ReadCaps, memberId: string): string[] {
  const rows = caps.db.prepare('SELECT team_id FROM team_memberships WHERE member_id = ? AND active_to IS NULL').all(memberId) as { team_id: string }[];
  return rows.map((row) => row.team_id);
}

/**
 * Admin, or a chair of *every* team the member sits in. Giving someone a place in your team does
 * not make them yours to rename, move to another organisation or end: while they also sit in a
 * team you do not chair, that takes an admin (you can still end the place in your own team).
 */
function requireManageMember(caps: ReadCaps, memberId: string): void {
  if (caps.access.actor.isAdmin) return;
  const teams = openTeamsOf(caps, memberId);
  if (teams.length > 0 && teams.every((teamId) => mayManageTeam(caps.access, teamId))) return;
  throw new AppError('forbidden', "Only an admin, or the chair of every team the member sits in, may do this", { reason: 'not_team_chair' });
}

function requireOrganisation(caps: ReadCaps, organisationId: string): void {
  if (!caps.db.prepare('SELECT 1 FROM organisations WHERE id = ?').get(organisationId)) throw new AppError('not_found', 'No such organisation');
}

export function getMemberView(caps: ReadCaps, memberId: string): Member {
  const [member] = toMembers(caps, [getMember(caps, memberId)]);
  if (!member) throw new AppError('not_found', 'No such member');
  return member;
}

/** One member with every place (`roster:member`): readable, like the roster, by every signed-in account. */
export function readMember(caps: ReadCaps, memberId: string): Member {
  return getMemberView(caps, memberId);
}

/**
 * Adds or edits a member. An admin adds anyone; a chair adds members straight into a team they
 * chair. An admin, or the chair of one of the member's teams, edits a member.
 */
export function saveMember(caps: WriteCaps, input: In<typeof SaveMemberInput>): Member {
  const actor = caps.access.actor;
  requireOrganisation(caps, input.organisationId);
  if (input.id) {
    getMember(caps, input.id);
    requireManageMember(caps, input.id);
    // Places of an existing member go through setMembership, which checks that team's chair.
    if (input.team) throw new AppError('invalid_input', 'Give an existing member a place with roster:set-membership', { field: 'team' });
  } else if (!actor.isAdmin && !input.team) throw new AppError('forbidden', 'A chair adds members into a team they chair', { reason: 'not_team_chair' });
  if (input.team) {
    getTeam(caps, input.team.teamId);
    requireTeamManager(caps.access, input.team.teamId);
  }
  const id = input.id ?? randomUUID();
  const professionOther = input.profession === 'other' ? input.professionOther : '';
  caps.db.transaction(() => {
    if (input.id) {
      const current = getMember(caps, input.id);
      if (current.active_to !== null && current.active_to < input.activeFrom) throw new AppError('invalid_input', 'The start date is after the member left', { reason: 'date_order' });
      caps.db
        .prepare('UPDATE members SET display_name = ?, profession = ?, profession_other = ?, organisation_id = ?, phone = ?, email = ?, active_from = ? WHERE id = ?')
        .run(input.displayName, input.profession, professionOther, input.organisationId, input.phone, input.email, input.activeFrom, id);
      syncAccountOrganisation(caps, id);
    } else {
      insertMember(caps, id, { ...input, professionOther });
    }
    if (input.team) openMembership(caps, id, input.team.teamId, input.team.role, input.activeFrom);
    caps.audit.record('roster.member-saved', { memberId: id, created: !input.id });
  })();
  return getMemberView(caps, id);
}

/** Inside a caller's transaction. */
export function insertMember(
  caps: WriteCaps,
  id: string,
  member: { displayName: string; profession: Profession; professionOther: string; organisationId: string; phone: string; email: string; activeFrom: string },
): void {
  caps.db
    .prepare(
      'INSERT INTO members (id, display_name, profession, profession_other, organisation_id, phone, email, active_from, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(id, member.displayName, member.profession, member.professionOther, member.organisationId, member.phone, member.email, member.activeFrom, caps.clock.now().toISOString());
}

/**
 * Gives the member `role` in the team from `from` (inside a caller's transaction). A different
 * open role ends the day before, so the history shows both; an open row starting on or after
 * `from` is simply corrected.
 */
export function openMembership(caps: WriteCaps, memberId: string, teamId: string, role: TeamRole, from: string): void {
  const open = caps.db.prepare('SELECT id, role, active_from FROM team_memberships WHERE member_id = ? AND team_id = ? AND active_to IS NULL').get(memberId, teamId) as
    | { id: string; role: TeamRole; active_from: string }
    | undefined;
  if (open && open.role === role) return;
  // Places in one team never overlap: a new one starts after the last one ended.
  const lastEnd = (caps.db.prepare('SELECT max(active_to) AS last FROM team_memberships WHERE member_id = ? AND team_id = ? AND active_to IS NOT NULL').get(memberId, teamId) as { last: string | null }).last;
  if (lastEnd !== null && from <= lastEnd) throw new AppError('invalid_input', 'The new place would overlap an earlier place in the same team', { reason: 'membership_overlap', field: 'from' });
  if (open && open.active_from >= from) {
    caps.db.prepare('UPDATE team_memberships SET role = ?, active_from = ? WHERE id = ?').run(role, from, open.id);
    return;
  }
  if (open) caps.db.prepare('UPDATE team_memberships SET active_to = ? WHERE id = ?').run(dayBefore(from), open.id);
  caps.db
    .prepare('INSERT INTO team_memberships (id, team_id, member_id, role, active_from, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(randomUUID(), teamId, memberId, role, from, caps.clock.now().toISOString());
}

export function setMembership(caps: WriteCaps, input: In<typeof SetMembershipInput>): Member {
  const member = getMember(caps, input.memberId);
  getTeam(caps, input.teamId);
  requireTeamManager(caps.access, input.teamId);
  if (member.active_to !== null) throw new AppError('conflict', 'The member has left', { reason: 'already_done' });
  if (input.from < member.active_from) throw new AppError('invalid_input', 'The member starts later than that', { reason: 'date_order' });
  caps.db.transaction(() => {
    openMembership(caps, input.memberId, input.teamId, input.role, input.from);
    caps.audit.record('roster.membership-set', { memberId: input.memberId, teamId: input.teamId, role: input.role });
  })();
  return getMemberView(caps, input.memberId);
}

export function endMembership(caps: WriteCaps, input: In<typeof EndMembershipInput>): Member {
  getMember(caps, input.memberId);
  getTeam(caps, input.teamId);
  requireTeamManager(caps.access, input.teamId);
  const open = caps.db.prepare('SELECT id, active_from FROM team_memberships WHERE member_id = ? AND team_id = ? AND active_to IS NULL').get(input.memberId, input.teamId) as
    | { id: string; active_from: string }
    | undefined;
  if (!open) throw new AppError('not_found', 'The member has no place in that team');
  if (input.date < open.active_from) throw new AppError('invalid_input', 'The end date is before the start', { reason: 'date_order' });
  caps.db.transaction(() => {
    caps.db.prepare('UPDATE team_memberships SET active_to = ? WHERE id = ?').run(input.date, open.id);
    caps.audit.record('roster.membership-ended', { memberId: input.memberId, teamId: input.teamId });
  })();
  return getMemberView(caps, input.memberId);
}

/**
 * A member leaves: the member and every open place end on `date`. Nothing is deleted, so who sat
 * at which meeting stays answerable.
 */
export function memberLeaves(caps: WriteCaps, input: In<typeof MemberLeavesInput>): Member {
  const member = getMember(caps, input.memberId);
  requireManageMember(caps, input.memberId);
  if (member.active_to !== null) throw new AppError('conflict', 'The member has already left', { reason: 'already_done' });
  if (input.date < member.active_from) throw new AppError('invalid_input', 'The end date is before the start', { reason: 'date_order' });
  caps.db.transaction(() => {
    caps.db.prepare('UPDATE members SET active_to = ? WHERE id = ?').run(input.date, input.memberId);
    // A place that would only have begun after the leaving day ends on the day it began.
    caps.db
      .prepare('UPDATE team_memberships SET active_to = CASE WHEN active_from > ? THEN active_from ELSE ? END WHERE member_id = ? AND active_to IS NULL')
      .run(input.date, input.date, input.memberId);
    caps.audit.record('roster.member-left', { memberId: input.memberId });
  })();
  return getMemberView(caps, input.memberId);
}

/**
 * A linked account's home organisation is its member's (inside a caller's transaction): the
 * consent rules read the account's organisation, the roster is where it is kept. When the member
 * is the signed-in account's own, its session still holds the old organisation: the caller reloads
 * it (the channel does, main/services/roster/handlers.ts — the repository has no session).
 */
function syncAccountOrganisation(caps: WriteCaps, memberId: string): void {
  caps.db.prepare('UPDATE accounts SET organisation_id = (SELECT organisation_id FROM members WHERE id = ?) WHERE id = (SELECT account_id FROM members WHERE id = ?)').run(memberId, memberId);
}

/** An admin links a member to the account that person signs in with (or unlinks it). */
export function linkAccount(caps: WriteCaps, input: In<typeof LinkAccountInput>): Member {
  requireAdmin(caps.access.actor);
  getMember(caps, input.memberId);
  if (input.accountId && !caps.db.prepare('SELECT 1 FROM accounts WHERE id = ? AND removed_at IS NULL').get(input.accountId)) {
    throw new AppError('not_found', 'No such account');
  }
  try {
    caps.db.transaction(() => {
      caps.db.prepare('UPDATE members SET account_id = ? WHERE id = ?').run(input.accountId, input.memberId);
      // One source for a reader's home organisation (DESIGN.md): the linked member's.
      syncAccountOrganisation(caps, input.memberId);
      caps.audit.record('roster.account-linked', { memberId: input.memberId, accountId: input.accountId });
    })();
  } catch (error) {
    translateConstraint(error, 'A member linked to that account', { reason: 'account_linked', field: 'accountId' });
  }
  return getMemberView(caps, input.memberId);
}

/** The signed-in account in the roster (`roster:my-roles`): admin or not, its member, and its roles that change things today. */
export function myRoles(caps: ReadCaps): { isAdmin: boolean; memberId: string | null; teams: { teamId: string; role: TeamRole }[] } {
  const { actor, activeRoles } = caps.access;
  const member = caps.db.prepare('SELECT id FROM members WHERE account_id = ?').get(actor.accountId) as { id: string } | undefined;
  return { isAdmin: actor.isAdmin, memberId: member?.id ?? null, teams: [...activeRoles].map(([teamId, role]) => ({ teamId, role })) };
}

/** Every place anyone ever held in the team, newest first: the team's history. */
export function teamHistory(caps: ReadCaps, teamId: string): TeamHistoryRow[] {
  getTeam(caps, teamId);
  const date = caps.access.date;
  const rows = caps.db
    .prepare(
      `SELECT tm.member_id, m.display_name, o.name AS organisation_name, tm.role, tm.active_from, tm.active_to, m.active_to AS member_to
       FROM team_memberships tm JOIN members m ON m.id = tm.member_id JOIN organisations o ON o.id = m.organisation_id
       WHERE tm.team_id = ? ORDER BY tm.active_from DESC, m.display_name COLLATE NOCASE`,
    )
    .all(teamId) as { member_id: string; display_name: string; organisation_name: string; role: TeamRole; active_from: string; active_to: string | null; member_to: string | null }[];
  return rows.map((row) => ({
    memberId: row.member_id,
    displayName: row.display_name,
    organisationName: row.organisation_name,
    role: row.role,
    activeFrom: row.active_from,
    activeTo: row.active_to,
    current: row.active_from <= date && (row.active_to === null || row.active_to >= date) && (row.member_to === null || row.member_to >= date),
  }));
}
