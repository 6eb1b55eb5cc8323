import { declareRecords } from '../records/model';

/** The tables the handover domain owns (main/records/model.ts says what a declaration means). */
export const HANDOVER_RECORDS = declareRecords('handover', [
  {
    table: 'handovers',
    subject: 'handover',
    links: [
      { column: 'case_id', references: 'cases' },
      { column: 'consent_id', references: 'case_consents' },
    ],
  },
  { table: 'packets_sent', links: [{ column: 'handover_id', references: 'handovers' }] },
  {
    table: 'packets_received',
    links: [
      { column: 'case_id', references: 'cases' },
      {
        column: 'conversation_id',
        references: 'handovers',
        key: 'conversation_id',
        enforced: false,
        why: 'a packet not linked to a case belongs to the case whose handover began its conversation (a partner may reply before anyone links it)',
      },
    ],
  },
  { table: 'trusted_keys', noCaseData: "partner organisations' public keys and who confirmed them" },
  { table: 'org_keys', noCaseData: "our organisation's own key pairs for signing and receiving packets" },
]);
