/**
 * The record registry (issue 19): every table in the vault is declared by the domain that owns it,
 * with how its rows link to the things people ask about — a case, a meeting, a supervision
 * session, a handover, a member — or is marked as holding no case-linked data, with the reason.
 * `checkRegistry` holds the declarations to the schema (sqlite_master, foreign_key_list), so a new
 * table that gallring or a register extract would miss fails a test instead of a purge.
 */

import type { GALLRING_PARTS, RetentionKind } from '../../shared/retention/model';
import type { Db } from '../vault/db/open-vault';
import type { WriteCaps } from '../capabilities/caps';

/** The things a row can be about: each is the row of one root table. */
export type RecordSubject = 'case' | 'meeting' | 'supervision-session' | 'handover' | 'member';

/** The table whose rows are the subject itself (the root a link ends at). */
export const SUBJECT_TABLES: Readonly<Record<RecordSubject, string>> = {
  case: 'cases',
  meeting: 'meetings',
  'supervision-session': 'supervision_sessions',
  handover: 'handovers',
  member: 'members',
};

/**
 * One way a row links onward: its `column` names a row of `references` (by `key`, its id unless
 * said). When `references` is a subject table the row is about that subject; otherwise it is
 * about whatever the referenced row is about (an action → its case item → the meeting).
 * `enforced: false` is a link the schema does not hold with a foreign key, and says why
 * (a tombstone keeps a gone case's id; the audit log names cases by code; FTS rows by rowid).
 */
export interface RecordLink {
  readonly column: string;
  readonly references: string;
  readonly key?: string;
  readonly enforced?: false;
  readonly why?: string;
  /**
   * The row mentions several of the referenced rows rather than belonging to one (finalised
   * minutes name every case on their agenda): the row is about them, the rows linked to it are not
   * (a meeting's attendance is about the meeting, not about each case in its minutes).
   */
  readonly mentions?: true;
}

/** One line of a register extract (GDPR art. 15). `kind` is one the renderer names (i18n `registerExtract.kinds`). */
export interface ExtractRecord {
  readonly kind: string;
  readonly date: string;
  readonly text: string;
}

/** The case an extract is for, when it still exists. */
export interface ExtractCase {
  readonly id: string;
  readonly code: string;
  readonly teamId: string;
}

/** A case no longer in the vault (gallrad early, or by the rules): its code, and its id when a tombstone kept it. */
export interface GoneCase {
  readonly code: string;
  readonly id: string | null;
}

/**
 * What a table gives a register extract: `forCase` its rows about an existing case, `forGone` what
 * outlives a case that has gone (a tombstone, log rows). Or the rows are listed `with` another
 * table's (an action under its case item), and `why` says so.
 */
export type TableExtract =
  | { readonly forCase?: (db: Db, kase: ExtractCase) => ExtractRecord[]; readonly forGone?: (db: Db, gone: GoneCase) => ExtractRecord[] }
  | { readonly with: string; readonly why: string };

export const extractsWith = (extract: TableExtract): extract is { with: string; why: string } => 'with' in extract;

/** A part of an early gallring's counts (shared/retention/model.ts GALLRING_PARTS). */
export type GallringPart = (typeof GALLRING_PARTS)[number];

/**
 * What early gallring of one case (main/retention/early-gallring.ts) does with a table:
 * - `rows`: a SELECT of the `rowid`s of its rows about the case (`@id` is the case's id). They are
 *   all read before anything is deleted, counted into `part`, then deleted (children before
 *   parents, by the links) — by `remove` when plain DELETE is not enough (the search index's texts,
 *   a received packet's id kept so it cannot be imported again);
 * - `redacts`: rows kept but edited (finalised minutes lose the case's content), `count` of them into the part;
 * - `keeps`: the rows stay, and why (log rows go only by retention; a tombstone is what remains);
 * - `with`: the rows go with another table's (an FTS5 part's texts with their search entries).
 */
export type TableGallring =
  | { readonly rows: string; readonly part?: GallringPart; readonly remove?: (caps: WriteCaps, rowidsJson: string) => void }
  | {
      readonly redacts: GallringPart;
      readonly count: (db: Db, kase: ExtractCase) => number;
      readonly redact: (caps: WriteCaps, kase: ExtractCase, decision: { readonly reference: string; readonly date: string }) => void;
    }
  | { readonly keeps: string }
  | { readonly with: string; readonly why: string };

