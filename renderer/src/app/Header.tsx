import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/ipc/contract';
import { formatIsoDate, isoWeek } from '../../../shared/time/iso-week';

/** Product name and today's ISO date and week, which Swedish workplaces plan by. */
export function Header({ today, account, onLock }: { today: Date; account: AccountView; onLock: () => void }) {
  const { t } = useTranslation();
  const date = { year: today.getFullYear(), month: today.getMonth() + 1, day: today.getDate() };
  const week = t('app.week', { week: isoWeek(date).week });
  return (
    <header className="header">
      <div className="brand">
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      <p className="today" data-testid="today">
        {t('app.today', { date: formatIsoDate(date), week })}
      </p>
      <div className="account">
        <span data-testid="signed-in">{t('lock.signedIn', { name: account.displayName })}</span>
        <button type="button" className="lock-button" onClick={onLock} aria-keyshortcuts="Control+L" title={t('lock.shortcut')}>
          {t('lock.button')}
        </button>
      </div>
    </header>
  );
}
