// Migration 010 (issue 16): every foreign key a read or a delete follows has an index, and the
// search index is keyed by rowid — checked on the schema itself and on the plans SQLite makes,
// and by migrating a vault whose search rows are still in the old layout.
import { UNDO_019_SQL } from './migrations/019-team-ownership';
import { UNDO_020_SQL } from './migrations/020-case-lifecycle';
import { UNDO_021_SQL } from './migrations/021-case-event-exit';
import { UNDO_022_SQL } from './migrations/022-exit-events-index';
import { UNDO_023_SQL } from './migrations/023-other-item-actions';
import { UNDO_024_SQL } from './migrations/024-followup-reports-sent';
import { afterEach, describe, expect, it } from 'vitest';
import { addConsent, createCase } from '../../cases/repository';
import { teamWorld } from '../../cases/test-support/team-world';
import { addAgendaItem, commitItem, createMeeting } from '../../meetings/repository';
import { searchItems } from '../../meetings/search';
import { unindexCase } from '../../meetings/search-index';
import { indexedTexts } from '../../meetings/test-support/search-parts';
import { MIGRATIONS } from './migrations';
import { type Db, runMigrations } from './open-vault';
import { readCaps, writeCaps } from '../../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

/** Rows of these tables are never deleted (the roster keeps history; keys are revoked, not removed): no child lookups. */
const NEVER_DELETED = new Set(['accounts', 'organisations', 'members', 'teams', 'supervision_themes', 'trusted_keys', 'org_keys', 'audit_log']);

function plan(db: Db, sql: string): string {
  const params = Array.from(sql.matchAll(/\?/g), () => '');
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('\n');
}

function tables(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'search_fts_%'").all() as { name: string }[]).map((r) => r.name);
}

async function world() {
  const w = await teamWorld(opened);
  const { chair, team, ownOrganisationId, fk } = w;
  const anon = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
  const other = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
  addConsent(writeCaps(chair.vault), { caseId: other.id, organisationId: fk.id, direction: 'both', categories: ['labour-market'], purpose: 'Planering', validFrom: '2026-01-01', validTo: '2027-12-31', guardianConsent: false, paperFiledAt: 'Akten' });
  const meeting = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-11-24', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
  for (const [kase, notes] of [
    [anon, 'Praktik på lagret, truckkort behövs.'],
    [other, 'Praktik i köket; studiebesök bokat.'],
  ] as const) {
    const item = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: kase.id }).item;
    commitItem(writeCaps(chair.vault), { agendaItemId: item?.id ?? '', body: { notes, decisions: '', nextFollowUp: null, actions: [{ text: 'Ring handledaren', responsibleMemberId: null, dueDate: '2026-12-01' }] } });
  }
  return { ...w, anon, other, meeting };
}

