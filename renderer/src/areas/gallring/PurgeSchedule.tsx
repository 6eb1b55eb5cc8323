import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RetentionStatus } from '../../../../shared/retention/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { localDateTime } from '../../format/time';
import { purgeSummary } from './counts';
import { useRetentionRefresh } from './refresh';
import { confirmScheduleText, followedText, needsManualPurge, scheduleFailureText } from './schedule-texts';
import { useConfirm } from '../../ui/Dialog';

/**
 * Scheduled gallring: turning it on carries out the authorities' gallringsbeslut without asking again, so it is confirmed first,
 * with what its first run would purge if it ran now; turning it off needs no confirmation
 * (nothing is deleted by stopping). The box stays enabled while working (aria-disabled) so
 * keyboard focus is not lost from it. A failed run is shown with what to do about it.
 */
export function PurgeSchedule({ status, onChange }: { status: RetentionStatus; onChange: (status: RetentionStatus) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const { bump } = useRetentionRefresh();
  const ids = { toggle: useId(), help: useId() };
  const [busy, setBusy] = useState<'preview' | 'saving' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();

  /** Turning on: what is due now, for the confirmation. Returns whether the admin confirmed. */
  const confirmOn = async (): Promise<boolean> => {
    setBusy('preview');
    const preview = await bridge.invoke('retention:preview', {});
    setBusy(null);
    if (!preview.ok) {
      setError(errorMessage(t, preview.error));
      return false;
    }
    return confirm({ title: t('ui.confirmSchedule.title'), message: confirmScheduleText(t, preview.value, status.lastRun), confirmLabel: t('ui.confirmSchedule.action') });
  };

  const toggle = async (enabled: boolean): Promise<void> => {
    if (busy) return;
    setSaved(null);
    setError(null);
    if (enabled && !(await confirmOn())) return;
    setBusy('saving');
    const result = await bridge.invoke('retention:set-schedule', { enabled });
    setBusy(null);
    if (!result.ok) return setError(errorMessage(t, result.error));
    onChange(result.value);
    bump();
    setSaved(t(enabled ? 'gallring.schedule.turnedOn' : 'gallring.schedule.turnedOff'));
  };

  const { schedule, lastRun, nextRunFrom, failure } = status;
  return (
    <div className="gallring-panel" aria-busy={busy !== null}>
      <h3>{t('gallring.schedule.title')}</h3>
      {dialog}
      <label className="checkbox" htmlFor={ids.toggle}>
        <input id={ids.toggle} type="checkbox" checked={schedule.enabled} aria-disabled={busy !== null} aria-describedby={ids.help} onChange={(e) => void toggle(e.target.checked)} />
        {t('gallring.schedule.toggle')}
      </label>
      <p id={ids.help} className="help">
        {t('gallring.schedule.help')}
      </p>
      <dl className="facts" data-testid="schedule-facts">
        <dt>{t('gallring.schedule.state')}</dt>
        <dd>{schedule.enabled && schedule.enabledAt ? t('gallring.schedule.on', { at: localDateTime(schedule.enabledAt) }) : t('gallring.schedule.off')}</dd>
        <dt>{t('gallring.schedule.lastRunLabel')}</dt>
        <dd>
          {lastRun
            ? t('gallring.schedule.lastRun', { at: localDateTime(lastRun.at), how: t(lastRun.scheduled ? 'gallring.schedule.scheduled' : 'gallring.schedule.manual'), summary: purgeSummary(t, lastRun.counts) })
            : t('gallring.schedule.noRun')}
        </dd>
        {lastRun && followedText(t, lastRun) && (
          <>
            <dt>{t('gallring.schedule.decisionsLabel')}</dt>
            <dd data-testid="last-run-decisions">{followedText(t, lastRun)}</dd>
          </>
        )}
        {failure && (
          <>
            <dt>{t('gallring.schedule.failureLabel')}</dt>
            <dd className="error" data-testid="schedule-failure">
              {scheduleFailureText(t, failure)}
            </dd>
          </>
        )}
        {schedule.enabled && (nextRunFrom || needsManualPurge(failure)) && (
          <>
            <dt>{t('gallring.schedule.nextRunLabel')}</dt>
            <dd>{needsManualPurge(failure) ? t('gallring.schedule.stopped') : t('gallring.schedule.nextRun', { date: nextRunFrom ?? '' })}</dd>
          </>
        )}
      </dl>
      <p role="status" className="help">
        {busy === 'preview' ? t('gallring.loading') : busy === 'saving' ? t('gallring.schedule.saving') : (saved ?? '')}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
