import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GallringPreview, Tombstone } from '../../../../shared/retention/model';
import { errorMessage } from '../../errors/messages';
import { Field } from '../../ui/Field';
import { useInvoke } from '../../ui/use-invoke';
import { DecisionForm, type Decision } from './DecisionForm';
import { GallringPartsTable } from './GallringPartsTable';
import { TombstoneTable } from './TombstoneTable';
import { gallringTotal } from './counts';
import { useRetentionRefresh } from './refresh';
import { useFocusOnChange } from './use-focus-on-change';

/**
 * Admin only: early gallring of one case under a gallring decision. The admin sees per part what
 * goes, gives the decision, acknowledges that it cannot be undone; main deletes only if the counts
 * are still those shown. What remains is a tombstone, listed below. Results are told by the live
 * regions; focus stays on the button pressed, or goes back to the case code when the form it was
 * in is gone. A preview still on its way when the code is changed is dropped (its counts are for
 * a case no longer asked about), as is a list of tombstones overtaken by a later load.
 */
export function EarlyGallring() {
  const { t } = useTranslation();
  const previews = useInvoke();
  const gallring = useInvoke();
  const tombstoneList = useInvoke();
  const { bump } = useRetentionRefresh();
  const [code, setCode] = useState('');
  const [preview, setPreview] = useState<GallringPreview | null>(null);
  // Bumped on every preview shown: an acknowledgement given for older counts does not carry over.
  const [previewVersion, setPreviewVersion] = useState(0);
  const [busy, setBusy] = useState<'preview' | 'gallring' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tombstones, setTombstones] = useState<Tombstone[]>([]);
  // Counts the previews asked for: each one, once on screen, takes focus.
  const [asked, setAsked] = useState(0);
  const table = useFocusOnChange<HTMLTableElement>(asked || null);
  // Counts the times the decision form went away under the admin's hands: focus returns to the code.
  const [formGone, setFormGone] = useState(0);
  const lookup = useFocusOnChange<HTMLFormElement>(formGone || null, 'input');

  const { invoke: invokeTombstones } = tombstoneList;
  const loadTombstones = useCallback(async () => {
    const result = await invokeTombstones('retention:tombstones', {});
    if (!result) return;
    if (result.ok) setTombstones(result.value);
    // An error about the gallring itself matters more and stays.
    else setError((shown) => shown ?? errorMessage(t, result.error));
  }, [invokeTombstones, t]);
  useEffect(() => {
    void loadTombstones();
  }, [loadTombstones]);

  /** Loads the counts for a case code: whether there is a preview to act on, or null when the answer came too late to matter. */
  const loadPreview = async (caseCode: string): Promise<boolean | null> => {
    const result = await previews.invoke('retention:gallring-preview', { caseCode });
    if (!result) return null;
    if (!result.ok) {
      setPreview(null);
      setError(errorMessage(t, result.error, { not_found: t('gallring.early.notFound', { code: caseCode }), invalid_input: t('gallring.early.invalidCode') }));
      return false;
    }
    setPreview(result.value);
    setPreviewVersion((version) => version + 1);
    return true;
  };

  const showPreview = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setDone(null);
    setError(null);
    setBusy('preview');
    const found = await loadPreview(code.trim().toUpperCase());
    // Dropped because the code changed meanwhile: the change has ended the wait already.
    if (found === null) return;
    setBusy(null);
    if (found) setAsked((n) => n + 1);
  };

  const gallra = async (shown: GallringPreview, decision: Decision): Promise<void> => {
    if (busy) return;
    setDone(null);
    setError(null);
    setBusy('gallring');
    const result = await gallring.invoke('retention:gallring', { caseCode: shown.caseCode, decisionReference: decision.reference, decisionDate: decision.date, confirmed: shown.counts });
    // Only when this page is gone: nothing left to show it on.
    if (!result) return;
    if (result.ok) {
      setPreview(null);
      setCode('');
      setFormGone((n) => n + 1);
      setDone(t('gallring.early.done', { code: result.value.caseCode, count: gallringTotal(result.value.counts) }));
      // The case is gone from the vault but not yet from the old backups: main tries again at the next unlock.
      if (!result.value.backupsReplaced) setError(t('gallring.early.backupsNotReplaced'));
      // Cases and meetings went: a purge preview and the status shown elsewhere are out of date.
      bump();
    } else {
      setError(
        errorMessage(t, result.error, {
          conflict: t('gallring.early.conflict'),
          not_found: t('gallring.early.notFound', { code: shown.caseCode }),
          invalid_input: t('gallring.early.invalidDecision'),
        }),
      );
      // The case changed since the preview: show its counts as they are now, to be acknowledged again.
      if (result.error.code === 'conflict') await loadPreview(shown.caseCode);
      if (result.error.code === 'not_found') {
        setPreview(null);
        setFormGone((n) => n + 1);
      }
    }
    setBusy(null);
    // Whatever the answer, the list shows what main holds now (another admin may have gallrat it).
    await loadTombstones();
  };

  const changeCode = (next: string): void => {
    setCode(next);
    // A decision is given for the case whose counts are on screen, never for a code typed since;
    // and counts asked for the old code are not shown when they come.
    if (preview && next.trim().toUpperCase() !== preview.caseCode) setPreview(null);
    previews.cancel();
    if (busy === 'preview') setBusy(null);
  };

  return (
    <section aria-labelledby="early-gallring-heading" aria-busy={busy !== null} data-testid="early-gallring">
      <h2 id="early-gallring-heading">{t('gallring.early.title')}</h2>
      <p className="help">{t('gallring.early.intro')}</p>
      <form ref={lookup} className="form" aria-label={t('gallring.early.lookup')} onSubmit={(event) => void showPreview(event)}>
        <Field label={t('gallring.early.caseCode')} required maxLength={20} placeholder="UT-2026-001" value={code} onChange={(e) => changeCode(e.target.value)} />
        <button type="submit" aria-disabled={busy !== null}>
          {t('gallring.early.show')}
        </button>
      </form>
      {preview && (
        <>
          <GallringPartsTable preview={preview} ref={table} />
          {preview.backups > 0 && <p className="help">{t('gallring.early.backups', { count: preview.backups })}</p>}
          {preview.privateNotesKept > 0 && <p className="help">{t('gallring.early.privateNotesKept', { count: preview.privateNotesKept })}</p>}
          <DecisionForm caseCode={preview.caseCode} previewVersion={previewVersion} busy={busy !== null} onSubmit={(decision) => void gallra(preview, decision)} />
        </>
      )}
      <p role="status" className={done ? 'notice' : 'help'} data-testid="gallring-status">
        {busy === 'gallring' ? t('gallring.early.working') : busy === 'preview' ? t('gallring.loading') : (done ?? '')}
      </p>
      {error && (
        <p role="alert" className="error" data-testid="gallring-error">
          {error}
        </p>
      )}
      <h3>{t('gallring.tombstones.title')}</h3>
      <TombstoneTable tombstones={tombstones} />
    </section>
  );
}
