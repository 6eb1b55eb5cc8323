import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RetentionStatus } from '../../../../shared/retention/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { PurgeByRules } from './PurgeByRules';
import { PurgeSchedule } from './PurgeSchedule';
import { useRetentionRefresh } from './refresh';

/** The heading the shell's gallring notice leads to (focusable, out of the tab order). */
export const PURGE_SECTION_HEADING = 'gallring-heading';

/** Admin only: gallring by the retention rules, by hand and on a monthly schedule. The status reloads after every gallring change. */
export function PurgeSection() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [status, setStatus] = useState<RetentionStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { version } = useRetentionRefresh();

  useEffect(() => {
    let live = true;
    void bridge.invoke('retention:status', {}).then((result) => {
      if (!live) return;
      setError(result.ok ? null : errorMessage(t, result.error));
      if (result.ok) setStatus(result.value);
    });
    return () => {
      live = false;
    };
  }, [bridge, t, version]);

  return (
    <section aria-labelledby={PURGE_SECTION_HEADING} data-testid="gallring">
      <h2 id={PURGE_SECTION_HEADING} tabIndex={-1}>
        {t('gallring.title')}
      </h2>
      <p className="help">{t('gallring.intro')}</p>
      <PurgeByRules failure={status?.failure ?? null} />
      {status && <PurgeSchedule status={status} onChange={setStatus} />}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
