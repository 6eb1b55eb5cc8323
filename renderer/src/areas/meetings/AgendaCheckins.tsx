import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaItemView } from '../../../../shared/meetings/model';
import { type Message, MessageLine } from '../../app/MessageLine';
import { RecordCheckinDialog } from './CaseLifecycle';

type Due = NonNullable<AgendaItemView['checkinsDue']>[number];

/**
 * A case's check-ins after exit that are due by the meeting's day (issue 20), on its agenda item:
 * the team recorded each from here (its day and the participant's status), or from the case view.
 * Recorded ones leave the list at once; the meeting shows the rest when read again.
 */
export function AgendaCheckins({ item, editable }: { item: AgendaItemView; editable: boolean }) {
  const { t } = useTranslation();
  const [recording, setRecording] = useState<Due | null>(null);
  const [recorded, setRecorded] = useState<readonly string[]>([]);
  const [message, setMessage] = useState<Message>(null);
  const due = (item.checkinsDue ?? []).filter((k) => !recorded.includes(k.id));
  if (!item.caseCode || (due.length === 0 && !message)) return null;
  const code = item.caseCode;
  return (
    <div className="notice" data-testid="agenda-checkins">
      <h3>{t('lifecycle.agendaCheckins')}</h3>
      <ul>
        {due.map((k) => (
          <li key={k.id}>
            {t('lifecycle.agendaCheckinDue', { code, months: k.months, date: k.dueOn })}{' '}
            {editable && (
              <button type="button" onClick={() => setRecording(k)}>
                {t('lifecycle.recordCheckin', { months: k.months })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <MessageLine message={message} testId="agenda-checkin-message" />
      {recording && (
        <RecordCheckinDialog
          checkin={recording}
          caseCode={code}
          onClose={() => setRecording(null)}
          onDone={() => {
            setRecorded([...recorded, recording.id]);
            setRecording(null);
            setMessage({ error: false, text: t('lifecycle.checkinRecorded') });
          }}
        />
      )}
    </div>
  );
}
