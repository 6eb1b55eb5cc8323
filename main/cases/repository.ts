import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AddConsentInput, BreakGlassInput, CaseDetail, CasePhase, CaseSummary, CloseCaseInput, Consent, CreateCaseInput, FlagSupervisionInput, WithdrawConsentInput } from '../../shared/cases/model';
import { bandAgainstEighteen } from '../../shared/cases/codes';
import { blockingHits, scanText } from '../../shared/guard/identifier-guard';
import { AppError } from '../../shared/ipc/errors';
import { guardOptions } from '../guard/extra-names';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { mayEditTeamRecords, mayReadTeamRecords } from '../roster/access';
import { cachedStatement } from '../vault/db/statements';
import { type CaseAccessRow, unreadableFor } from './access';
import { closureGuard, requireLifecycleDate } from './lifecycle-rules';
import { checkinsOf, timelineOf } from './timeline';
import { factsOf, recordStartFacts, requireConfiguredBand } from './facts';

type In<T extends z.ZodType> = z.output<T>;

interface CaseRow extends CaseAccessRow {
  readonly code: string;
  readonly age_band: CaseSummary['ageBand'];
  readonly status: 'active' | 'closed';
  readonly outcome: CaseSummary['outcome'];
  readonly outcome_other: string;
  readonly closed_on: string | null;
  readonly raised_by_name: string;
  readonly owner_member_id: string | null;
  readonly owner_name: string | null;
  readonly owner_organisation_id: string | null;
  readonly supervision_flag_at: string | null;
  readonly phase: CasePhase;
  readonly closure_analysis: string;
}

const CASE_SELECT = `SELECT c.id, c.team_id, c.code, c.age_band, c.consent_mode, c.raised_by_organisation_id, o.name AS raised_by_name,
  c.owner_member_id, m.display_name AS owner_name, m.organisation_id AS owner_organisation_id, c.status, c.outcome, c.outcome_other,
  c.closed_on, c.supervision_flag_at, c.phase, c.closure_analysis
  FROM cases c JOIN organisations o ON o.id = c.raised_by_organisation_id LEFT JOIN members m ON m.id = c.owner_member_id`;

export function getCaseRow(caps: ReadCaps, caseId: string): CaseRow {
  const row = caps.db.prepare(`${CASE_SELECT} WHERE c.id = ?`).get(caseId) as CaseRow | undefined;
  if (!row) throw new AppError('not_found', 'No such case');
  return row;
}

function toSummary(caps: ReadCaps, row: CaseRow): CaseSummary {
  const reason = unreadableFor(caps, row);
  const readable = reason === null;
  // A reader the consent does not cover sees the code and the shape only: no outcome, owner or flag.
  return {
    id: row.id,
    teamId: row.team_id,
    code: row.code,
    ageBand: row.age_band,
    consentMode: row.consent_mode,
    status: row.status,
    outcome: readable ? row.outcome : null,
    closedOn: readable ? row.closed_on : null,
    raisedBy: { id: row.raised_by_organisation_id, name: row.raised_by_name },
    owner: readable && row.owner_member_id && row.owner_name && row.owner_organisation_id ? { id: row.owner_member_id, name: row.owner_name, organisationId: row.owner_organisation_id } : null,
    flaggedForSupervision: readable && row.supervision_flag_at !== null,
    readable,
    unreadableReason: reason,
    phase: readable ? row.phase : null,
  };
}

export interface CaseListOptions {
  /** Only the active or only the closed cases; all when absent. */
  readonly status?: 'active' | 'closed';
  readonly offset?: number;
  /** At most this many (all when absent). */
  readonly limit?: number;
}

/**
 * The team's cases as its members see them: codes and shape for all, `readable` per reader. Active
 * cases by code; closed ones the latest closed first, so a page of a decade's closed cases starts
 * with the latest. Found through `cases_team_status_closed`, so the meeting page's list of active
 * cases does not grow with the closed cases behind it (issue 16).
 */
export function listCases(caps: ReadCaps, teamId: string, options: CaseListOptions = {}): CaseSummary[] {
  // The team's existence is not a secret; its work is, even the case codes.
  if (!mayReadTeamRecords(caps.access, teamId)) throw new AppError('forbidden', "Only the team's members see its cases", { reason: 'not_team_member' });
  const page = { limit: options.limit ?? -1, offset: options.offset ?? 0 };
  const rows = (
    options.status === undefined
      ? cachedStatement(caps.db, `${CASE_SELECT} WHERE c.team_id = @teamId ORDER BY c.code LIMIT @limit OFFSET @offset`).all({ teamId, ...page })
      : cachedStatement(
          caps.db,
          `${CASE_SELECT} WHERE c.team_id = @teamId AND c.status = @status ORDER BY ${options.status === 'closed' ? 'c.closed_on DESC, c.code DESC' : 'c.code'} LIMIT @limit OFFSET @offset`,
        ).all({ teamId, status: options.status, ...page })
  ) as CaseRow[];
  return rows.map((row) => toSummary(caps, row));
}

