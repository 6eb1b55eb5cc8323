import type { DomainHandlers } from '../../ipc/registry';
import { earlyGallring, gallringPreview, tombstones } from '../../retention/early-gallring';
import { setTeamOwnership, teamOwnerships } from '../../retention/ownership';
import { purgePreview, runPurge } from '../../retention/purge';
import { retentionView, setRetentionRules } from '../../retention/rules';
import { acknowledgeNotice, retentionStatus, setRetentionSchedule } from '../../retention/schedule';
import { gallringBackups } from '../../vault/gallring-backups';
import type { VaultManager } from '../../vault/vault-manager';
import { reads, writes } from '../compose';

/**
 * Retention rules, gallring by them (preview, purge, schedule and its notice) and early gallring of
 * a case. Admin only, checked in main/retention. Early gallring gets the backups as the narrow
 * `GallringBackups` (main/vault/gallring-backups.ts), never the vault.
 */
export function retentionHandlers(manager: VaultManager, dataDir: string): DomainHandlers {
  return {
    'retention:rules': reads(manager, (caps) => retentionView(caps)),
    'retention:set-rules': writes(manager, (caps, input) => setRetentionRules(caps, input.rules)),
    'retention:preview': reads(manager, (caps) => purgePreview(caps)),
    'retention:purge': writes(manager, (caps, input) => runPurge(caps, { confirmed: input.confirmed, digest: input.digest })),
    'retention:status': reads(manager, (caps) => retentionStatus(caps)),
    'retention:set-schedule': writes(manager, (caps, input) => setRetentionSchedule(caps, input.enabled)),
    'retention:acknowledge': writes(manager, (caps) => acknowledgeNotice(caps)),
    'retention:gallring-preview': reads(manager, (caps, input) => gallringPreview(caps, input.caseCode, gallringBackups(manager.vault, dataDir).count())),
    'retention:gallring': writes(manager, (caps, input) => earlyGallring(caps, input, gallringBackups(manager.vault, dataDir))),
    'retention:tombstones': reads(manager, (caps) => tombstones(caps)),
    'retention:ownership': reads(manager, (caps) => teamOwnerships(caps)),
    'retention:set-ownership': writes(manager, setTeamOwnership),
  };
}
