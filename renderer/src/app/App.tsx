import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { About } from '../areas/About';
import { Placeholder } from '../areas/Placeholder';
import { Settings } from '../areas/Settings';
import type { Area } from './areas';
import { Header } from './Header';
import { Nav } from './Nav';

/** The shell: header, the area menu, and one area at a time. */
export function App() {
  const { t } = useTranslation();
  const [area, setArea] = useState<Area>('meetings');
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  useEffect(() => {
    // After a menu choice, focus goes to the new area's heading so keyboard and screen-reader
    // users land where the content changed (not on the first render).
    if (moved.current) heading.current?.focus();
    moved.current = true;
  }, [area]);

  return (
    <div className="shell">
      <a className="skip-link" href="#content" onClick={() => document.getElementById('content')?.focus()}>
        {t('app.skip')}
      </a>
      <Header today={new Date()} />
      <div className="body">
        <Nav current={area} onSelect={setArea} />
        <main id="content" className="content" tabIndex={-1}>
          <h1 ref={heading} tabIndex={-1}>
            {t(`nav.${area}`)}
          </h1>
          {area === 'settings' ? <Settings /> : area === 'about' ? <About /> : <Placeholder area={area} />}
        </main>
      </div>
    </div>
  );
}
