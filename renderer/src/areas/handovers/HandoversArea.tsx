import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../../shared/ipc/contract';
import { Tab, TabList, TabPanel, Tabs } from '../../ui/Tabs';
import { useTeamContext } from '../meetings/use-team';
import { TeamSelect } from '../meetings/TeamSelect';
import { HandoverList } from './HandoverList';
import { Keys } from './Keys';
import { Received } from './Received';

type View = 'handovers' | 'received' | 'keys';
const TABS: readonly View[] = ['handovers', 'received', 'keys'];

/**
 * Handovers between home organisations: the handover meeting, a preview of exactly what leaves,
 * the signed (and by default encrypted) packet written into a folder the user picks; received
 * packets, checked in main before anything is stored; the organisation's keys and the trust store.
 * One view per tab, one file per view in this folder.
 */
export function HandoversArea({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  const team = useTeamContext();
  const [tab, setTab] = useState<View>('handovers');
  return (
    <>
      <TeamSelect team={team} />
      <Tabs selected={tab} onSelect={setTab}>
        <TabList label={t('nav.handovers')}>
          {TABS.map((name) => (
            <Tab key={name} id={name}>
              {t(`handover.tab.${name}`)}
            </Tab>
          ))}
        </TabList>
        <TabPanel id="handovers">
          <HandoverList team={team} />
        </TabPanel>
        <TabPanel id="received">
          <Received team={team} />
        </TabPanel>
        <TabPanel id="keys">
          <Keys isAdmin={account.roles.includes('admin')} organisations={team.organisations} />
        </TabPanel>
      </Tabs>
    </>
  );
}
