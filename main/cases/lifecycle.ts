import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AuditAction } from '../../shared/audit/events';
import { type LifecycleStep, STEP_FROM, addMonthsClamped, phaseAfter } from '../../shared/cases/lifecycle';
import type { ActivateCaseInput, ArchiveCaseInput, CaseDetail, CasePhase, DecideCaseInput, PlanCheckinsInput, ProposeCaseInput, RecordCheckinInput, ReopenCaseInput } from '../../shared/cases/model';
import { CLOSED_PHASES } from '../../shared/cases/codes';
import { AppError } from '../../shared/ipc/errors';
import type { WriteCaps } from '../capabilities/caps';
import { cachedStatement } from '../vault/db/statements';
import { guardLifecycleText, requireLifecycleDate } from './lifecycle-rules';
import { detail, getCaseRow, requireEditableCase } from './repository';

type In<T extends z.ZodType> = z.output<T>;

/**
 * The case's lifecycle after it was raised (issue 20; the steps and phases in
 * shared/cases/lifecycle.ts). Each change: only by the team's chair or note-taker who may read the
 * case (`requireEditableCase`), dated (`requireLifecycleDate`), and written in one transaction
 * with its `case_events` row and its audit row. Closing is `closeCase` (main/cases/repository.ts).
 */

type CaseRow = ReturnType<typeof getCaseRow>;

function requireStep(caps: WriteCaps, caseId: string, step: LifecycleStep): CaseRow {
  const row = requireEditableCase(caps, caseId);
  if (!STEP_FROM[step].includes(row.phase)) throw new AppError('conflict', `A case in phase ${row.phase} cannot take this step`, { reason: 'wrong_phase' });
  return row;
}

const isClosed = (phase: CasePhase): boolean => (CLOSED_PHASES as readonly string[]).includes(phase);

interface EventFields {
  readonly kind: CaseDetail['timeline'][number]['kind'];
  readonly date: string;
  readonly decidedBy?: string | null;
  readonly reason?: string;
  readonly guardReason?: string | null;
  /** A reopening: the income source at exit it cleared (migration 021). */
  readonly incomeAtExit?: string | null;
}

function insertEvent(caps: WriteCaps, caseId: string, e: EventFields): void {
  cachedStatement(caps.db, 'INSERT INTO case_events (id, case_id, kind, on_date, recorded_at, recorded_by, decided_by_member_id, reason, guard_reason, income_at_exit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    randomUUID(),
    caseId,
    e.kind,
    e.date,
    caps.clock.now().toISOString(),
    caps.access.actor.accountId,
    e.decidedBy ?? null,
    e.reason ?? '',
    e.guardReason ?? null,
    e.incomeAtExit ?? null,
  );
}

/** A phase change without outcome: the case row's phase (and status and closing day with it), the event, the audit row. */
function changePhase(caps: WriteCaps, row: CaseRow, to: CasePhase, event: EventFields, audit: { action: AuditAction; detail?: Record<string, string | number | boolean | null> }): CaseDetail {
  caps.db.transaction(() => {
    const closed = isClosed(to);
    cachedStatement(caps.db, 'UPDATE cases SET phase = ?, status = ?, closed_on = ? WHERE id = ?').run(to, closed ? 'closed' : 'active', closed ? event.date : null, row.id);
    insertEvent(caps, row.id, event);
    if (event.guardReason) caps.audit.record('guard.override', { kinds: 'name' }, row.code);
    caps.audit.record(audit.action, { from: row.phase, to, date: event.date, ...audit.detail }, row.code);
  })();
  return detail(caps, getCaseRow(caps, row.id), false);
}

/** aktualiserad → beredning: proposed to the beredningsgrupp. */
export function proposeCase(caps: WriteCaps, input: In<typeof ProposeCaseInput>): CaseDetail {
  const row = requireStep(caps, input.caseId, 'propose');
  requireLifecycleDate(caps, row.id, input.date);
  return changePhase(caps, row, 'beredning', { kind: 'beredning', date: input.date }, { action: 'case.proposed' });
}

