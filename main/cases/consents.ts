import type { z } from 'zod';
import type { CaseDetail, ConsentOverview, ConsentOverviewEntry, ConsentOverviewState, ConsentPaperReturnedInput } from '../../shared/cases/model';
import { AppError } from '../../shared/ipc/errors';
import { parseIsoDate } from '../../shared/time/iso-week';
import { addDays } from '../../shared/time/working-day';
import { stockholmDate } from '../../shared/time/zone';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { mayReadTeamRecords } from '../roster/access';
import { type CaseAccessRow, unreadableFor } from './access';
import { detail, getCaseRow, requireEditableCase } from './repository';

type In<T extends z.ZodType> = z.output<T>;

/** "Soon": a consent whose last valid day is within this many days of today is listed as expiring. */
export const CONSENT_HORIZON_DAYS = 30;

interface OverviewRow extends CaseAccessRow {
  readonly code: string;
  readonly consent_id: string;
  readonly consent_organisation_id: string;
  readonly organisation_name: string;
  readonly direction: ConsentOverviewEntry['direction'];
  readonly valid_from: string;
  readonly valid_to: string;
  readonly withdrawn_on: string | null;
  readonly paper_returned_on: string | null;
}

const OVERVIEW = `SELECT c.id, c.team_id, c.code, c.consent_mode, c.raised_by_organisation_id,
    cc.id AS consent_id, cc.organisation_id AS consent_organisation_id, o.name AS organisation_name, cc.direction,
    cc.valid_from, cc.valid_to, cc.withdrawn_on, cc.paper_returned_on
  FROM cases c JOIN case_consents cc ON cc.case_id = c.id JOIN organisations o ON o.id = cc.organisation_id
  WHERE c.team_id = ? AND c.status = 'active' AND c.consent_mode = 'consent'
  ORDER BY cc.valid_to, c.code, o.name`;

function dayNumber(date: string): number {
  const parsed = parseIsoDate(date);
  if (!parsed) throw new Error(`Not a date: ${date}`);
  return Date.UTC(parsed.year, parsed.month - 1, parsed.day) / 86_400_000;
}

const STATE_ORDER: Record<ConsentOverviewState, number> = { expiring: 0, expired: 1, withdrawn: 2, current: 3 };

/**
 * The team's consents that need attention today (the day of the caps' clock, Europe/Stockholm),
 * on its active consent cases — a closed case needs no renewal:
 * - expiring: not withdrawn, last valid day between today and today + 30 days (both included);
 * - expired: the last valid day has passed;
 * - withdrawn;
 * - current: valid beyond the horizon, listed only while its signed paper has not come back.
 * An expiring, expired or withdrawn consent drops off once renewed: another consent in the same case
 * for the same organisation, not withdrawn, lasting longer (and, for an ended one, still valid today
 * or later). Team members only. A consent's details (the case code, the organisation, the dates)
 * only to readers the consent rules let read the case (main/cases/access.ts, as `cases:get`): who
 * may not read the case learns how many such consents there are, not in which cases — that a
 * consent in a named case was withdrawn or let lapse is itself about the young person. Not audited,
 * as the case list is not: it holds no free text and nothing the reader could not open.
 */
