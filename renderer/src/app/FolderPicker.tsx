import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FolderListing } from '../../../shared/ipc/contract';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';

/**
 * Picks the folder main writes a plaintext export into (files:folders). Exports never go through
 * the browser's downloads, which would leave copies in Downloads and temp files.
 */
export function FolderPicker({ onPick, busy }: { onPick: (folder: string) => void; busy: boolean }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState<string | null>(null);

  const open = useCallback(
    async (path?: string) => {
      const result = await bridge.invoke('files:folders', path ? { path } : {});
      if (result.ok) {
        setListing(result.value);
        setError(null);
      } else setError(errorMessage(t, result.error));
    },
    [bridge, t],
  );

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
      <button type="button" disabled={busy} onClick={() => onPick(listing.path)}>
        {t('audit.saveHere')}
      </button>
    </div>
  );
}
