import { randomUUID } from 'node:crypto';
import { blockingHits, scanText } from '../../shared/guard/identifier-guard';
import { AppError } from '../../shared/ipc/errors';
import { isoWeek, parseIsoDate } from '../../shared/time/iso-week';
import type { Actor, ReadCaps, WriteCaps } from '../capabilities/caps';
import { type CaseAccessRow, unreadableFor } from '../cases/access';
import { guardOptions } from '../guard/extra-names';
import { mayReadTeamRecords } from '../roster/access';

/**
 * Supervision (handledning): the team psychologist's sessions with a team. The psychologist is
 * an account with the psychologist role who sits in the team; every case read follows the same
 * consent rule as everyone's (DESIGN.md), with break-glass through the cases channel.
 */
export interface SessionInput {
  readonly teamId: string;
  readonly date: string;
  readonly form: 'case' | 'process';
  readonly participantMemberIds: readonly string[];
}

export interface TimelineEntry {
  readonly meetingDate: string;
  readonly notes: string;
  readonly decisions: string;
  readonly openActions: string[];
}

export interface PreparedCase {
  readonly caseId: string;
  readonly code: string;
  readonly readable: boolean;
  readonly unreadableReason: string | null;
  readonly timeline: TimelineEntry[];
  readonly earlierThemes: string[];
}

export function requirePsychologist(caps: ReadCaps, teamId: string): Actor {
  const actor = caps.access.actor;
  if (!caps.account.roles.includes('psychologist')) throw new AppError('forbidden', 'Only the team psychologist does this', { reason: 'psychologist_only' });
  if (!mayReadTeamRecords(caps.access, teamId)) throw new AppError('forbidden', "The psychologist must sit in the team's roster", { reason: 'not_team_member' });
  return actor;
}

export function sessionRow(caps: ReadCaps, sessionId: string): { id: string; team_id: string; form: 'case' | 'process'; status: 'planned' | 'held'; date: string } {
  const row = caps.db.prepare('SELECT id, team_id, form, status, date FROM supervision_sessions WHERE id = ?').get(sessionId) as
    | { id: string; team_id: string; form: 'case' | 'process'; status: 'planned' | 'held'; date: string }
    | undefined;
  if (!row) throw new AppError('not_found', 'No such session');
  return row;
}

function caseAccess(caps: ReadCaps, caseId: string): CaseAccessRow & { code: string } {
  const row = caps.db.prepare('SELECT id, team_id, code, consent_mode, raised_by_organisation_id FROM cases WHERE id = ?').get(caseId) as (CaseAccessRow & { code: string }) | undefined;
  if (!row) throw new AppError('not_found', 'No such case');
  return row;
}

/**
 * A case of the session she writes about (its themes, its shared record) must be one she may read
 * today: after a consent is withdrawn (or ends) she cannot see what was shared, so she cannot
 * replace it either — the organisations still covered keep reading it unchanged.
 */
function requireReadableCase(caps: ReadCaps, caseId: string): CaseAccessRow & { code: string } {
  const access = caseAccess(caps, caseId);
  if (unreadableFor(caps, access)) throw new AppError('forbidden', 'The consent does not cover your organisation today', { reason: 'consent_not_covering' });
  return access;
}

function guarded(caps: ReadCaps, texts: readonly string[]): void {
  const options = guardOptions(caps);
  if (blockingHits(texts.flatMap((text) => scanText(text, options))).length > 0) throw new AppError('invalid_input', 'The text holds identifiers: remove them', { reason: 'identifiers_in_text' });
}

export function createSession(caps: WriteCaps, input: SessionInput): { id: string; week: number } {
  const actor = requirePsychologist(caps, input.teamId);
  for (const memberId of input.participantMemberIds) {
    const sits = caps.db.prepare('SELECT 1 FROM team_memberships WHERE member_id = ? AND team_id = ? AND active_from <= ? AND (active_to IS NULL OR active_to >= ?)').get(memberId, input.teamId, input.date, input.date);
    if (!sits) throw new AppError('invalid_input', "Participants come from the team's roster", { field: 'participantMemberIds' });
  }
  const id = randomUUID();
  caps.db.transaction(() => {
    caps.db.prepare('INSERT INTO supervision_sessions (id, team_id, date, form, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)').run(id, input.teamId, input.date, input.form, caps.clock.now().toISOString(), actor.accountId);
    const add = caps.db.prepare('INSERT INTO supervision_participants (session_id, member_id) VALUES (?, ?)');
    for (const memberId of new Set(input.participantMemberIds)) add.run(id, memberId);
    caps.audit.record('supervision.session-created', { sessionId: id, teamId: input.teamId, form: input.form });
  })();
  return { id, week: isoWeek(parseIsoDate(input.date) ?? { year: 1970, month: 1, day: 1 }).week };
}

