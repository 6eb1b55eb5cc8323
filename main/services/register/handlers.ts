import { registerExtract } from '../../followup/register-extract';
import type { DomainHandlers } from '../../ipc/registry';
import type { VaultManager } from '../../vault/vault-manager';

/** The register extract (GDPR art. 15): every record the vault holds about one case, for the admin. */
export function registerHandlers(manager: VaultManager): DomainHandlers {
  return {
    'register:extract': (input) => registerExtract(manager.vault, input),
  };
}
