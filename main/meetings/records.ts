import { declareRecords } from '../records/model';

/** The tables the meetings domain (and its search index) owns (main/records/model.ts says what a declaration means). */
export const MEETING_RECORDS = declareRecords('meetings', [
  {
    table: 'meetings',
    subject: 'meeting',
    links: [
      { column: 'chair_member_id', references: 'members' },
      { column: 'note_taker_member_id', references: 'members' },
      { column: 'minutes_json', references: 'cases', key: 'code', enforced: false, why: "finalised minutes name their cases by code in the agenda (early gallring redacts them, the extract lists them)" },
    ],
  },
  {
    table: 'agenda_items',
    links: [
      { column: 'meeting_id', references: 'meetings' },
      { column: 'case_id', references: 'cases' },
    ],
  },
  {
    table: 'case_items',
    links: [
      { column: 'agenda_item_id', references: 'agenda_items' },
      { column: 'meeting_id', references: 'meetings' },
      { column: 'case_id', references: 'cases' },
    ],
  },
  {
    table: 'actions',
    links: [
      { column: 'case_item_id', references: 'case_items' },
      { column: 'case_id', references: 'cases' },
      { column: 'responsible_member_id', references: 'members' },
    ],
  },
  {
    table: 'meeting_addenda',
    links: [
      { column: 'meeting_id', references: 'meetings' },
      { column: 'case_item_id', references: 'case_items' },
    ],
  },
  { table: 'item_drafts', links: [{ column: 'agenda_item_id', references: 'agenda_items' }] },
  {
    table: 'meeting_attendance',
    links: [
      { column: 'meeting_id', references: 'meetings' },
      { column: 'member_id', references: 'members' },
    ],
  },
  { table: 'meeting_guests', links: [{ column: 'meeting_id', references: 'meetings' }] },
  // The search index (main/meetings/search-index.ts).
  {
    table: 'search_entries',
    links: [
      { column: 'case_id', references: 'cases' },
      { column: 'meeting_id', references: 'meetings' },
    ],
  },
  { table: 'search_parts', noCaseData: 'the numbers of the search index parts that exist; the texts are in the parts, listed by search_entries' },
  {
    pattern: /^search_fts_[pm][0-9]+$/,
    describe: 'search_fts_pN / search_fts_mN (FTS5 search parts, with their shadow tables)',
    links: [{ column: 'rowid', references: 'search_entries', enforced: false, why: 'an FTS5 row is the text of the search entry with the same rowid' }],
  },
]);