describe('migration 010', () => {
  it('indexes every foreign key whose parent rows are deleted, so a delete never scans the child table', async () => {
    const { chair } = await world();
    const db = chair.vault.db;
    const missing: string[] = [];
    for (const table of tables(db)) {
      const leading = new Set(
        (db.prepare(`PRAGMA index_list(${JSON.stringify(table)})`).all() as { name: string }[]).map(
          (index) => (db.prepare(`PRAGMA index_info(${JSON.stringify(index.name)})`).all() as { seqno: number; name: string }[]).find((c) => c.seqno === 0)?.name,
        ),
      );
      for (const fk of db.prepare(`PRAGMA foreign_key_list(${JSON.stringify(table)})`).all() as { table: string; from: string }[]) {
        if (!NEVER_DELETED.has(fk.table) && !leading.has(fk.from)) missing.push(`${table}(${fk.from}) -> ${fk.table}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('lets the hot reads and deletes use those indexes', async () => {
    const { chair } = await world();
    const db = chair.vault.db;
    const cases: [string, RegExp][] = [
      ['SELECT * FROM actions WHERE case_item_id = ?', /USING INDEX actions_case_item/],
      ['SELECT * FROM case_items WHERE meeting_id = ?', /USING INDEX case_items_meeting/],
      ['SELECT * FROM meeting_guests WHERE meeting_id = ?', /USING INDEX meeting_guests_meeting/],
      ['SELECT * FROM meeting_addenda WHERE meeting_id = ? ORDER BY created_at', /USING INDEX meeting_addenda_meeting/],
      ['SELECT * FROM agenda_items WHERE case_id = ?', /USING INDEX agenda_items_case/],
      ['SELECT * FROM supervision_records WHERE case_id = ? AND shared_at >= ? ORDER BY shared_at DESC LIMIT 1', /USING INDEX supervision_records_case/],
      ['SELECT id FROM search_entries WHERE case_id = ?', /USING (COVERING )?INDEX search_entries_case/],
      ['SELECT id FROM search_entries WHERE meeting_id = ?', /USING (COVERING )?INDEX search_entries_meeting/],
      // The audit log in words names a removed organisation from its removal row (migration 015).
      ["SELECT detail FROM audit_log WHERE action = 'roster.organisation-removed'", /USING INDEX audit_log_organisation_removed/],
    ];
    for (const [sql, expected] of cases) expect(plan(db, sql), sql).toMatch(expected);
    // The FTS rows go by rowid (FTS5's `=` constraint), never by scanning the index for a column.
    const ftsDelete = plan(db, 'DELETE FROM search_fts_p0 WHERE rowid IN (SELECT value FROM json_each(?))');
    expect(ftsDelete).toMatch(/VIRTUAL TABLE INDEX \d+:=/);
  });

  it('moves search rows from the old layout, keeps secure-delete on, and deletes a case’s text from the index', async () => {
    const { chair, anon } = await world();
    const db = chair.vault.db;
    const before = searchItems(readCaps(chair.vault), 'praktik').hits.map((hit) => [hit.caseCode, hit.snippet]);
    expect(before).toHaveLength(2);
    // The vault as schema 9 left it: one FTS table holding the text and, unindexed, what it is about.
    db.exec(`
      CREATE VIRTUAL TABLE old_fts USING fts5(body, kind UNINDEXED, ref UNINDEXED, case_id UNINDEXED, meeting_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
      INSERT INTO old_fts(old_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO old_fts (rowid, body, kind, ref, case_id, meeting_id) SELECT f.rowid, f.body, e.kind, e.ref, e.case_id, e.meeting_id FROM search_fts_p0 f JOIN search_entries e ON e.id = f.rowid;
      DROP TABLE search_fts_p0; DROP TABLE search_parts; DROP TABLE search_entries;
      ALTER TABLE old_fts RENAME TO search_fts;
    `);
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { name: string }[]) {
      if (MIGRATION_010_INDEXES.includes(name) || LATER_INDEXES.includes(name)) db.exec(`DROP INDEX ${name}`);
    }
    // Made by migration 015, which runs again here.
    db.exec('ALTER TABLE organisations DROP COLUMN kind_chosen_at; DROP INDEX audit_log_organisation_removed');
    // Made by migration 023 (an övrig punkt's actions, on other_items), which runs again here.
    db.exec(UNDO_023_SQL);
    // Made by migration 016, which runs again here.
    db.exec('DROP TABLE other_items; ALTER TABLE meetings DROP COLUMN justerare_member_id; ALTER TABLE meetings DROP COLUMN justerare_confirmed_at; ALTER TABLE meetings DROP COLUMN justerare_confirmed_by;');
    // Made by migration 019, which runs again here.
    db.exec(UNDO_019_SQL);
    // And by 020 (the case lifecycle), and 024 (reports sent).
    db.exec(UNDO_024_SQL);
    db.exec(UNDO_022_SQL);
    db.exec(UNDO_021_SQL);
    db.exec(UNDO_020_SQL);
    // Made by migration 017 (the consent paper's return), which runs again here.
    db.exec('ALTER TABLE case_consents DROP COLUMN paper_returned_on');
    // Made by migration 018 (handover receipts), which runs again here.
    db.exec('DROP TABLE receipts_sent; DROP TABLE packet_receipts');
    db.pragma('user_version = 9');
    runMigrations(db, MIGRATIONS, 9);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(searchItems(readCaps(chair.vault), 'praktik').hits.map((hit) => [hit.caseCode, hit.snippet])).toEqual(before);
    // 010 made one table, which 013 split into parts (here one: the rowids are small).
    expect(db.prepare("SELECT v FROM search_fts_p0_config WHERE k = 'secure-delete'").get()).toEqual({ v: 1 });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'search_text%' OR name LIKE 'old_fts%' OR name = 'search_fts'").get()).toEqual({ n: 0 });
    // Gone from the index itself, not only from the join.
    db.transaction(() => unindexCase(db, anon.id))();
    expect(indexedTexts(db, 'truckkort')).toBe(0);
    expect(indexedTexts(db, 'praktik')).toBe(1);
    expect(db.prepare('SELECT count(*) AS n FROM search_entries').get()).toEqual({ n: 1 });
    // FTS5's own check of the index against its content throws on any mismatch.
    expect(() => db.prepare("INSERT INTO search_fts_p0(search_fts_p0, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
  });
});

/** Made by later migrations, which run again after 010 here. */
const LATER_INDEXES = ['actions_due', 'cases_team_created', 'cases_team_closed', 'packets_sent_created', 'packets_received_team_received', 'cases_team_status_closed'];

const MIGRATION_010_INDEXES = [
  'actions_case_item',
  'case_items_meeting',
  'meeting_guests_meeting',
  'meeting_addenda_meeting',
  'meeting_addenda_case_item',
  'agenda_items_case',
  'item_drafts_agenda_item',
  'supervision_records_case',
  'supervision_cases_case',
  'supervision_case_themes_case',
  'private_notes_session',
  'packets_sent_handover',
  'packets_received_case',
  'packets_received_team',
  'packets_received_conversation',
  'handovers_consent',
];
