import { randomUUID } from 'node:crypto';
import { toExcelCsv } from '../../shared/csv/excel-csv';
import { parseCsv } from '../../shared/csv/parse';
import { AppError } from '../../shared/ipc/errors';
import { PROFESSION_SV, ROLE_SV, foldText, professionFromWord, roleFromWord } from '../../shared/roster/labels';
import { type ImportPreview, type ImportRowError, type Profession, type TeamRole, WorkEmail, WorkPhone } from '../../shared/roster/model';
import { parseIsoDate } from '../../shared/time/iso-week';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { mayManageTeam } from './access';
import { insertMember, listMembers, openMembership } from './repository';

/**
 * The roster's CSV: the columns people keep in Excel, with Swedish headers (English accepted on
 * import). Export and import use the same columns, so an exported file can be edited and read back.
 */
const COLUMNS = [
  { key: 'name', sv: 'Namn', en: 'name' },
  { key: 'profession', sv: 'Yrke', en: 'profession' },
  { key: 'organisation', sv: 'Hemorganisation', en: 'organisation' },
  { key: 'phone', sv: 'Telefon', en: 'phone' },
  { key: 'email', sv: 'E-post', en: 'email' },
  { key: 'team', sv: 'Team', en: 'team' },
  { key: 'role', sv: 'Roll', en: 'role' },
  { key: 'from', sv: 'Från', en: 'from' },
  { key: 'to', sv: 'Till', en: 'to' },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];
const REQUIRED: readonly ColumnKey[] = ['name', 'organisation'];
const HEADER_ALIASES = new Map<string, ColumnKey>(
  COLUMNS.flatMap((column) => [
    [foldText(column.sv), column.key],
    [foldText(column.en), column.key],
  ]),
);
HEADER_ALIASES.set('organisation', 'organisation');
HEADER_ALIASES.set('e-mail', 'email');

interface PlannedRow {
  readonly line: number;
  readonly displayName: string;
  readonly organisationText: string;
  readonly teamText: string;
  readonly errors: ImportRowError[];
  readonly member: {
    displayName: string;
    profession: Profession;
    professionOther: string;
    organisationId: string;
    phone: string;
    email: string;
    activeFrom: string;
    /** The last day, when the file says the person has already left (an export read back). */
    activeTo: string | null;
  } | null;
  readonly team: { teamId: string; role: TeamRole } | null;
}

interface Plan {
  readonly headerOk: boolean;
  readonly rows: readonly PlannedRow[];
}

/** Checks every row against the roster without writing anything. */
function plan(caps: ReadCaps, csv: string): Plan {
  const actor = caps.access.actor;
  const [header, ...body] = parseCsv(csv);
  const columns = (header?.cells ?? []).map((cell) => HEADER_ALIASES.get(foldText(cell)) ?? null);
  if (!header || !REQUIRED.every((key) => columns.includes(key))) return { headerOk: false, rows: [] };
  const at = (cells: readonly string[], key: ColumnKey): string => {
    const index = columns.indexOf(key);
    return index >= 0 ? (cells[index] ?? '').trim() : '';
  };

  const organisations = new Map<string, string>();
  for (const org of caps.db.prepare('SELECT id, name, short_name, org_number FROM organisations').all() as { id: string; name: string; short_name: string; org_number: string }[]) {
    for (const key of [org.name, org.short_name, org.org_number]) if (key) organisations.set(foldText(key), org.id);
  }
  const teams = new Map<string, string>();
  for (const team of caps.db.prepare('SELECT id, name FROM teams WHERE archived_at IS NULL').all() as { id: string; name: string }[]) teams.set(foldText(team.name), team.id);
  // Anyone the roster ever held counts: a returning person is re-activated by hand, not imported twice.
  const existing = new Set(listMembers(caps, { includeFormer: true }).map((member) => `${foldText(member.displayName)}|${member.organisationId}`));
  const seen = new Set<string>();
  const date = caps.access.date;

  const rows = body.map((row): PlannedRow => {
    const errors: ImportRowError[] = [];
    if (row.cells.length !== header.cells.length) errors.push('wrong-column-count');
    const displayName = at(row.cells, 'name');
    const organisationText = at(row.cells, 'organisation');
    const teamText = at(row.cells, 'team');
    if (displayName === '') errors.push('missing-name');
    const organisationId = organisations.get(foldText(organisationText));
    if (!organisationId) errors.push('unknown-organisation');
    const email = WorkEmail.safeParse(at(row.cells, 'email'));
    if (!email.success) errors.push('bad-email');
    const phone = WorkPhone.safeParse(at(row.cells, 'phone'));
    if (!phone.success) errors.push('bad-phone');
    const fromText = at(row.cells, 'from');
    const activeFrom = fromText === '' ? date : parseIsoDate(fromText) ? fromText : null;
    const toText = at(row.cells, 'to');
    const activeTo = toText === '' ? null : parseIsoDate(toText) && activeFrom && toText >= activeFrom ? toText : undefined;
    if (!activeFrom || activeTo === undefined) errors.push('bad-date');
    let team: PlannedRow['team'] = null;
    if (teamText !== '') {
      const teamId = teams.get(foldText(teamText));
      const role = roleFromWord(at(row.cells, 'role'));
      if (!teamId) errors.push('unknown-team');
      if (!role) errors.push('bad-role');
      if (teamId && role) {
        team = { teamId, role };
        if (!mayManageTeam(caps.access, teamId)) errors.push('not-your-team');
      }
    } else if (!actor.isAdmin) errors.push('not-your-team');
    if (displayName !== '' && organisationId) {
      const key = `${foldText(displayName)}|${organisationId}`;
      if (existing.has(key)) errors.push('already-in-roster');
      else if (seen.has(key)) errors.push('duplicate-in-file');
      seen.add(key);
    }
    const { profession, other } = professionFromWord(at(row.cells, 'profession'));
    const member =
      errors.length === 0 && organisationId && activeFrom && email.success && phone.success
        ? { displayName, profession, professionOther: other, organisationId, phone: phone.data, email: email.data, activeFrom, activeTo: activeTo ?? null }
        : null;
    return { line: row.line, displayName, organisationText, teamText, errors, member, team };
  });
  return { headerOk: true, rows };
}

