import { RETENTION_DEFAULTS, type RetentionRules, RetentionRules as RulesSchema } from '../../shared/retention/model';
import type { UnlockedVault } from './vault';

/** The vault's retention rules (stored in `vault_meta`), the defaults where none were set. */
export function retentionRules(vault: UnlockedVault): RetentionRules {
  const row = vault.db.prepare("SELECT value FROM vault_meta WHERE key = 'retention_rules'").get() as { value: string } | undefined;
  if (!row) return { ...RETENTION_DEFAULTS };
  try {
    const parsed = RulesSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : { ...RETENTION_DEFAULTS };
  } catch {
    return { ...RETENTION_DEFAULTS };
  }
}
