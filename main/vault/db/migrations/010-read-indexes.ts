import type { Migration } from '../migration';

/**
 * Reads and deletes that follow a foreign key find their rows through an index (issue 16): opening
 * a meeting, search, statistics and gallring no longer scan whole tables as the vault grows. With
 * `foreign_keys = ON` a parent row's delete also looks its children up by these columns.
 *
 * The search index is rebuilt keyed by rowid: `search_entries` holds what each indexed text is
 * about (its case item, case and meeting), indexed, and its INTEGER PRIMARY KEY is the rowid of the
 * text in `search_fts` (which keeps only the text). A commit or a purge deletes FTS rows by rowid,
 * found through `search_entries`' indexes, instead of scanning every row for an unindexed column.
 * FTS5's secure-delete stays on, and `secure_delete` (on for every connection) zeroes the pages the
 * old table leaves, so no deleted text survives the rebuild (DESIGN.md).
 */
export const migration010: Migration = {
  name: '010-read-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX actions_case_item ON actions(case_item_id);
      CREATE INDEX case_items_meeting ON case_items(meeting_id);
      CREATE INDEX meeting_guests_meeting ON meeting_guests(meeting_id);
      CREATE INDEX meeting_addenda_meeting ON meeting_addenda(meeting_id, created_at);
      CREATE INDEX meeting_addenda_case_item ON meeting_addenda(case_item_id);
      CREATE INDEX agenda_items_case ON agenda_items(case_id);
      CREATE INDEX item_drafts_agenda_item ON item_drafts(agenda_item_id);
      CREATE INDEX supervision_records_case ON supervision_records(case_id, shared_at);
      CREATE INDEX supervision_cases_case ON supervision_cases(case_id);
      CREATE INDEX supervision_case_themes_case ON supervision_case_themes(case_id);
      CREATE INDEX private_notes_session ON private_notes(session_id);
      CREATE INDEX packets_sent_handover ON packets_sent(handover_id);
      CREATE INDEX packets_received_case ON packets_received(case_id);
      CREATE INDEX packets_received_team ON packets_received(team_id);
      CREATE INDEX packets_received_conversation ON packets_received(conversation_id);
      CREATE INDEX handovers_consent ON handovers(consent_id);

      CREATE TABLE search_entries (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('case-item')),
        ref TEXT NOT NULL,
        case_id TEXT NOT NULL REFERENCES cases(id),
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        UNIQUE (kind, ref)
      ) STRICT;
      CREATE INDEX search_entries_case ON search_entries(case_id);
      CREATE INDEX search_entries_meeting ON search_entries(meeting_id);

      CREATE VIRTUAL TABLE search_text USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
      INSERT INTO search_text(search_text, rank) VALUES ('secure-delete', 1);
      INSERT INTO search_entries (id, kind, ref, case_id, meeting_id) SELECT rowid, kind, ref, case_id, meeting_id FROM search_fts;
      INSERT INTO search_text (rowid, body) SELECT rowid, body FROM search_fts;
      DROP TABLE search_fts;
      ALTER TABLE search_text RENAME TO search_fts;
    `);
  },
};
