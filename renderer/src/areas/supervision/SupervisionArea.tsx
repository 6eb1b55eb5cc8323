import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../../shared/ipc/contract';
import type { ErrorCode } from '../../../../shared/ipc/errors';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { useTeamContext } from '../meetings/use-team';
import { GuardedText } from '../meetings/GuardedText';
import { localToday } from '../roster/use-roster';
import { PrivateNotes } from './PrivateNotes';
import { TeamSelect } from '../meetings/TeamSelect';
import { type Message, MessageLine } from '../../app/MessageLine';

type Prepared = { caseId: string; code: string; readable: boolean; unreadableReason: string | null; timeline: { meetingDate: string; notes: string; decisions: string; openActions: string[] }[]; earlierThemes: string[] };
type Session = { id: string; date: string; week: number; form: 'case' | 'process'; status: 'planned' | 'held' };
type Theme = { id: string; name: string };
type ThemeCount = { theme: string; month: string; count: number };

/**
 * The psychologist's supervision: preparation from the cases the team flagged, the session and
 * what is shared back with the team. Others see what the area is for; main checks the role.
 */
export function SupervisionArea({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  if (!account.roles.includes('psychologist')) return <p className="notice">{t('supervision.notPsychologist')}</p>;
  return <Psychologist />;
}

function Psychologist() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const team = useTeamContext();
  const ids = { date: useId(), form: useId(), theme: useId() };
  const [prepared, setPrepared] = useState<Prepared[]>([]);
  const [sessions, setSessions] = useState<Session[]>([]);
  const [themes, setThemes] = useState<Theme[]>([]);
  const [themeYear, setThemeYear] = useState<ThemeCount[]>([]);
  const [notesFor, setNotesFor] = useState<Session | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [form, setForm] = useState({ date: localToday(), form: 'case' as 'case' | 'process', participants: [] as string[] });
  const [current, setCurrent] = useState<Session | null>(null);
  const [newTheme, setNewTheme] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const fail = (code: ErrorCode): void => setMessage({ error: true, text: errorMessage(t, code) });

  const load = useCallback(async () => {
    if (!team.teamId) return;
    const [prep, list, themeList, year] = await Promise.all([
      bridge.invoke('supervision:prepare', { teamId: team.teamId }),
      bridge.invoke('supervision:sessions', { teamId: team.teamId }),
      bridge.invoke('supervision:themes', {}),
      bridge.invoke('supervision:themes-year', { teamId: team.teamId }),
    ]);
    if (prep.ok) setPrepared(prep.value);
    else setMessage({ error: true, text: errorMessage(t, prep.error) });
    if (list.ok) setSessions(list.value);
    if (themeList.ok) setThemes(themeList.value);
    if (year.ok) setThemeYear(year.value);
  }, [bridge, team.teamId, t]);
  useEffect(() => {
    void load();
  }, [load]);
  // Another team: its own sessions, nothing left open from the previous one.
  useEffect(() => {
    setNotesFor(null);
    setCurrent(null);
    setChosen([]);
  }, [team.teamId]);

  const createSession = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await bridge.invoke('supervision:create-session', { teamId: team.teamId, date: form.date, form: form.form, participantMemberIds: form.participants });
    if (!result.ok) return fail(result.error.code);
    if (form.form === 'case') {
      const chose = await bridge.invoke('supervision:choose-cases', { sessionId: result.value.id, caseIds: chosen });
      if (!chose.ok) return fail(chose.error.code);
    }
    const created: Session = { id: result.value.id, date: form.date, week: result.value.week, form: form.form, status: 'planned' };
    setCurrent(created);
    setNotesFor(created);
    setMessage({ error: false, text: t('supervision.created', { week: result.value.week }) });
    await load();
  };

  const move = (caseId: string, by: number): void => {
    const index = chosen.indexOf(caseId);
    const next = [...chosen];
    next.splice(index, 1);
    next.splice(Math.max(0, Math.min(next.length, index + by)), 0, caseId);
    setChosen(next);
  };

  return (
    <>
      <TeamSelect team={team} />
      <MessageLine message={message} testId="supervision-message" />
      <section aria-labelledby="prep-heading">
        <h2 id="prep-heading">{t('supervision.preparation')}</h2>
        {prepared.length === 0 && <p>{t('supervision.nothingFlagged')}</p>}
        <ul className="prepared" data-testid="preparation">
          {prepared.map((c) => (
            <li key={c.caseId}>
              <label className="checkbox">
                <input type="checkbox" disabled={!c.readable} checked={chosen.includes(c.caseId)} onChange={(e) => setChosen(e.target.checked ? [...chosen, c.caseId] : chosen.filter((id) => id !== c.caseId))} />
                <strong>{c.code}</strong>
              </label>{' '}
              {chosen.includes(c.caseId) && (
                <span className="row-actions">
                  <button type="button" aria-label={t('meetings.moveUp', { what: c.code })} onClick={() => move(c.caseId, -1)}>
                    ↑
                  </button>
                  <button type="button" aria-label={t('meetings.moveDown', { what: c.code })} onClick={() => move(c.caseId, 1)}>
                    ↓
                  </button>
                </span>
              )}
              {!c.readable && <span className="help"> ({t(`meetings.unreadable.${c.unreadableReason ?? 'no-consent'}`)})</span>}
              {c.earlierThemes.length > 0 && <p className="help">{t('supervision.earlierThemes', { themes: c.earlierThemes.join(', ') })}</p>}
              <ul>
                {c.timeline.map((entry, index) => (
                  <li key={index}>
                    {entry.meetingDate}: {entry.notes} {entry.decisions && <em>{t('meetings.decisions')}: {entry.decisions}</em>}
                    {entry.openActions.length > 0 && <span> · {t('supervision.openActions', { actions: entry.openActions.join('; ') })}</span>}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
        {chosen.length > 0 && <p className="help">{t('supervision.order', { codes: chosen.map((id) => prepared.find((c) => c.caseId === id)?.code).join(', ') })}</p>}
      </section>

      <form className="form" aria-label={t('supervision.newSession')} onSubmit={(event) => void createSession(event)}>
        <h2>{t('supervision.newSession')}</h2>
        <div className="field">
          <label htmlFor={ids.date}>{t('meetings.date')}</label>
          <input id={ids.date} type="date" required value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.form}>{t('supervision.form')}</label>
          <select id={ids.form} value={form.form} onChange={(e) => setForm({ ...form, form: e.target.value as 'case' | 'process' })}>
            <option value="case">{t('supervision.formCase')}</option>
            <option value="process">{t('supervision.formProcess')}</option>
          </select>
        </div>
        <fieldset>
          <legend>{t('supervision.participants')}</legend>
          {team.members
            .filter((m) => m.activeTo === null)
            .map((m) => (
              <label key={m.id} className="checkbox">
                <input type="checkbox" checked={form.participants.includes(m.id)} onChange={(e) => setForm({ ...form, participants: e.target.checked ? [...form.participants, m.id] : form.participants.filter((id) => id !== m.id) })} />
                {m.displayName}
              </label>
            ))}
        </fieldset>
        <button type="submit">{t('supervision.createSession')}</button>
      </form>

      {current && current.status === 'planned' && (
        <SessionRecords
          session={current}
          codes={current.form === 'case' ? chosen.map((id) => ({ id, code: prepared.find((c) => c.caseId === id)?.code ?? '' })) : []}
          themes={themes}
          extraNames={team.extraNames}
          onDone={async () => {
            setCurrent(null);
            setChosen([]);
            setMessage({ error: false, text: t('supervision.held') });
            await load();
          }}
          onError={fail}
        />
      )}

      <section aria-labelledby="themes-heading">
        <h2 id="themes-heading">{t('supervision.themes')}</h2>
        <p>{themes.map((theme) => theme.name).join(', ') || t('supervision.noThemes')}</p>
        <form
          className="form inline-form"
          aria-label={t('supervision.addTheme')}
          onSubmit={(event) => {
            event.preventDefault();
            void bridge.invoke('supervision:add-theme', { name: newTheme }).then((r) => {
              if (!r.ok) return fail(r.error.code);
              setNewTheme('');
              void load();
            });
          }}
        >
          <div className="field">
            <label htmlFor={ids.theme}>{t('supervision.themeName')}</label>
            <input id={ids.theme} value={newTheme} required maxLength={80} onChange={(e) => setNewTheme(e.target.value)} />
          </div>
          <button type="submit">{t('supervision.addTheme')}</button>
        </form>
      </section>
      {sessions.length > 0 && (
        <section aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">{t('supervision.sessions')}</h2>
          <ul>
            {sessions.map((s) => (
              <li key={s.id}>
                {s.date} (v. {s.week}) – {t(s.form === 'case' ? 'supervision.formCase' : 'supervision.formProcess')}, {t(`supervision.status.${s.status}`)}{' '}
                <button type="button" className="link-button" aria-current={notesFor?.id === s.id ? 'true' : undefined} onClick={() => setNotesFor(s)}>
                  {t('privateNotes.open', { date: s.date })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {notesFor && <PrivateNotes sessionId={notesFor.id} heading={t('privateNotes.heading', { date: notesFor.date, week: notesFor.week })} extraNames={team.extraNames} />}
      <ThemesOverYear counts={themeYear} />
    </>
  );
}

/** Themes over the past twelve months: a row per theme, a column per month, counts of cases. */
function ThemesOverYear({ counts }: { counts: readonly ThemeCount[] }) {
  const { t } = useTranslation();
  const months = [...new Set(counts.map((c) => c.month))].sort();
  const themes = [...new Set(counts.map((c) => c.theme))].sort((a, b) => a.localeCompare(b, 'sv'));
  const count = (theme: string, month: string): number => counts.find((c) => c.theme === theme && c.month === month)?.count ?? 0;
  return (
    <section aria-labelledby="themes-year-heading">
      <h2 id="themes-year-heading">{t('supervision.themesYear')}</h2>
      {themes.length === 0 ? (
        <p>{t('supervision.themesYearEmpty')}</p>
      ) : (
        <table className="data-table" data-testid="themes-year">
          <caption className="help">{t('supervision.themesYearCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('supervision.themeName')}</th>
              {months.map((month) => (
                <th key={month} scope="col">
                  {month}
                </th>
              ))}
              <th scope="col">{t('supervision.total')}</th>
            </tr>
          </thead>
          <tbody>
            {themes.map((theme) => (
              <tr key={theme}>
                <th scope="row">{theme}</th>
                {months.map((month) => (
                  <td key={month}>{count(theme, month) || ''}</td>
                ))}
                <td>{months.reduce((sum, month) => sum + count(theme, month), 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** What the psychologist shares with the team: per chosen case, or once for a process session. */
function SessionRecords({
  session,
  codes,
  themes,
  extraNames,
  onDone,
  onError,
}: {
  session: Session;
  codes: { id: string; code: string }[];
  themes: Theme[];
  extraNames: readonly string[];
  onDone: () => Promise<void>;
  onError: (code: ErrorCode) => void;
}) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const targets = session.form === 'case' ? codes : [{ id: '', code: t('supervision.wholeSession') }];
  const [records, setRecords] = useState<Record<string, { summary: string; approach: string; actions: string; themes: string[] }>>({});
  const get = (id: string) => records[id] ?? { summary: '', approach: '', actions: '', themes: [] };
  const set = (id: string, patch: Partial<ReturnType<typeof get>>): void => setRecords({ ...records, [id]: { ...get(id), ...patch } });

  const finish = async (): Promise<void> => {
    for (const target of targets) {
      const record = get(target.id);
      const caseId = session.form === 'case' ? target.id : null;
      if (caseId && record.themes.length > 0) {
        const tagged = await bridge.invoke('supervision:tag-case', { sessionId: session.id, caseId, themeIds: record.themes });
        if (!tagged.ok) return onError(tagged.error.code);
      }
      if (record.summary.trim()) {
        const shared = await bridge.invoke('supervision:share-record', { sessionId: session.id, caseId, summary: record.summary, approach: record.approach, actions: record.actions.split('\n').map((a) => a.trim()).filter(Boolean) });
        if (!shared.ok) return onError(shared.error.code);
      }
    }
    const held = await bridge.invoke('supervision:hold-session', { sessionId: session.id });
    if (!held.ok) return onError(held.error.code);
    await onDone();
  };

  return (
    <section aria-labelledby="session-heading" className="notice editor" data-testid="session-records">
      <h2 id="session-heading">{t('supervision.sessionHeading', { date: session.date, week: session.week })}</h2>
      <p>{t('supervision.sharedHelp')}</p>
      {targets.map((target) => (
        <fieldset key={target.id || 'process'}>
          <legend>{target.code}</legend>
          {session.form === 'case' && themes.length > 0 && (
            <div role="group" aria-label={t('supervision.themesFor', { code: target.code })}>
              {themes.map((theme) => (
                <label key={theme.id} className="checkbox">
                  <input type="checkbox" checked={get(target.id).themes.includes(theme.id)} onChange={(e) => set(target.id, { themes: e.target.checked ? [...get(target.id).themes, theme.id] : get(target.id).themes.filter((id) => id !== theme.id) })} />
                  {theme.name}
                </label>
              ))}
            </div>
          )}
          <GuardedText label={t('supervision.summary', { code: target.code })} rows={3} extraNames={extraNames} value={get(target.id).summary} onChange={(summary) => set(target.id, { summary })} />
          <GuardedText label={t('supervision.approach', { code: target.code })} rows={2} extraNames={extraNames} value={get(target.id).approach} onChange={(approach) => set(target.id, { approach })} />
          <GuardedText label={t('supervision.actions', { code: target.code })} rows={2} extraNames={extraNames} value={get(target.id).actions} onChange={(actions) => set(target.id, { actions })} />
        </fieldset>
      ))}
      <button type="button" onClick={() => void finish()}>
        {t('supervision.hold')}
      </button>
    </section>
  );
}