/** aktualiserad → aktiv: a team without a beredningsgrupp takes the case on directly. */
export function activateCase(caps: WriteCaps, input: In<typeof ActivateCaseInput>): CaseDetail {
  const row = requireStep(caps, input.caseId, 'activate');
  requireLifecycleDate(caps, row.id, input.date);
  return changePhase(caps, row, 'aktiv', { kind: 'aktiv', date: input.date }, { action: 'case.activated' });
}

/**
 * The beredningsgrupp's decision: chosen (→ aktiv, "vald") or not (→ ej-vald, with a guarded
 * reason), with who decided — a member of the team on the day of the decision.
 */
export function decideCase(caps: WriteCaps, input: In<typeof DecideCaseInput>): CaseDetail {
  const row = requireStep(caps, input.caseId, input.chosen ? 'choose' : 'not-chosen');
  requireLifecycleDate(caps, row.id, input.date);
  const member = cachedStatement(
    caps.db,
    `SELECT 1 FROM team_memberships tm JOIN members m ON m.id = tm.member_id
     WHERE tm.member_id = ? AND tm.team_id = ? AND tm.active_from <= ? AND (tm.active_to IS NULL OR tm.active_to >= ?) AND m.active_from <= ? AND (m.active_to IS NULL OR m.active_to >= ?)`,
  ).get(input.decidedByMemberId, row.team_id, input.date, input.date, input.date, input.date);
  if (!member) throw new AppError('invalid_input', 'Who decided must be a member of the team on the day of the decision', { field: 'decidedByMemberId' });
  if (input.chosen) {
    return changePhase(caps, row, phaseAfter('choose', row.phase), { kind: 'aktiv', date: input.date, decidedBy: input.decidedByMemberId }, { action: 'case.chosen', detail: { memberId: input.decidedByMemberId } });
  }
  const reason = input.reason?.trim() ?? '';
  if (reason.length === 0) throw new AppError('invalid_input', 'Say why the case was not chosen', { field: 'reason' });
  const { kept } = guardLifecycleText(caps, row.team_id, reason, input.guardReason, 'reason');
  return changePhase(caps, row, 'ej-vald', { kind: 'ej-vald', date: input.date, decidedBy: input.decidedByMemberId, reason, guardReason: kept }, { action: 'case.not-chosen', detail: { memberId: input.decidedByMemberId } });
}

/**
 * avslutad → uppfoljning: check-ins at the chosen months after the closing day (each due that
 * many calendar months after it, clamped to the month's end). The event is dated `date`.
 */
export function planCheckins(caps: WriteCaps, input: In<typeof PlanCheckinsInput>): CaseDetail {
  const row = requireStep(caps, input.caseId, 'plan-checkins');
  requireLifecycleDate(caps, row.id, input.date);
  const closedOn = row.closed_on;
  if (closedOn === null) throw new AppError('conflict', 'The case has no closing day', { reason: 'wrong_phase' });
  const months = [...new Set(input.months)].sort((a, b) => a - b);
  const now = caps.clock.now().toISOString();
  caps.db.transaction(() => {
    cachedStatement(caps.db, "UPDATE cases SET phase = 'uppfoljning' WHERE id = ?").run(row.id);
    const insert = cachedStatement(caps.db, 'INSERT INTO case_checkins (id, case_id, months, due_on, planned_at, planned_by) VALUES (?, ?, ?, ?, ?, ?)');
    for (const m of months) insert.run(randomUUID(), row.id, m, addMonthsClamped(closedOn, m), now, caps.access.actor.accountId);
    insertEvent(caps, row.id, { kind: 'uppfoljning', date: input.date, reason: '' });
    caps.audit.record('case.checkins-planned', { from: row.phase, to: 'uppfoljning', date: input.date, months: months.join(','), count: months.length }, row.code);
  })();
  return detail(caps, getCaseRow(caps, row.id), false);
}