/**
 * The preparation view: every case of the team flagged "to supervision" since its last held
 * session, each with its discussion across meetings and the themes it carried before. A case
 * the psychologist's organisation is not covered for shows only its code (break-glass exists).
 */
export function preparation(caps: ReadCaps, teamId: string): PreparedCase[] {
  requirePsychologist(caps, teamId);
  const last = (caps.db.prepare("SELECT max(held_at) AS last FROM supervision_sessions WHERE team_id = ? AND status = 'held'").get(teamId) as { last: string | null }).last;
  const flagged = caps.db
    .prepare("SELECT id FROM cases WHERE team_id = ? AND status = 'active' AND supervision_flag_at IS NOT NULL AND (? IS NULL OR supervision_flag_at > ?) ORDER BY code")
    .all(teamId, last, last) as { id: string }[];
  const result = flagged.map(({ id }): PreparedCase => {
    const access = caseAccess(caps, id);
    const reason = unreadableFor(caps, access);
    if (reason) return { caseId: id, code: access.code, readable: false, unreadableReason: reason, timeline: [], earlierThemes: [] };
    const items = caps.db
      .prepare('SELECT ci.id, m.date, ci.notes, ci.decisions FROM case_items ci JOIN meetings m ON m.id = ci.meeting_id WHERE ci.case_id = ? ORDER BY m.date, m.time')
      .all(id) as { id: string; date: string; notes: string; decisions: string }[];
    const timeline = items.map((item) => ({
      meetingDate: item.date,
      notes: item.notes,
      decisions: item.decisions,
      openActions: (caps.db.prepare('SELECT text FROM actions WHERE case_item_id = ? AND done_at IS NULL ORDER BY due_date').all(item.id) as { text: string }[]).map((a) => a.text),
    }));
    const earlierThemes = (caps.db
      .prepare('SELECT DISTINCT t.name FROM supervision_case_themes ct JOIN supervision_themes t ON t.id = ct.theme_id WHERE ct.case_id = ? ORDER BY t.name COLLATE NOCASE')
      .all(id) as { name: string }[]).map((row) => row.name);
    return { caseId: id, code: access.code, readable: true, unreadableReason: null, timeline, earlierThemes };
  });
  caps.audit.record('supervision.prepared', { teamId, cases: result.filter((c) => c.readable).map((c) => c.code).join(',') });
  return result;
}

/** The cases chosen for a case-supervision session, in order (each readable by the psychologist). */
export function chooseCases(caps: WriteCaps, sessionId: string, caseIds: readonly string[]): void {
  const session = sessionRow(caps, sessionId);
  requirePsychologist(caps, session.team_id);
  if (session.form !== 'case') throw new AppError('invalid_input', 'Process supervision is never linked to a case', { reason: 'process_no_case', field: 'caseIds' });
  if (session.status === 'held') throw new AppError('conflict', 'The session has been held', { reason: 'already_done' });
  for (const caseId of caseIds) {
    const access = caseAccess(caps, caseId);
    if (access.team_id !== session.team_id) throw new AppError('invalid_input', 'The case belongs to another team', { reason: 'case_other_team', field: 'caseIds' });
    if (unreadableFor(caps, access)) throw new AppError('forbidden', 'The consent does not cover your organisation today', { reason: 'consent_not_covering' });
  }
  caps.db.transaction(() => {
    caps.db.prepare('DELETE FROM supervision_cases WHERE session_id = ?').run(sessionId);
    const add = caps.db.prepare('INSERT INTO supervision_cases (session_id, case_id, position) VALUES (?, ?, ?)');
    caseIds.forEach((caseId, index) => add.run(sessionId, caseId, index + 1));
    caps.audit.record('supervision.cases-chosen', { sessionId, count: caseIds.length });
  })();
}

export function addTheme(caps: WriteCaps, name: string): { id: string; name: string } {
  if (!caps.account.roles.includes('psychologist')) throw new AppError('forbidden', 'Only the psychologist keeps the themes', { reason: 'psychologist_only' });
  guarded(caps, [name]);
  const id = randomUUID();
  try {
    caps.db.transaction(() => {
      caps.db.prepare('INSERT INTO supervision_themes (id, name, created_at) VALUES (?, ?, ?)').run(id, name.trim(), caps.clock.now().toISOString());
      caps.audit.record('supervision.theme-added', { themeId: id });
    })();
  } catch (error) {
    if (error instanceof Error && /UNIQUE/.test(error.message)) throw new AppError('conflict', 'That theme exists', { reason: 'name_taken', field: 'name' });
    throw error;
  }
  return { id, name: name.trim() };
}

