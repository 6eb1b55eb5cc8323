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

/** `chosen` with `caseId` moved `by` places (up is −1), kept inside the list. */
export function moveChosen(chosen: readonly string[], caseId: string, by: number): string[] {
  const index = chosen.indexOf(caseId);
  const next = [...chosen];
  next.splice(index, 1);
  next.splice(Math.max(0, Math.min(next.length, index + by)), 0, caseId);
  return next;
}

/**
 * One prepared case in a session's choice (new session and a session's preparation alike): chosen
 * with its checkbox (an unreadable case cannot be), moved up or down once chosen, with its timeline.
 * Not editable (a held session): its code and timeline only.
 */
export function ChosenCaseRow({ prepared, chosen, onChosen, editable = true }: { prepared: Prepared; chosen: readonly string[]; onChosen: (chosen: string[]) => void; editable?: boolean }) {
  const { t } = useTranslation();
  const isChosen = chosen.includes(prepared.caseId);
  return (
    <li>
      {editable ? (
        <label className="checkbox">
          <input type="checkbox" disabled={!prepared.readable} checked={isChosen} onChange={(e) => onChosen(e.target.checked ? [...chosen, prepared.caseId] : chosen.filter((id) => id !== prepared.caseId))} />
          <strong>{prepared.code}</strong>
        </label>
      ) : (
        <strong>{prepared.code}</strong>
      )}{' '}
      {editable && isChosen && (
        <span className="row-actions">
          <button type="button" aria-label={t('meetings.moveUp', { what: prepared.code })} onClick={() => onChosen(moveChosen(chosen, prepared.caseId, -1))}>
            ↑
          </button>
          <button type="button" aria-label={t('meetings.moveDown', { what: prepared.code })} onClick={() => onChosen(moveChosen(chosen, prepared.caseId, 1))}>
            ↓
          </button>
        </span>
      )}
      <PreparedTimeline prepared={prepared} />
    </li>
  );
}