/** A check-in done: its day (not in the future, not before the closing day) and the participant's status then. */
export function recordCheckin(caps: WriteCaps, input: In<typeof RecordCheckinInput>): CaseDetail {
  const checkin = cachedStatement(caps.db, 'SELECT case_id, months, done_on, cancelled_on FROM case_checkins WHERE id = ?').get(input.checkinId) as
    | { case_id: string; months: number; done_on: string | null; cancelled_on: string | null }
    | undefined;
  if (!checkin) throw new AppError('not_found', 'No such check-in');
  const row = requireEditableCase(caps, checkin.case_id);
  if (checkin.done_on !== null || checkin.cancelled_on !== null) throw new AppError('conflict', 'The check-in is already done or cancelled', { reason: 'already_done' });
  if (row.phase !== 'uppfoljning') throw new AppError('conflict', 'Check-ins are recorded while the case is followed up', { reason: 'wrong_phase' });
  if (input.date > caps.access.date || (row.closed_on !== null && input.date < row.closed_on)) throw new AppError('invalid_input', 'The check-in lies between the closing day and today', { reason: 'date_order', field: 'date' });
  caps.db.transaction(() => {
    cachedStatement(caps.db, 'UPDATE case_checkins SET done_on = ?, status = ?, done_by = ? WHERE id = ?').run(input.date, input.status, caps.access.actor.accountId, input.checkinId);
    caps.audit.record('case.checkin-recorded', { checkinId: input.checkinId, months: checkin.months, status: input.status, date: input.date }, row.code);
  })();
  return detail(caps, getCaseRow(caps, row.id), false);
}

function cancelOpenCheckins(caps: WriteCaps, caseId: string, date: string): number {
  return cachedStatement(caps.db, 'UPDATE case_checkins SET cancelled_on = ? WHERE case_id = ? AND done_on IS NULL AND cancelled_on IS NULL').run(date, caseId).changes;
}

/** avslutad or uppfoljning → arkiverad: the follow-up is over; open check-ins are cancelled. */
export function archiveCase(caps: WriteCaps, input: In<typeof ArchiveCaseInput>): CaseDetail {
  const row = requireStep(caps, input.caseId, 'archive');
  requireLifecycleDate(caps, row.id, input.date);
  caps.db.transaction(() => {
    cachedStatement(caps.db, "UPDATE cases SET phase = 'arkiverad' WHERE id = ?").run(row.id);
    const cancelled = cancelOpenCheckins(caps, row.id, input.date);
    insertEvent(caps, row.id, { kind: 'arkiverad', date: input.date });
    caps.audit.record('case.archived', { from: row.phase, to: 'arkiverad', date: input.date, count: cancelled }, row.code);
  })();
  return detail(caps, getCaseRow(caps, row.id), false);
}

/**
 * Reopened, with a guarded reason: ej-vald goes back to beredning, an exited case back to aktiv.
 * The case row's current outcome, closing day and analysis are cleared (its 'avslutad' event
 * keeps them), open check-ins cancelled, and an 'ateroppnad' event written: the whole history stays.
 */
export function reopenCase(caps: WriteCaps, input: In<typeof ReopenCaseInput>): CaseDetail {
  const row = requireStep(caps, input.caseId, 'reopen');
  requireLifecycleDate(caps, row.id, input.date);
  const { kept } = guardLifecycleText(caps, row.team_id, input.reason, input.guardReason, 'reason');
  const to = phaseAfter('reopen', row.phase);
  caps.db.transaction(() => {
    // The exit's income source goes with the exit: kept on the reopening's event (the outcome, its
    // words and the analysis are on the 'avslutad' event already).
    const { income_at_exit: incomeAtExit } = cachedStatement(caps.db, 'SELECT income_at_exit FROM cases WHERE id = ?').get(row.id) as { income_at_exit: string | null };
    cachedStatement(caps.db, "UPDATE cases SET phase = ?, status = 'active', closed_on = NULL, outcome = NULL, outcome_other = '', closure_analysis = '', closure_guard_reason = NULL, income_at_exit = NULL WHERE id = ?").run(to, row.id);
    const cancelled = cancelOpenCheckins(caps, row.id, input.date);
    insertEvent(caps, row.id, { kind: 'ateroppnad', date: input.date, reason: input.reason, guardReason: kept, incomeAtExit });
    if (kept) caps.audit.record('guard.override', { kinds: 'name' }, row.code);
    caps.audit.record('case.reopened', { from: row.phase, to, date: input.date, count: cancelled }, row.code);
  })();
  return detail(caps, getCaseRow(caps, row.id), false);
}
