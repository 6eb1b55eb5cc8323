import { type KeyboardEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../errors/messages';
import { ImportExport } from './ImportExport';
import { MembersView } from './MembersView';
import { OrganisationsView } from './OrganisationsView';
import { TeamsView } from './TeamsView';
import { useRosterBasics } from './use-roster';

const TABS = ['members', 'teams', 'organisations', 'files'] as const;
type Tab = (typeof TABS)[number];

/** Teams, members and organisations: who sits around the table. Staff only — never the young people. */
export function RosterArea({ initialTab = null }: { initialTab?: string | null }) {
  const { t } = useTranslation();
  const basics = useRosterBasics();
  // A link from elsewhere (the first-run checklist, an empty state) may open a given tab.
  const [tab, setTab] = useState<Tab>(TABS.find((name) => name === initialTab) ?? 'members');
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ members: null, teams: null, organisations: null, files: null });

  // The WAI-ARIA tabs pattern: arrow keys move between tabs, Home/End to the first and last.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = TABS.indexOf(tab);
    const next =
      event.key === 'ArrowRight' ? TABS[(index + 1) % TABS.length] : event.key === 'ArrowLeft' ? TABS[(index + TABS.length - 1) % TABS.length] : event.key === 'Home' ? TABS[0] : event.key === 'End' ? TABS[TABS.length - 1] : undefined;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <>
      <p>{t('roster.intro')}</p>
      {basics.error && (
        <p role="alert" className="error">
          {errorMessage(t, basics.error)}
        </p>
      )}
      <div role="tablist" aria-label={t('roster.tabs')} className="tabs" onKeyDown={onKeyDown}>
        {TABS.map((name) => (
          <button
            key={name}
            ref={(element) => {
              tabRefs.current[name] = element;
            }}
            type="button"
            role="tab"
            id={`roster-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`roster-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
          >
            {t(`roster.tab.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`roster-panel-${tab}`} aria-labelledby={`roster-tab-${tab}`} className="tab-panel">
        {tab === 'members' && <MembersView basics={basics} />}
        {tab === 'teams' && <TeamsView basics={basics} />}
        {tab === 'organisations' && <OrganisationsView basics={basics} />}
        {tab === 'files' && <ImportExport basics={basics} />}
      </div>
    </>
  );
}
