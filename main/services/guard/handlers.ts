import { AppError } from '../../../shared/ipc/errors';
import { extraNames, setExtraNames } from '../../guard/extra-names';
import type { DomainHandlers } from '../../ipc/registry';
import { actorOf, teamRolesOf, today } from '../../roster/access';
import type { VaultManager } from '../../vault/vault-manager';

/** The identifier guard's extra names (main/guard): read by those who write case text, set by the admin. */
export function guardHandlers(manager: VaultManager): DomainHandlers {
  return {
    'guard:names': () => {
      // The list may hold names of young people: only those who write case text (or the admin) get it.
      const vault = manager.vault;
      const actor = actorOf(vault);
      const writes = [...teamRolesOf(vault, actor.accountId, today(vault)).values()].some((role) => role === 'chair' || role === 'note-taker');
      if (!actor.isAdmin && !writes) throw new AppError('forbidden', 'Only editors and admins use the extra names', { reason: 'not_team_editor' });
      return { names: extraNames(vault) };
    },
    'guard:set-names': (input) => ({ names: setExtraNames(manager.vault, input.names) }),
  };
}
