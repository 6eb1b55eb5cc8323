import { useTranslation } from 'react-i18next';
import { AREAS, type Area } from './areas';

export function Nav({ current, onSelect }: { current: Area; onSelect: (area: Area) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        {AREAS.map((area) => (
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
