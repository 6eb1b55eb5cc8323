import { useTranslation } from 'react-i18next';

export type Prepared = { caseId: string; code: string; readable: boolean; unreadableReason: string | null; timeline: { meetingDate: string; notes: string; decisions: string; openActions: string[] }[]; earlierThemes: string[] };
export type Session = { id: string; date: string; week: number; form: 'case' | 'process'; status: 'planned' | 'held' };
export type Theme = { id: string; name: string };

/** One prepared case's reason it cannot be read, its earlier themes and its discussion across meetings. */
export function PreparedTimeline({ prepared }: { prepared: Prepared }) {
  const { t } = useTranslation();
  return (
    <>
      {!prepared.readable && <span className="help"> ({t(`meetings.unreadable.${prepared.unreadableReason ?? 'no-consent'}`)})</span>}
      {prepared.earlierThemes.length > 0 && <p className="help">{t('supervision.earlierThemes', { themes: prepared.earlierThemes.join(', ') })}</p>}
      {prepared.timeline.length > 0 && (
        <ul>
          {prepared.timeline.map((entry, index) => (
            <li key={index}>
              {entry.meetingDate}: {entry.notes} {entry.decisions && <em>{t('meetings.decisions')}: {entry.decisions}</em>}
              {entry.openActions.length > 0 && <span> · {t('supervision.openActions', { actions: entry.openActions.join('; ') })}</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
