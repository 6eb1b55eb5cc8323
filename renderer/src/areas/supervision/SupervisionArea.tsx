import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../../shared/ipc/contract';
import type { ErrorCode } from '../../../../shared/ipc/errors';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { type TeamContext, useTeamContext } from '../meetings/use-team';
import { workingDayOnOrAfter } from '../../../../shared/time/working-day';
import { localToday } from '../roster/use-roster';
import { TeamLoadError, TeamSelect } from '../meetings/TeamSelect';
import { NoTeamNotice } from '../../app/EmptyStates';
import { type Message, MessageLine } from '../../app/MessageLine';
import { EmptyState } from '../../ui/EmptyState';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { SessionPage, type SessionFocus } from './SessionPage';
import { ChosenCaseRow, type Prepared, type Session, type Theme } from './types';

type ThemeCount = { theme: string; month: string; count: number };

/**
 * The psychologist's supervision: the team's sessions to pick from, each opening to its
 * preparation, the record shared with the team and her private notes; a new session from the cases
 * the team flagged. Others see what the area is for; main checks the role.
 */
export function SupervisionArea({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  if (!account.roles.includes('psychologist')) return <p className="notice">{t('supervision.notPsychologist')}</p>;
  return <Psychologist />;
}

/**
 * What the page shows under the session list: nothing chosen, the new-session form, or one session.
 * `focus` on the form counts her requests to go there ("Nytt tillfälle", "Planera ett tillfälle"):
 * 0 when it simply opened by itself, each press a new number so a second press moves focus again.
 */
type View = { kind: 'none' } | { kind: 'new'; focus: number } | { kind: 'session'; id: string; focus: SessionFocus };

/** The session opened first: the earliest planned one (the one to prepare or complete), if any. */
function firstPlanned(sessions: readonly Session[]): Session | undefined {
  return [...sessions].filter((s) => s.status === 'planned').sort((a, b) => a.date.localeCompare(b.date))[0];
}

function Psychologist() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const team = useTeamContext();
  const [prepared, setPrepared] = useState<Prepared[]>([]);
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [themes, setThemes] = useState<Theme[]>([]);
  const [themeYear, setThemeYear] = useState<ThemeCount[]>([]);
  const [view, setView] = useState<View>({ kind: 'none' });
  const [newTheme, setNewTheme] = useState('');
  const [message, setMessage] = useState<Message>(null);
  /** Why the team's data could not be read (its own line: an action's message does not hide it). */
  const [loadError, setLoadError] = useState<string | null>(null);
  const focusRequests = useRef(0);
  const planSession = (): void => {
    focusRequests.current += 1;
    setView({ kind: 'new', focus: focusRequests.current });
  };
  const fail = (code: ErrorCode): void => setMessage({ error: true, text: errorMessage(t, code) });

  // With several teams, she starts on the one whose session waits for her (once; her own choice after).
  const landed = useRef(false);
  // Her own choice of team wins over the landing, even when the landing's answer comes after it.
  const chosenByHer = useRef(false);
  const { teams, setTeamId } = team;
  useEffect(() => {
    if (landed.current || teams.length < 2) return;
    landed.current = true;
    let current = true;
    void Promise.all(teams.map((item) => bridge.invoke('supervision:sessions', { teamId: item.id }))).then((answers) => {
      const waiting = answers.map((answer, index) => (answer.ok && answer.value.some((s) => s.status === 'planned') ? teams[index]?.id : undefined)).find((id) => id !== undefined);
      if (current && waiting && !chosenByHer.current) setTeamId(waiting);
    });
    return () => {
      current = false;
    };
  }, [bridge, teams, setTeamId]);

  // The team's data is fetched again on every change (another team, a session created or held):
  // only the latest fetch is shown — an answer for a team she has left, or one overtaken by a newer
  // fetch, is dropped.
  const latestLoad = useRef(0);
  const load = useCallback(
    async (teamId: string): Promise<Session[] | null> => {
      latestLoad.current += 1;
      const call = latestLoad.current;
      const [prep, list, themeList, year] = await Promise.all([
        bridge.invoke('supervision:prepare', { teamId }),
        bridge.invoke('supervision:sessions', { teamId }),
        bridge.invoke('supervision:themes', {}),
        bridge.invoke('supervision:themes-year', { teamId }),
      ]);
      if (call !== latestLoad.current) return null;
      // A failed read shows nothing, never what an earlier read (another team's) left behind.
      setPrepared(prep.ok ? prep.value : []);
      setThemeYear(year.ok ? year.value : []);
      if (themeList.ok) setThemes(themeList.value);
      const failed = [list, prep, year, themeList].find((answer) => !answer.ok);
      setLoadError(failed && !failed.ok ? errorMessage(t, failed.error) : null);
      // Sessions that could not be read are not "no sessions": no empty state, no new-session form.
      if (!list.ok) {
        setSessions(null);
        return null;
      }
      setSessions(list.value);
      return list.value;
    },
    [bridge, t],
  );
  const refresh = async (): Promise<void> => {
    if (team.teamId) await load(team.teamId);
  };
  // Another team: its own sessions; the one waiting for her opens, nothing left open from the previous team.
  useEffect(() => {
    if (!team.teamId) return;
    // Nothing of the team she leaves stays on screen while the next one's answer is on its way.
    setSessions(null);
    setPrepared([]);
    setThemeYear([]);
    setMessage(null);
    setLoadError(null);
    setView({ kind: 'none' });
    void load(team.teamId).then((list) => {
      if (!list) return;
      const waiting = firstPlanned(list);
      setView(waiting ? { kind: 'session', id: waiting.id, focus: 'none' } : list.length === 0 ? { kind: 'new', focus: 0 } : { kind: 'none' });
    });
    return () => {
      // Whatever is in flight for the team she leaves is stale.
      latestLoad.current += 1;
    };
  }, [team.teamId, load]);

  if (team.error && !team.roles) return <TeamLoadError team={team} />;
  if (team.roles && team.teams.length === 0) return <NoTeamNotice isAdmin={team.roles.isAdmin} />;
  return (
    <>
      <TeamSelect
        team={{
          ...team,
          setTeamId: (teamId) => {
            chosenByHer.current = true;
            team.setTeamId(teamId);
          },
        }}
      />
      <MessageLine message={loadError ? { error: true, text: loadError } : null} testId="supervision-load-error" />
      <MessageLine message={message} testId="supervision-message" />
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('supervision.sessions')}</h2>
        {sessions !== null && sessions.length === 0 && <EmptyState message={t('supervision.noSessions')} action={{ label: t('supervision.planSession'), onPress: planSession }} testId="sessions-empty" />}
        {sessions !== null && sessions.length > 0 && (
          <ul className="session-list" data-testid="session-list">
            {sessions.map((s) => (
              <li key={s.id} aria-current={view.kind === 'session' && view.id === s.id ? 'true' : undefined}>
                <button type="button" className="link-button" onClick={() => setView({ kind: 'session', id: s.id, focus: 'top' })}>
                  {t('supervision.openSession', { date: s.date, week: s.week })}
                </button>{' '}
                {t(s.form === 'case' ? 'supervision.formCase' : 'supervision.formProcess')}, {t(`supervision.status.${s.status}`)}{' '}
                <button type="button" className="link-button" onClick={() => setView({ kind: 'session', id: s.id, focus: 'notes' })}>
                  {t('privateNotes.open', { date: s.date })}
                </button>
              </li>
            ))}
          </ul>
        )}
        {view.kind !== 'new' && sessions !== null && sessions.length > 0 && (
          <button type="button" onClick={planSession}>
            {t('supervision.newSessionButton')}
          </button>
        )}
      </section>

      {view.kind === 'new' && (
        <NewSession
          team={team}
          focusRequest={view.focus}
          prepared={prepared}
          onCreated={async (id, week, choiceRefused) => {
            setView({ kind: 'session', id, focus: 'top' });
            // The creation, or (it exists all the same) why its cases were not chosen.
            setMessage(
              choiceRefused
                ? { error: true, text: t('supervision.createdWithoutCases', { week, cause: errorMessage(t, choiceRefused) }) }
                : { error: false, text: t('supervision.created', { week }) },
            );
            await refresh();
          }}
          onError={fail}
        />
      )}
      {view.kind === 'session' && (
        <SessionPage
          key={view.id}
          sessionId={view.id}
          focus={view.focus}
          prepared={prepared}
          themes={themes}
          extraNames={team.extraNames}
          onChanged={async (text) => {
            setMessage({ error: false, text });
            await refresh();
          }}
        />
      )}

      <section aria-labelledby="themes-heading">
        <h2 id="themes-heading">{t('supervision.themes')}</h2>
        <p data-testid="theme-names">{themes.map((theme) => theme.name).join(', ') || t('supervision.noThemes')}</p>
        <form
          className="form inline-form"
          aria-label={t('supervision.addTheme')}
          onSubmit={(event) => {
            event.preventDefault();
            void bridge.invoke('supervision:add-theme', { name: newTheme }).then((r) => {
              if (!r.ok) return fail(r.error.code);
              setNewTheme('');
              void refresh();
            });
          }}
        >
          <Field label={t('supervision.themeName')} value={newTheme} required maxLength={80} onChange={(e) => setNewTheme(e.target.value)} />
          <button type="submit">{t('supervision.addTheme')}</button>
        </form>
      </section>
      <ThemesOverYear counts={themeYear} />
    </>
  );
}

