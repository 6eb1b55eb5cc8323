import type { DomainHandlers } from '../../ipc/registry';
import { addConsent, breakGlassRead, closeCase, createCase, flagForSupervision, getCase, listCases, withdrawConsent } from '../../cases/repository';
import type { VaultManager } from '../../vault/vault-manager';

/** The case channels: thin — the rules (team, consent, break-glass) live in main/cases. */
export function caseHandlers(manager: VaultManager): DomainHandlers {
  return {
    'cases:list': ({ teamId, ...options }) => listCases(manager.vault, teamId, options),
    'cases:get': (input) => getCase(manager.vault, input.caseId),
    'cases:break-glass': (input) => breakGlassRead(manager.vault, input),
    'cases:create': (input) => createCase(manager.vault, input),
    'cases:add-consent': (input) => addConsent(manager.vault, input),
    'cases:withdraw-consent': (input) => withdrawConsent(manager.vault, input),
    'cases:close': (input) => closeCase(manager.vault, input),
    'cases:flag-supervision': (input) => flagForSupervision(manager.vault, input),
  };
}
