import { type FormEvent, type KeyboardEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingSummary } from '../../../../shared/meetings/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { NoTeamNotice } from '../../app/EmptyStates';
import { localToday } from '../roster/use-roster';
import { CasesPanel } from './CasesPanel';
import { MeetingPage } from './MeetingPage';
import { SearchPanel } from './SearchPanel';
import { useTeamContext } from './use-team';
import { TeamSelect } from './TeamSelect';
import { meetingDefaults } from './meeting-defaults';

const TABS = ['meetings', 'cases', 'search'] as const;
type Tab = (typeof TABS)[number];

/** The chair's tool: the team's meetings, its cases, and search across what the reader may read. */
export function MeetingsArea() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const team = useTeamContext();
  const ids = { date: useId(), time: useId(), chair: useId(), notes: useId() };
  const [tab, setTab] = useState<Tab>('meetings');
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const [meetings, setMeetings] = useState<MeetingSummary[]>([]);
  const [openMeeting, setOpenMeeting] = useState<{ id: string; item: string | null } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // What the chair changed in the new-meeting form; the rest follows the team's meeting day and roles.
  const [form, setForm] = useState<{ date?: string; time?: string; chairMemberId?: string; noteTakerMemberId?: string }>({});
  const currentTeam = team.teams.find((candidate) => candidate.id === team.teamId);
  const defaults = meetingDefaults(currentTeam, team.members, localToday());
  const chosen = { ...defaults, ...form };
  useEffect(() => setForm({}), [team.teamId]);

  const load = useCallback(async () => {
    if (!team.teamId) return;
    const result = await bridge.invoke('meetings:list', { teamId: team.teamId });
    if (result.ok) setMeetings(result.value);
    else setMessage(errorMessage(t, result.error));
  }, [bridge, team.teamId, t]);
  useEffect(() => {
    void load();
  }, [load]);

  // Unlocking returns to where the author was typing.
  useEffect(() => {
    void bridge.invoke('meetings:resume', {}).then((result) => {
      if (result.ok && result.value) setOpenMeeting({ id: result.value.meetingId, item: result.value.agendaItemId });
    });
  }, [bridge]);

  const create = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await bridge.invoke('meetings:create', { teamId: team.teamId, date: chosen.date, time: chosen.time, chairMemberId: chosen.chairMemberId || null, noteTakerMemberId: chosen.noteTakerMemberId || null });
    if (!result.ok) return setMessage(errorMessage(t, result.error));
    setForm({});
    setOpenMeeting({ id: result.value.id, item: null });
  };
  // The WAI-ARIA tabs pattern: arrow keys move between the views, Home/End to the first and last.
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = TABS.indexOf(tab);
    const next =
      event.key === 'ArrowRight' ? TABS[(index + 1) % TABS.length] : event.key === 'ArrowLeft' ? TABS[(index + TABS.length - 1) % TABS.length] : event.key === 'Home' ? TABS[0] : event.key === 'End' ? TABS[TABS.length - 1] : undefined;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  if (team.roles && team.teams.length === 0) return <NoTeamNotice isAdmin={team.roles.isAdmin} />;
  if (openMeeting) {
    return (
      <MeetingPage
        key={openMeeting.id}
        meetingId={openMeeting.id}
        team={team}
        resumeItemId={openMeeting.item}
        onBack={() => {
          setOpenMeeting(null);
          void load();
        }}
      />
    );
  }
  const members = team.members.filter((m) => m.activeTo === null);
  return (
    <>
      <div className="toolbar form inline-form">
        <TeamSelect team={team} />
      </div>
      <div role="tablist" aria-label={t('meetings.views')} className="tabs" onKeyDown={onTabKey}>
        {TABS.map((name) => (
          <button
            key={name}
            ref={(element) => {
              tabRefs.current[name] = element;
            }}
            type="button"
            role="tab"
            id={`meetings-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`meetings-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
          >
            {t(`meetings.tab.${name}`)}
          </button>
        ))}
      </div>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <div role="tabpanel" id={`meetings-panel-${tab}`} aria-labelledby={`meetings-tab-${tab}`} className="tab-panel meeting-page">
      {tab === 'cases' && <CasesPanel team={team} />}
      {tab === 'search' && <SearchPanel teamId={team.teamId} onOpen={(meetingId) => setOpenMeeting({ id: meetingId, item: null })} />}
      {tab === 'meetings' && (
        <>
          {team.canEdit && (
            <form className="form inline-form" aria-label={t('meetings.newMeeting')} onSubmit={(event) => void create(event)}>
              <div className="field">
                <label htmlFor={ids.date}>{t('meetings.date')}</label>
                <input id={ids.date} type="date" required value={chosen.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={ids.time}>{t('meetings.time')}</label>
                <input id={ids.time} type="time" required value={chosen.time} onChange={(e) => setForm({ ...form, time: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={ids.chair}>{t('meetings.chair')}</label>
                <select id={ids.chair} value={chosen.chairMemberId} onChange={(e) => setForm({ ...form, chairMemberId: e.target.value })}>
                  <option value="">{t('meetings.choose')}</option>
                  {members.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.displayName}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={ids.notes}>{t('meetings.noteTaker')}</label>
                <select id={ids.notes} value={chosen.noteTakerMemberId} onChange={(e) => setForm({ ...form, noteTakerMemberId: e.target.value })}>
                  <option value="">{t('meetings.choose')}</option>
                  {members.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.displayName}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit">{t('meetings.newMeeting')}</button>
              <p className="help" data-testid="meeting-day">
                {currentTeam?.meetingWeekday ? t('meetings.teamMeets', { weekday: t(`roster.weekday.${currentTeam.meetingWeekday}`), time: currentTeam.meetingTime ?? defaults.time }) : t('meetings.noMeetingDay')}
              </p>
            </form>
          )}
          <table className="checks" data-testid="meetings-table">
            <thead>
              <tr>
                <th scope="col">{t('meetings.date')}</th>
                <th scope="col">{t('meetings.week')}</th>
                <th scope="col">{t('meetings.items')}</th>
                <th scope="col">{t('roster.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('roster.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {meetings.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    {m.date} {m.time}
                  </th>
                  <td>v. {m.week}</td>
                  <td>{m.items}</td>
                  <td>{t(`meetings.meetingStatus.${m.status}`)}</td>
                  <td>
                    <button type="button" onClick={() => setOpenMeeting({ id: m.id, item: null })}>
                      {t('meetings.openMeeting', { date: m.date })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      </div>
    </>
  );
}
