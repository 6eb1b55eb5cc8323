import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../../shared/meetings/model';
import { Field } from '../../ui/Field';
import { useInvoke } from '../../ui/use-invoke';

type Hit = { caseId: string; caseCode: string; meetingId: string; meetingDate: string; snippet: string };
/** What was found, for which words in which team. */
interface Found {
  readonly teamId: string;
  readonly query: string;
  readonly hits: readonly Hit[];
  readonly total: number;
  readonly capped: boolean;
}

/** Search over committed items the reader may read; matches are marked in each snippet. */
export function SearchPanel({ teamId, onOpen }: { teamId: string; onOpen: (meetingId: MeetingView['id']) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  // One line of calls: a later search (or the next page) wins over an earlier one still in flight.
  const { invoke, error } = useInvoke();
  const [found, setFound] = useState<Found | null>(null);
  // Main answers a page at a time, best first, with how many the reader may read in all (among the
  // newest hits it ranks: `capped` when older ones exist beyond them).
  const load = async (query: string, offset: number): Promise<void> => {
    const result = await invoke('search:items', { text: query, offset, ...(teamId ? { teamId } : {}) });
    if (!result?.ok) return;
    setFound((previous) => ({
      teamId,
      query,
      hits: [...(offset > 0 && previous ? previous.hits : []), ...result.value.hits],
      total: result.value.total,
      capped: result.value.capped,
    }));
  };
  const search = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    await load(text, 0);
  };
  // Found in another team (the team was switched since): not shown.
  const shown = found && found.teamId === teamId ? found : null;
  const hits = shown?.hits ?? null;
  const total = shown?.total ?? 0;
  const capped = shown?.capped ?? false;
  return (
    <>
      <form className="form inline-form" role="search" onSubmit={(event) => void search(event)}>
        <Field label={t('meetings.searchLabel')} type="search" value={text} required maxLength={200} onChange={(e) => setText(e.target.value)} />
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
            <button type="button" onClick={() => void load(shown?.query ?? '', hits.length)}>
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
