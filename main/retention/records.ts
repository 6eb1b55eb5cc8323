import { declareRecords } from '../records/model';

/** The tables the retention domain owns (main/records/model.ts says what a declaration means). */
export const RETENTION_RECORDS = declareRecords('retention', [
  {
    table: 'gallring_tombstones',
    links: [
      { column: 'case_id', references: 'cases', enforced: false, why: 'the gallrad case is gone; its tombstone keeps its id, the decision and the counts' },
      { column: 'case_code', references: 'cases', key: 'code', enforced: false, why: 'the register extract finds a gallrad case by its code' },
    ],
  },
  { table: 'purged_packet_ids', noCaseData: 'ids of received packets already gallrad, so the same packet is not imported again; nothing of their content or case' },
]);
