import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RetentionStatus } from '../../../../shared/retention/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { localDateTime } from '../../format/time';
import { purgeSummary } from './counts';
import { useRetentionRefresh } from './refresh';
import { followedText, scheduleFailureText } from './schedule-texts';

type Shown = Pick<RetentionStatus, 'notice' | 'failure' | 'backupsPending' | 'rulesDamaged'>;

/**
 * For admins, in the shell: a scheduled gallring ran and no admin has acknowledged it yet, or the
 * last scheduled run failed (why, and what to do). The status line is in the page before the
 * answer comes, so screen readers announce the banner when it appears. Acknowledging (audited by
 * main) clears the run's notice for every admin; a failure stays until a purge succeeds, so for it
 * there is only the way to Settings — as for stored rules that cannot be read, which stop every
 * purge until an admin saves the rules again. Reloaded whenever something in gallring changed.
 * `data-state` says whether the status has been answered yet (`loading`, `none`, `shown`).
 */
export function RetentionNotice({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const { version } = useRetentionRefresh();
  const [status, setStatus] = useState<Shown | null>(null);
  const [loaded, setLoaded] = useState(false);
  // Only right after the admin acknowledged a run: any later answer replaces the line.
  const [acknowledged, setAcknowledged] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let live = true;
    void bridge.invoke('retention:status', {}).then((result) => {
      if (!live) return;
      // Without an answer there is nothing to show here; Settings reports the error where it is acted on.
      if (result.ok) setStatus(result.value);
      setAcknowledged(false);
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [bridge, version]);

  const acknowledge = async (): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await bridge.invoke('retention:acknowledge', {});
    setBusy(false);
    if (!result.ok) return setError(errorMessage(t, result.error));
    setStatus(result.value);
    setAcknowledged(true);
    // The button is gone: focus goes to the way to Settings while a failure is still shown, else back to the page's content.
    if (result.value.failure || result.value.backupsPending || result.value.rulesDamaged) open.current?.focus();
    else document.getElementById('content')?.focus();
  };

  const notice = status?.notice ?? null;
  const failure = status?.failure ?? null;
  const backupsPending = status?.backupsPending ?? false;
  const rulesDamaged = status?.rulesDamaged ?? false;
  const alarm = failure !== null || backupsPending || rulesDamaged;
  const shown = notice !== null || alarm;
  const lines = [
    acknowledged ? t('gallring.notice.acknowledged') : null,
    rulesDamaged ? t('gallring.notice.rulesDamaged') : null,
    failure ? scheduleFailureText(t, failure) : null,
    backupsPending ? t('gallring.notice.backupsPending') : null,
    notice ? t('gallring.notice.text', { at: localDateTime(notice.at), summary: purgeSummary(t, notice.counts) }) : null,
    notice ? followedText(t, notice) || null : null,
  ].filter((line): line is string => line !== null);
  const className = shown ? (alarm ? 'retention-notice failed' : 'retention-notice') : undefined;
  return (
    <div className={className} data-testid="retention-banner" data-state={!loaded ? 'loading' : shown ? 'shown' : 'none'} aria-busy={busy}>
      <p role="status" className={shown ? undefined : 'visually-hidden'}>
        {lines.join(' ')}
      </p>
      {shown && (
        <div className="row-actions">
          {notice && (
            <button type="button" onClick={() => void acknowledge()} aria-disabled={busy}>
              {t('gallring.notice.acknowledge')}
            </button>
          )}
          <button ref={open} type="button" className="link-button" onClick={onOpen}>
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
