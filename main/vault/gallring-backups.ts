import { listBackups, replaceBackupsAfterGallring } from './backups';
import type { VaultCore } from './vault-types';

/**
 * What the retention domain may ask of the vault's backups (issue 19: a narrow view, as VS Code's
 * services receive the interfaces they declare): how many there are, for an early gallring's
 * preview, and to replace them all by one made after the gallring. The backups, their files and
 * the key that checks the new one stay in main/vault/ (`replaceBackupsAfterGallring`); retention
 * gets this, never the vault. Made by the channel (main/services/retention) and the unlock's
 * housekeeping (main/app-core.ts) for the open vault and its data folder.
 */
export interface GallringBackups {
  /** How many backups the data folder holds now. */
  count(): number;
  /**
   * Replaces every backup by one made now (after the gallring), checked before the old ones go;
   * clears the pending mark and audits it. Throws when the new backup does not check (the old ones stay).
   */
  replaceAfterGallring(): void;
}

export function gallringBackups(vault: VaultCore, dataDir: string): GallringBackups {
  return {
    count: () => listBackups(dataDir).length,
    replaceAfterGallring: () => replaceBackupsAfterGallring(vault, dataDir),
  };
}