/** Throws `forbidden` unless the reader may read the case's content today. */
export function requireReadableCase(caps: ReadCaps, caseId: string): CaseRow {
  const row = getCaseRow(caps, caseId);
  const reason = unreadableFor(caps, row);
  if (reason) throw new AppError('forbidden', reason === 'not-in-team' ? "Only the team's members read its cases" : 'The consent does not cover your organisation today', { reason: reason === 'not-in-team' ? 'not_team_member' : 'consent_not_covering' });
  return row;
}

function consentsOf(caps: ReadCaps, caseId: string): Consent[] {
  const rows = caps.db
    .prepare(
      `SELECT cc.id, cc.organisation_id, o.name AS organisation_name, cc.direction, cc.categories, cc.purpose, cc.valid_from, cc.valid_to,
        cc.guardian_consent, cc.paper_filed_at, cc.withdrawn_on, cc.paper_returned_on
       FROM case_consents cc JOIN organisations o ON o.id = cc.organisation_id WHERE cc.case_id = ? ORDER BY cc.valid_from, o.name`,
    )
    .all(caseId) as {
    id: string;
    organisation_id: string;
    organisation_name: string;
    direction: Consent['direction'];
    categories: string;
    purpose: string;
    valid_from: string;
    valid_to: string;
    guardian_consent: number;
    paper_filed_at: string;
    withdrawn_on: string | null;
    paper_returned_on: string | null;
  }[];
  return rows.map((row) => ({
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    direction: row.direction,
    categories: JSON.parse(row.categories) as Consent['categories'],
    purpose: row.purpose,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    guardianConsent: row.guardian_consent === 1,
    paperFiledAt: row.paper_filed_at,
    withdrawnOn: row.withdrawn_on,
    paperReturnedOn: row.paper_returned_on,
  }));
}

export function detail(caps: ReadCaps, row: CaseRow, breakGlass: boolean): CaseDetail {
  const summary = toSummary(caps, row);
  return { ...summary, phase: row.phase, outcomeOther: row.outcome_other, consents: consentsOf(caps, row.id), breakGlass, timeline: timelineOf(caps, row.id), checkins: checkinsOf(caps, row.id), closureAnalysis: row.closure_analysis, facts: factsOf(caps, row.id) };
}

/** A reader opens a case: audited as a read of sensitive content, with the case code. */
export function getCase(caps: ReadCaps, caseId: string): CaseDetail {
  const row = requireReadableCase(caps, caseId);
  caps.audit.record('case.read', {}, row.code);
  return detail(caps, row, false);
}

/**
 * Break-glass: a team member whose organisation the consent does not cover reads the case anyway,
 * for an urgent need, with a written reason. Audited with the reason; the reason itself must not
 * identify anyone (the identifier guard checks it).
 */
export function breakGlassRead(caps: ReadCaps, input: In<typeof BreakGlassInput>): CaseDetail {
  const row = getCaseRow(caps, input.caseId);
  const reason = unreadableFor(caps, row);
  if (reason === 'not-in-team') throw new AppError('forbidden', "Only the team's members read its cases", { reason: 'not_team_member' });
  if (blockingHits(scanText(input.reason, guardOptions(caps))).length > 0) throw new AppError('invalid_input', 'The reason must not identify anyone', { reason: 'identifiers_in_text' });
  caps.audit.record('case.break-glass', { reason: input.reason }, row.code);
  return detail(caps, row, true);
}

function requireEditor(caps: ReadCaps, teamId: string): void {
  if (!mayEditTeamRecords(caps.access, teamId)) throw new AppError('forbidden', "Only the team's chair or note-taker may do this", { reason: 'not_team_editor' });
}

/**
 * The next free code of the year: UT-2026-001, UT-2026-002 … never one used before, even by a case
 * since gallrad — its tombstone and the log rows naming it keep the code (the log is kept at least
 * five years, so the year's codes are all still there).
 */
