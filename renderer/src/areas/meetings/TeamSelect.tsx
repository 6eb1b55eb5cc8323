import { useTranslation } from 'react-i18next';
import { SelectField } from '../../ui/SelectField';
import type { TeamContext } from './use-team';

/** The team picker every team-scoped area starts with. */
export function TeamSelect({ team }: { team: TeamContext }) {
  const { t } = useTranslation();
  return <SelectField label={t('meetings.team')} value={team.teamId} onChange={team.setTeamId} options={team.teams.map((item) => ({ value: item.id, label: item.name }))} />;
}
