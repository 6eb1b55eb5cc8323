import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/cases/model';

/**
 * A case's whole history (issue 20), oldest first, as an ordered list with ISO dates: each change
 * of phase and each reopening, who recorded it, who decided a beredning decision, the outcome at
 * exit and the reason or analysis. A reopened case keeps every earlier entry. Then its check-ins
 * after exit: planned, done with the participant's status, or cancelled.
 */
export function CaseTimeline({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <>
      <h4 id={`timeline-${detail.id}`}>{t('lifecycle.timeline')}</h4>
      <ol className="timeline" aria-labelledby={`timeline-${detail.id}`} data-testid="case-timeline">
        {detail.timeline.map((event) => (
          <li key={event.id}>
            <time dateTime={event.onDate}>{event.onDate}</time> <strong>{t(`lifecycle.event.${event.kind}`)}</strong>
            {event.outcome ? `, ${t('lifecycle.outcomeWas', { outcome: t(`cases.outcome.${event.outcome}`) })}${event.outcomeOther ? ` (${event.outcomeOther})` : ''}` : ''}
            {event.decidedBy ? `, ${t('lifecycle.decidedByName', { name: event.decidedBy.name })}` : ''}
            {' ('}
            {event.recordedBy === null ? t('lifecycle.recordedByMigration') : t('lifecycle.recordedBy', { name: event.recordedBy })}
            {')'}
            {event.reason && <p className="timeline-reason">{event.reason}</p>}
          </li>
        ))}
      </ol>
      {detail.checkins.length > 0 && (
        <>
          <h4 id={`checkins-${detail.id}`}>{t('lifecycle.checkins')}</h4>
          <ul aria-labelledby={`checkins-${detail.id}`} data-testid="case-checkins">
            {detail.checkins.map((k) => (
              <li key={k.id}>
                {k.doneOn && k.status
                  ? t('lifecycle.checkinDone', { months: k.months, due: k.dueOn, status: t(`lifecycle.status.${k.status}`), date: k.doneOn })
                  : k.cancelledOn
                    ? t('lifecycle.checkinCancelled', { months: k.months, due: k.dueOn, date: k.cancelledOn })
                    : t('lifecycle.checkinDue', { months: k.months, date: k.dueOn })}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
