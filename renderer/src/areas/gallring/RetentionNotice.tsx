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
  const [acknowledged, setAcknowledged] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void bridge.invoke('retention:status', {}).then((result) => {
      // Without an answer there is nothing to show here; Settings reports the error where it is acted on.
      if (live && result.ok) setNotice(result.value.notice);
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
    setAcknowledged(true);
    // The button is gone: focus goes back to the page's content.
    document.getElementById('content')?.focus();
  };

  return (
    <div className={notice ? 'retention-notice' : undefined} data-testid={notice ? 'retention-notice' : undefined} aria-busy={busy}>
      <p role="status" className={notice ? undefined : 'visually-hidden'}>
        {notice ? t('gallring.notice.text', { at: localDateTime(notice.at), summary: purgeSummary(t, notice.counts) }) : acknowledged ? t('gallring.notice.acknowledged') : ''}
      </p>
      {notice && (
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
