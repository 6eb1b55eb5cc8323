import { AppError } from '../../shared/ipc/errors';
import { RETENTION_DEFAULTS, type RetentionRules } from '../../shared/retention/model';
import { RETENTION_RULES, readSetting } from './settings';
import type { VaultCore } from './vault-types';

/**
 * The vault's retention rules (the `RETENTION_RULES` setting): the defaults where none were ever set,
 * and `damaged` when a stored value cannot be read as rules (not JSON, not the schema, under a
 * minimum). Damaged rules are never quietly replaced by the defaults for a purge: every purge
 * stops (`requireIntactRules`) and admins see the alarm until one of them saves the rules again.
 */
export function storedRetentionRules(vault: Pick<VaultCore, 'db'>): { rules: RetentionRules; damaged: boolean } {
  const read = readSetting(vault.db, RETENTION_RULES);
  if (read.state === 'set') return { rules: read.value, damaged: false };
  return { rules: { ...RETENTION_DEFAULTS }, damaged: read.state === 'damaged' };
}

/**
 * The rules to show (the defaults where none were set, or where they are damaged — then the
 * form starts from them and saving repairs the rules). Never the basis of a purge on its own:
 * purges take `requireIntactRules`.
 */
export function retentionRules(vault: Pick<VaultCore, 'db'>): RetentionRules {
  return storedRetentionRules(vault).rules;
}

/** The rules for a purge; a `conflict` while the stored rules cannot be read. */
export function requireIntactRules(vault: Pick<VaultCore, 'db'>): RetentionRules {
  const stored = storedRetentionRules(vault);
  if (stored.damaged) throw new AppError('conflict', 'The stored retention rules cannot be read: nothing is purged until an admin saves the rules again', { reason: 'retention_rules_damaged' });
  return stored.rules;
}
