import { AppError } from '../../../shared/ipc/errors';
import { extraNames, setExtraNames } from '../../guard/extra-names';
import type { DomainHandlers } from '../../ipc/registry';
import type { VaultManager } from '../../vault/vault-manager';
import { reads, writes } from '../compose';

/** The identifier guard's extra names (main/guard): read by those who write case text, set by the admin. */
export function guardHandlers(manager: VaultManager): DomainHandlers {
  return {
    'guard:names': reads(manager, (caps) => {
      // The list may hold names of young people: only those who write case text (or the admin) get it.
      const { actor, activeRoles } = caps.access;
      const edits = [...activeRoles.values()].some((role) => role === 'chair' || role === 'note-taker');
      if (!actor.isAdmin && !edits) throw new AppError('forbidden', 'Only editors and admins use the extra names', { reason: 'not_team_editor' });
      return { names: extraNames(caps) };
    }),
    'guard:set-names': writes(manager, (caps, input) => ({ names: setExtraNames(caps, input.names) })),
  };
}
