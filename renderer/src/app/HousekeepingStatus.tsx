import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '../../../shared/ipc/events';
import { useRetentionRefresh } from '../areas/gallring/refresh';

type Told = EventPayload<'vault:housekeeping'>;

/** Where each job of the housekeeping after unlock stands, as the page was told; `seq` counts the events. */
export interface Housekeeping {
  readonly gallring: Told['state'] | null;
  readonly backup: Told['state'] | null;
  readonly seq: number;
}

/** The status after one more event. */
export function housekeepingAfter(old: Housekeeping | null, told: Told): Housekeeping {
  return { gallring: old?.gallring ?? null, backup: old?.backup ?? null, [told.job]: told.state, seq: (old?.seq ?? 0) + 1 };
}

const JOBS = ['gallring', 'backup'] as const;

/**
 * A small, polite line under the header while the vault does its housekeeping after unlock (the
 * scheduled gallring, then the automatic backup) and how each ended. The live region is in the
 * page from the start, so screen readers announce each change without taking the focus. When the
 * gallring has ended, everything that shows gallring reloads (the notice, Settings).
 */
export function HousekeepingStatus({ status }: { status: Housekeeping | null }) {
  const { t } = useTranslation();
  const { bump } = useRetentionRefresh();
  const gallring = status?.gallring ?? null;
  const gallringEnded = gallring !== null && gallring !== 'running';
  useEffect(() => {
    if (gallringEnded) bump();
  }, [gallringEnded, bump]);
  const shown = JOBS.filter((job) => (status?.[job] ?? null) !== null);
  const failed = shown.some((job) => status?.[job] === 'failed');
  return (
    <p className={`housekeeping-status${failed ? ' failed' : ''}${shown.length ? '' : ' visually-hidden'}`} role="status" aria-live="polite" data-testid="housekeeping-status">
      {shown.map((job) => (
        <span key={job} data-testid={`housekeeping-${job}`} data-state={status?.[job]}>
          {t(`housekeeping.${job}.${status?.[job] ?? 'running'}`)}{' '}
        </span>
      ))}
    </p>
  );
}