/** Themes attached to one case in one session (replacing what was attached before). */
export function tagCase(caps: WriteCaps, sessionId: string, caseId: string, themeIds: readonly string[]): void {
  const session = sessionRow(caps, sessionId);
  requirePsychologist(caps, session.team_id);
  if (!caps.db.prepare('SELECT 1 FROM supervision_cases WHERE session_id = ? AND case_id = ?').get(sessionId, caseId)) throw new AppError('invalid_input', 'Choose the case for the session first', { reason: 'case_not_in_session', field: 'caseId' });
  const { code } = requireReadableCase(caps, caseId);
  const known = caps.db.prepare('SELECT 1 FROM supervision_themes WHERE id = ?');
  if (themeIds.some((themeId) => !known.get(themeId))) throw new AppError('not_found', 'No such theme');
  caps.db.transaction(() => {
    caps.db.prepare('DELETE FROM supervision_case_themes WHERE session_id = ? AND case_id = ?').run(sessionId, caseId);
    const add = caps.db.prepare('INSERT INTO supervision_case_themes (session_id, case_id, theme_id) VALUES (?, ?, ?)');
    for (const themeId of new Set(themeIds)) add.run(sessionId, caseId, themeId);
    caps.audit.record('supervision.themes-set', { sessionId, count: themeIds.length }, code);
  })();
}

/** How often each theme came up, per month, over the year up to today (counts only). */
export function themesOverYear(caps: ReadCaps, teamId: string): { theme: string; month: string; count: number }[] {
  requirePsychologist(caps, teamId);
  const from = `${Number(caps.access.date.slice(0, 4)) - 1}${caps.access.date.slice(4)}`;
  return caps.db
    .prepare(
      `SELECT t.name AS theme, substr(s.date, 1, 7) AS month, count(*) AS count FROM supervision_case_themes ct
       JOIN supervision_sessions s ON s.id = ct.session_id JOIN supervision_themes t ON t.id = ct.theme_id
       WHERE s.team_id = ? AND s.date > ? GROUP BY t.name, month ORDER BY month, t.name COLLATE NOCASE`,
    )
    .all(teamId, from) as { theme: string; month: string; count: number }[];
}

/**
 * What the psychologist shares with the team: per chosen case in a case session, or once for
 * the session in a process session (never linked to a case). Guarded like all team text.
 */
export function shareRecord(caps: WriteCaps, input: { sessionId: string; caseId: string | null; summary: string; approach: string; actions: readonly string[] }): void {
  const session = sessionRow(caps, input.sessionId);
  const actor = requirePsychologist(caps, session.team_id);
  if (session.form === 'process' && input.caseId !== null) throw new AppError('invalid_input', 'Process supervision is never linked to a case', { reason: 'process_no_case', field: 'caseId' });
  if (session.form === 'case' && (input.caseId === null || !caps.db.prepare('SELECT 1 FROM supervision_cases WHERE session_id = ? AND case_id = ?').get(input.sessionId, input.caseId))) {
    throw new AppError('invalid_input', 'Share a record for one of the session’s cases', { reason: 'case_not_in_session', field: 'caseId' });
  }
  const code = input.caseId ? requireReadableCase(caps, input.caseId).code : undefined;
  guarded(caps, [input.summary, input.approach, ...input.actions]);
  caps.db.transaction(() => {
    caps.db
      .prepare(
        `INSERT INTO supervision_records (id, session_id, case_id, summary, approach, actions, shared_at, shared_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(session_id, coalesce(case_id, '')) DO UPDATE SET summary = excluded.summary, approach = excluded.approach, actions = excluded.actions, shared_at = excluded.shared_at`,
      )
      .run(randomUUID(), input.sessionId, input.caseId, input.summary, input.approach, JSON.stringify(input.actions), caps.clock.now().toISOString(), actor.accountId);
    caps.audit.record('supervision.record-shared', { sessionId: input.sessionId }, code);
  })();
}

export interface HoldOptions {
  /** She confirms that a session dated after today (the vault clock's Stockholm date) was held all the same. */
  readonly acknowledgeFutureDate?: boolean;
}

/**
 * The session is held: its cases leave the "to supervision" list until flagged again. A session
 * dated after today is refused with `needs_confirmation` unless she confirms it (a session
 * marked held by mistake uses up the team's flags).
 */
export function holdSession(caps: WriteCaps, sessionId: string, options: HoldOptions = {}): void {
  const session = sessionRow(caps, sessionId);
  requirePsychologist(caps, session.team_id);
  if (session.status === 'held') throw new AppError('conflict', 'The session is already held', { reason: 'already_done' });
  if (session.date > caps.access.date && options.acknowledgeFutureDate !== true) throw new AppError('needs_confirmation', 'The session is dated after today: confirm that it was held');
  caps.db.transaction(() => {
    caps.db.prepare("UPDATE supervision_sessions SET status = 'held', held_at = ? WHERE id = ?").run(caps.clock.now().toISOString(), sessionId);
    caps.db.prepare('UPDATE cases SET supervision_flag_at = NULL WHERE id IN (SELECT case_id FROM supervision_cases WHERE session_id = ?)').run(sessionId);
    caps.audit.record('supervision.session-held', { sessionId });
  })();
}

