import { writeAuditedExport } from '../../exports/export-files';
import { confirmTrustedKey, endTrustedKey, importTrustedKey, listOwnKeys, listTrustedKeys, ownKeyFile, replaceOwnKey } from '../../handover/keys-repo';
import type { DomainHandlers } from '../../ipc/registry';
import type { VaultManager } from '../../vault/vault-manager';
import { reads, writes } from '../compose';

/** The organisation's own handover keys and the partners' trusted keys: thin — the rules live in main/handover/keys-repo. */
export function keyHandlers(manager: VaultManager): DomainHandlers {
  return {
    'keys:own': reads(manager, listOwnKeys),
    // Audited by the export itself, not by `audited`: if the row cannot be written, the file is removed again.
    'keys:own-file': reads(manager, async (caps, input) => {
      const key = ownKeyFile(caps);
      const file = await writeAuditedExport(input.folder, key.fileName, key.text, () => caps.audit.record('org-keys.public-exported', { keyId: key.keyId }));
      return { ...file, fingerprint: key.fingerprint };
    }),
    'keys:replace-own': writes(manager, (caps, input) => replaceOwnKey(caps, input.mode, input.reason)),
    'keys:trusted': reads(manager, listTrustedKeys),
    'keys:import': writes(manager, importTrustedKey),
    'keys:confirm': writes(manager, confirmTrustedKey),
    'keys:retire': writes(manager, (caps, input) => endTrustedKey(caps, input.keyId, 'retire')),
    'keys:revoke': writes(manager, (caps, input) => endTrustedKey(caps, input.keyId, 'revoke')),
  };
}