/** A new session: its date, form and participants, and (case supervision) the flagged cases in order. */
function NewSession({
  team,
  focusRequest,
  prepared,
  onCreated,
  onError,
}: {
  team: TeamContext;
  focusRequest: number;
  prepared: readonly Prepared[];
  onCreated: (id: string, week: number, choiceRefused: ErrorCode | null) => Promise<void>;
  onError: (code: ErrorCode) => void;
}) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [chosen, setChosen] = useState<string[]>([]);
  // Planned "today" on a Saturday or Sunday: the Monday after (a session is held on a working day).
  const [form, setForm] = useState({ date: workingDayOnOrAfter(localToday()), form: 'case' as 'case' | 'process', participants: [] as string[] });
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Asked for (a button): focus goes to the form's heading (not when it is simply the first thing shown).
  useEffect(() => {
    if (focusRequest === 0) return;
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  }, [focusRequest]);

  const createSession = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const result = await bridge.invoke('supervision:create-session', { teamId: team.teamId, date: form.date, form: form.form, participantMemberIds: form.participants });
      if (!result.ok) return onError(result.error.code);
      // The session exists now: it opens whatever happens to the case choice, so a second click
      // never makes a second session. A refused choice is said on the session's page.
      let choiceRefused: ErrorCode | null = null;
      if (form.form === 'case' && chosen.length > 0) {
        const chose = await bridge.invoke('supervision:choose-cases', { sessionId: result.value.id, caseIds: chosen });
        if (!chose.ok) choiceRefused = chose.error.code;
      }
      await onCreated(result.value.id, result.value.week, choiceRefused);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="form" aria-label={t('supervision.newSession')} onSubmit={(event) => void createSession(event)}>
      <h2 ref={heading} tabIndex={-1}>
        {t('supervision.newSession')}
      </h2>
      <section aria-labelledby="prep-heading">
        <h3 id="prep-heading">{t('supervision.preparation')}</h3>
        {prepared.length === 0 && (
          <EmptyState
            message={t('supervision.nothingFlagged')}
            testId="preparation-empty"
            action={
              form.form === 'case'
                ? {
                    label: t('supervision.planProcessInstead'),
                    onPress: () => {
                      setForm({ ...form, form: 'process' });
                      // The form's only select: where she sees the choice change.
                      formRef.current?.querySelector('select')?.focus();
                    },
                  }
                : undefined
            }
          />
        )}
        <ul className="prepared" data-testid="preparation">
          {prepared.map((c) => (
            <ChosenCaseRow key={c.caseId} prepared={c} chosen={chosen} onChosen={setChosen} />
          ))}
        </ul>
        {chosen.length > 0 && <p className="help">{t('supervision.order', { codes: chosen.map((id) => prepared.find((c) => c.caseId === id)?.code).join(', ') })}</p>}
      </section>
      <Field label={t('meetings.date')} type="date" required value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} help={form.date > localToday() ? t('supervision.dateAhead') : undefined} />
      <SelectField
        label={t('supervision.form')}
        value={form.form}
        onChange={(value) => setForm({ ...form, form: value === 'process' ? 'process' : 'case' })}
        options={[
          { value: 'case', label: t('supervision.formCase') },
          { value: 'process', label: t('supervision.formProcess') },
        ]}
      />
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
      <button type="submit" disabled={busy}>
        {t('supervision.createSession')}
      </button>
    </form>
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
