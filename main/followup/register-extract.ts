import { AppError } from '../../shared/ipc/errors';
import { blockingHits, scanText } from '../../shared/guard/identifier-guard';
import { guardOptions } from '../guard/extra-names';
import { actorOf, requireAdmin } from '../roster/access';
import type { UnlockedVault } from '../vault/vault';

/**
 * A register extract (GDPR art. 15): every record in the vault that mentions a case, found by its
 * code — the case and its consents, its items, actions and drafts' existence, the finalised minutes
 * that hold it and their corrections, supervision records, handovers and packets, and the audit
 * rows that name it. Admin only, with a recorded reason (DESIGN.md's access table), audited with
 * counts. The psychologist's private notes are not linked to cases and cannot be read by an admin;
 * the extract says how many sessions of the case's team have private notes, so the request can be
 * passed on to their authors.
 */
export interface ExtractRecord {
  readonly kind: string;
  readonly date: string;
  readonly text: string;
}

/** Log rows that name the case: by its code, in a list of codes (a meeting read, minutes exported), or by its id. */
function auditRowsNaming(vault: UnlockedVault, code: string, caseId: string): { at: string; action: string }[] {
  return vault.db
    .prepare(
      `SELECT at, action FROM audit_log WHERE case_code = ?
         OR instr(',' || coalesce(json_extract(detail, '$.cases'), '') || ',', ',' || ? || ',') > 0
         OR json_extract(detail, '$.caseId') = ? ORDER BY seq`,
    )
    .all(code, code, caseId) as { at: string; action: string }[];
}

