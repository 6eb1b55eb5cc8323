import type { Migration } from '../migration';

/**
 * Weekly team meetings: attendance (roster members, plus guests with their organisation), the
 * agenda, one committed discussion per case item (notes, decisions, next follow-up) with its
 * actions, the authors' drafts, and — after the chair finalises — addenda and corrections that
 * keep the original. `search_fts` indexes committed text only (never drafts), with FTS5's
 * secure-delete on so a purged row leaves no trace in the index.
 */
export const migration005: Migration = {
  name: '005-meetings',
  up(db) {
    db.exec(`
      CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams(id),
        date TEXT NOT NULL,
        time TEXT NOT NULL CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]'),
        chair_member_id TEXT REFERENCES members(id),
        note_taker_member_id TEXT REFERENCES members(id),
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finalised')),
        finalised_at TEXT,
        finalised_by TEXT REFERENCES accounts(id),
        minutes_json TEXT,
        minutes_sha256 TEXT,
        auto_lock_minutes INTEGER,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES accounts(id),
        CHECK ((status = 'finalised') = (minutes_sha256 IS NOT NULL))
      ) STRICT;
      CREATE INDEX meetings_team ON meetings(team_id, date);

      CREATE TABLE meeting_attendance (
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        member_id TEXT NOT NULL REFERENCES members(id),
        status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
        PRIMARY KEY (meeting_id, member_id)
      ) STRICT;

      CREATE TABLE meeting_guests (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        name TEXT NOT NULL,
        organisation_id TEXT NOT NULL REFERENCES organisations(id)
      ) STRICT;

      CREATE TABLE agenda_items (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('case', 'follow-up', 'supervision', 'other')),
        case_id TEXT REFERENCES cases(id),
        title TEXT NOT NULL DEFAULT '',
        CHECK ((kind = 'other') = (case_id IS NULL))
      ) STRICT;
      CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

      CREATE TABLE case_items (
        id TEXT PRIMARY KEY,
        agenda_item_id TEXT NOT NULL UNIQUE REFERENCES agenda_items(id),
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        case_id TEXT NOT NULL REFERENCES cases(id),
        notes TEXT NOT NULL,
        decisions TEXT NOT NULL,
        next_follow_up TEXT,
        guard_reason TEXT,
        committed_at TEXT NOT NULL,
        committed_by TEXT NOT NULL REFERENCES accounts(id)
      ) STRICT;
      CREATE INDEX case_items_case ON case_items(case_id);

      CREATE TABLE actions (
        id TEXT PRIMARY KEY,
        case_item_id TEXT NOT NULL REFERENCES case_items(id),
        case_id TEXT NOT NULL REFERENCES cases(id),
        text TEXT NOT NULL,
        responsible_member_id TEXT REFERENCES members(id),
        due_date TEXT NOT NULL,
        done_at TEXT,
        done_by TEXT REFERENCES accounts(id)
      ) STRICT;
      CREATE INDEX actions_case ON actions(case_id);

      -- Typing, saved within a second: one draft per author and agenda item; never indexed.
      CREATE TABLE item_drafts (
        account_id TEXT NOT NULL REFERENCES accounts(id),
        agenda_item_id TEXT NOT NULL REFERENCES agenda_items(id),
        body TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (account_id, agenda_item_id)
      ) STRICT;

      CREATE TABLE meeting_addenda (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        case_item_id TEXT REFERENCES case_items(id),
        kind TEXT NOT NULL CHECK (kind IN ('addendum', 'marked-wrong')),
        text TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES accounts(id)
      ) STRICT;

      CREATE VIRTUAL TABLE search_fts USING fts5(
        body,
        kind UNINDEXED,
        ref UNINDEXED,
        case_id UNINDEXED,
        meeting_id UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO search_fts(search_fts, rank) VALUES ('secure-delete', 1);
    `);
  },
};
