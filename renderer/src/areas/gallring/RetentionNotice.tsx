import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PurgeResult } from '../../../../shared/retention/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { localDateTime } from '../../format/time';
import { purgeSummary } from './counts';

/**
 * For admins, in the shell: a scheduled gallring ran and no admin has acknowledged it yet. The
 * status line is in the page before the answer comes, so screen readers announce the notice when
 * it appears; acknowledging it (audited by main) removes it for every admin.
 */
export function RetentionNotice({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [notice, setNotice] = useState<PurgeResult | null>(null);
  const [failedAt, setFailedAt] = useState<string | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void bridge.invoke('retention:status', {}).then((result) => {
      // Without an answer there is nothing to show here; Settings reports the error where it is acted on.
      if (live && result.ok) {
        setNotice(result.value.notice);
        setFailedAt(result.value.failedAt);
      }
    });
    return () => {
      live = false;
    };
  }, [bridge]);

  const acknowledge = async (): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await bridge.invoke('retention:acknowledge', {});
    setBusy(false);
    if (!result.ok) return setError(errorMessage(t, result.error.code));
    setNotice(result.value.notice);
    setFailedAt(result.value.failedAt);
    setAcknowledged(true);
    // The button is gone: focus goes back to the page's content.
    document.getElementById('content')?.focus();
  };

  const shown = notice !== null || failedAt !== null;
  const text = [
    failedAt ? t('gallring.notice.failed', { at: localDateTime(failedAt) }) : null,
    notice ? t('gallring.notice.text', { at: localDateTime(notice.at), summary: purgeSummary(t, notice.counts) }) : null,
  ].filter((line): line is string => line !== null);
  return (
    <div className={shown ? 'retention-notice' : undefined} data-testid={shown ? 'retention-notice' : undefined} aria-busy={busy}>
      <p role="status" className={shown ? undefined : 'visually-hidden'}>
        {shown ? text.join(' ') : acknowledged ? t('gallring.notice.acknowledged') : ''}
      </p>
      {shown && (
        <div className="row-actions">
          <button type="button" onClick={() => void acknowledge()} aria-disabled={busy}>
            {t('gallring.notice.acknowledge')}
          </button>
          <button type="button" className="link-button" onClick={onOpen}>
            {t('gallring.notice.open')}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
