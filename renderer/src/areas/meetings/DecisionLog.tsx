import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecisionEntry } from '../../../../shared/meetings/model';
import { useInvoke } from '../../ui/use-invoke';

/**
 * The team's decision log: every decision of its justerade minutes, newest first, with the
 * meeting's date and the item (a case by its code, only when the reader's organisation is covered
 * by the consent — main leaves the others out). Opening an entry opens its meeting. A page at a
 * time (20 meetings' decisions); "Visa äldre beslut" adds the next.
 */
export function DecisionLog({ teamId, onOpen }: { teamId: string; onOpen: (meetingId: string) => void }) {
  const { t } = useTranslation();
  const { invoke, error } = useInvoke();
  const [log, setLog] = useState<{ teamId: string; entries: readonly DecisionEntry[]; before: string | null } | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    void invoke('meetings:decisions', { teamId }).then((result) => {
      if (result?.ok) setLog({ teamId, entries: result.value.entries, before: result.value.before });
    });
  }, [invoke, teamId]);
  const current = log?.teamId === teamId ? log : null;
  const entries = current?.entries ?? null;
  const before = current?.before ?? null;
  const showOlder = useCallback(() => {
    if (before === null || loadingOlder) return;
    setLoadingOlder(true);
    void invoke('meetings:decisions', { teamId, before }).then((result) => {
      setLoadingOlder(false);
      // The last page: the button goes, so focus goes to the log's heading rather than the page's start.
      if (result?.ok && result.value.before === null) heading.current?.focus();
      // An answer for another team (switched meanwhile) or an older page already added is dropped.
      if (result?.ok) setLog((held) => (held?.teamId === teamId && held.before === before ? { teamId, entries: [...held.entries, ...result.value.entries], before: result.value.before } : held));
    });
  }, [invoke, teamId, before, loadingOlder]);
  return (
    <section aria-labelledby="decision-log-heading" data-testid="decision-log">
      <h3 id="decision-log-heading" ref={heading} tabIndex={-1}>
        {t('meetings.decisionLog')}
      </h3>
      <p className="help">{t('meetings.decisionLogHelp')}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {entries === null ? (
        !error && <p>{t('meetings.decisionLogLoading')}</p>
      ) : entries.length === 0 ? (
        // A page whose decisions this reader may not read is no sign that nothing older holds one.
        before === null && <p className="help">{t('meetings.noDecisions')}</p>
      ) : (
        <table className="checks">
          <thead>
            <tr>
              <th scope="col">{t('meetings.date')}</th>
              <th scope="col">{t('meetings.decisionItem')}</th>
              <th scope="col">{t('meetings.decisions')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('roster.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={`${entry.meetingId}-${entry.position}`}>
                <th scope="row">{entry.date}</th>
                <td>{entry.caseCode ? t('meetings.decisionCase', { code: entry.caseCode }) : entry.title}</td>
                <td>{entry.decisions}</td>
                <td>
                  <button type="button" onClick={() => onOpen(entry.meetingId)}>
                    {t('meetings.openMeeting', { date: entry.date })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {before !== null && (
        // aria-disabled, not disabled: the button keeps its focus while the older page loads.
        <button type="button" onClick={showOlder} aria-disabled={loadingOlder}>
          {t('meetings.decisionLogOlder')}
        </button>
      )}
    </section>
  );
}