export function previewImport(caps: ReadCaps, csv: string): ImportPreview {
  const { headerOk, rows } = plan(caps, csv);
  const invalid = rows.filter((row) => row.errors.length > 0).length;
  return {
    headerOk,
    rows: rows.map((row) => ({ line: row.line, displayName: row.displayName, organisation: row.organisationText, team: row.teamText, errors: row.errors })),
    valid: rows.length - invalid,
    invalid,
  };
}

/** All or nothing: the file is checked again, and one bad row means nothing is written. */
export function commitImport(caps: WriteCaps, csv: string): { created: number } {
  const { headerOk, rows } = plan(caps, csv);
  if (!headerOk) throw new AppError('invalid_input', 'The file does not have the roster columns', { reason: 'csv_columns', field: 'csv' });
  if (rows.length === 0) throw new AppError('invalid_input', 'The file has no rows', { reason: 'csv_empty', field: 'csv' });
  if (rows.some((row) => row.errors.length > 0 || !row.member)) throw new AppError('invalid_input', 'Some rows have errors; nothing was imported', { reason: 'csv_row_errors', field: 'csv' });
  caps.db.transaction(() => {
    for (const row of rows) {
      if (!row.member) continue;
      const id = randomUUID();
      insertMember(caps, id, row.member);
      if (row.team) openMembership(caps, id, row.team.teamId, row.team.role, row.member.activeFrom);
      if (row.member.activeTo !== null) {
        caps.db.prepare('UPDATE members SET active_to = ? WHERE id = ?').run(row.member.activeTo, id);
        caps.db.prepare('UPDATE team_memberships SET active_to = ? WHERE member_id = ? AND active_to IS NULL').run(row.member.activeTo, id);
      }
    }
    caps.audit.record('roster.imported', { rows: rows.length });
  })();
  return { created: rows.length };
}

/**
 * The roster as CSV for Swedish Excel: one line per place in a team (a member without a team gets
 * one line of their own). An admin exports everyone; a chair exports the teams they chair.
 */
export function rosterCsv(caps: ReadCaps, teamId: string | undefined): { csv: string; rows: number } {
  const actor = caps.access.actor;
  if (teamId ? !mayManageTeam(caps.access, teamId) : !actor.isAdmin) throw new AppError('forbidden', "Only an admin or the team's chair may export the roster", { reason: 'not_team_chair' });
  const members = listMembers(caps, teamId ? { teamId } : {});
  const date = caps.access.date;
  const lines: (string | null)[][] = [];
  for (const member of members) {
    const places = member.memberships.filter((place) => (!teamId || place.teamId === teamId) && (place.activeTo === null || place.activeTo >= date));
    const profession = member.profession === 'other' ? member.professionOther : PROFESSION_SV[member.profession];
    const base = [member.displayName, profession, member.organisationName, member.phone, member.email];
    if (places.length === 0) lines.push([...base, '', '', member.activeFrom, member.activeTo]);
    for (const place of places) lines.push([...base, place.teamName, ROLE_SV[place.role], place.activeFrom, place.activeTo]);
  }
  return { csv: toExcelCsv(COLUMNS.map((column) => column.sv), lines), rows: lines.length };
}
