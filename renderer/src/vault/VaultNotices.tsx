import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultNotices as Notices, VaultNoticeView } from '../../../shared/ipc/contract';
import { errorMessage } from '../errors/messages';
import { localDateTime } from '../format/time';
import { useBridge } from '../ipc/bridge-context';

/**
 * In the shell, after an unlock that did more than open the vault: a key file recovered from an
 * earlier copy, an interrupted key rotation finished or undone — and, for admins, a finished
 * rotation whose new recovery key nobody has confirmed as stored yet (shown again on request,
 * confirmed here; both audited by main). `data-state` says whether main has answered yet.
 */
export function VaultNoticesBanner() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [notices, setNotices] = useState<Notices | null>(null);
  const [dismissed, setDismissed] = useState(false);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keyRef = useRef<HTMLElement>(null);

  useEffect(() => {
    let live = true;
    void bridge.invoke('vault:notices', {}).then((result) => {
      if (live && result.ok) setNotices(result.value);
    });
    return () => {
      live = false;
    };
  }, [bridge]);

  useEffect(() => {
    if (recoveryKey) keyRef.current?.focus();
  }, [recoveryKey]);

  const reveal = async (): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await bridge.invoke('vault:new-recovery-key', {});
    setBusy(false);
    if (!result.ok) return setError(errorMessage(t, result.error.code));
    setRecoveryKey(result.value.recoveryKey);
  };

  const confirm = async (): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await bridge.invoke('vault:confirm-recovery-key', {});
    setBusy(false);
    if (!result.ok) return setError(errorMessage(t, result.error.code));
    setRecoveryKey(null);
    setConfirmed(true);
    document.getElementById('content')?.focus();
  };

  const lines = dismissed ? [] : (notices?.notices ?? []).map((notice) => noticeText(t, notice));
  const rotation = confirmed ? null : (notices?.keyRotation ?? null);
  const shown = lines.length > 0 || rotation !== null || confirmed;
  return (
    <div className={shown ? 'retention-notice' : undefined} data-testid="vault-notices" data-state={!notices ? 'loading' : shown ? 'shown' : 'none'} aria-busy={busy}>
      <div role="status" className={shown ? undefined : 'visually-hidden'}>
        {lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
        {rotation && <p>{t(rotation.completedAtUnlock ? 'vaultNotices.rotationWaitingAfterUnlock' : 'vaultNotices.rotationWaiting', { at: localDateTime(rotation.completedAt) })}</p>}
        {confirmed && <p>{t('vaultNotices.confirmed')}</p>}
      </div>
      {recoveryKey && (
        <p>
          {t('vaultNotices.keyIs')}{' '}
          <code ref={keyRef} tabIndex={-1} data-testid="new-recovery-key" className="recovery-key">
            {recoveryKey}
          </code>
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      {shown && (
        <div className="row-actions">
          {rotation && !recoveryKey && (
            <button type="button" onClick={() => void reveal()} aria-disabled={busy}>
              {t('vaultNotices.reveal')}
            </button>
          )}
          {rotation && recoveryKey && (
            <button type="button" onClick={() => void confirm()} aria-disabled={busy}>
              {t('vaultNotices.confirm')}
            </button>
          )}
          {lines.length > 0 && (
            <button type="button" onClick={() => setDismissed(true)}>
              {t('vaultNotices.dismiss')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function noticeText(t: (key: string, values?: Record<string, string | number>) => string, notice: VaultNoticeView): string {
  switch (notice.kind) {
    case 'header-recovered':
      return t(notice.source === 'backup' ? 'vaultNotices.headerFromBackup' : 'vaultNotices.headerFromGeneration', { name: notice.name });
    case 'rotation-completed':
      return t('vaultNotices.rotationCompleted', { at: localDateTime(notice.startedAt) });
    case 'rotation-rolled-back':
      return t('vaultNotices.rotationRolledBack', { at: localDateTime(notice.startedAt) });
    case 'rotation-unfinished':
      return t('vaultNotices.rotationUnfinished', { at: localDateTime(notice.startedAt), problem: t(`vaultNotices.problem.${notice.problem}`) });
  }
}
