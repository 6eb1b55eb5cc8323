import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../errors/messages';
import { SelectField } from '../../ui/SelectField';
import type { TeamContext, TeamContextState } from './use-team';

/** The team picker every team-scoped area starts with. */
export function TeamSelect({ team }: { team: TeamContext }) {
  const { t } = useTranslation();
  return <SelectField label={t('meetings.team')} value={team.teamId} onChange={team.setTeamId} options={team.teams.map((item) => ({ value: item.id, label: item.name }))} />;
}

/** The team's roster could not be read (`useTeamContext`'s error): why, and a button to read it again. Nothing without an error. */
export function TeamLoadError({ team }: { team: Pick<TeamContextState, 'error' | 'reload'> }) {
  const { t } = useTranslation();
  if (!team.error) return null;
  return (
    <div className="notice" data-testid="team-error">
      <p role="alert" className="error">
        {t('meetings.teamLoadFailed', { cause: errorMessage(t, team.error) })}
      </p>
      <button type="button" onClick={team.reload}>
        {t('meetings.teamLoadAgain')}
      </button>
    </div>
  );
}
