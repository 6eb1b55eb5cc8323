import { useTranslation } from 'react-i18next';
import type { Area } from '../app/areas';

/** An honest empty state for areas that later issues build: what will live here, and that it is not here yet. */
export function Placeholder({ area }: { area: Exclude<Area, 'settings' | 'about' | 'audit' | 'handovers' | 'followUp'> }) {
  const { t } = useTranslation();
  return (
    <>
      <p>{t(`areas.${area}`)}</p>
      <p className="notice">{t('areas.later')}</p>
    </>
  );
}
