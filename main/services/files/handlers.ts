import os from 'node:os';
import { AppError } from '../../../shared/ipc/errors';
import { ExportError, listFolders } from '../../exports/export-files';
import type { DomainHandlers } from '../../ipc/registry';

/** The folder browser for exports; it starts in the policy's export folder, else the home folder. */
export function fileHandlers(exportDir: string | undefined): DomainHandlers {
  return {
    'files:folders': async (input) => {
      try {
        const listing = await listFolders(input.path ?? exportDir ?? os.homedir());
        return { ...listing, folders: [...listing.folders] };
      } catch (error) {
        if (error instanceof ExportError) throw new AppError('not_found', error.message);
        throw error;
      }
    },
  };
}
