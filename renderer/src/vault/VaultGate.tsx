import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEMO_PASSWORD } from '../../../shared/demo';
import type { VaultStatus } from '../../../shared/ipc/contract';
import { App } from '../app/App';
import { type Housekeeping, housekeepingAfter } from '../app/HousekeepingStatus';
import { useBridge } from '../ipc/bridge-context';
import { ChangePassword } from './ChangePassword';
import { Setup } from './Setup';
import { Unlock } from './Unlock';
import { flushAll } from './flush';

/**
 * Shows setup, the lock screen or the app, from main's vault status. When main reports a lock,
 * the app unmounts at once, so nothing read from the vault stays on screen or in React state.
 */
export function VaultGate() {
  const bridge = useBridge();
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [locking, setLocking] = useState(false);
  // Kept here, not in the app: the housekeeping may start before the app has mounted after unlock.
  const [housekeeping, setHousekeeping] = useState<Housekeeping | null>(null);

  const refresh = useCallback(async () => {
    const result = await bridge.invoke('vault:status', {});
    setStatus(result.ok ? result.value : { state: 'locked', account: null, auditAlarm: null, demo: false });
  }, [bridge]);

  useEffect(() => {
    void refresh();
    const offLocked = bridge.on('vault:locked', () => {
      setLocking(false);
      setHousekeeping(null);
      setStatus((old) => ({ state: 'locked', account: null, auditAlarm: null, demo: old?.demo ?? false }));
    });
    // An unasked-for lock (idle, OS lock): blank the screen at once, save what is typed, then let main lock.
    const offLocking = bridge.on('vault:locking', () => {
      setLocking(true);
      void flushAll().then(() => bridge.invoke('vault:flushed', {}));
    });
    // The full audit check after unlock raised the alarm: shown at once, like the one found at unlock.
    const offAlarm = bridge.on('vault:audit-alarm', ({ reason }) => setStatus((old) => (old && old.state === 'unlocked' ? { ...old, auditAlarm: reason } : old)));
    // The housekeeping after unlock (gallring, backup) started or ended: the app shows a short status.
    const offHousekeeping = bridge.on('vault:housekeeping', (payload) => setHousekeeping((old) => housekeepingAfter(old, payload)));
    return () => {
      offLocked();
      offLocking();
      offAlarm();
      offHousekeeping();
    };
  }, [bridge, refresh]);

  if (!status) return null;
  return (
    <>
      {status.demo && <DemoBanner />}
      {screen(status, refresh, housekeeping)}
      {locking && <LockingCurtain />}
    </>
  );
}

function screen(status: VaultStatus, refresh: () => Promise<void>, housekeeping: Housekeeping | null) {
  switch (status.state) {
    case 'absent':
      return <Setup onDone={() => void refresh()} />;
    case 'locked':
      return <Unlock onUnlocked={() => void refresh()} />;
    case 'unlocked':
      if (!status.account) return <Unlock onUnlocked={() => void refresh()} />;
      // A one-time password must be replaced before anything else (main enforces the same).
      if (status.account.mustChangePassword) return <ChangePassword account={status.account} required onDone={() => void refresh()} />;
      return <App account={status.account} auditAlarm={status.auditAlarm} housekeeping={housekeeping} onAlarmAcknowledged={() => void refresh()} />;
  }
}

/** Covers everything while the editors save and the vault locks: nothing stays readable on screen. */
function LockingCurtain() {
  const { t } = useTranslation();
  return (
    <div className="locking-curtain" role="status" data-testid="locking">
      {t('lock.locking')}
    </div>
  );
}

/** Permanent while the demo vault is in use: nothing here is real, and the password is public. */
function DemoBanner() {
  const { t } = useTranslation();
  return (
    <p className="demo-banner" role="note" data-testid="demo-banner">
      {t('demo.banner', { password: DEMO_PASSWORD })}
    </p>
  );
}
