import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';
import { type Message, MessageLine } from './MessageLine';

/**
 * The audit alarm of this PC, for everyone signed in: the log no longer extends what this PC saw
 * last (or the full check found a break). It stands until an admin acknowledges it; admins get
 * the button, with a confirmation step in the page (no native dialog), and the acknowledgement is
 * audited by main. Others see the banner without it. After an acknowledgement the line says so.
 */
export function AuditAlarmBanner({ reason, isAdmin, onAcknowledged }: { reason: string | null; isAdmin: boolean; onAcknowledged: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const question = useRef<HTMLParagraphElement>(null);
  const askButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);

  // A new alarm after an acknowledgement replaces the "acknowledged" line.
  useEffect(() => {
    if (reason) setMessage((old) => (old && !old.error ? null : old));
  }, [reason]);

  const acknowledge = async (): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    const result = await bridge.invoke('audit:acknowledge-alarm', {});
    setBusy(false);
    if (!result.ok) {
      setMessage({ error: true, text: errorMessage(t, result.error.code) });
      return;
    }
    setConfirming(false);
    setMessage({ error: false, text: t('audit.alarmAcknowledged') });
    onAcknowledged();
    document.getElementById('content')?.focus();
  };

  const cancel = (): void => {
    setConfirming(false);
    // Back to the button that opened the question (rendered again on the next paint).
    requestAnimationFrame(() => askButton.current?.focus());
  };

  if (!reason) return <MessageLine message={message} testId="audit-alarm-answer" />;
  return (
    <div className="alarm audit-alarm" data-testid="audit-alarm" aria-busy={busy}>
      <p role="alert">{t('audit.alarm')}</p>
      <p className="alarm-detail" data-testid="audit-alarm-reason">
        {t('audit.alarmFound', { reason })}
      </p>
      {!isAdmin && <p className="alarm-detail">{t('audit.alarmAskAdmin')}</p>}
      {isAdmin && !confirming && (
        <button ref={askButton} type="button" data-testid="audit-alarm-acknowledge" onClick={() => setConfirming(true)}>
          {t('audit.alarmAcknowledge')}
        </button>
      )}
      {isAdmin && confirming && (
        <div role="group" aria-labelledby="audit-alarm-question" className="alarm-confirm">
          <p id="audit-alarm-question" ref={question} tabIndex={-1}>
            {t('audit.alarmConfirm')}
          </p>
          <div className="row-actions">
            <button type="button" data-testid="audit-alarm-confirm" onClick={() => void acknowledge()} aria-disabled={busy}>
              {t('audit.alarmConfirmYes')}
            </button>
            <button type="button" onClick={cancel}>
              {t('audit.alarmCancel')}
            </button>
          </div>
        </div>
      )}
      <MessageLine message={message} testId="audit-alarm-answer" />
    </div>
  );
}
