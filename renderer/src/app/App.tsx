import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/ipc/contract';
import { useBridge } from '../ipc/bridge-context';
import { About } from '../areas/About';
import { AuditLog } from '../areas/AuditLog';
import { Placeholder } from '../areas/Placeholder';
import { RosterArea } from '../areas/roster/RosterArea';
import { MeetingsArea } from '../areas/meetings/MeetingsArea';
import { FollowUpArea } from '../areas/followup/FollowUpArea';
import { HandoversArea } from '../areas/handovers/HandoversArea';
import { SupervisionArea } from '../areas/supervision/SupervisionArea';
import { Settings } from '../areas/Settings';
import { PURGE_SECTION_HEADING } from '../areas/gallring/PurgeSection';
import { RetentionNotice } from '../areas/gallring/RetentionNotice';
import { VaultNoticesBanner } from '../vault/VaultNotices';
import { RetentionRefreshProvider } from '../areas/gallring/refresh';
import { type Area, landingArea } from './areas';
import { AuditAlarmBanner } from './AuditAlarmBanner';
import { type Housekeeping, HousekeepingStatus } from './HousekeepingStatus';
import { Header } from './Header';
import { Nav } from './Nav';
import { flushAll } from '../vault/flush';

const TOUCH_INTERVAL_MS = 30_000;

/** The shell: header, the area menu, and one area at a time. Mounted only while the vault is unlocked. */
export function App({
  account,
  auditAlarm,
  housekeeping = null,
  onAlarmAcknowledged = () => undefined,
}: {
  account: AccountView;
  auditAlarm: string | null;
  housekeeping?: Housekeeping | null;
  onAlarmAcknowledged?: () => void;
}) {
  const { t } = useTranslation();
  const bridge = useBridge();
  // Where the user is: an area and, when a link led to one, the heading of a section in it.
  const [place, setPlace] = useState<{ area: Area; section: string | null }>(() => ({ area: landingArea(account.roles), section: null }));
  const area = place.area;
  const isAdmin = account.roles.includes('admin');
  const [releaseRequest, setReleaseRequest] = useState<{ username: string; host: string } | null>(null);

  useEffect(() => bridge.on('vault:release-requested', (request) => setReleaseRequest(request)), [bridge]);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  useEffect(() => {
    // After a menu choice, focus goes to the new area's heading so keyboard and screen-reader
    // users land where the content changed (not on the first render); after a link to a
    // section, to that section's heading.
    if (moved.current) (place.section ? document.getElementById(place.section) : heading.current)?.focus();
    moved.current = true;
  }, [place]);

  useEffect(() => {
    // Ctrl+L (Cmd+L) locks at once; typing and clicking postpone the idle lock (at most one
    // call per 30 s — main decides when idle has lasted long enough).
    let lastTouch = 0;
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        void flushAll().then(() => bridge.invoke('vault:lock', {}));
      }
    };
    const onActivity = (): void => {
      const now = performance.now();
      if (now - lastTouch < TOUCH_INTERVAL_MS) return;
      lastTouch = now;
      void bridge.invoke('vault:touch', {});
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keydown', onActivity);
    window.addEventListener('pointerdown', onActivity);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keydown', onActivity);
      window.removeEventListener('pointerdown', onActivity);
    };
  }, [bridge]);

  return (
    // Above the banner and Settings alike: a gallring change in one reloads what the other shows.
    <RetentionRefreshProvider>
      <div className="shell">
        <a className="skip-link" href="#content" onClick={() => document.getElementById('content')?.focus()}>
          {t('app.skip')}
        </a>
        <Header today={new Date()} account={account} onLock={() => void flushAll().then(() => bridge.invoke('vault:lock', {}))} />
        {releaseRequest && (
          <div role="alert" className="alarm" data-testid="release-requested">
            {t('lock.releaseRequested', releaseRequest)}{' '}
            <button type="button" onClick={() => void bridge.invoke('vault:lock', {})}>
              {t('lock.lockNow')}
            </button>
          </div>
        )}
        <AuditAlarmBanner reason={auditAlarm} isAdmin={isAdmin} onAcknowledged={onAlarmAcknowledged} />
        <HousekeepingStatus status={housekeeping} />
        {isAdmin && <RetentionNotice onOpen={() => setPlace({ area: 'settings', section: PURGE_SECTION_HEADING })} />}
        <VaultNoticesBanner />
        <div className="body">
          <Nav current={area} onSelect={(next) => setPlace((old) => (old.area === next && !old.section ? old : { area: next, section: null }))} isAdmin={isAdmin} />
          <main id="content" className="content" tabIndex={-1}>
            <h1 ref={heading} tabIndex={-1}>
              {t(`nav.${area}`)}
            </h1>
            {area === 'settings' ? (
              <Settings account={account} />
            ) : area === 'about' ? (
              <About />
            ) : area === 'audit' ? (
              <AuditLog />
            ) : area === 'roster' ? (
              <RosterArea />
            ) : area === 'meetings' ? (
              <MeetingsArea />
            ) : area === 'supervision' ? (
              <SupervisionArea account={account} />
            ) : area === 'handovers' ? (
              <HandoversArea account={account} />
            ) : area === 'followUp' ? (
              <FollowUpArea />
            ) : (
              <Placeholder area={area} />
            )}
          </main>
        </div>
      </div>
    </RetentionRefreshProvider>
  );
}
