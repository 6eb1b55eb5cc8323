import { createHash } from 'node:crypto';
import { type Json, canonicalJson } from '../../shared/canonical-json';
import { type ExtractCase, type ExtractRecord, declareRecords } from '../records/model';
import type { Db } from '../vault/db/open-vault';
import type { WriteCaps } from '../capabilities/caps';
import { unindexCases, unindexEntries, unindexMeetings } from './search-index';

/** Finalised minutes whose agenda holds this exact case code. */
function minutesNaming(db: Db, code: string): { id: string; minutes_json: string; minutes_sha256: string }[] {
  return db
    .prepare("SELECT id, minutes_json, minutes_sha256 FROM meetings WHERE status = 'finalised' AND EXISTS (SELECT 1 FROM json_each(minutes_json, '$.agenda') WHERE json_extract(value, '$.caseCode') = ?)")
    .all(code) as { id: string; minutes_json: string; minutes_sha256: string }[];
}

/**
 * Early gallring: the case's agenda entries in finalised minutes lose their content; the minutes
 * say by which decision, with their hash before (the minutes are otherwise never edited).
 */
function redactMinutes(caps: WriteCaps, kase: ExtractCase, decision: { reference: string; date: string }): void {
  for (const meeting of minutesNaming(caps.db, kase.code)) {
    const record = JSON.parse(meeting.minutes_json) as { agenda: Record<string, Json>[]; gallring?: Json[] } & Record<string, Json>;
    const agenda = record.agenda.map((entry) =>
      entry.caseCode === kase.code ? { ...entry, notes: null, decisions: null, nextFollowUp: null, actions: [], gallrad: { decisionReference: decision.reference, decisionDate: decision.date } } : entry,
    );
    const gallring = [...(record.gallring ?? []), { caseCode: kase.code, decisionReference: decision.reference, decisionDate: decision.date, at: caps.clock.now().toISOString(), previousSha256: meeting.minutes_sha256 }];
    const json = canonicalJson({ ...record, agenda, gallring } as Json);
    const sha256 = createHash('sha256').update(json, 'utf8').digest('hex');
    caps.db.prepare('UPDATE meetings SET minutes_json = ?, minutes_sha256 = ? WHERE id = ?').run(json, sha256, meeting.id);
    caps.audit.record('meeting.minutes-gallrad', { meetingId: meeting.id, previousSha256: meeting.minutes_sha256, sha256, decisionReference: decision.reference }, kase.code);
  }
}

/** The case's discussions, each with its actions and its addenda under it (actions and addenda are listed here). */
function caseItemsOf(db: Db, caseId: string): ExtractRecord[] {
  const records: ExtractRecord[] = [];
  for (const item of db.prepare('SELECT ci.id, m.date, ci.notes, ci.decisions, ci.next_follow_up FROM case_items ci JOIN meetings m ON m.id = ci.meeting_id WHERE ci.case_id = ? ORDER BY m.date').all(caseId) as {
    id: string;
    date: string;
    notes: string;
    decisions: string;
    next_follow_up: string | null;
  }[]) {
    records.push({
      kind: 'case-item',
      date: item.date,
      text: `Teammöte ${item.date}: ${item.notes}${item.decisions ? ` Beslut: ${item.decisions}` : ''}${item.next_follow_up ? ` Nästa uppföljning: ${item.next_follow_up}` : ''}`,
    });
    for (const a of db.prepare('SELECT text, due_date, done_at FROM actions WHERE case_item_id = ? ORDER BY due_date').all(item.id) as { text: string; due_date: string; done_at: string | null }[]) {
      records.push({ kind: 'action', date: item.date, text: `Åtgärd: ${a.text}, senast ${a.due_date}${a.done_at ? ', klar' : ''}` });
    }
    for (const ad of db.prepare('SELECT kind, text, reason, created_at FROM meeting_addenda WHERE case_item_id = ? ORDER BY created_at').all(item.id) as { kind: string; text: string; reason: string; created_at: string }[]) {
      records.push({ kind: 'addendum', date: ad.created_at, text: `${ad.kind === 'marked-wrong' ? 'Markerat som fel' : 'Tillägg'}: ${ad.text} (skäl: ${ad.reason})` });
    }
  }
  return records;
}

