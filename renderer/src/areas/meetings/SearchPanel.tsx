import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../../shared/meetings/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';

type Hit = { caseId: string; caseCode: string; meetingId: string; meetingDate: string; snippet: string };

/** Search over committed items the reader may read; matches are marked in each snippet. */
export function SearchPanel({ teamId, onOpen }: { teamId: string; onOpen: (meetingId: MeetingView['id']) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const id = useId();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [total, setTotal] = useState(0);
  const [capped, setCapped] = useState(false);
  const [searched, setSearched] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Main answers a page at a time, best first, with how many the reader may read in all (among the
  // newest hits it ranks: `capped` when older ones exist beyond them).
  const load = async (query: string, offset: number): Promise<void> => {
    const result = await bridge.invoke('search:items', { text: query, offset, ...(teamId ? { teamId } : {}) });
    if (result.ok) {
      setHits((previous) => [...(offset > 0 ? (previous ?? []) : []), ...result.value.hits]);
      setTotal(result.value.total);
      setCapped(result.value.capped);
      setSearched(query);
      setError(null);
    } else setError(errorMessage(t, result.error));
  };
  const search = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    await load(text, 0);
  };
  return (
    <>
      <form className="form inline-form" role="search" onSubmit={(event) => void search(event)}>
        <div className="field">
          <label htmlFor={id}>{t('meetings.searchLabel')}</label>
          <input id={id} type="search" value={text} required maxLength={200} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit">{t('meetings.search')}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {hits && (
        <>
          <p aria-live="polite">{capped ? t('meetings.hitsCapped', { count: total }) : t('meetings.hits', { count: total })}</p>
          <ul data-testid="search-hits">
            {hits.map((hit, index) => (
              <li key={`${hit.caseId}:${hit.meetingId}:${index}`}>
                <strong>{hit.caseCode}</strong> {hit.meetingDate}: {marked(hit.snippet)}{' '}
                <button type="button" className="link-button" onClick={() => onOpen(hit.meetingId)}>
                  {t('meetings.openMeeting', { date: hit.meetingDate })}
                </button>
              </li>
            ))}
          </ul>
          {hits.length < total && (
            <button type="button" onClick={() => void load(searched, hits.length)}>
              {t('meetings.moreHits')}
            </button>
          )}
        </>
      )}
    </>
  );
}

/** Main marks matches with \u0002 … \u0003; they become <mark> here (text stays text — no HTML). */
function marked(snippet: string): ReactNode[] {
  return snippet.split('\u0002').flatMap((part, index) => {
    if (index === 0) return [part];
    const [match = '', rest = ''] = part.split('\u0003');
    return [<mark key={index}>{match}</mark>, rest];
  });
}
