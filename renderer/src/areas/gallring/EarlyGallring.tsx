import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GallringPreview, Tombstone } from '../../../../shared/retention/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { DecisionForm, type Decision } from './DecisionForm';
import { GallringPartsTable } from './GallringPartsTable';
import { TombstoneTable } from './TombstoneTable';
import { gallringTotal } from './counts';
import { useFocusOnChange } from './use-focus-on-change';

/**
 * Admin only: early gallring of one case under a gallring decision. The admin sees per part what
 * goes, gives the decision, acknowledges that it cannot be undone; main deletes only if the counts
 * are still those shown. What remains is a tombstone, listed below.
 */
export function EarlyGallring() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const codeId = useId();
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
  const doneRef = useFocusOnChange<HTMLParagraphElement>(done);
  const errorRef = useFocusOnChange<HTMLParagraphElement>(error);

  const loadTombstones = useCallback(async () => {
    const result = await bridge.invoke('retention:tombstones', {});
    if (result.ok) setTombstones(result.value);
    else setError(errorMessage(t, result.error.code));
  }, [bridge, t]);
  useEffect(() => {
    void loadTombstones();
  }, [loadTombstones]);

  /** Loads the counts for a case code; returns whether there is a preview to act on. */
  const loadPreview = async (caseCode: string): Promise<boolean> => {
    const result = await bridge.invoke('retention:gallring-preview', { caseCode });
    if (!result.ok) {
      setPreview(null);
      setError(errorMessage(t, result.error.code, { not_found: t('gallring.early.notFound', { code: caseCode }), invalid_input: t('gallring.early.invalidCode') }));
      return false;
    }
    setPreview(result.value);
    setPreviewVersion((version) => version + 1);
    return true;
  };

  const showPreview = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setDone(null);
    setError(null);
    setBusy('preview');
    const found = await loadPreview(code.trim().toUpperCase());
    setBusy(null);
    if (found) setAsked((n) => n + 1);
  };

  const gallra = async (shown: GallringPreview, decision: Decision): Promise<void> => {
    setDone(null);
    setError(null);
    setBusy('gallring');
    const result = await bridge.invoke('retention:gallring', { caseCode: shown.caseCode, decisionReference: decision.reference, decisionDate: decision.date, confirmed: shown.counts });
    if (!result.ok) {
      const text = errorMessage(t, result.error.code, {
        conflict: t('gallring.early.conflict'),
        not_found: t('gallring.early.notFound', { code: shown.caseCode }),
        invalid_input: t('gallring.early.invalidDecision'),
      });
      // The case changed since the preview: show its counts as they are now, to be acknowledged again.
      if (result.error.code === 'conflict') await loadPreview(shown.caseCode);
      if (result.error.code === 'not_found') setPreview(null);
      setBusy(null);
      return setError(text);
    }
    setBusy(null);
    setPreview(null);
    setCode('');
    setDone(t('gallring.early.done', { code: result.value.caseCode, count: gallringTotal(result.value.counts) }));
    await loadTombstones();
  };

  return (
    <section aria-labelledby="early-gallring-heading" aria-busy={busy !== null} data-testid="early-gallring">
      <h2 id="early-gallring-heading">{t('gallring.early.title')}</h2>
      <p className="help">{t('gallring.early.intro')}</p>
      <form className="form" aria-label={t('gallring.early.lookup')} onSubmit={(event) => void showPreview(event)}>
        <div className="field">
          <label htmlFor={codeId}>{t('gallring.early.caseCode')}</label>
          <input
            id={codeId}
            required
            maxLength={20}
            placeholder="UT-2026-001"
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              // A decision is given for the case whose counts are on screen, never for a code typed since.
              if (preview && e.target.value.trim().toUpperCase() !== preview.caseCode) setPreview(null);
            }}
          />
        </div>
        <button type="submit" disabled={busy !== null}>
          {t('gallring.early.show')}
        </button>
      </form>
      {preview && (
        <>
          <GallringPartsTable preview={preview} ref={table} />
          <p className="help">{t('gallring.early.backups', { count: preview.backups })}</p>
          {preview.privateNotesKept > 0 && <p className="help">{t('gallring.early.privateNotesKept', { count: preview.privateNotesKept })}</p>}
          <DecisionForm caseCode={preview.caseCode} previewVersion={previewVersion} busy={busy !== null} onSubmit={(decision) => void gallra(preview, decision)} />
        </>
      )}
      <p ref={doneRef} tabIndex={-1} role="status" className={done ? 'notice' : 'help'} data-testid="gallring-status">
        {busy === 'gallring' ? t('gallring.early.working') : busy === 'preview' ? t('gallring.loading') : (done ?? '')}
      </p>
      {error && (
        <p ref={errorRef} tabIndex={-1} role="alert" className="error">
          {error}
        </p>
      )}
      <h3>{t('gallring.tombstones.title')}</h3>
      <TombstoneTable tombstones={tombstones} />
    </section>
  );
}
