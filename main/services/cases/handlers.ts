import { addConsent, breakGlassRead, closeCase, createCase, flagForSupervision, getCase, listCases, withdrawConsent } from '../../cases/repository';
import type { DomainHandlers } from '../../ipc/registry';
import type { VaultManager } from '../../vault/vault-manager';
import { reads, writes } from '../compose';

/** The case channels: thin — the rules (team, consent, break-glass) live in main/cases. */
export function caseHandlers(manager: VaultManager): DomainHandlers {
  return {
    'cases:list': reads(manager, (caps, { teamId, ...options }) => listCases(caps, teamId, options)),
    'cases:get': reads(manager, (caps, input) => getCase(caps, input.caseId)),
    'cases:break-glass': reads(manager, breakGlassRead),
    'cases:create': writes(manager, createCase),
    'cases:add-consent': writes(manager, addConsent),
    'cases:withdraw-consent': writes(manager, withdrawConsent),
    'cases:close': writes(manager, closeCase),
    'cases:flag-supervision': writes(manager, flagForSupervision),
  };
}
