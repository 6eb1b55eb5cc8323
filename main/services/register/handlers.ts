import { registerExtract, registerExtracted } from '../../followup/register-extract';
import type { DomainHandlers } from '../../ipc/registry';
import { type OpenVault, audited, reads } from '../compose';

/** The register extract (GDPR art. 15): every record the vault holds about one case, for the admin; audited once made. */
export function registerHandlers(manager: OpenVault): DomainHandlers {
  return {
    'register:extract': reads(manager, audited(registerExtracted, registerExtract)),
  };
}
