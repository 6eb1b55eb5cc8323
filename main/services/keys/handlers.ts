import { writeAuditedExport } from '../../exports/export-files';
import { confirmTrustedKey, endTrustedKey, importTrustedKey, listOwnKeys, listTrustedKeys, ownKeyFile, replaceOwnKey } from '../../handover/keys-repo';
import type { DomainHandlers } from '../../ipc/registry';
import type { VaultManager } from '../../vault/vault-manager';

/** The organisation's own handover keys and the partners' trusted keys: thin — the rules live in main/handover/keys-repo. */
export function keyHandlers(manager: VaultManager): DomainHandlers {
  return {
    'keys:own': () => listOwnKeys(manager.vault),
    'keys:own-file': async (input) => {
      const vault = manager.vault;
      const key = ownKeyFile(vault);
      const file = await writeAuditedExport(input.folder, key.fileName, key.text, () => vault.audit('org-keys.public-exported', { keyId: key.keyId }));
      return { ...file, fingerprint: key.fingerprint };
    },
    'keys:replace-own': (input) => replaceOwnKey(manager.vault, input.mode, input.reason),
    'keys:trusted': () => listTrustedKeys(manager.vault),
    'keys:import': (input) => importTrustedKey(manager.vault, input),
    'keys:confirm': (input) => confirmTrustedKey(manager.vault, input),
    'keys:retire': (input) => endTrustedKey(manager.vault, input.keyId, 'retire'),
    'keys:revoke': (input) => endTrustedKey(manager.vault, input.keyId, 'revoke'),
  };
}
