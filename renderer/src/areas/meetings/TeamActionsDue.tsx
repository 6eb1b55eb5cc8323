import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingChange, MeetingView } from '../../../../shared/meetings/model';
import { type Message, MessageLine } from '../../app/MessageLine';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';

/**
 * "Teamets åtgärder att följa upp" (issue 20): the team's open actions from övriga punkter of its
 * earlier meetings, due by this meeting's day, on the meeting's page. The team's editors mark each
 * done here; main answers the follow-up list as it is now, merged into the page's meeting (an
 * action marked done leaves the list, and the heading takes the focus so the keyboard is not lost).
 */
export function TeamActionsDue({ meeting, onChange, onStale }: { meeting: MeetingView; onChange: (change: MeetingChange) => void; onStale: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [message, setMessage] = useState<Message>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const due = meeting.teamActionsDue ?? [];
  if (due.length === 0 && !message) return null;

  const markDone = async (actionId: string, text: string): Promise<void> => {
    const result = await bridge.invoke('meetings:set-team-action-done', { meetingId: meeting.id, actionId, done: true });
    if (!result.ok) {
      setMessage({ error: true, text: errorMessage(t, result.error) });
      // Gone or changed elsewhere (another window): the page loads the meeting again.
      if (result.error.code === 'not_found' || result.error.code === 'conflict') onStale();
      return;
    }
    onChange(result.value);
    setMessage({ error: false, text: t('meetings.teamActionDone', { text }) });
    heading.current?.focus();
  };

  return (
    <section aria-labelledby="team-actions-heading" className="notice" data-testid="team-actions-due">
      <h3 id="team-actions-heading" ref={heading} tabIndex={-1}>
        {t('meetings.teamActionsHeading')}
      </h3>
      {due.length === 0 ? (
        <p className="help">{t('meetings.teamActionsAllDone')}</p>
      ) : (
        <>
          <p className="help">{t('meetings.teamActionsHelp')}</p>
          <ul>
            {due.map((action) => (
              <li key={action.id}>
                {t('meetings.teamActionLine', { text: action.text, responsible: action.responsibleName ?? t('meetings.nobody'), due: action.dueDate, date: action.meetingDate, title: action.itemTitle })}{' '}
                {meeting.canEdit && (
                  <button type="button" className="link-button" onClick={() => void markDone(action.id, action.text)}>
                    {t('meetings.markTeamActionDone', { text: action.text })}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <MessageLine message={message} testId="team-action-message" />
    </section>
  );
}