function nextCode(caps: WriteCaps): string {
  const year = caps.access.date.slice(0, 4);
  const rows = caps.db
    // GLOB (case-sensitive) so the log's case_code index is searched, not scanned.
    .prepare('SELECT code FROM cases WHERE code GLOB @p UNION SELECT case_code FROM gallring_tombstones WHERE case_code GLOB @p UNION SELECT case_code FROM audit_log WHERE case_code GLOB @p')
    .all({ p: `UT-${year}-*` }) as { code: string }[];
  const highest = rows.reduce((max, row) => Math.max(max, Number(row.code.slice(8)) || 0), 0);
  return `UT-${year}-${String(highest + 1).padStart(3, '0')}`;
}

export function createCase(caps: WriteCaps, input: In<typeof CreateCaseInput>): CaseDetail {
  const actor = caps.access.actor;
  if (!caps.db.prepare('SELECT 1 FROM teams WHERE id = ?').get(input.teamId)) throw new AppError('not_found', 'No such team');
  requireEditor(caps, input.teamId);
  if (!caps.db.prepare('SELECT 1 FROM organisations WHERE id = ?').get(input.raisedByOrganisationId)) throw new AppError('not_found', 'No such organisation');
  requireConfiguredBand(caps, input.ageBand);
  if (input.ownerMemberId) {
    const owner = caps.db
      .prepare('SELECT 1 FROM team_memberships WHERE member_id = ? AND team_id = ? AND active_to IS NULL')
      .get(input.ownerMemberId, input.teamId);
    if (!owner) throw new AppError('invalid_input', "The case owner must be one of the team's members", { field: 'ownerMemberId' });
  }
  const id = randomUUID();
  const code = nextCode(caps);
  // Where it starts (issue 20): raised (aktualiserad), or active for callers that do not say; its first event says the same.
  const phase = input.phase ?? 'aktiv';
  const raisedOn = input.raisedOn ?? caps.access.date;
  if (raisedOn > caps.access.date) throw new AppError('invalid_input', 'The case cannot be raised in the future', { reason: 'date_order', field: 'raisedOn' });
  caps.db.transaction(() => {
    caps.db
      .prepare('INSERT INTO cases (id, team_id, code, age_band, consent_mode, raised_by_organisation_id, owner_member_id, created_at, created_by, phase) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, input.teamId, code, input.ageBand, input.consentMode, input.raisedByOrganisationId, input.ownerMemberId, caps.clock.now().toISOString(), actor.accountId, phase);
    caps.db.prepare('INSERT INTO case_events (id, case_id, kind, on_date, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)').run(randomUUID(), id, phase, raisedOn, caps.clock.now().toISOString(), actor.accountId);
    recordStartFacts(caps, id, input);
    caps.audit.record('case.created', { consentMode: input.consentMode, phase }, code);
  })();
  return detail(caps, getCaseRow(caps, id), false);
}

/** Chair or note-taker who may read the case: the changes below need both. */
export function requireEditableCase(caps: WriteCaps, caseId: string): CaseRow {
  const row = requireReadableCase(caps, caseId);
  requireEditor(caps, row.team_id);
  return row;
}

export function addConsent(caps: WriteCaps, input: In<typeof AddConsentInput>): CaseDetail {
  const actor = caps.access.actor;
  const row = requireEditableCase(caps, input.caseId);
  if (row.consent_mode !== 'consent') throw new AppError('conflict', 'An anonymous case has no consents', { reason: 'anonymous_case' });
  if (input.validTo < input.validFrom) throw new AppError('invalid_input', 'The consent ends before it starts', { reason: 'date_order' });
  // Under 18, a guardian consents too (PRODUCT.md).
  const age = bandAgainstEighteen(row.age_band);
  if (age === 'under' && !input.guardianConsent) throw new AppError('invalid_input', "A consent for someone under 18 needs the guardian's consent as well", { field: 'guardianConsent' });
  // A band across 18 (16-19): without the guardian's consent the recorder says the participant is 18 or older.
  if (age === 'straddles' && !input.guardianConsent && input.participantIsAdult !== true)
    throw new AppError('invalid_input', "Say whether the participant is 18 or older; under 18, the guardian's consent is needed as well", { field: 'participantIsAdult', reason: 'age_unclear' });
  if (!caps.db.prepare('SELECT 1 FROM organisations WHERE id = ?').get(input.organisationId)) throw new AppError('not_found', 'No such organisation');
  caps.db.transaction(() => {
    caps.db
      .prepare(
        `INSERT INTO case_consents (id, case_id, organisation_id, direction, categories, purpose, valid_from, valid_to, guardian_consent, paper_filed_at, recorded_at, recorded_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(randomUUID(), row.id, input.organisationId, input.direction, JSON.stringify([...new Set(input.categories)]), input.purpose, input.validFrom, input.validTo, input.guardianConsent ? 1 : 0, input.paperFiledAt, caps.clock.now().toISOString(), actor.accountId);
    caps.audit.record('case.consent-added', { organisationId: input.organisationId, direction: input.direction, validTo: input.validTo }, row.code);
  })();
  return detail(caps, getCaseRow(caps, row.id), false);
}

/** A withdrawal is recorded, never a deletion: from that day the consent no longer covers. */
export function withdrawConsent(caps: WriteCaps, input: In<typeof WithdrawConsentInput>): CaseDetail {
  const consent = caps.db.prepare('SELECT case_id, withdrawn_on, valid_from FROM case_consents WHERE id = ?').get(input.consentId) as
    | { case_id: string; withdrawn_on: string | null; valid_from: string }
    | undefined;
  if (!consent) throw new AppError('not_found', 'No such consent');
  const row = requireEditableCase(caps, consent.case_id);
  if (consent.withdrawn_on !== null) throw new AppError('conflict', 'The consent is already withdrawn', { reason: 'already_done' });
  // Recorded when it arrives: not before the consent began, not in the future.
  if (input.date < consent.valid_from || input.date > caps.access.date) throw new AppError('invalid_input', 'The withdrawal date must lie between the start of the consent and today', { reason: 'date_order' });
  caps.db.transaction(() => {
    caps.db.prepare('UPDATE case_consents SET withdrawn_on = ? WHERE id = ?').run(input.date, input.consentId);
    caps.audit.record('case.consent-withdrawn', { consentId: input.consentId }, row.code);
  })();
  return detail(caps, getCaseRow(caps, row.id), false);
}

/**
 * aktiv → avslutad (issue 20): the day (not in the future, not before the case's previous event),
 * the outcome (status at exit; 'annat' in words) and the team's analysis, guarded like other case
 * text (a flagged name needs `guardReason`, kept in `closure_guard_reason`; a personnummer, phone,
 * e-mail or address is refused). The analysis is kept in the 'avslutad' event too, so a reopened
 * case keeps it in its history. The channel requires the analysis (`CloseCaseChannelInput`).
 */
export function closeCase(caps: WriteCaps, input: In<typeof CloseCaseInput>): CaseDetail {
  const row = requireEditableCase(caps, input.caseId);
  if (row.status === 'closed') throw new AppError('conflict', 'The case is already closed', { reason: 'already_done' });
  if (row.phase !== 'aktiv') throw new AppError('conflict', 'Only an active case is closed', { reason: 'wrong_phase' });
  if (input.outcome === 'annat' && !input.outcomeOther) throw new AppError('invalid_input', 'Say what the outcome was', { field: 'outcomeOther' });
  if (blockingHits(scanText(input.outcomeOther, guardOptions(caps))).length > 0) throw new AppError('invalid_input', 'The outcome must not identify anyone', { reason: 'identifiers_in_text' });
  requireLifecycleDate(caps, row.id, input.date);
  const analysis = input.analysis ?? '';
  const kept = closureGuard(caps, row.team_id, analysis, input.guardReason, 'analysis');
  caps.db.transaction(() => {
    caps.db
      .prepare("UPDATE cases SET status = 'closed', phase = 'avslutad', outcome = ?, outcome_other = ?, closed_on = ?, closure_analysis = ?, closure_guard_reason = ? WHERE id = ?")
      .run(input.outcome, input.outcome === 'annat' ? input.outcomeOther : '', input.date, analysis, kept, row.id);
    caps.db
      .prepare("INSERT INTO case_events (id, case_id, kind, on_date, recorded_at, recorded_by, outcome, outcome_other, reason, guard_reason) VALUES (?, ?, 'avslutad', ?, ?, ?, ?, ?, ?, ?)")
      .run(randomUUID(), row.id, input.date, caps.clock.now().toISOString(), caps.access.actor.accountId, input.outcome, input.outcome === 'annat' ? input.outcomeOther : '', analysis, kept);
    if (kept !== null) caps.audit.record('guard.override', { kinds: 'name' }, row.code);
    caps.audit.record('case.closed', { outcome: input.outcome, date: input.date }, row.code);
  })();
  return detail(caps, getCaseRow(caps, row.id), false);
}

export function flagForSupervision(caps: WriteCaps, input: In<typeof FlagSupervisionInput>): CaseDetail {
  const row = requireEditableCase(caps, input.caseId);
  caps.db.transaction(() => {
    caps.db.prepare('UPDATE cases SET supervision_flag_at = ? WHERE id = ?').run(input.flagged ? caps.clock.now().toISOString() : null, row.id);
    caps.audit.record('case.supervision-flag', { flagged: input.flagged }, row.code);
  })();
  return detail(caps, getCaseRow(caps, row.id), false);
}
