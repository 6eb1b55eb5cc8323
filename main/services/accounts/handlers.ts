import type { AccountRow } from '../../../shared/ipc/contract';
import type { DomainHandlers } from '../../ipc/registry';
import type { Logger } from '../../runtime/log';
import { addAccount, adminResetPassword, beginAccountRemoval } from '../../vault/accounts';
import type { VaultManager } from '../../vault/vault-manager';
import { translate } from '../vault/handlers';

interface Row {
  id: string;
  username: string;
  display_name: string;
  organisation_name: string;
  is_admin: number;
  is_psychologist: number;
  must_change_password: number;
  created_at: string;
}

/** Account administration (admin only — the router checks the role, the vault functions again). */
export function accountHandlers(manager: VaultManager, dataDir: string, logger: Logger): DomainHandlers {
  const guarded = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      return translate(error);
    }
  };
  return {
    'accounts:list': () => {
      const rows = manager.vault.db
        .prepare(
          `SELECT a.id, a.username, a.display_name, o.name AS organisation_name, a.is_admin, a.is_psychologist, a.must_change_password, a.created_at
           FROM accounts a JOIN organisations o ON o.id = a.organisation_id WHERE a.removed_at IS NULL ORDER BY a.display_name`,
        )
        .all() as Row[];
      return rows.map(
        (row): AccountRow => ({
          id: row.id,
          username: row.username,
          displayName: row.display_name,
          organisationName: row.organisation_name,
          roles: [...(row.is_admin ? (['admin'] as const) : []), ...(row.is_psychologist ? (['psychologist'] as const) : [])],
          mustChangePassword: row.must_change_password === 1,
          createdAt: row.created_at,
        }),
      );
    },
    'accounts:add': (input) =>
      guarded(async () => {
        const vault = manager.vault;
        // Until the roster issue adds organisations, new accounts belong to our own organisation.
        const own = vault.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string };
        return addAccount(vault, dataDir, logger, { username: input.username, displayName: input.displayName, organisationId: own.id, roles: input.roles });
      }),
    'accounts:reset-password': (input) => guarded(() => adminResetPassword(manager.vault, dataDir, logger, input.accountId)),
    'accounts:remove': (input) => guarded(() => beginAccountRemoval(manager.vault, dataDir, logger, input.accountId)),
  };
}
