import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PurgePreview } from '../../../../shared/retention/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { localDateTime } from '../../format/time';
import { PurgePreviewTable } from './PurgePreviewTable';
import { purgeSummary, purgeTotal } from './counts';
import { useRetentionRefresh } from './refresh';
import { type ScheduleFailureView, followedText, needsManualPurge } from './schedule-texts';
import { useFocusOnChange } from './use-focus-on-change';
import { useConfirm } from '../../ui/Dialog';

/**
 * Gallring by the rules, run by hand: the admin looks at what is due, confirms those very counts,
 * and main purges only if nothing changed since (else `conflict`, and the fresh preview is shown).
 * A preview loaded before a later change (rules saved, another purge, the schedule) is withdrawn.
 * When the schedule waits for a purge by hand (`failure`), one is allowed with nothing due too.
 * Results are told by the live regions; focus stays on the button pressed (aria-disabled while busy).
 */
export function PurgeByRules({ failure }: { failure: ScheduleFailureView | null }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const { version, bump } = useRetentionRefresh();
  const [shown, setShown] = useState<{ preview: PurgePreview; version: number } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'purge' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Counts the previews asked for: each one, once on screen, takes focus.
  const [asked, setAsked] = useState(0);
  const table = useFocusOnChange<HTMLTableElement>(asked || null);
  const { confirm, dialog } = useConfirm();

  const fetchPreview = async (): Promise<PurgePreview | null> => {
    const result = await bridge.invoke('retention:preview', {});
    if (result.ok) return result.value;
    // A preview is refused with `conflict` only while the stored rules cannot be read.
    setError(errorMessage(t, result.error, { conflict: t('gallring.notice.rulesDamaged') }));
    return null;
  };

  const show = async (): Promise<void> => {
    if (busy) return;
    setDone(null);
    setError(null);
    setBusy('preview');
    const fresh = await fetchPreview();
    setBusy(null);
    setShown(fresh && { preview: fresh, version });
    if (fresh) setAsked((n) => n + 1);
  };

  const manual = needsManualPurge(failure);
  const purge = async (preview: PurgePreview): Promise<void> => {
    const total = purgeTotal(preview.counts);
    if (busy || (total === 0 && !manual)) return;
    const question = total > 0 ? t('gallring.confirmPurge', { date: preview.asOf, summary: purgeSummary(t, preview.counts, '\n'), count: total }) : t('gallring.confirmResume', { date: preview.asOf });
    if (!(await confirm({ title: t('ui.confirmPurge.title'), message: question, confirmLabel: t('ui.confirmPurge.action'), destructive: total > 0 }))) return;
    setDone(null);
    setError(null);
    setBusy('purge');
    const result = await bridge.invoke('retention:purge', { confirmed: preview.counts, digest: preview.digest });
    // Either way the preview is reloaded: after a purge it shows what is left, after a conflict
    // (new records, another admin's purge) what is due now. A purge also tells everything else
    // that shows gallring (the banner, the schedule); this fresh preview is tagged as current.
    const fresh = await fetchPreview();
    const current = result.ok ? bump() : version;
    setShown(fresh && { preview: fresh, version: current });
    setBusy(null);
    if (!result.ok) return setError(errorMessage(t, result.error, { conflict: t('gallring.purgeConflict') }));
    setDone([t('gallring.purged', { at: localDateTime(result.value.at), summary: purgeSummary(t, result.value.counts) }), followedText(t, result.value)].filter(Boolean).join(' '));
  };

  const preview = shown && shown.version === version ? shown.preview : null;
  const due = preview ? purgeTotal(preview.counts) : 0;
  return (
    <div className="gallring-panel" aria-busy={busy !== null}>
      {dialog}
      <button type="button" onClick={() => void show()} aria-disabled={busy !== null}>
        {t('gallring.showPreview')}
      </button>
      {shown && !preview && (
        <p className="help" data-testid="purge-preview-stale">
          {t('gallring.stale')}
        </p>
      )}
      {preview && (
        <>
          <PurgePreviewTable preview={preview} ref={table} />
          <p>{due > 0 ? t('gallring.dueTotal', { count: due }) : t('gallring.nothingDue')}</p>
          {manual && <p className="help">{t('gallring.resumeHelp')}</p>}
          <button type="button" onClick={() => void purge(preview)} aria-disabled={busy !== null || (due === 0 && !manual)}>
            {t('gallring.purge')}
          </button>
        </>
      )}
      <p role="status" className={done ? 'notice' : 'help'} data-testid="purge-status">
        {busy === 'purge' ? t('gallring.purging') : busy === 'preview' ? t('gallring.loading') : (done ?? '')}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