export interface SessionDetail {
  readonly id: string;
  readonly teamId: string;
  readonly date: string;
  readonly week: number;
  readonly form: 'case' | 'process';
  readonly status: 'planned' | 'held';
  readonly heldAt: string | null;
  /** The session is dated after today (the vault clock's Stockholm date): marking it held needs her confirmation. */
  readonly datedAhead: boolean;
  readonly participants: { memberId: string; displayName: string }[];
  /** The chosen cases in order; an unreadable one (consent changed since) shows only its code. */
  readonly cases: { caseId: string; code: string; readable: boolean; unreadableReason: string | null; themeIds: string[] }[];
  /** What has been shared with the team so far: per readable case, or once for a process session (caseId null). */
  readonly records: { caseId: string | null; summary: string; approach: string; actions: string[]; sharedAt: string }[];
}

/**
 * One session as the psychologist opens it again, planned or held: its participants, its chosen
 * cases with their themes, and the record shared so far (nothing private: the private notes have
 * their own channel and key). The same consent rule as the preparation.
 */
export function sessionDetail(caps: ReadCaps, sessionId: string): SessionDetail {
  const session = sessionRow(caps, sessionId);
  requirePsychologist(caps, session.team_id);
  const date = caps.access.date;
  const heldAt = (caps.db.prepare('SELECT held_at FROM supervision_sessions WHERE id = ?').get(sessionId) as { held_at: string | null }).held_at;
  const participants = (caps.db
    .prepare('SELECT m.id, m.display_name FROM supervision_participants p JOIN members m ON m.id = p.member_id WHERE p.session_id = ? ORDER BY m.display_name COLLATE NOCASE')
    .all(sessionId) as { id: string; display_name: string }[]).map((row) => ({ memberId: row.id, displayName: row.display_name }));
  const chosen = caps.db.prepare('SELECT case_id FROM supervision_cases WHERE session_id = ? ORDER BY position').all(sessionId) as { case_id: string }[];
  const themesOf = caps.db.prepare('SELECT theme_id FROM supervision_case_themes WHERE session_id = ? AND case_id = ? ORDER BY theme_id');
  const cases = chosen.map(({ case_id }) => {
    const access = caseAccess(caps, case_id);
    const reason = unreadableFor(caps, access);
    return { caseId: case_id, code: access.code, readable: reason === null, unreadableReason: reason, themeIds: reason ? [] : (themesOf.all(sessionId, case_id) as { theme_id: string }[]).map((row) => row.theme_id) };
  });
  const readable = new Set(cases.filter((c) => c.readable).map((c) => c.caseId));
  const records = (caps.db.prepare('SELECT case_id, summary, approach, actions, shared_at FROM supervision_records WHERE session_id = ?').all(sessionId) as { case_id: string | null; summary: string; approach: string; actions: string; shared_at: string }[])
    .filter((row) => row.case_id === null || readable.has(row.case_id))
    .map((row) => ({ caseId: row.case_id, summary: row.summary, approach: row.approach, actions: JSON.parse(row.actions) as string[], sharedAt: row.shared_at }));
  caps.audit.record('supervision.session-read', { sessionId, cases: cases.filter((c) => c.readable).map((c) => c.code).join(',') });
  return {
    id: session.id,
    teamId: session.team_id,
    date: session.date,
    week: isoWeek(parseIsoDate(session.date) ?? { year: 1970, month: 1, day: 1 }).week,
    form: session.form,
    status: session.status,
    heldAt,
    datedAhead: session.date > date,
    participants,
    cases,
    records,
  };
}

export function listSessions(caps: ReadCaps, teamId: string): { id: string; date: string; week: number; form: 'case' | 'process'; status: 'planned' | 'held' }[] {
  requirePsychologist(caps, teamId);
  const rows = caps.db.prepare('SELECT id, date, form, status FROM supervision_sessions WHERE team_id = ? ORDER BY date DESC').all(teamId) as { id: string; date: string; form: 'case' | 'process'; status: 'planned' | 'held' }[];
  return rows.map((row) => ({ ...row, week: isoWeek(parseIsoDate(row.date) ?? { year: 1970, month: 1, day: 1 }).week }));
}

export function listThemes(caps: ReadCaps): { id: string; name: string }[] {
  if (!caps.account.roles.includes('psychologist')) throw new AppError('forbidden', 'Only the psychologist keeps the themes', { reason: 'psychologist_only' });
  return caps.db.prepare('SELECT id, name FROM supervision_themes WHERE retired_at IS NULL ORDER BY name COLLATE NOCASE').all() as { id: string; name: string }[];
}
