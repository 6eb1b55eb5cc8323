import { useTranslation } from 'react-i18next';
import { formatIsoDate, isoWeek } from '../../../shared/time/iso-week';

/** Product name and today's ISO date and week, which Swedish workplaces plan by. */
export function Header({ today }: { today: Date }) {
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
    </header>
  );
}
