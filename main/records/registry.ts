import { CASE_RECORDS } from '../cases/records';
import { FOLLOWUP_RECORDS } from '../followup/records';
import { HANDOVER_RECORDS } from '../handover/records';
import { MEETING_RECORDS } from '../meetings/records';
import { RETENTION_RECORDS } from '../retention/records';
import { ROSTER_RECORDS } from '../roster/records';
import { SUPERVISION_RECORDS } from '../supervision/records';
import { VAULT_RECORDS } from '../vault/records';
import type { TableDeclaration } from './model';

/** Every table of the vault, as its domain declares it (main/records/check.ts holds them to the schema). */
export const RECORD_REGISTRY: readonly TableDeclaration[] = [...CASE_RECORDS, ...MEETING_RECORDS, ...SUPERVISION_RECORDS, ...HANDOVER_RECORDS, ...ROSTER_RECORDS, ...RETENTION_RECORDS, ...FOLLOWUP_RECORDS, ...VAULT_RECORDS];
