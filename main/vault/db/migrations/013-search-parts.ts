import type { Migration } from '../migration';

/** Kept here, not imported: a migration must not change when the app's constant does. */
const PART_ROWS = 4096;

/**
 * The search index in parts (issue 16; main/meetings/search-index.ts says why): `search_fts` is
 * split into one FTS5 table per 4,096 rowids, each with secure-delete on, listed in `search_parts`.
 * The rows keep their rowids (`search_entries` is unchanged). The old table is dropped; with
 * `secure_delete` on for every connection its freed pages are zeroed, so no text survives in them.
 */
export const migration013: Migration = {
  name: '013-search-parts',
  up(db) {
    db.exec('CREATE TABLE search_parts (part INTEGER PRIMARY KEY) STRICT');
    const { lo, hi } = db.prepare('SELECT min(rowid) AS lo, max(rowid) AS hi FROM search_fts').get() as { lo: number | null; hi: number | null };
    if (lo !== null && hi !== null) {
      const has = db.prepare('SELECT 1 AS found FROM search_fts WHERE rowid >= ? AND rowid < ? LIMIT 1');
      for (let part = Math.floor(lo / PART_ROWS); part <= Math.floor(hi / PART_ROWS); part++) {
        const from = part * PART_ROWS;
        if (!has.get(from, from + PART_ROWS)) continue;
        const table = part < 0 ? `search_fts_m${-part}` : `search_fts_p${part}`;
        db.exec(`CREATE VIRTUAL TABLE ${table} USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
          INSERT INTO ${table}(${table}, rank) VALUES ('secure-delete', 1);`);
        db.prepare(`INSERT INTO ${table} (rowid, body) SELECT rowid, body FROM search_fts WHERE rowid >= ? AND rowid < ?`).run(from, from + PART_ROWS);
        db.prepare('INSERT INTO search_parts (part) VALUES (?)').run(part);
      }
    }
    db.exec('DROP TABLE search_fts');
  },
};
