import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../../shared/ipc/errors';
import type { Team, TeamHistoryRow } from '../../../../shared/roster/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { Field } from '../../vault/Field';
import type { RosterBasics } from './use-roster';
import { type Message, MessageLine } from '../../app/MessageLine';

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
  const bridge = useBridge();
  const ids = { weekday: useId(), description: useId() };
  const [form, setForm] = useState({
    name: team?.name ?? '',
    description: team?.description ?? '',
    meetingWeekday: team?.meetingWeekday ?? null,
    meetingTime: team?.meetingTime ?? '',
    meetingRoom: team?.meetingRoom ?? '',
  });
  const [message, setMessage] = useState<Message>(null);
  const fail = (code: ErrorCode): void => setMessage({ error: true, text: errorMessage(t, code) });

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await bridge.invoke('roster:save-team', { ...form, meetingTime: form.meetingTime || null, ...(team ? { id: team.id } : {}) });
    if (!result.ok) return fail(result.error.code);
    setMessage({ error: false, text: t('roster.saved', { name: result.value.name }) });
    await basics.reload();
  };
  const archive = async (archived: boolean): Promise<void> => {
    if (!team) return;
    const result = await bridge.invoke('roster:archive-team', { teamId: team.id, archived });
    if (!result.ok) return fail(result.error.code);
    setMessage({ error: false, text: t(archived ? 'roster.teamArchived' : 'roster.teamRestored', { name: team.name }) });
    await basics.reload();
  };

  return (
    <section className="notice editor" aria-labelledby="team-editor-heading" data-testid="team-editor">
      <h2 id="team-editor-heading">{team ? team.name : t('roster.addTeam')}</h2>
      <form className="form" onSubmit={(event) => void save(event)}>
        <Field label={t('roster.teamName')} value={form.name} required maxLength={120} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        <div className="field">
          <label htmlFor={ids.description}>{t('roster.description')}</label>
          <textarea id={ids.description} value={form.description} maxLength={2000} rows={3} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.weekday}>{t('roster.weekdayLabel')}</label>
          <select id={ids.weekday} aria-describedby={`${ids.weekday}-help`} value={form.meetingWeekday ?? ''} onChange={(e) => setForm({ ...form, meetingWeekday: e.target.value ? Number(e.target.value) : null })}>
            <option value="">{t('roster.noWeekday')}</option>
            {WEEKDAYS.map((day) => (
              <option key={day} value={day}>
                {t(`roster.weekday.${day}`)}
              </option>
            ))}
          </select>
          <p id={`${ids.weekday}-help`} className="help">
            {t('roster.weekdayHelp')}
          </p>
        </div>
        <Field label={t('roster.time')} type="time" value={form.meetingTime} onChange={(e) => setForm({ ...form, meetingTime: e.target.value })} />
        <Field label={t('roster.room')} value={form.meetingRoom} maxLength={120} onChange={(e) => setForm({ ...form, meetingRoom: e.target.value })} />
        <div className="row-actions">
          <button type="submit">{t('roster.save')}</button>
          {team && basics.roles.isAdmin && (
            <button type="button" onClick={() => void archive(!team.archived)}>
              {t(team.archived ? 'roster.restoreTeam' : 'roster.archiveTeam')}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {t('roster.close')}
          </button>
        </div>
      </form>
      <MessageLine message={message} testId="team-message" />
    </section>
  );
}

/** Everyone who ever held a place in the team, with role and dates: people who left stay here. */
function TeamHistory({ team }: { team: Team }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [rows, setRows] = useState<TeamHistoryRow[]>([]);
  const [error, setError] = useState<ErrorCode | null>(null);
  useEffect(() => {
    let current = true; // a late answer for a team no longer shown is dropped
    void bridge.invoke('roster:team-history', { teamId: team.id }).then((result) => {
      if (!current) return;
      if (result.ok) {
        setRows(result.value);
        setError(null);
      } else setError(result.error.code);
    });
    return () => {
      current = false;
    };
  }, [bridge, team.id]);
  return (
    <section aria-labelledby="team-history-heading">
      <h2 id="team-history-heading">{t('roster.historyHeading', { team: team.name })}</h2>
      {error && (
        <p role="alert" className="error">
          {errorMessage(t, error)}
        </p>
      )}
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
          {rows.map((row, index) => (
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
