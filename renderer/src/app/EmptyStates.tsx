import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBridge } from '../ipc/bridge-context';
import { useNavigate } from './navigate';

/**
 * "You are not in any team yet", with the next step: an admin gets a button to the roster's
 * teams; anyone else is told whom to ask, by name.
 */
export function NoTeamNotice({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const navigate = useNavigate();
  const [admins, setAdmins] = useState<string[] | null>(null);
  useEffect(() => {
    if (isAdmin) return;
    let current = true;
    void bridge.invoke('roster:admins', {}).then((result) => {
      if (current) setAdmins(result.ok ? result.value.names : []);
    });
    return () => {
      current = false;
    };
  }, [bridge, isAdmin]);

  if (isAdmin) {
    return (
      <div className="notice empty-state" data-testid="no-team">
        <p>{t('roster.noTeamAdmin')}</p>
        <button type="button" onClick={() => navigate('roster', 'roster-tab-teams')}>
          {t('roster.createTeam')}
        </button>
      </div>
    );
  }
  return (
    <div className="notice empty-state" data-testid="no-team">
      <p>{admins && admins.length > 0 ? t('roster.noTeamAsk', { admins: admins.join(', ') }) : t('roster.noTeamAskNobody')}</p>
    </div>
  );
}
