import { type ExtractRecord, declareRecords } from '../records/model';
import type { Db } from '../vault/db/open-vault';
import { ownershipLines } from './ownership';

/** A case removed by early gallring: what is left is its tombstone. */
function tombstonesOf(db: Db, code: string): ExtractRecord[] {
  return (
    db
      .prepare('SELECT decision_reference, decision_date, counts, gallrad_at, controller, archive_creator, team_decision_reference FROM gallring_tombstones WHERE case_code = ? ORDER BY gallrad_at')
      .all(code) as {
      decision_reference: string;
      decision_date: string;
      counts: string;
      gallrad_at: string;
      controller: string | null;
      archive_creator: string | null;
      team_decision_reference: string | null;
    }[]
  ).map((t) => {
    const total = Object.values(JSON.parse(t.counts) as Record<string, number>).reduce((sum, n) => sum + n, 0);
    // Who owned the records when the case was gallrat (tombstones from before issue 20 do not say).
    const owners = ownershipLines({ controller: t.controller, archiveCreator: t.archive_creator, decisionReference: t.team_decision_reference });
    const ownedBy = owners.length > 0 ? `. ${owners.join('. ')}` : '';
    return { kind: 'tombstone', date: t.gallrad_at, text: `Ärendet gallrat enligt beslut ${t.decision_reference} (${t.decision_date}); ${total} uppgifter togs bort${ownedBy}` };
  });
}

/** The id a gallrad case had (its tombstone keeps it; log rows name cases by id too), or null. */
export function gallradCaseId(db: Db, code: string): string | null {
  return (db.prepare('SELECT case_id FROM gallring_tombstones WHERE case_code = ? ORDER BY gallrad_at LIMIT 1').get(code) as { case_id: string } | undefined)?.case_id ?? null;
}

/** The team a gallrad case belonged to (its tombstone keeps it), or null. */
export function gallradCaseTeam(db: Db, code: string): string | null {
  return (db.prepare('SELECT team_id FROM gallring_tombstones WHERE case_code = ? ORDER BY gallrad_at LIMIT 1').get(code) as { team_id: string } | undefined)?.team_id ?? null;
}

/** The tables the retention domain owns (main/records/model.ts says what a declaration means). */
export const RETENTION_RECORDS = declareRecords('retention', [
  {
    table: 'gallring_tombstones',
    links: [
      { column: 'case_id', references: 'cases', enforced: false, why: 'the gallrad case is gone; its tombstone keeps its id, the decision and the counts' },
      { column: 'case_code', references: 'cases', key: 'code', enforced: false, why: 'the register extract finds a gallrad case by its code' },
    ],
    extract: { forCase: (db, kase) => tombstonesOf(db, kase.code), forGone: (db, gone) => tombstonesOf(db, gone.code) },
    gallring: { keeps: 'the tombstone is what remains of a gallrad case: its code, the decision and the counts' },
    purge: { keeps: 'a tombstone is the record of a gallring decision; no retention rule takes it' },
  },
  { table: 'team_ownership', noCaseData: "who owns a team's records: the authorities' names and the gallringsbeslut's reference (never a person)" },
  { table: 'purged_packet_ids', noCaseData: 'ids of received packets already gallrad, so the same packet is not imported again; nothing of their content or case' },
]);
