import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamContext } from './use-team';

/** The team picker every team-scoped area starts with. */
export function TeamSelect({ team }: { team: TeamContext }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('meetings.team')}</label>
      <select id={id} value={team.teamId} onChange={(e) => team.setTeamId(e.target.value)}>
        {team.teams.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name}
          </option>
        ))}
      </select>
    </div>
  );
}
