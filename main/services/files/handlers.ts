import os from 'node:os';
import path from 'node:path';
import type { ExportFolderKind } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/errors';
import { ExportError, listFolders } from '../../exports/export-files';
import type { DomainHandlers } from '../../ipc/registry';
import type { UnlockedVault } from '../../vault/vault';
import type { VaultManager } from '../../vault/vault-manager';
import { exportFoldersKey } from '../../vault/meta-keys';

/** The vault_meta key holding one account's last export folder per kind (inside the encrypted vault: folder names can say a lot). */
const metaKey = exportFoldersKey;

function rememberedFolders(vault: UnlockedVault): Partial<Record<ExportFolderKind, string>> {
  const account = vault.account;
  if (!account) return {};
  const row = vault.db.prepare('SELECT value FROM vault_meta WHERE key = ?').get(metaKey(account.id)) as { value: string } | undefined;
  if (!row) return {};
  try {
    const parsed = JSON.parse(row.value) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Partial<Record<ExportFolderKind, string>>) : {};
  } catch {
    return {};
  }
}

/** The last folder an export of `kind` went to, for this account in this vault; null when none (or the vault is locked). */
export function rememberedFolder(manager: VaultManager, kind: ExportFolderKind): string | null {
  if (manager.state !== 'unlocked') return null;
  const folder = rememberedFolders(manager.vault)[kind];
  return typeof folder === 'string' ? folder : null;
}

/** Notes `folder` as the last one used for `kind` (this account, this vault). */
export function rememberFolder(vault: UnlockedVault, kind: ExportFolderKind, folder: string): void {
  const account = vault.account;
  if (!account) throw new AppError('unauthenticated', 'Sign in first');
  const next = { ...rememberedFolders(vault), [kind]: path.resolve(folder) };
  vault.db
    .prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
    .run(metaKey(account.id), JSON.stringify(next));
}

/**
 * The folder browser for exports. Without a path it starts in the folder last used for the same
 * kind of export (when that folder still opens), else the policy's export folder, else the home folder.
 */
export function fileHandlers(exportDir: string | undefined, manager?: VaultManager): DomainHandlers {
  const list = async (folder: string) => {
    const listing = await listFolders(folder);
    return { ...listing, folders: [...listing.folders] };
  };
  return {
    'files:folders': async (input) => {
      try {
        if (!input.path && input.kind && manager) {
          const last = rememberedFolder(manager, input.kind);
          if (last) {
            try {
              return await list(last);
            } catch (error) {
              // Gone or unreadable since: start where a new export would.
              if (!(error instanceof ExportError)) throw error;
            }
          }
        }
        return await list(input.path ?? exportDir ?? os.homedir());
      } catch (error) {
        if (error instanceof ExportError) throw new AppError('not_found', error.message);
        throw error;
      }
    },
    'files:remember-folder': (input) => {
      if (!manager) throw new AppError('not_found', 'No vault to remember folders in');
      rememberFolder(manager.vault, input.kind, input.folder);
      return {};
    },
  };
}
