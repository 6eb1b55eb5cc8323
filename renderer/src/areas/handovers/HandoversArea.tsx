import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../../shared/ipc/contract';
import { NoTeamNotice } from '../../app/EmptyStates';
import { Tab, TabList, TabPanel, Tabs } from '../../ui/Tabs';
import { useTeamContext } from '../meetings/use-team';
import { TeamLoadError, TeamSelect } from '../meetings/TeamSelect';
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
  // Handovers and received packets belong to a team; the keys are the organisation's.
  // Teams or roles unreadable: the cause and a retry, never "you are in no team".
  const noTeam =
    team.error && !team.roles ? <TeamLoadError team={team} /> : team.roles && team.teams.length === 0 ? <NoTeamNotice isAdmin={team.roles.isAdmin} /> : null;
  return (
    <>
      {!noTeam && team.error && <TeamLoadError team={team} />}
      {!noTeam && <TeamSelect team={team} />}
      <Tabs selected={tab} onSelect={setTab}>
        <TabList label={t('nav.handovers')}>
          {TABS.map((name) => (
            <Tab key={name} id={name}>
              {t(`handover.tab.${name}`)}
            </Tab>
          ))}
        </TabList>
        <TabPanel id="handovers">
          {/* Keyed by the team: nothing chosen or fetched for the previous team stays on screen. */}
          {noTeam ?? <HandoverList key={team.teamId} team={team} />}
        </TabPanel>
        <TabPanel id="received">
          {noTeam ?? <Received key={team.teamId} team={team} />}
        </TabPanel>
        <TabPanel id="keys">
          <Keys isAdmin={account.roles.includes('admin')} organisations={team.organisations} />
        </TabPanel>
      </Tabs>
    </>
  );
}
