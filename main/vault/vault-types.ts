import type { AuditAction } from '../../shared/audit/events';
import type { Db } from './db/open-vault';
import type { VaultHeader } from './keys/header';

/**
 * What main/vault/'s own modules (backups, rotation, retention rules) need of an open vault: the
 * narrow view they declare, so they do not import vault.ts, which imports them (no import circle;
 * scripts/import-cycles.test.ts). `UnlockedVault` implements it; its key is reached through
 * key-material.ts.
 */
export interface VaultCore {
  readonly db: Db;
  readonly header: VaultHeader;
  now(): Date;
  audit(action: AuditAction, detail?: Record<string, string | number | boolean | null>, caseCode?: string): void;
  /** Everything committed so far is in a backup. */
  markBackedUp(): void;
  /** Whether anything was committed since `markBackedUp`. */
  hasUnbackedChanges(): boolean;
  /** SQLite's count of rows changed through this connection so far. */
  changeCount(): number;
  holdRotationKeys(id: string, newKey: Buffer, previousKey: Buffer): void;
  takeRotationKeys(id: string): { readonly newKey: Buffer; readonly previousKey: Buffer } | null;
}