export function consentOverview(caps: ReadCaps, teamId: string): ConsentOverview {
  if (!mayReadTeamRecords(caps.access, teamId)) throw new AppError('forbidden', "Only the team's members see its consents", { reason: 'not_team_member' });
  const today = caps.access.date;
  const horizon = addDays(today, CONSENT_HORIZON_DAYS);
  const rows = caps.db.prepare(OVERVIEW).all(teamId) as OverviewRow[];
  const renewed = (row: OverviewRow): boolean =>
    rows.some((other) => other.consent_id !== row.consent_id && other.id === row.id && other.consent_organisation_id === row.consent_organisation_id && other.withdrawn_on === null && other.valid_to > row.valid_to && other.valid_to >= today);
  const readable = new Map<string, boolean>();
  const mayRead = (row: OverviewRow): boolean => {
    let known = readable.get(row.id);
    if (known === undefined) {
      known = unreadableFor(caps, row) === null;
      readable.set(row.id, known);
    }
    return known;
  };
  const entries: ConsentOverviewEntry[] = [];
  const hidden = { expiring: 0, expired: 0, withdrawn: 0, paperMissing: 0 };
  const todayNumber = dayNumber(today);
  for (const row of rows) {
    const state: ConsentOverviewState = row.withdrawn_on !== null ? 'withdrawn' : row.valid_to < today ? 'expired' : row.valid_to <= horizon ? 'expiring' : 'current';
    const paperMissing = row.paper_returned_on === null && (state === 'expiring' || state === 'current');
    if (state === 'current' ? !paperMissing : renewed(row)) continue;
    if (!mayRead(row)) {
      if (state !== 'current') hidden[state] += 1;
      if (paperMissing) hidden.paperMissing += 1;
      continue;
    }
    entries.push({
      consentId: row.consent_id,
      caseId: row.id,
      caseCode: row.code,
      organisationName: row.organisation_name,
      direction: row.direction,
      validFrom: row.valid_from,
      validTo: row.valid_to,
      withdrawnOn: row.withdrawn_on,
      paperReturnedOn: row.paper_returned_on,
      state,
      daysLeft: dayNumber(row.valid_to) - todayNumber,
    });
  }
  entries.sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.validTo.localeCompare(b.validTo) || a.caseCode.localeCompare(b.caseCode) || a.organisationName.localeCompare(b.organisationName, 'sv'));
  return { teamId, today, horizon, entries, hidden };
}

/** A consent and the case it belongs to, or `not_found`. */
export function consentRow(caps: ReadCaps, consentId: string): { case_id: string; organisation_id: string; withdrawn_on: string | null; paper_returned_on: string | null } {
  const consent = caps.db.prepare('SELECT case_id, organisation_id, withdrawn_on, paper_returned_on FROM case_consents WHERE id = ?').get(consentId) as
    | { case_id: string; organisation_id: string; withdrawn_on: string | null; paper_returned_on: string | null }
    | undefined;
  if (!consent) throw new AppError('not_found', 'No such consent');
  return consent;
}

/**
 * The day the signed samtyckesblankett came back, recorded by the team's chair or note-taker who
 * may read the case; once (a second time is `already_done`), never in the future, and never before
 * the earlier of the consent's first valid day and the day it was recorded. Audited with the
 * consent, its organisation and the date.
 */
export function recordPaperReturned(caps: WriteCaps, input: In<typeof ConsentPaperReturnedInput>): CaseDetail {
  const consent = consentRow(caps, input.consentId);
  const row = requireEditableCase(caps, consent.case_id);
  if (consent.paper_returned_on !== null) throw new AppError('conflict', "The signed paper's return is already recorded", { reason: 'already_done' });
  if (input.date > caps.access.date) throw new AppError('invalid_input', 'The paper cannot come back after today', { reason: 'date_order' });
  // Nor before the consent existed: the form is printed from it once it is recorded, though a
  // paper signed first and recorded later may come back from its first valid day.
  const since = caps.db.prepare('SELECT valid_from, recorded_at FROM case_consents WHERE id = ?').get(input.consentId) as { valid_from: string; recorded_at: string };
  const recordedOn = stockholmDate(new Date(since.recorded_at));
  const earliest = since.valid_from < recordedOn ? since.valid_from : recordedOn;
  if (input.date < earliest) throw new AppError('invalid_input', `The paper cannot come back before ${earliest}, before the consent was recorded or valid`, { reason: 'date_order', field: 'date' });
  caps.db.transaction(() => {
    caps.db.prepare('UPDATE case_consents SET paper_returned_on = ? WHERE id = ?').run(input.date, input.consentId);
    caps.audit.record('case.consent-paper-returned', { consentId: input.consentId, organisationId: consent.organisation_id, date: input.date }, row.code);
  })();
  return detail(caps, getCaseRow(caps, row.id), false);
}
