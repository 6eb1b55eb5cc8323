import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PurgePreview } from '../../../../shared/retention/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { localDateTime } from '../../format/time';
import { PurgePreviewTable } from './PurgePreviewTable';
import { purgeSummary, purgeTotal } from './counts';
import { useFocusOnChange } from './use-focus-on-change';

/**
 * Gallring by the rules, run by hand: the admin looks at what is due, confirms those very counts,
 * and main purges only if nothing changed since (else `conflict`, and the fresh preview is shown).
 */
export function PurgeByRules({ onPurged }: { onPurged: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [preview, setPreview] = useState<PurgePreview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'purge' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Counts the previews asked for: each one, once on screen, takes focus.
  const [asked, setAsked] = useState(0);
  // After an action, focus goes to what it produced: the preview, the result line or the error.
  const table = useFocusOnChange<HTMLTableElement>(asked || null);
  const doneRef = useFocusOnChange<HTMLParagraphElement>(done);
  const errorRef = useFocusOnChange<HTMLParagraphElement>(error);

  /** Loads what is due now; returns whether there is a preview to show. */
  const load = async (): Promise<boolean> => {
    const result = await bridge.invoke('retention:preview', {});
    if (!result.ok) {
      setError(errorMessage(t, result.error.code));
      return false;
    }
    setPreview(result.value);
    return true;
  };

  const show = async (): Promise<void> => {
    setDone(null);
    setError(null);
    setBusy('preview');
    const loaded = await load();
    setBusy(null);
    if (loaded) setAsked((n) => n + 1);
  };

  const purge = async (shown: PurgePreview): Promise<void> => {
    if (!window.confirm(t('gallring.confirmPurge', { date: shown.asOf, summary: purgeSummary(t, shown.counts, '\n'), count: purgeTotal(shown.counts) }))) return;
    setDone(null);
    setError(null);
    setBusy('purge');
    const result = await bridge.invoke('retention:purge', { confirmed: shown.counts, digest: shown.digest });
    // Either way the preview is reloaded: after a purge it shows what is left, after a conflict
    // (a rule changed, new records, another admin's purge) what is due now.
    await load();
    setBusy(null);
    if (!result.ok) return setError(errorMessage(t, result.error.code, { conflict: t('gallring.purgeConflict') }));
    setDone(t('gallring.purged', { at: localDateTime(result.value.at), summary: purgeSummary(t, result.value.counts) }));
    onPurged();
  };

  const due = preview ? purgeTotal(preview.counts) : 0;
  return (
    <div className="gallring-panel" aria-busy={busy !== null}>
      <button type="button" onClick={() => void show()} disabled={busy !== null}>
        {t('gallring.showPreview')}
      </button>
      {preview && (
        <>
          <PurgePreviewTable preview={preview} ref={table} />
          <p>{due > 0 ? t('gallring.dueTotal', { count: due }) : t('gallring.nothingDue')}</p>
          <button type="button" onClick={() => void purge(preview)} disabled={busy !== null || due === 0}>
            {t('gallring.purge')}
          </button>
        </>
      )}
      <p ref={doneRef} tabIndex={-1} role="status" className={done ? 'notice' : 'help'} data-testid="purge-status">
        {busy === 'purge' ? t('gallring.purging') : busy === 'preview' ? t('gallring.loading') : (done ?? '')}
      </p>
      {error && (
        <p ref={errorRef} tabIndex={-1} role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
