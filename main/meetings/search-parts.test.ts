// The search index in parts (issue 16): a search reads the parts newest first and stops once its
// window is full; an emptied part is dropped; migration 013 splits the one old table into parts.
// A real encrypted vault in a temp dir; the parts are made by committing items at rowids on either
// side of a part boundary (an entry with id 4095 is put in the way, as 4,095 older texts would be).
import { UNDO_019_SQL } from '../vault/db/migrations/019-team-ownership';
import { UNDO_020_SQL } from '../vault/db/migrations/020-case-lifecycle';
import { UNDO_021_SQL } from '../vault/db/migrations/021-case-event-exit';
import { UNDO_022_SQL } from '../vault/db/migrations/022-exit-events-index';
import { UNDO_023_SQL } from '../vault/db/migrations/023-other-item-actions';
import { UNDO_024_SQL } from '../vault/db/migrations/024-followup-reports-sent';
import { afterEach, describe, expect, it } from 'vitest';
import { createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { MIGRATIONS } from '../vault/db/migrations';
import { runMigrations } from '../vault/db/open-vault';
import { addAgendaItem, commitItem, createMeeting } from './repository';
import { searchItems } from './search';
import { SEARCH_PART_ROWS, searchParts, unindexCase } from './search-index';
import { indexedTexts } from './test-support/search-parts';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

async function world() {
  const w = await teamWorld(opened);
  const { chair, team, ownOrganisationId } = w;
  const db = chair.vault.db;
  const newCase = () => createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
  const meeting = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-11-24', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
  const commit = (kase: { id: string }, notes: string) => {
    const item = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: kase.id }).item;
    commitItem(writeCaps(chair.vault), { agendaItemId: item?.id ?? '', body: { notes, decisions: '', nextFollowUp: null, actions: [] } });
  };
  const older = newCase();
  const other = newCase();
  const newer = newCase();
  const latest = newCase();
  commit(older, 'Praktik på lagret, truckkort behövs.');
  commit(other, 'Praktik i köket.');
  // The next text's rowid is the first of part 1.
  db.prepare("INSERT INTO search_entries (id, kind, ref, case_id, meeting_id) VALUES (?, 'case-item', 'placeholder', ?, ?)").run(SEARCH_PART_ROWS - 1, older.id, meeting.id);
  commit(newer, 'Praktik på biblioteket; studiebesök bokat.');
  commit(latest, 'Praktik på förskolan.');
  db.prepare("DELETE FROM search_entries WHERE ref = 'placeholder'").run();
  return { ...w, db, older, other, newer, latest, meeting, commit, newCase };
}

const codes = (page: ReturnType<typeof searchItems>) => page.hits.map((hit) => hit.caseCode);

