import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RetentionStatus } from '../../../../shared/retention/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { PurgeByRules } from './PurgeByRules';
import { PurgeSchedule } from './PurgeSchedule';

/** The heading the shell's gallring notice leads to (focusable, out of the tab order). */
export const PURGE_SECTION_HEADING = 'gallring-heading';

/** Admin only: gallring by the retention rules, by hand and on a monthly schedule. */
export function PurgeSection() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [status, setStatus] = useState<RetentionStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadStatus = useCallback(async () => {
    const result = await bridge.invoke('retention:status', {});
    if (result.ok) setStatus(result.value);
    else setError(errorMessage(t, result.error.code));
  }, [bridge, t]);
  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);

  return (
    <section aria-labelledby={PURGE_SECTION_HEADING} data-testid="gallring">
      <h2 id={PURGE_SECTION_HEADING} tabIndex={-1}>
        {t('gallring.title')}
      </h2>
      <p className="help">{t('gallring.intro')}</p>
      <PurgeByRules onPurged={() => void loadStatus()} />
      {status && <PurgeSchedule status={status} onChange={setStatus} />}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
