import { AppError } from '../../shared/ipc/errors';
import { RETENTION_DEFAULTS, RETENTION_KINDS, RETENTION_MINIMUM, type RetentionRules, backupMaxDays } from '../../shared/retention/model';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { requireAdmin } from '../roster/access';
import { retentionDecisions } from './ownership';
import { retentionRules, storedRetentionRules } from '../vault/retention';
import { RETENTION_RULES, setSetting } from '../vault/settings';

export function retentionView(caps: ReadCaps) {
  requireAdmin(caps.access.actor);
  const rules = retentionRules(caps);
  const { proposal, decisions } = retentionDecisions(caps);
  return { rules, defaults: { ...RETENTION_DEFAULTS }, minimum: { ...RETENTION_MINIMUM }, backupMaxDays: backupMaxDays(rules), proposal, decisions: decisions.map(({ teamName, decisionReference }) => ({ teamName, decisionReference })) };
}

/** An admin sets the rules; each change is audited with the old and new months. */
export function setRetentionRules(caps: WriteCaps, rules: RetentionRules) {
  requireAdmin(caps.access.actor);
  for (const kind of RETENTION_KINDS) {
    if (rules[kind] < RETENTION_MINIMUM[kind]) throw new AppError('invalid_input', `${kind} is kept at least ${RETENTION_MINIMUM[kind]} months`, { reason: 'retention_minimum', field: 'rules' });
  }
  const { rules: before, damaged } = storedRetentionRules(caps);
  caps.db.transaction(() => {
    setSetting(caps.db, RETENTION_RULES, rules);
    const changed = Object.fromEntries(RETENTION_KINDS.filter((kind) => before[kind] !== rules[kind]).map((kind) => [kind, `${before[kind]}→${rules[kind]}`]));
    // Saved over rules that could not be read: the months before are unknown, and purges may run again.
    caps.audit.record('retention.rules-changed', damaged ? { ...changed, repaired: true } : changed);
  })();
  return retentionView(caps);
}
