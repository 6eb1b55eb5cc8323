import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RetentionStatus } from '../../../../shared/retention/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { localDateTime } from '../../format/time';
import { purgeSummary } from './counts';

/**
 * Scheduled gallring: turning it on is the admin's standing decision, so it is confirmed first;
 * turning it off needs no confirmation (nothing is deleted by stopping). The box stays enabled
 * while saving (aria-disabled) so keyboard focus is not lost from it.
 */
export function PurgeSchedule({ status, onChange }: { status: RetentionStatus; onChange: (status: RetentionStatus) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const ids = { toggle: useId(), help: useId() };
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const toggle = async (enabled: boolean): Promise<void> => {
    if (busy) return;
    if (enabled && !window.confirm(t('gallring.schedule.confirmOn'))) return;
    setSaved(null);
    setError(null);
    setBusy(true);
    const result = await bridge.invoke('retention:set-schedule', { enabled });
    setBusy(false);
    if (!result.ok) return setError(errorMessage(t, result.error.code));
    onChange(result.value);
    setSaved(t(enabled ? 'gallring.schedule.turnedOn' : 'gallring.schedule.turnedOff'));
  };

  const { schedule, lastRun, nextRunFrom } = status;
  return (
    <div className="gallring-panel" aria-busy={busy}>
      <h3>{t('gallring.schedule.title')}</h3>
      <label className="checkbox" htmlFor={ids.toggle}>
        <input id={ids.toggle} type="checkbox" checked={schedule.enabled} aria-disabled={busy} aria-describedby={ids.help} onChange={(e) => void toggle(e.target.checked)} />
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
        {schedule.enabled && nextRunFrom && (
          <>
            <dt>{t('gallring.schedule.nextRunLabel')}</dt>
            <dd>{t('gallring.schedule.nextRun', { date: nextRunFrom })}</dd>
          </>
        )}
      </dl>
      <p role="status" className="help">
        {busy ? t('gallring.schedule.saving') : (saved ?? '')}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
