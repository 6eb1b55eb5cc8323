import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingSummary } from '../../../../shared/meetings/model';
import { useBridge } from '../../ipc/bridge-context';
import { NoTeamNotice } from '../../app/EmptyStates';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { Tab, TabList, TabPanel, Tabs } from '../../ui/Tabs';
import { Toast } from '../../ui/Toast';
import { useInvoke } from '../../ui/use-invoke';
import { localToday } from '../roster/use-roster';
import { CasesPanel } from './CasesPanel';
import { DecisionLog } from './DecisionLog';
import { ConsentOverviewPanel } from './ConsentOverview';
import { MeetingPage } from './MeetingPage';
import { SearchPanel } from './SearchPanel';
import { useTeamContext } from './use-team';
import { TeamLoadError, TeamSelect } from './TeamSelect';
import { meetingDefaults } from './meeting-defaults';

const VIEWS = ['meetings', 'cases', 'search'] as const;
type View = (typeof VIEWS)[number];

const NO_MEETINGS: readonly MeetingSummary[] = [];

/** The chair's tool: the team's meetings, its cases, and search across what the reader may read. */
export function MeetingsArea() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const team = useTeamContext();
  const [view, setView] = useState<View>('meetings');
  const [openMeeting, setOpenMeeting] = useState<{ id: string; item: string | null } | null>(null);
  /** The team's decision log, shown under its meetings when asked for. */
  const [showDecisions, setShowDecisions] = useState(false);
  // A case opened from the consent overview on the start view: the cases view opens with it.
  const [caseToOpen, setCaseToOpen] = useState<{ id: string; round: number } | null>(null);
  const openFromOverview = (caseId: string): void => setCaseToOpen((old) => ({ id: caseId, round: (old?.round ?? 0) + 1 }));
  // The overview is read again after a change in an opened case (a form back, a withdrawal).
  const [consentChanges, setConsentChanges] = useState(0);
  // What the chair changed in the new-meeting form; the rest follows the team's meeting day and roles.
  const [form, setForm] = useState<{ date?: string; time?: string; chairMemberId?: string; noteTakerMemberId?: string }>({});
  const currentTeam = team.teams.find((candidate) => candidate.id === team.teamId);
  const defaults = meetingDefaults(currentTeam, team.members, localToday());
  const chosen = { ...defaults, ...form };
  useEffect(() => setForm({}), [team.teamId]);

  // The team's meetings, held with the team they belong to: after a switch, the previous team's
  // list is not shown, and its answer arriving late is dropped (the latest call wins).
  const { invoke: invokeList, error: listError } = useInvoke();
  const [list, setList] = useState<{ teamId: string; meetings: readonly MeetingSummary[] }>({ teamId: '', meetings: NO_MEETINGS });
  const { teamId } = team;
  const load = useCallback(async () => {
    if (!teamId) return;
    const result = await invokeList('meetings:list', { teamId });
    if (result?.ok) setList({ teamId, meetings: result.value });
  }, [invokeList, teamId]);
  useEffect(() => {
    void load();
  }, [load]);
  const meetings = list.teamId === teamId ? list.meetings : NO_MEETINGS;

  // Unlocking returns to where the author was typing.
  useEffect(() => {
    let current = true;
    void bridge.invoke('meetings:resume', {}).then((result) => {
      if (current && result.ok && result.value) setOpenMeeting({ id: result.value.meetingId, item: result.value.agendaItemId });
    });
    return () => {
      current = false;
    };
  }, [bridge]);

  const creating = useInvoke();
  const create = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await creating.invoke('meetings:create', { teamId, date: chosen.date, time: chosen.time, chairMemberId: chosen.chairMemberId || null, noteTakerMemberId: chosen.noteTakerMemberId || null });
    if (!result?.ok) return;
    setForm({});
    setOpenMeeting({ id: result.value.id, item: null });
  };

  // Teams and roles could not be read: say so, and how to try again — never "you are in no team".
  if (team.error && !team.roles) return <TeamLoadError team={team} />;
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
  const memberOptions = team.members.filter((m) => m.activeTo === null).map((m) => ({ value: m.id, label: m.displayName }));
  return (
    <>
      {team.error && <TeamLoadError team={team} />}
      <div className="toolbar form inline-form">
        <TeamSelect team={team} />
      </div>
      <div className="meeting-page">
        <Tabs selected={view} onSelect={setView}>
          <TabList label={t('meetings.views')}>
            {VIEWS.map((name) => (
              <Tab key={name} id={name}>
                {t(`meetings.tab.${name}`)}
              </Tab>
            ))}
          </TabList>
          <TabPanel id="meetings">
            <ConsentOverviewPanel
              teamId={teamId}
              refresh={consentChanges}
              onOpenCase={(caseId) => {
                openFromOverview(caseId);
                setView('cases');
              }}
            />
            {listError && (
              <p role="alert" className="error">
                {listError}
              </p>
            )}
            {team.canEdit && (
              <form className="form inline-form" aria-label={t('meetings.newMeeting')} onSubmit={(event) => void create(event)}>
                <Field label={t('meetings.date')} type="date" required value={chosen.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
                <Field label={t('meetings.time')} type="time" required value={chosen.time} onChange={(e) => setForm({ ...form, time: e.target.value })} />
                <SelectField label={t('meetings.chair')} value={chosen.chairMemberId} onChange={(chairMemberId) => setForm({ ...form, chairMemberId })} placeholder={t('meetings.choose')} options={memberOptions} />
                <SelectField label={t('meetings.noteTaker')} value={chosen.noteTakerMemberId} onChange={(noteTakerMemberId) => setForm({ ...form, noteTakerMemberId })} placeholder={t('meetings.choose')} options={memberOptions} />
                <button type="submit" disabled={creating.busy}>
                  {t('meetings.newMeeting')}
                </button>
                <Toast message={creating.error ? { error: true, text: creating.error } : null} testId="new-meeting-message" />
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
                    <td>{m.waitingFor ? t('meetings.waitingFor', { name: m.waitingFor }) : t(`meetings.meetingStatus.${m.status}`)}</td>
                    <td>
                      <button type="button" onClick={() => setOpenMeeting({ id: m.id, item: null })}>
                        {t('meetings.openMeeting', { date: m.date })}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="action-line">
              <button type="button" aria-expanded={showDecisions} onClick={() => setShowDecisions(!showDecisions)}>
                {t('meetings.showDecisionLog')}
              </button>
            </div>
            {showDecisions && teamId && <DecisionLog key={teamId} teamId={teamId} onOpen={(meetingId) => setOpenMeeting({ id: meetingId, item: null })} />}
          </TabPanel>
          <TabPanel id="cases">
            <ConsentOverviewPanel teamId={teamId} refresh={consentChanges} onOpenCase={openFromOverview} />
            <CasesPanel key={teamId} team={team} openCase={caseToOpen} onConsentsChanged={() => setConsentChanges((n) => n + 1)} />
          </TabPanel>
          <TabPanel id="search">
            <SearchPanel teamId={teamId} onOpen={(meetingId) => setOpenMeeting({ id: meetingId, item: null })} />
          </TabPanel>
        </Tabs>
      </div>
    </>
  );
}