export function registerExtract(vault: UnlockedVault, input: { caseCode: string; reason: string }): { caseCode: string; records: ExtractRecord[] } {
  const actor = actorOf(vault);
  requireAdmin(actor);
  if (blockingHits(scanText(input.reason, guardOptions(vault))).length > 0) throw new AppError('invalid_input', 'Write the reason without identifiers (refer to the request by its number)', { reason: 'identifiers_in_text' });
  const db = vault.db;
  const kase = db
    .prepare('SELECT c.id, c.code, c.team_id, c.age_band, c.consent_mode, c.status, c.outcome, c.closed_on, c.created_at, o.name AS raised_by FROM cases c JOIN organisations o ON o.id = c.raised_by_organisation_id WHERE c.code = ?')
    .get(input.caseCode) as
    | { id: string; code: string; team_id: string; age_band: string; consent_mode: string; status: string; outcome: string | null; closed_on: string | null; created_at: string; raised_by: string }
    | undefined;
  const records: ExtractRecord[] = [];
  const add = (kind: string, date: string, text: string): void => {
    records.push({ kind, date, text });
  };
  // A case removed by early gallring: what is left is its tombstone, and the log rows naming it.
  const tombstoneRows = db.prepare('SELECT case_id, decision_reference, decision_date, counts, gallrad_at FROM gallring_tombstones WHERE case_code = ? ORDER BY gallrad_at').all(input.caseCode) as {
    case_id: string;
    decision_reference: string;
    decision_date: string;
    counts: string;
    gallrad_at: string;
  }[];
  for (const t of tombstoneRows) {
    const total = Object.values(JSON.parse(t.counts) as Record<string, number>).reduce((sum, n) => sum + n, 0);
    add('tombstone', t.gallrad_at, `Ärendet gallrat enligt beslut ${t.decision_reference} (${t.decision_date}); ${total} uppgifter togs bort`);
  }
  if (!kase) {
    // Gone by early gallring (a tombstone) or by the retention rules (only log rows still name it).
    const logged = auditRowsNaming(vault, input.caseCode, tombstoneRows[0]?.case_id ?? '');
    if (records.length === 0 && logged.length === 0) throw new AppError('not_found', 'No case with that code');
    if (records.length === 0) add('purged', '', `Ärendet ${input.caseCode} finns inte längre i valvet: det har gallrats enligt reglerna. Loggen nämner det fortfarande.`);
    for (const a of logged) add('audit', a.at, `Loggat: ${a.action}`);
    vault.audit('register.extract', { reason: input.reason.slice(0, 300), records: records.length }, input.caseCode);
    return { caseCode: input.caseCode, records };
  }

  add('case', kase.created_at, `Ärende ${kase.code}, åldersgrupp ${kase.age_band}, ${kase.consent_mode === 'consent' ? 'med samtycke' : 'anonymt'}, väckt av ${kase.raised_by}, ${kase.status === 'closed' ? `avslutat ${kase.closed_on} (${kase.outcome})` : 'aktivt'}`);
  for (const c of db.prepare('SELECT c.recorded_at, o.name, c.direction, c.categories, c.purpose, c.valid_from, c.valid_to, c.withdrawn_on, c.paper_filed_at FROM case_consents c JOIN organisations o ON o.id = c.organisation_id WHERE c.case_id = ? ORDER BY c.recorded_at').all(kase.id) as {
    recorded_at: string;
    name: string;
    direction: string;
    categories: string;
    purpose: string;
    valid_from: string;
    valid_to: string;
    withdrawn_on: string | null;
    paper_filed_at: string;
  }[]) {
    add('consent', c.recorded_at, `Samtycke för ${c.name} (${c.direction}, ${c.categories}): ${c.purpose}; ${c.valid_from}–${c.valid_to}${c.withdrawn_on ? `, återkallat ${c.withdrawn_on}` : ''}; förvaras: ${c.paper_filed_at}`);
  }
  for (const item of db.prepare('SELECT ci.id, m.date, ci.notes, ci.decisions, ci.next_follow_up FROM case_items ci JOIN meetings m ON m.id = ci.meeting_id WHERE ci.case_id = ? ORDER BY m.date').all(kase.id) as {
    id: string;
    date: string;
    notes: string;
    decisions: string;
    next_follow_up: string | null;
  }[]) {
    add('case-item', item.date, `Teammöte ${item.date}: ${item.notes}${item.decisions ? ` Beslut: ${item.decisions}` : ''}${item.next_follow_up ? ` Nästa uppföljning: ${item.next_follow_up}` : ''}`);
    for (const a of db.prepare('SELECT text, due_date, done_at FROM actions WHERE case_item_id = ? ORDER BY due_date').all(item.id) as { text: string; due_date: string; done_at: string | null }[]) {
      add('action', item.date, `Åtgärd: ${a.text}, senast ${a.due_date}${a.done_at ? ', klar' : ''}`);
    }
    for (const ad of db.prepare('SELECT kind, text, reason, created_at FROM meeting_addenda WHERE case_item_id = ? ORDER BY created_at').all(item.id) as { kind: string; text: string; reason: string; created_at: string }[]) {
      add('addendum', ad.created_at, `${ad.kind === 'marked-wrong' ? 'Markerat som fel' : 'Tillägg'}: ${ad.text} (skäl: ${ad.reason})`);
    }
  }
  const drafts = (db.prepare('SELECT count(*) AS n FROM item_drafts d JOIN agenda_items a ON a.id = d.agenda_item_id WHERE a.case_id = ?').get(kase.id) as { n: number }).n;
  if (drafts > 0) add('drafts', '', `${drafts} osparade utkast (visas bara för sina författare)`);
  // The finalised minutes whose agenda holds the case (by its exact code, not a longer one that starts with it).
  const minutes = db
    .prepare(
      "SELECT date, minutes_sha256 FROM meetings WHERE status = 'finalised' AND EXISTS (SELECT 1 FROM json_each(minutes_json, '$.agenda') WHERE json_extract(value, '$.caseCode') = ?) ORDER BY date",
    )
    .all(kase.code) as { date: string; minutes_sha256: string }[];
  for (const m of minutes) {
    add('minutes', m.date, `Justerat protokoll ${m.date} nämner ärendet (SHA-256 ${m.minutes_sha256})`);
  }
  for (const r of db.prepare('SELECT r.shared_at, r.summary, r.approach, r.actions FROM supervision_records r WHERE r.case_id = ? ORDER BY r.shared_at').all(kase.id) as { shared_at: string; summary: string; approach: string; actions: string }[]) {
    add('supervision-record', r.shared_at, `Från handledningen: ${r.summary}${r.approach ? ` Arbetssätt: ${r.approach}` : ''}${JSON.parse(r.actions).length ? ` Åtgärder: ${(JSON.parse(r.actions) as string[]).join('; ')}` : ''}`);
  }
  for (const t of db.prepare('SELECT s.date, t.name FROM supervision_case_themes ct JOIN supervision_sessions s ON s.id = ct.session_id JOIN supervision_themes t ON t.id = ct.theme_id WHERE ct.case_id = ? ORDER BY s.date').all(kase.id) as { date: string; name: string }[]) {
    add('supervision-theme', t.date, `Handledningstema: ${t.name}`);
  }
  for (const h of db.prepare('SELECT h.id, h.date, o.name AS to_org, h.to_function, h.reason, h.goals, h.consent_override FROM handovers h JOIN organisations o ON o.id = h.to_organisation_id WHERE h.case_id = ? ORDER BY h.date').all(kase.id) as {
    id: string;
    date: string;
    to_org: string;
    to_function: string;
    reason: string;
    goals: string;
    consent_override: string | null;
  }[]) {
    add('handover', h.date, `Överlämning till ${h.to_org} (${h.to_function}): ${h.reason} Mål: ${h.goals}${h.consent_override ? ` Utan samtycke, motivering: ${h.consent_override}` : ''}`);
    for (const p of db.prepare('SELECT created_at, encrypted, sha256 FROM packets_sent WHERE handover_id = ? ORDER BY created_at').all(h.id) as { created_at: string; encrypted: number; sha256: string }[]) {
      add('packet-sent', p.created_at, `Paket skickat${p.encrypted ? ' (krypterat)' : ' (okrypterat)'}, SHA-256 ${p.sha256}`);
    }
  }
  for (const r of db.prepare('SELECT received_at, sha256 FROM packets_received WHERE case_id = ? ORDER BY received_at').all(kase.id) as { received_at: string; sha256: string }[]) {
    add('packet-received', r.received_at, `Mottaget paket kopplat till ärendet, SHA-256 ${r.sha256}`);
  }
  for (const a of auditRowsNaming(vault, kase.code, kase.id)) {
    add('audit', a.at, `Loggat: ${a.action}`);
  }
  const privateSessions = (db.prepare('SELECT count(DISTINCT n.session_id) AS n FROM private_notes n JOIN supervision_sessions s ON s.id = n.session_id WHERE s.team_id = ?').get(kase.team_id) as { n: number }).n;
  if (privateSessions > 0) add('private-notes', '', `${privateSessions} handledningstillfällen i teamet har psykologens privata anteckningar; de kan bara läsas av sina författare`);

  vault.audit('register.extract', { reason: input.reason.slice(0, 300), records: records.length }, kase.code);
  return { caseCode: kase.code, records };
}
