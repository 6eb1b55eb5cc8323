import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFolderKind, FolderListing } from '../../../shared/ipc/contract';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';

/**
 * Picks the folder main writes a plaintext export into (files:folders). Exports never go through
 * the browser's downloads, which would leave copies in Downloads and temp files. It opens in the
 * folder last picked for the same `kind` of export (main keeps it per account in the vault).
 */
export function FolderPicker({ onPick, busy, kind = 'other' }: { onPick: (folder: string) => void; busy: boolean; kind?: ExportFolderKind }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState<string | null>(null);

  const open = useCallback(
    async (path?: string) => {
      const result = await bridge.invoke('files:folders', path ? { path } : { kind });
      if (result.ok) {
        setListing(result.value);
        setError(null);
      } else setError(errorMessage(t, result.error));
    },
    [bridge, t, kind],
  );
  const pick = (folder: string): void => {
    // Remembered whether or not the export then succeeds: it is where the user chose to look.
    void bridge.invoke('files:remember-folder', { kind, folder });
    onPick(folder);
  };

  useEffect(() => {
    void open();
  }, [open]);

  if (!listing) return error ? <p role="alert" className="error">{error}</p> : null;
  const join = (name: string): string => `${listing.path.replace(/[\\/]$/, '')}${listing.path.includes('\\') ? '\\' : '/'}${name}`;
  return (
    <div className="folder-picker">
      <p>
        {t('audit.folder')}: <span className="path" data-testid="export-folder">{listing.path}</span>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ul className="folder-list">
        {listing.parent && (
          <li>
            <button type="button" className="link-button" onClick={() => void open(listing.parent ?? undefined)}>
              {t('audit.up')}
            </button>
          </li>
        )}
        {listing.folders.map((name) => (
          <li key={name}>
            <button type="button" className="link-button" aria-label={t('audit.open', { name })} onClick={() => void open(join(name))}>
              {name}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" disabled={busy} onClick={() => pick(listing.path)}>
        {t('audit.saveHere')}
      </button>
    </div>
  );
}