describe('the search index in parts', () => {
  it('puts texts in the part of their rowid and finds them across parts, newest part first', async () => {
    const { chair, db, older, other, newer, latest } = await world();
    expect(searchParts(db)).toEqual([1, 0]);
    expect(db.prepare('SELECT id FROM search_entries ORDER BY id').all()).toEqual([{ id: 1 }, { id: 2 }, { id: SEARCH_PART_ROWS }, { id: SEARCH_PART_ROWS + 1 }]);
    const page = searchItems(readCaps(chair.vault), 'praktik');
    expect(page).toMatchObject({ total: 4, capped: false });
    expect(codes(page).sort()).toEqual([older.code, other.code, newer.code, latest.code].sort());
    expect(page.hits.find((hit) => hit.caseCode === newer.code)?.snippet).toContain('\u0002Praktik\u0003');
  });

  it('stops reading once the window is full: an older part is not opened at all', async () => {
    const { chair, db, latest } = await world();
    // Hide part 0: a search that read it would fail on the missing table.
    db.exec('ALTER TABLE search_fts_p0 RENAME TO hidden_part');
    // A window of one looks for two hits (to know whether more exist): part 1 holds both.
    const newest = searchItems(readCaps(chair.vault), 'praktik', undefined, {}, 1);
    expect(newest).toMatchObject({ total: 1, capped: true });
    expect(codes(newest)).toEqual([latest.code]);
    expect(() => searchItems(readCaps(chair.vault), 'praktik', undefined, {}, 2)).toThrow(/search_fts_p0/);
    db.exec('ALTER TABLE hidden_part RENAME TO search_fts_p0');
    expect(searchItems(readCaps(chair.vault), 'praktik', undefined, {}, 2)).toMatchObject({ total: 2, capped: true });
    expect(searchItems(readCaps(chair.vault), 'praktik', undefined, {}, 3)).toMatchObject({ total: 3, capped: true });
    expect(searchItems(readCaps(chair.vault), 'praktik', undefined, { offset: 2, limit: 5 }, 4)).toMatchObject({ total: 4, capped: false, hits: [expect.anything(), expect.anything()] });
  });

  it('drops a part left empty, with its text, and keeps indexing after it', async () => {
    const { chair, db, older, other, newer, latest, commit, newCase } = await world();
    db.transaction(() => unindexCase(db, older.id))();
    expect(searchParts(db)).toEqual([1, 0]);
    db.transaction(() => unindexCase(db, other.id))();
    expect(searchParts(db)).toEqual([1]);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'search_fts_p0%'").get()).toEqual({ n: 0 });
    expect(indexedTexts(db, 'truckkort')).toBe(0);
    expect(codes(searchItems(readCaps(chair.vault), 'praktik')).sort()).toEqual([newer.code, latest.code].sort());
    commit(newCase(), 'Praktik igen, nu på fritidsgården.');
    expect(db.prepare('SELECT max(id) AS id FROM search_entries').get()).toEqual({ id: SEARCH_PART_ROWS + 2 });
    expect(searchParts(db)).toEqual([1]);
    expect(searchItems(readCaps(chair.vault), 'fritidsgården').total).toBe(1);
  });

  it('migration 013 splits the one table into parts, keeping rowids, text and secure-delete, negative rowids included', async () => {
    const { chair, db } = await world();
    const before = searchItems(readCaps(chair.vault), 'praktik').hits.map((hit) => [hit.caseCode, hit.snippet]);
    // Made by 023 (an övrig punkt's actions, on other_items, which 016 makes), which runs again here.
    db.exec(UNDO_023_SQL);
    // The layout schema 12 left: one table; and an index that began below zero (the bench's scaled copies number older eras that way).
    db.exec(`
      CREATE VIRTUAL TABLE search_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
      INSERT INTO search_fts(search_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO search_fts (rowid, body) SELECT rowid, body FROM search_fts_p0;
      INSERT INTO search_fts (rowid, body) SELECT rowid, body FROM search_fts_p1;
      DROP TABLE search_fts_p0; DROP TABLE search_fts_p1; DROP TABLE search_parts;
      UPDATE search_fts SET rowid = -5 WHERE rowid = 1;
      UPDATE search_entries SET id = -5 WHERE id = 1;
      -- made by 014 and 015, which run again after 013 here
      DROP INDEX cases_team_status_closed;
      ALTER TABLE organisations DROP COLUMN kind_chosen_at;
      DROP INDEX audit_log_organisation_removed;
      -- made by 016
      DROP TABLE other_items; ALTER TABLE meetings DROP COLUMN justerare_member_id; ALTER TABLE meetings DROP COLUMN justerare_confirmed_at; ALTER TABLE meetings DROP COLUMN justerare_confirmed_by;
      -- made by 017 (the consent paper's return), which runs again here too
      ALTER TABLE case_consents DROP COLUMN paper_returned_on;
      -- made by 018 (handover receipts)
      DROP TABLE receipts_sent; DROP TABLE packet_receipts;
    `);
    // Made by 019, which runs again here too.
    db.exec(UNDO_019_SQL);
    // And by 020 (the case lifecycle), and 024 (reports sent).
    db.exec(UNDO_024_SQL);
    db.exec(UNDO_022_SQL);
    db.exec(UNDO_021_SQL);
    db.exec(UNDO_020_SQL);
    db.pragma('user_version = 12');
    runMigrations(db, MIGRATIONS, 12);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(searchParts(db)).toEqual([1, 0, -1]);
    for (const table of ['search_fts_m1', 'search_fts_p0', 'search_fts_p1']) {
      expect(db.prepare(`SELECT v FROM ${table}_config WHERE k = 'secure-delete'`).get()).toEqual({ v: 1 });
      expect(() => db.prepare(`INSERT INTO ${table}(${table}, rank) VALUES ('integrity-check', 1)`).run()).not.toThrow();
    }
    expect(db.prepare('SELECT rowid FROM search_fts_m1').all()).toEqual([{ rowid: -5 }]);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'search_fts' OR name LIKE 'search_fts\\_%' ESCAPE '\\' AND name NOT LIKE 'search_fts_p%' AND name NOT LIKE 'search_fts_m%'").get()).toEqual({ n: 0 });
    // The same hits; their order may differ, as bm25 weighs words within each part.
    expect(searchItems(readCaps(chair.vault), 'praktik').hits.map((hit) => [hit.caseCode, hit.snippet]).sort()).toEqual(before.sort());
    expect(indexedTexts(db)).toBe(4);
  });
});
