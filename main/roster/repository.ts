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
import type { UnlockedVault } from '../vault/vault';
import { type Actor, actorOf, canManageTeam, requireAdmin, requireManageTeam, today } from './access';

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
function requireUniqueName(vault: UnlockedVault, table: 'teams' | 'organisations', name: string, exceptId: string | undefined, what: string): void {
  const rows = vault.db.prepare(`SELECT id, name FROM ${table}`).all() as { id: string; name: string }[];
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
export function removeOrganisation(vault: UnlockedVault, organisationId: string): void {
  requireAdmin(actorOf(vault));
  vault.db.transaction(() => {
    const row = vault.db.prepare('SELECT name, is_own FROM organisations WHERE id = ?').get(organisationId) as { name: string; is_own: number } | undefined;
    if (!row) throw new AppError('not_found', 'No such organisation');
    if (row.is_own === 1) throw new AppError('forbidden', 'The home organisation is never removed', { reason: 'own_organisation' });
    const uses = ORGANISATION_REFERENCES.filter(([, sql]) => vault.db.prepare(sql).get(organisationId) !== undefined).map(([use]) => use);
    if (uses.length > 0) throw new AppError('conflict', `The organisation is still referred to by: ${uses.join(', ')}`, { reason: 'organisation_in_use', uses });
    vault.db.prepare('DELETE FROM organisations WHERE id = ?').run(organisationId);
    vault.audit('roster.organisation-removed', { organisationId, name: row.name });
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

export function listOrganisations(vault: UnlockedVault): Organisation[] {
  actorOf(vault);
  const rows = vault.db.prepare('SELECT id, name, short_name, org_number, kind, is_own FROM organisations ORDER BY is_own DESC, name COLLATE NOCASE').all() as OrganisationRow[];
  return rows.map(toOrganisation);
}

export function saveOrganisation(vault: UnlockedVault, input: In<typeof SaveOrganisationInput>): Organisation {
  requireAdmin(actorOf(vault));
  requireUniqueName(vault, 'organisations', input.name, input.id, 'An organisation with that name');
  const id = input.id ?? randomUUID();
  try {
    vault.db.transaction(() => {
      if (input.id) {
        const changed = vault.db
          .prepare('UPDATE organisations SET name = ?, short_name = ?, org_number = ?, kind = ?, kind_chosen_at = coalesce(kind_chosen_at, ?) WHERE id = ?')
          .run(input.name, input.shortName, input.orgNumber, input.kind, vault.now().toISOString(), input.id);
        if (changed.changes === 0) throw new AppError('not_found', 'No such organisation');
      } else {
        vault.db
          .prepare('INSERT INTO organisations (id, name, short_name, org_number, kind, kind_chosen_at, is_own, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)')
          .run(id, input.name, input.shortName, input.orgNumber, input.kind, vault.now().toISOString(), vault.now().toISOString());
      }
      vault.audit('roster.organisation-saved', { organisationId: id, created: !input.id });
    })();
  } catch (error) {
    translateConstraint(error, 'An organisation with that number', { reason: 'org_number_taken', field: 'orgNumber' });
  }
  return toOrganisation(vault.db.prepare('SELECT id, name, short_name, org_number, kind, is_own FROM organisations WHERE id = ?').get(id) as OrganisationRow);
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

export function listTeams(vault: UnlockedVault, options: { includeArchived?: boolean } = {}): Team[] {
  actorOf(vault);
  const where = options.includeArchived ? '' : 'WHERE archived_at IS NULL';
  return (vault.db.prepare(`SELECT ${TEAM_COLUMNS} FROM teams ${where} ORDER BY name COLLATE NOCASE`).all() as TeamRow[]).map(toTeam);
}

function getTeam(vault: UnlockedVault, teamId: string): TeamRow {
  const row = vault.db.prepare(`SELECT ${TEAM_COLUMNS} FROM teams WHERE id = ?`).get(teamId) as TeamRow | undefined;
  if (!row) throw new AppError('not_found', 'No such team');
  return row;
}

/** An admin creates teams; an admin or the team's chair edits its details. */
export function saveTeam(vault: UnlockedVault, input: In<typeof SaveTeamInput>): Team {
  const actor = actorOf(vault);
  if (input.id) {
    getTeam(vault, input.id);
    requireManageTeam(vault, actor, input.id);
  } else requireAdmin(actor);
  requireUniqueName(vault, 'teams', input.name, input.id, 'A team with that name');
  const id = input.id ?? randomUUID();
  try {
    vault.db.transaction(() => {
      if (input.id) {
        vault.db
          .prepare('UPDATE teams SET name = ?, description = ?, meeting_weekday = ?, meeting_time = ?, meeting_room = ? WHERE id = ?')
          .run(input.name, input.description, input.meetingWeekday, input.meetingTime, input.meetingRoom, id);
      } else {
        vault.db
          .prepare('INSERT INTO teams (id, name, description, meeting_weekday, meeting_time, meeting_room, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(id, input.name, input.description, input.meetingWeekday, input.meetingTime, input.meetingRoom, vault.now().toISOString());
      }
      vault.audit('roster.team-saved', { teamId: id, created: !input.id });
    })();
  } catch (error) {
    translateConstraint(error, 'A team with that name', { reason: 'name_taken', field: 'name' });
  }
  return toTeam(getTeam(vault, id));
}

/** Archiving keeps the team and its history; it only leaves the lists of active teams. */
export function archiveTeam(vault: UnlockedVault, input: In<typeof ArchiveTeamInput>): Team {
  requireAdmin(actorOf(vault));
  getTeam(vault, input.teamId);
  vault.db.transaction(() => {
    vault.db.prepare('UPDATE teams SET archived_at = ? WHERE id = ?').run(input.archived ? vault.now().toISOString() : null, input.teamId);
    vault.audit('roster.team-archived', { teamId: input.teamId, archived: input.archived });
  })();
  return toTeam(getTeam(vault, input.teamId));
}

// ---------------------------------------------------------------------------------------------
// Members and memberships

const MEMBER_SELECT = `SELECT m.id, m.display_name, m.profession, m.profession_other, m.organisation_id, o.name AS organisation_name,
  m.phone, m.email, m.account_id, m.active_from, m.active_to FROM members m JOIN organisations o ON o.id = m.organisation_id`;

const toMembership = (row: MembershipRow): Membership => ({ teamId: row.team_id, teamName: row.team_name, role: row.role, activeFrom: row.active_from, activeTo: row.active_to });

function membershipsOf(vault: UnlockedVault, memberIds: readonly string[]): Map<string, Membership[]> {
  const byMember = new Map<string, Membership[]>();
  if (memberIds.length === 0) return byMember;
  const rows = vault.db
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

function toMembers(vault: UnlockedVault, rows: readonly MemberRow[]): Member[] {
  const memberships = membershipsOf(
    vault,
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
export function listMembers(vault: UnlockedVault, query: In<typeof MembersQuery> = {}): Member[] {
  actorOf(vault);
  const date = today(vault);
  const clauses: string[] = [];
  const params: string[] = [];
  if (!query.includeFormer) {
    clauses.push('m.active_from <= ? AND (m.active_to IS NULL OR m.active_to >= ?)');
    params.push(date, date);
  }
  if (query.teamId) {
    getTeam(vault, query.teamId);
    const current = query.includeFormer ? '' : 'AND tm.active_from <= ? AND (tm.active_to IS NULL OR tm.active_to >= ?)';
    clauses.push(`EXISTS (SELECT 1 FROM team_memberships tm WHERE tm.member_id = m.id AND tm.team_id = ? ${current})`);
    params.push(query.teamId, ...(query.includeFormer ? [] : [date, date]));
  }
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  const rows = vault.db.prepare(`${MEMBER_SELECT} ${where} ORDER BY m.display_name COLLATE NOCASE`).all(...params) as MemberRow[];
  return toMembers(vault, rows);
}

function getMember(vault: UnlockedVault, memberId: string): MemberRow {
  const row = vault.db.prepare(`${MEMBER_SELECT} WHERE m.id = ?`).get(memberId) as MemberRow | undefined;
  if (!row) throw new AppError('not_found', 'No such member');
  return row;
}

/** Teams in which the member holds an open place (the ones whose chair may edit the member). */
function openTeamsOf(vault: UnlockedVault, memberId: string): string[] {
  const rows = vault.db.prepare('SELECT team_id FROM team_memberships WHERE member_id = ? AND active_to IS NULL').all(memberId) as { team_id: string }[];
  return rows.map((row) => row.team_id);
}

/**
 * Admin, or a chair of *every* team the member sits in. Giving someone a place in your team does
 * not make them yours to rename, move to another organisation or end: while they also sit in a
 * team you do not chair, that takes an admin (you can still end the place in your own team).
 */
function requireManageMember(vault: UnlockedVault, actor: Actor, memberId: string): void {
  if (actor.isAdmin) return;
  const teams = openTeamsOf(vault, memberId);
  if (teams.length > 0 && teams.every((teamId) => canManageTeam(vault, actor, teamId))) return;
  throw new AppError('forbidden', "Only an admin, or the chair of every team the member sits in, may do this", { reason: 'not_team_chair' });
}

function requireOrganisation(vault: UnlockedVault, organisationId: string): void {
  if (!vault.db.prepare('SELECT 1 FROM organisations WHERE id = ?').get(organisationId)) throw new AppError('not_found', 'No such organisation');
}

export function getMemberView(vault: UnlockedVault, memberId: string): Member {
  const [member] = toMembers(vault, [getMember(vault, memberId)]);
  if (!member) throw new AppError('not_found', 'No such member');
  return member;
}

/** One member with every place (`roster:member`): readable, like the roster, by every signed-in account. */
export function readMember(vault: UnlockedVault, memberId: string): Member {
  actorOf(vault);
  return getMemberView(vault, memberId);
}

/**
 * Adds or edits a member. An admin adds anyone; a chair adds members straight into a team they
 * chair. An admin, or the chair of one of the member's teams, edits a member.
 */
export function saveMember(vault: UnlockedVault, input: In<typeof SaveMemberInput>): Member {
  const actor = actorOf(vault);
  requireOrganisation(vault, input.organisationId);
  if (input.id) {
    getMember(vault, input.id);
    requireManageMember(vault, actor, input.id);
    // Places of an existing member go through setMembership, which checks that team's chair.
    if (input.team) throw new AppError('invalid_input', 'Give an existing member a place with roster:set-membership', { field: 'team' });
  } else if (!actor.isAdmin && !input.team) throw new AppError('forbidden', 'A chair adds members into a team they chair', { reason: 'not_team_chair' });
  if (input.team) {
    getTeam(vault, input.team.teamId);
    requireManageTeam(vault, actor, input.team.teamId);
  }
  const id = input.id ?? randomUUID();
  const professionOther = input.profession === 'other' ? input.professionOther : '';
  vault.db.transaction(() => {
    if (input.id) {
      const current = getMember(vault, input.id);
      if (current.active_to !== null && current.active_to < input.activeFrom) throw new AppError('invalid_input', 'The start date is after the member left', { reason: 'date_order' });
      vault.db
        .prepare('UPDATE members SET display_name = ?, profession = ?, profession_other = ?, organisation_id = ?, phone = ?, email = ?, active_from = ? WHERE id = ?')
        .run(input.displayName, input.profession, professionOther, input.organisationId, input.phone, input.email, input.activeFrom, id);
      syncAccountOrganisation(vault, id);
    } else {
      insertMember(vault, id, { ...input, professionOther });
    }
    if (input.team) openMembership(vault, id, input.team.teamId, input.team.role, input.activeFrom);
    vault.audit('roster.member-saved', { memberId: id, created: !input.id });
  })();
  return getMemberView(vault, id);
}

/** Inside a caller's transaction. */
export function insertMember(
  vault: UnlockedVault,
  id: string,
  member: { displayName: string; profession: Profession; professionOther: string; organisationId: string; phone: string; email: string; activeFrom: string },
): void {
  vault.db
    .prepare(
      'INSERT INTO members (id, display_name, profession, profession_other, organisation_id, phone, email, active_from, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(id, member.displayName, member.profession, member.professionOther, member.organisationId, member.phone, member.email, member.activeFrom, vault.now().toISOString());
}

/**
 * Gives the member `role` in the team from `from` (inside a caller's transaction). A different
 * open role ends the day before, so the history shows both; an open row starting on or after
 * `from` is simply corrected.
 */
export function openMembership(vault: UnlockedVault, memberId: string, teamId: string, role: TeamRole, from: string): void {
  const open = vault.db.prepare('SELECT id, role, active_from FROM team_memberships WHERE member_id = ? AND team_id = ? AND active_to IS NULL').get(memberId, teamId) as
    | { id: string; role: TeamRole; active_from: string }
    | undefined;
  if (open && open.role === role) return;
  // Places in one team never overlap: a new one starts after the last one ended.
  const lastEnd = (vault.db.prepare('SELECT max(active_to) AS last FROM team_memberships WHERE member_id = ? AND team_id = ? AND active_to IS NOT NULL').get(memberId, teamId) as { last: string | null }).last;
  if (lastEnd !== null && from <= lastEnd) throw new AppError('invalid_input', 'The new place would overlap an earlier place in the same team', { reason: 'membership_overlap', field: 'from' });
  if (open && open.active_from >= from) {
    vault.db.prepare('UPDATE team_memberships SET role = ?, active_from = ? WHERE id = ?').run(role, from, open.id);
    return;
  }
  if (open) vault.db.prepare('UPDATE team_memberships SET active_to = ? WHERE id = ?').run(dayBefore(from), open.id);
  vault.db
    .prepare('INSERT INTO team_memberships (id, team_id, member_id, role, active_from, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(randomUUID(), teamId, memberId, role, from, vault.now().toISOString());
}

export function setMembership(vault: UnlockedVault, input: In<typeof SetMembershipInput>): Member {
  const actor = actorOf(vault);
  const member = getMember(vault, input.memberId);
  getTeam(vault, input.teamId);
  requireManageTeam(vault, actor, input.teamId);
  if (member.active_to !== null) throw new AppError('conflict', 'The member has left', { reason: 'already_done' });
  if (input.from < member.active_from) throw new AppError('invalid_input', 'The member starts later than that', { reason: 'date_order' });
  vault.db.transaction(() => {
    openMembership(vault, input.memberId, input.teamId, input.role, input.from);
    vault.audit('roster.membership-set', { memberId: input.memberId, teamId: input.teamId, role: input.role });
  })();
  return getMemberView(vault, input.memberId);
}

export function endMembership(vault: UnlockedVault, input: In<typeof EndMembershipInput>): Member {
  const actor = actorOf(vault);
  getMember(vault, input.memberId);
  getTeam(vault, input.teamId);
  requireManageTeam(vault, actor, input.teamId);
  const open = vault.db.prepare('SELECT id, active_from FROM team_memberships WHERE member_id = ? AND team_id = ? AND active_to IS NULL').get(input.memberId, input.teamId) as
    | { id: string; active_from: string }
    | undefined;
  if (!open) throw new AppError('not_found', 'The member has no place in that team');
  if (input.date < open.active_from) throw new AppError('invalid_input', 'The end date is before the start', { reason: 'date_order' });
  vault.db.transaction(() => {
    vault.db.prepare('UPDATE team_memberships SET active_to = ? WHERE id = ?').run(input.date, open.id);
    vault.audit('roster.membership-ended', { memberId: input.memberId, teamId: input.teamId });
  })();
  return getMemberView(vault, input.memberId);
}

/**
 * A member leaves: the member and every open place end on `date`. Nothing is deleted, so who sat
 * at which meeting stays answerable.
 */
export function memberLeaves(vault: UnlockedVault, input: In<typeof MemberLeavesInput>): Member {
  const actor = actorOf(vault);
  const member = getMember(vault, input.memberId);
  requireManageMember(vault, actor, input.memberId);
  if (member.active_to !== null) throw new AppError('conflict', 'The member has already left', { reason: 'already_done' });
  if (input.date < member.active_from) throw new AppError('invalid_input', 'The end date is before the start', { reason: 'date_order' });
  vault.db.transaction(() => {
    vault.db.prepare('UPDATE members SET active_to = ? WHERE id = ?').run(input.date, input.memberId);
    // A place that would only have begun after the leaving day ends on the day it began.
    vault.db
      .prepare('UPDATE team_memberships SET active_to = CASE WHEN active_from > ? THEN active_from ELSE ? END WHERE member_id = ? AND active_to IS NULL')
      .run(input.date, input.date, input.memberId);
    vault.audit('roster.member-left', { memberId: input.memberId });
  })();
  return getMemberView(vault, input.memberId);
}

/**
 * A linked account's home organisation is its member's (inside a caller's transaction): the
 * consent rules read the account's organisation, the roster is where it is kept.
 */
function syncAccountOrganisation(vault: UnlockedVault, memberId: string): void {
  vault.db.prepare('UPDATE accounts SET organisation_id = (SELECT organisation_id FROM members WHERE id = ?) WHERE id = (SELECT account_id FROM members WHERE id = ?)').run(memberId, memberId);
  if (vault.account && vault.db.prepare('SELECT 1 FROM members WHERE id = ? AND account_id = ?').get(memberId, vault.account.id)) vault.reloadAccount();
}

/** An admin links a member to the account that person signs in with (or unlinks it). */
export function linkAccount(vault: UnlockedVault, input: In<typeof LinkAccountInput>): Member {
  requireAdmin(actorOf(vault));
  getMember(vault, input.memberId);
  if (input.accountId && !vault.db.prepare('SELECT 1 FROM accounts WHERE id = ? AND removed_at IS NULL').get(input.accountId)) {
    throw new AppError('not_found', 'No such account');
  }
  try {
    vault.db.transaction(() => {
      vault.db.prepare('UPDATE members SET account_id = ? WHERE id = ?').run(input.accountId, input.memberId);
      // One source for a reader's home organisation (DESIGN.md): the linked member's.
      syncAccountOrganisation(vault, input.memberId);
      vault.audit('roster.account-linked', { memberId: input.memberId, accountId: input.accountId });
    })();
  } catch (error) {
    translateConstraint(error, 'A member linked to that account', { reason: 'account_linked', field: 'accountId' });
  }
  return getMemberView(vault, input.memberId);
}

/** Every place anyone ever held in the team, newest first: the team's history. */
export function teamHistory(vault: UnlockedVault, teamId: string): TeamHistoryRow[] {
  actorOf(vault);
  getTeam(vault, teamId);
  const date = today(vault);
  const rows = vault.db
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
