import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../errors/messages';
import { Tab, TabList, TabPanel, Tabs } from '../../ui/Tabs';
import { ImportExport } from './ImportExport';
import { MembersView } from './MembersView';
import { OrganisationsView } from './OrganisationsView';
import { TeamsView } from './TeamsView';
import { useRosterBasics } from './use-roster';

const TABS = ['members', 'teams', 'organisations', 'files'] as const;
type TabName = (typeof TABS)[number];

/** Teams, members and organisations: who sits around the table. Staff only — never the young people. */
export function RosterArea({ initialTab = null }: { initialTab?: string | null }) {
  const { t } = useTranslation();
  const basics = useRosterBasics();
  // A link from elsewhere (the first-run checklist, an empty state) may open a given tab.
  const [tab, setTab] = useState<TabName>(TABS.find((name) => name === initialTab) ?? 'members');
  // …and that tab then has the focus. App looks for an element with the id `roster-tab-<name>`,
  // which React Aria's tabs do not have, and they come into the page a render later: the area moves
  // the focus itself, once, when the named tab is in the page.
  const wantFocus = useRef(initialTab !== null && TABS.some((name) => name === initialTab));
  const focusOnArrival = useCallback((element: HTMLElement | null): void => {
    // React Aria first builds its collection outside the page: only a real element in the page counts.
    if (!wantFocus.current || !(element instanceof HTMLElement) || !element.isConnected) return;
    const tabElement = element.closest<HTMLElement>('[role="tab"]');
    if (!tabElement) return;
    wantFocus.current = false;
    tabElement.focus();
  }, []);

  return (
    <>
      <p>{t('roster.intro')}</p>
      {basics.error && (
        <p role="alert" className="error">
          {errorMessage(t, basics.error)}
        </p>
      )}
      <Tabs selected={tab} onSelect={setTab}>
        <TabList label={t('roster.tabs')}>
          {TABS.map((name) => (
            <Tab key={name} id={name} testId={`roster-tab-${name}`}>
              <span ref={name === tab ? focusOnArrival : undefined}>{t(`roster.tab.${name}`)}</span>
            </Tab>
          ))}
        </TabList>
        <TabPanel id="members">
          <div className="tab-panel">
            <MembersView basics={basics} />
          </div>
        </TabPanel>
        <TabPanel id="teams">
          <div className="tab-panel">
            <TeamsView basics={basics} />
          </div>
        </TabPanel>
        <TabPanel id="organisations">
          <div className="tab-panel">
            <OrganisationsView basics={basics} />
          </div>
        </TabPanel>
        <TabPanel id="files">
          <div className="tab-panel">
            <ImportExport basics={basics} />
          </div>
        </TabPanel>
      </Tabs>
    </>
  );
}
