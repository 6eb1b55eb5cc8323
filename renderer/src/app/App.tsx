import { useCallback, useEffect, useRef, useState } from 'react';
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
import { type ChecklistMemory, FirstRunChecklist } from './FirstRunChecklist';
import { NavigateContext } from './navigate';
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
  // The admin's first-run checklist lives on the area the app opened on (the start page).
  const startArea = useRef(place.area).current;
  const checklistMemory = useRef<ChecklistMemory>({ seenOpen: false, dismissed: false }).current;
  const navigate = useCallback((next: Area, section: string | null = null) => setPlace({ area: next, section }), []);
  const [releaseRequest, setReleaseRequest] = useState<{ username: string; host: string } | null>(null);

  useEffect(() => bridge.on('vault:release-requested', (request) => setReleaseRequest(request)), [bridge]);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  useEffect(() => {
    // After a menu choice, focus goes to the new area's heading so keyboard and screen-reader
    // users land where the content changed (not on the first render); after a link to a
    // section, to that section's heading.
    if (moved.current) {
      const target = place.section ? document.getElementById(place.section) : heading.current;
      // A section heading that is not focusable of itself becomes so (programmatically only).
      if (target && !target.hasAttribute('tabindex') && !target.matches('button, a[href], input, select, textarea')) target.setAttribute('tabindex', '-1');
      target?.focus();
    }
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
      <NavigateContext.Provider value={navigate}>
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
            {isAdmin && area === startArea && <FirstRunChecklist memory={checklistMemory} />}
            {area === 'settings' ? (
              <Settings account={account} />
            ) : area === 'about' ? (
              <About />
            ) : area === 'audit' ? (
              <AuditLog />
            ) : area === 'roster' ? (
              <RosterArea key={place.section ?? ''} initialTab={place.section?.startsWith('roster-tab-') ? place.section.slice('roster-tab-'.length) : null} />
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
      </NavigateContext.Provider>
    </RetentionRefreshProvider>
  );
}
