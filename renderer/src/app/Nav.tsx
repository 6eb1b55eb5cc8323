import { useTranslation } from 'react-i18next';
import { ADMIN_AREAS, AREAS, type Area } from './areas';

export function Nav({ current, onSelect, isAdmin }: { current: Area; onSelect: (area: Area) => void; isAdmin: boolean }) {
  const { t } = useTranslation();
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        {AREAS.filter((area) => isAdmin || !ADMIN_AREAS.has(area)).map((area) => (
          <li key={area}>
            <button
              type="button"
              className="nav-item"
              aria-current={area === current ? 'page' : undefined}
              onClick={() => onSelect(area)}
            >
              {t(`nav.${area}`)}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
