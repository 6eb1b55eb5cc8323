import os from 'node:os';
import path from 'node:path';
import type { ExportFolderKind } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/errors';
import { ExportError, listFolders } from '../../exports/export-files';
import type { DomainHandlers } from '../../ipc/registry';
import type { UnlockedVault } from '../../vault/vault';
import type { VaultManager } from '../../vault/vault-manager';
import { EXPORT_FOLDERS, readSetting, setSetting } from '../../vault/settings';

/** This account's last export folder per kind (the EXPORT_FOLDERS setting: inside the encrypted vault, as folder names can say a lot). */
function rememberedFolders(vault: UnlockedVault): Partial<Record<ExportFolderKind, string>> {
  const account = vault.account;
  if (!account) return {};
  // Damaged folders are not used: the picker starts elsewhere, and the next export writes them anew.
  const read = readSetting(vault.db, EXPORT_FOLDERS.of(account.id));
  return read.state === 'set' ? read.value : {};
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
  setSetting(vault.db, EXPORT_FOLDERS.of(account.id), next);
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