/** The names of the retention purge's due queries (`PLAN_SQL` in main/retention/purge.ts; plan-shape.test.ts holds each to its index). */
export type DueQuery = 'meetings' | 'sessions' | 'handovers' | 'packets';

/** How the rows of a table go in a retention purge when the due rows of `with` (a table with `due`, or `cases`) go. */
export type PurgeGoes =
  | { readonly with: string; readonly delete: string }
  | { readonly with: string; readonly remove: (caps: WriteCaps, idsJson: string) => void };

/**
 * What a retention purge (main/retention/purge.ts, gallring by the rules) does with a table:
 * - `due`: the table's rows are a rule's own records: `sql` selects `id, at` of the rows dated
 *   before `?` (the rule's cut-off day, or the instant it begins in Stockholm: `bound`), through an index;
 * - `goes`: when the due rows of `with` go, these rows go with them — a DELETE whose `?` is a JSON
 *   array of those ids, or `remove` when a plain DELETE is not enough; deleted children before
 *   parents (the registry's links give the order), in batches;
 * - `lastEntries`: SELECTs of (case id, date or instant) that count towards a case's last entry (the
 *   case-records rule measures from it);
 * - `holdsBack`: an SQL condition true while a row of this table that another rule keeps names the
 *   due case `d.value` (the going ids of each due query are bound as `@<its name>`): the case waits;
 *   or `heldBy` names the table whose rows hold it back for these (an action by its case item).
 *   A table with a foreign key to rows that go with a root either goes with that root too, or
 *   holds back (checkPurge) — else a purge would be refused by the key;
 * - `keeps`: no rule deletes the rows with anything, and why (log rows, tombstones);
 * - `with`/`why` (without `delete`): the rows go with another table's (the FTS5 parts' texts).
 */
export type TablePurge =
  | {
      readonly due?: { readonly name: DueQuery; readonly rule: Exclude<RetentionKind, 'case-records' | 'audit-log'>; readonly sql: string; readonly bound: 'day' | 'instant' };
      readonly goes?: readonly PurgeGoes[];
      readonly lastEntries?: readonly string[];
      readonly holdsBack?: string;
      /** The rows that hold a due case back for these (an action's case item): the table named. */
      readonly heldBy?: string;
    }
  | { readonly keeps: string }
  | { readonly with: string; readonly why: string };

interface Declared {
  /** The folder that writes the table (main/<domain>/). */
  readonly domain: string;
}

/** A table that holds case-linked (or person-linked) data. `subject` marks the root table of a subject. */
export interface LinkedTable extends Declared {
  readonly table: string;
  readonly subject?: RecordSubject;
  readonly links: readonly RecordLink[];
  /** Required when the rows are about a case (checkExtracts): how the register extract lists them. */
  readonly extract?: TableExtract;
  /** Required when the rows are about a case (checkGallring): what early gallring does with them. */
  readonly gallring?: TableGallring;
  /** Required when the rows are about a case, a meeting, a session or a handover (checkPurge): what a retention purge does with them. */
  readonly purge?: TablePurge;
}

/**
 * Tables made at run time under one name pattern (the search index's FTS5 parts and the shadow
 * tables FTS5 makes for each). The virtual tables are declared by their `links`; their shadow
 * tables (`<part>_data`, `_idx`, `_content`, `_docsize`, `_config`) hold the same text and are
 * covered with them.
 */
export interface PatternTable extends Declared {
  readonly pattern: RegExp;
  readonly describe: string;
  readonly links: readonly RecordLink[];
  readonly extract?: TableExtract;
  readonly gallring?: TableGallring;
  readonly purge?: TablePurge;
}

/** A table explicitly holding nothing about a case, a meeting, a session, a handover or a member. */
export interface UnlinkedTable extends Declared {
  readonly table: string;
  readonly noCaseData: string;
}

export type TableDeclaration = LinkedTable | PatternTable | UnlinkedTable;

export const isPattern = (d: TableDeclaration): d is PatternTable => 'pattern' in d;
export const isUnlinked = (d: TableDeclaration): d is UnlinkedTable => 'noCaseData' in d;
export const isLinked = (d: TableDeclaration): d is LinkedTable => !isPattern(d) && !isUnlinked(d);

/** A domain's declarations: written beside the domain (main/<domain>/records.ts). */
export function declareRecords(domain: string, tables: readonly (Omit<LinkedTable, 'domain'> | Omit<PatternTable, 'domain'> | Omit<UnlinkedTable, 'domain'>)[]): TableDeclaration[] {
  return tables.map((t) => ({ ...t, domain }) as TableDeclaration);
}
