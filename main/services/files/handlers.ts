import os from 'node:os';
import path from 'node:path';
import type { ExportFolderKind } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/errors';
import { ExportError, listFolders } from '../../exports/export-files';
import { type ReadCaps, type WriteCaps, readCaps } from '../../capabilities/caps';
import type { DomainHandlers } from '../../ipc/registry';
import type { VaultManager } from '../../vault/vault-manager';
import { EXPORT_FOLDERS, readSetting, setSetting } from '../../vault/settings';
import { writes } from '../compose';

/** This account's last export folder per kind (the EXPORT_FOLDERS setting: inside the encrypted vault, as folder names can say a lot). */
function rememberedFolders(caps: ReadCaps): Partial<Record<ExportFolderKind, string>> {
  // Damaged folders are not used: the picker starts elsewhere, and the next export writes them anew.
  const read = readSetting(caps.db, EXPORT_FOLDERS.of(caps.account.id));
  return read.state === 'set' ? read.value : {};
}

/** The last folder an export of `kind` went to, for this account in this vault; null when none (or the vault is locked). */
export function rememberedFolder(manager: VaultManager, kind: ExportFolderKind): string | null {
  // Unlocked with no one signed in: no folder of anyone's.
  if (manager.state !== 'unlocked' || !manager.vault.account) return null;
  const folder = rememberedFolders(readCaps(manager.vault))[kind];
  return typeof folder === 'string' ? folder : null;
}

/** Notes `folder` as the last one used for `kind` (this account, this vault). */
export function rememberFolder(caps: WriteCaps, kind: ExportFolderKind, folder: string): void {
  const next = { ...rememberedFolders(caps), [kind]: path.resolve(folder) };
  setSetting(caps.db, EXPORT_FOLDERS.of(caps.account.id), next);
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
    'files:remember-folder': manager
      ? writes(manager, (caps, input) => {
          rememberFolder(caps, input.kind, input.folder);
          return {};
        })
      : () => {
          throw new AppError('not_found', 'No vault to remember folders in');
        },
  };
}