/** The tables the meetings domain (and its search index) owns (main/records/model.ts says what a declaration means). */
export const MEETING_RECORDS = declareRecords('meetings', [
  {
    table: 'agenda_items',
    links: [
      { column: 'meeting_id', references: 'meetings' },
      { column: 'case_id', references: 'cases' },
    ],
    gallring: { rows: 'SELECT rowid FROM agenda_items WHERE case_id = @id', part: 'agendaItems' },
    purge: {
      lastEntries: ['SELECT a.case_id, m.date FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.case_id IS NOT NULL'],
      holdsBack: 'EXISTS (SELECT 1 FROM agenda_items a WHERE a.case_id = d.value AND a.meeting_id NOT IN (SELECT value FROM json_each(@meetings)))',
      goes: [{ with: 'meetings', delete: `DELETE FROM agenda_items WHERE meeting_id IN (SELECT value FROM json_each(?))` }],
    },
    extract: {
      // A discussed entry is listed as its case item; one not discussed yet says only that the case is on the agenda.
      forCase: (db, kase): ExtractRecord[] =>
        (
          db
            .prepare('SELECT m.date FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.case_id = ? AND NOT EXISTS (SELECT 1 FROM case_items ci WHERE ci.agenda_item_id = a.id) ORDER BY m.date')
            .all(kase.id) as { date: string }[]
        ).map((a) => ({ kind: 'case-item', date: a.date, text: `Teammöte ${a.date}: ärendet står på dagordningen, inte behandlat ännu` })),
    },
  },
  {
    table: 'case_items',
    links: [
      { column: 'agenda_item_id', references: 'agenda_items' },
      { column: 'meeting_id', references: 'meetings' },
      { column: 'case_id', references: 'cases' },
    ],
    gallring: { rows: 'SELECT rowid FROM case_items WHERE case_id = @id', part: 'caseItems' },
    purge: {
      lastEntries: ['SELECT case_id, committed_at FROM case_items'],
      holdsBack: 'EXISTS (SELECT 1 FROM case_items c WHERE c.case_id = d.value AND c.meeting_id NOT IN (SELECT value FROM json_each(@meetings)))',
      goes: [{ with: 'meetings', delete: 'DELETE FROM case_items WHERE meeting_id IN (SELECT value FROM json_each(?))' }],
    },
    extract: { forCase: (db, kase) => caseItemsOf(db, kase.id) },
  },
  {
    table: 'actions',
    links: [
      { column: 'case_item_id', references: 'case_items' },
      { column: 'case_id', references: 'cases' },
      { column: 'responsible_member_id', references: 'members' },
    ],
    gallring: { rows: 'SELECT rowid FROM actions WHERE case_id = @id', part: 'actions' },
    // An action goes with its case item's meeting (its case waits for that: case_items holds it back).
    purge: {
      lastEntries: ['SELECT case_id, done_at FROM actions WHERE done_at IS NOT NULL'],
      heldBy: 'case_items',
      goes: [{ with: 'meetings', delete: 'DELETE FROM actions WHERE case_item_id IN (SELECT id FROM case_items WHERE meeting_id IN (SELECT value FROM json_each(?)))' }],
    },
    extract: { with: 'case_items', why: 'every action belongs to a case item and is listed under it' },
  },
  {
    table: 'meeting_addenda',
    links: [
      { column: 'meeting_id', references: 'meetings' },
      { column: 'case_item_id', references: 'case_items' },
    ],
    gallring: { rows: 'SELECT rowid FROM meeting_addenda WHERE case_item_id IN (SELECT id FROM case_items WHERE case_id = @id)', part: 'addenda' },
    purge: {
      lastEntries: ['SELECT case_id, created_at FROM meeting_addenda ad JOIN case_items ci ON ci.id = ad.case_item_id'],
      goes: [{ with: 'meetings', delete: 'DELETE FROM meeting_addenda WHERE meeting_id IN (SELECT value FROM json_each(?))' }],
    },
    extract: { with: 'case_items', why: 'an addendum about a case is about one of its case items and is listed under it (one about the meeting as a whole names no case)' },
  },
  {
    table: 'item_drafts',
    links: [{ column: 'agenda_item_id', references: 'agenda_items' }],
    gallring: { rows: 'SELECT rowid FROM item_drafts WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE case_id = @id)', part: 'drafts' },
    purge: { goes: [{ with: 'meetings', delete: 'DELETE FROM item_drafts WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE meeting_id IN (SELECT value FROM json_each(?)))' }] },
    extract: {
      // Only that drafts exist: their text is their authors' until committed.
      forCase: (db, kase): ExtractRecord[] => {
        const n = (db.prepare('SELECT count(*) AS n FROM item_drafts d JOIN agenda_items a ON a.id = d.agenda_item_id WHERE a.case_id = ?').get(kase.id) as { n: number }).n;
        return n > 0 ? [{ kind: 'drafts', date: '', text: `${n} osparade utkast (visas bara för sina författare)` }] : [];
      },
    },
  },
  {
    table: 'meetings',
    subject: 'meeting',
    links: [
      { column: 'chair_member_id', references: 'members' },
      { column: 'note_taker_member_id', references: 'members' },
      { column: 'justerare_member_id', references: 'members' },
      { column: 'minutes_json', references: 'cases', key: 'code', enforced: false, mentions: true, why: "finalised minutes name their cases by code in the agenda (early gallring redacts them, the extract lists them)" },
    ],
    // A meeting is never deleted for one case: its finalised minutes are redacted.
    gallring: { redacts: 'minutesRedacted', count: (db, kase) => minutesNaming(db, kase.code).length, redact: redactMinutes },
    // The minutes rule: the whole meeting goes, by its date (finalised minutes only ever go this way).
    purge: {
      due: { name: 'meetings', rule: 'minutes', sql: 'SELECT id, date AS at FROM meetings WHERE date < ?', bound: 'day' },
      goes: [{ with: 'meetings', delete: 'DELETE FROM meetings WHERE id IN (SELECT value FROM json_each(?))' }],
    },
    extract: {
      // The finalised minutes whose agenda holds the case (by its exact code, not a longer one that starts with it).
      forCase: (db, kase): ExtractRecord[] =>
        (
          db
            .prepare("SELECT date, minutes_sha256 FROM meetings WHERE status = 'finalised' AND EXISTS (SELECT 1 FROM json_each(minutes_json, '$.agenda') WHERE json_extract(value, '$.caseCode') = ?) ORDER BY date")
            .all(kase.code) as { date: string; minutes_sha256: string }[]
        ).map((m) => ({ kind: 'minutes', date: m.date, text: `Justerat protokoll ${m.date} nämner ärendet (SHA-256 ${m.minutes_sha256})` })),
    },
  },
  // An "övrig punkt"'s discussion (notes, decisions): about the team's work, never a case — the guard
  // refuses identifiers in it — so it leaves only with its meeting, by the minutes rule.
  {
    table: 'other_items',
    links: [
      { column: 'agenda_item_id', references: 'agenda_items' },
      { column: 'meeting_id', references: 'meetings' },
    ],
    // Linked to a case only through an agenda item, and only an item without a case holds one: the
    // query finds none for any case, and says so rather than leaving the table out.
    gallring: { rows: "SELECT rowid FROM other_items WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE case_id = @id AND kind != 'other')" },
    purge: { goes: [{ with: 'meetings', delete: 'DELETE FROM other_items WHERE meeting_id IN (SELECT value FROM json_each(?))' }] },
    extract: { forCase: (): ExtractRecord[] => [] },
  },
  // An övrig punkt's actions (the team's own work: "a new routine by February"): linked to the
  // meeting and its övrig punkt, never to a case — the guard refuses identifiers in their text as in
  // the övrig punkt's. They leave with their meeting, by the minutes rule. A register extract and an
  // early gallring are about one case: these have nothing for either (the övrig punkt's queries find
  // none for any case), and are declared with it only because the links reach cases through agenda_items.
  {
    table: 'other_item_actions',
    links: [
      { column: 'other_item_id', references: 'other_items' },
      { column: 'meeting_id', references: 'meetings' },
      { column: 'responsible_member_id', references: 'members' },
    ],
    gallring: { with: 'other_items', why: "an övrig punkt's actions go with their övrig punkt, which is about no case" },
    purge: { goes: [{ with: 'meetings', delete: 'DELETE FROM other_item_actions WHERE meeting_id IN (SELECT value FROM json_each(?))' }] },
    extract: { with: 'other_items', why: "an övrig punkt's actions are about its meeting's work, never a case: listed with the övrig punkt, which lists none for a case" },
  },
  {
    table: 'meeting_attendance',
    links: [
      { column: 'meeting_id', references: 'meetings' },
      { column: 'member_id', references: 'members' },
    ],
    purge: { goes: [{ with: 'meetings', delete: 'DELETE FROM meeting_attendance WHERE meeting_id IN (SELECT value FROM json_each(?))' }] },
  },
  { table: 'meeting_guests', links: [{ column: 'meeting_id', references: 'meetings' }], purge: { goes: [{ with: 'meetings', delete: 'DELETE FROM meeting_guests WHERE meeting_id IN (SELECT value FROM json_each(?))' }] } },
  // The search index (main/meetings/search-index.ts).
  {
    table: 'search_entries',
    links: [
      { column: 'case_id', references: 'cases' },
      { column: 'meeting_id', references: 'meetings' },
    ],
    // The texts leave their FTS5 parts with their entries (an emptied part is dropped).
    gallring: { rows: 'SELECT rowid FROM search_entries WHERE case_id = @id', part: 'searchEntries', remove: (caps, rowids) => unindexEntries(caps.db, rowids) },
    // A purged meeting's texts and a purged case's leave their parts with their entries.
    purge: {
      goes: [
        { with: 'meetings', remove: (caps, ids) => unindexMeetings(caps.db, ids) },
        { with: 'cases', remove: (caps, ids) => unindexCases(caps.db, ids) },
      ],
    },
    extract: { with: 'case_items', why: "the search index holds the case items' text again" },
  },
  { table: 'search_parts', noCaseData: 'the numbers of the search index parts that exist; the texts are in the parts, listed by search_entries' },
  {
    pattern: /^search_fts_[pm][0-9]+$/,
    describe: 'search_fts_pN / search_fts_mN (FTS5 search parts, with their shadow tables)',
    links: [{ column: 'rowid', references: 'search_entries', enforced: false, why: 'an FTS5 row is the text of the search entry with the same rowid' }],
    gallring: { with: 'search_entries', why: 'a text leaves its part with its search entry' },
    purge: { with: 'search_entries', why: 'a text leaves its part with its search entry' },
    extract: { with: 'case_items', why: "the search index holds the case items' text again" },
  },
]);
