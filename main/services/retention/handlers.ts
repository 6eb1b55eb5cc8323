import type { DomainHandlers } from '../../ipc/registry';
import { earlyGallring, gallringPreview, tombstones } from '../../retention/early-gallring';
import { purgePreview, runPurge } from '../../retention/purge';
import { retentionView, setRetentionRules } from '../../retention/rules';
import { acknowledgeNotice, retentionStatus, setRetentionSchedule } from '../../retention/schedule';
import { listBackups } from '../../vault/backups';
import type { VaultManager } from '../../vault/vault-manager';

/** Retention rules, gallring by them (preview, purge, schedule and its notice) and early gallring of a case. Admin only, checked in main/retention. */
export function retentionHandlers(manager: VaultManager, dataDir: string): DomainHandlers {
  return {
    'retention:rules': () => retentionView(manager.vault),
    'retention:set-rules': (input) => setRetentionRules(manager.vault, input.rules),
    'retention:preview': () => purgePreview(manager.vault),
    'retention:purge': (input) => runPurge(manager.vault, { confirmed: input.confirmed, digest: input.digest }),
    'retention:status': () => retentionStatus(manager.vault),
    'retention:set-schedule': (input) => setRetentionSchedule(manager.vault, input.enabled),
    'retention:acknowledge': () => acknowledgeNotice(manager.vault),
    'retention:gallring-preview': (input) => gallringPreview(manager.vault, input.caseCode, listBackups(dataDir).length),
    'retention:gallring': (input) => earlyGallring(manager.vault, input, dataDir),
    'retention:tombstones': () => tombstones(manager.vault),
  };
}
