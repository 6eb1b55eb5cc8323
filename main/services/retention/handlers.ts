import type { DomainHandlers } from '../../ipc/registry';
import { earlyGallring, gallringPreview, tombstones } from '../../retention/early-gallring';
import { purgePreview, runPurge } from '../../retention/purge';
import { retentionView, setRetentionRules } from '../../retention/rules';
import { acknowledgeNotice, retentionStatus, setRetentionSchedule } from '../../retention/schedule';
import type { VaultManager } from '../../vault/vault-manager';

/** Retention rules, gallring by them (preview, purge, schedule and its notice) and early gallring of a case. Admin only, checked in main/retention. */
export function retentionHandlers(manager: VaultManager): DomainHandlers {
  return {
    'retention:rules': () => retentionView(manager.vault),
    'retention:set-rules': (input) => setRetentionRules(manager.vault, input.rules),
    'retention:preview': () => purgePreview(manager.vault),
    'retention:purge': (input) => runPurge(manager.vault, { confirmed: input.confirmed }),
    'retention:status': () => retentionStatus(manager.vault),
    'retention:set-schedule': (input) => setRetentionSchedule(manager.vault, input.enabled),
    'retention:acknowledge': () => acknowledgeNotice(manager.vault),
    'retention:gallring-preview': (input) => gallringPreview(manager.vault, input.caseCode),
    'retention:gallring': (input) => earlyGallring(manager.vault, input),
    'retention:tombstones': () => tombstones(manager.vault),
  };
}
