import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team, TeamHistoryRow } from '../../../../shared/roster/model';
import { errorMessage } from '../../errors/messages';
import { EmptyState } from '../../ui/EmptyState';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { TextArea } from '../../ui/TextArea';
import { type Message, Toast } from '../../ui/Toast';
import { useInvoke, useWrites } from '../../ui/use-invoke';
import type { RosterBasics } from './use-roster';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The teams: details (meeting day, time, room), archiving, and each team's history of places. */
export function TeamsView({ basics }: { basics: RosterBasics }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [historyOf, setHistoryOf] = useState<Team | null>(null);
  return (
    <>
      {basics.roles.isAdmin && (
        <div className="toolbar">
          <button type="button" onClick={() => setEditing('new')}>
            {t('roster.addTeam')}
          </button>
        </div>
      )}
      {editing && <TeamEditor key={editing === 'new' ? 'new' : editing.id} team={editing === 'new' ? null : editing} basics={basics} onClose={() => setEditing(null)} />}
      {basics.teams.length === 0 && !basics.error && !editing && (
        <EmptyState
          testId="no-teams"
          message={t(basics.roles.isAdmin ? 'roster.noTeams' : 'roster.noTeamsAsk')}
          action={basics.roles.isAdmin ? { label: t('roster.addTeamFirst'), onPress: () => setEditing('new') } : undefined}
        />
      )}
      <div className="table-scroll" role="region" aria-label={t('roster.tab.teams')} tabIndex={0}>
        <table className="checks" data-testid="teams-table">
          <thead>
            <tr>
              <th scope="col">{t('roster.col.team')}</th>
              <th scope="col">{t('roster.meeting')}</th>
              <th scope="col">{t('roster.room')}</th>
              <th scope="col">{t('roster.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('roster.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {basics.teams.map((team) => (
              <tr key={team.id}>
                <th scope="row">{team.name}</th>
                <td>{team.meetingWeekday ? `${t(`roster.weekday.${team.meetingWeekday}`)} ${team.meetingTime ?? ''}` : ''}</td>
                <td>{team.meetingRoom}</td>
                <td>{team.archived ? t('roster.archived') : t('roster.active')}</td>
                <td className="row-actions">
                  <button type="button" onClick={() => setHistoryOf(team)}>
                    {t('roster.historyOf', { team: team.name })}
                  </button>
                  {basics.manages(team.id) && (
                    <button type="button" onClick={() => setEditing(team)}>
                      {t('roster.editTeam', { team: team.name })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {historyOf && <TeamHistory key={historyOf.id} team={historyOf} />}
    </>
  );
}

function TeamEditor({ team, basics, onClose }: { team: Team | null; basics: RosterBasics; onClose: () => void }) {
  const { t } = useTranslation();
  // Save and archive each their own line: a refused save is not hidden by an archive answered after it.
  const writes = useWrites<'save' | 'archive'>();
  const [form, setForm] = useState({
    name: team?.name ?? '',
    description: team?.description ?? '',
    meetingWeekday: team?.meetingWeekday ?? null,
    meetingTime: team?.meetingTime ?? '',
    meetingRoom: team?.meetingRoom ?? '',
  });
  const [messages, setMessages] = useState<{ save?: Message; archive?: Message }>({});
  // A refusal stays in view until its own action succeeds; otherwise the latest answer.
  const [lastAction, setLastAction] = useState<'save' | 'archive'>('save');
  const message = messages.save?.error ? messages.save : messages.archive?.error ? messages.archive : (messages[lastAction] ?? null);
  const setMessage = (action: 'save' | 'archive', next: Message): void => {
    setLastAction(action);
    setMessages((old) => ({ ...old, [action]: next }));
  };
  // Once a new team is saved, saving again changes it: a second click never makes a second team.
  const [savedId, setSavedId] = useState<string | null>(team?.id ?? null);

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!savedId && writes.busy('save')) return;
    const result = await writes.write('save', 'roster:save-team', { ...form, meetingTime: form.meetingTime || null, ...(savedId ? { id: savedId } : {}) });
    if (!result) return;
    if (!result.ok) return setMessage('save', { error: true, text: errorMessage(t, result.error) });
    setSavedId(result.value.id);
    setMessage('save', { error: false, text: t('roster.saved', { name: result.value.name }) });
    await basics.reload();
  };
  const archive = async (archived: boolean): Promise<void> => {
    if (!team) return;
    const result = await writes.write('archive', 'roster:archive-team', { teamId: team.id, archived });
    if (!result) return;
    if (!result.ok) return setMessage('archive', { error: true, text: errorMessage(t, result.error) });
    setMessage('archive', { error: false, text: t(archived ? 'roster.teamArchived' : 'roster.teamRestored', { name: team.name }) });
    await basics.reload();
  };

  return (
    <section className="notice editor" aria-labelledby="team-editor-heading" data-testid="team-editor">
      <h2 id="team-editor-heading">{team ? team.name : t('roster.addTeam')}</h2>
      <form className="form" onSubmit={(event) => void save(event)}>
        {/* A new team's form opens with the focus on its first field. */}
        <Field label={t('roster.teamName')} value={form.name} required maxLength={120} autoFocus={!team} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        <TextArea label={t('roster.description')} value={form.description} maxLength={2000} maxRows={8} onChange={(description) => setForm({ ...form, description })} />
        <SelectField
          label={t('roster.weekdayLabel')}
          help={t('roster.weekdayHelp')}
          value={form.meetingWeekday === null ? '' : String(form.meetingWeekday)}
          onChange={(day) => setForm({ ...form, meetingWeekday: day ? Number(day) : null })}
          placeholder={t('roster.noWeekday')}
          options={WEEKDAYS.map((day) => ({ value: String(day), label: t(`roster.weekday.${day}`) }))}
        />
        <Field label={t('roster.time')} type="time" value={form.meetingTime} onChange={(e) => setForm({ ...form, meetingTime: e.target.value })} />
        <Field label={t('roster.room')} value={form.meetingRoom} maxLength={120} onChange={(e) => setForm({ ...form, meetingRoom: e.target.value })} />
        <div className="row-actions action-row">
          <button type="submit">{t('roster.save')}</button>
          {team && basics.roles.isAdmin && (
            <button type="button" onClick={() => void archive(!team.archived)}>
              {t(team.archived ? 'roster.restoreTeam' : 'roster.archiveTeam')}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {t('roster.close')}
          </button>
          <Toast message={message} testId="team-message" />
        </div>
      </form>
    </section>
  );
}

/** Everyone who ever held a place in the team, with role and dates: people who left stay here. */
function TeamHistory({ team }: { team: Team }) {
  const { t } = useTranslation();
  // A late answer for a team no longer shown is dropped (the latest call wins).
  const { invoke, error } = useInvoke();
  const [rows, setRows] = useState<TeamHistoryRow[] | null>(null);
  useEffect(() => {
    setRows(null);
    void invoke('roster:team-history', { teamId: team.id }).then((result) => {
      if (result?.ok) setRows(result.value);
    });
  }, [invoke, team.id]);
  return (
    <section aria-labelledby="team-history-heading">
      <h2 id="team-history-heading">{t('roster.historyHeading', { team: team.name })}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {rows?.length === 0 && <EmptyState testId="no-history" message={t('roster.noHistory', { team: team.name })} />}
      <table className="checks" data-testid="team-history">
        <thead>
          <tr>
            <th scope="col">{t('roster.col.name')}</th>
            <th scope="col">{t('roster.col.organisation')}</th>
            <th scope="col">{t('roster.col.role')}</th>
            <th scope="col">{t('roster.col.from')}</th>
            <th scope="col">{t('roster.col.to')}</th>
            <th scope="col">{t('roster.status')}</th>
          </tr>
        </thead>
        <tbody>
          {(rows ?? []).map((row, index) => (
            <tr key={`${row.memberId}:${row.activeFrom}:${index}`}>
              <th scope="row">{row.displayName}</th>
              <td>{row.organisationName}</td>
              <td>{t(`roster.role.${row.role}`)}</td>
              <td>{row.activeFrom}</td>
              <td>{row.activeTo ?? ''}</td>
              <td>{row.current ? t('roster.current') : t('roster.former')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
