import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEMO_PASSWORD } from '../../../shared/demo';
import type { VaultStatus } from '../../../shared/ipc/contract';
import { App } from '../app/App';
import { useBridge } from '../ipc/bridge-context';
import { ChangePassword } from './ChangePassword';
import { Setup } from './Setup';
import { Unlock } from './Unlock';

/**
 * Shows setup, the lock screen or the app, from main's vault status. When main reports a lock,
 * the app unmounts at once, so nothing read from the vault stays on screen or in React state.
 */
export function VaultGate() {
  const bridge = useBridge();
  const [status, setStatus] = useState<VaultStatus | null>(null);

  const refresh = useCallback(async () => {
    const result = await bridge.invoke('vault:status', {});
    setStatus(result.ok ? result.value : { state: 'locked', account: null, auditAlarm: null, demo: false });
  }, [bridge]);

  useEffect(() => {
    void refresh();
    return bridge.on('vault:locked', () => setStatus((old) => ({ state: 'locked', account: null, auditAlarm: null, demo: old?.demo ?? false })));
  }, [bridge, refresh]);

  if (!status) return null;
  return (
    <>
      {status.demo && <DemoBanner />}
      {screen(status, refresh)}
    </>
  );
}

function screen(status: VaultStatus, refresh: () => Promise<void>) {
  switch (status.state) {
    case 'absent':
      return <Setup onDone={() => void refresh()} />;
    case 'locked':
      return <Unlock onUnlocked={() => void refresh()} />;
    case 'unlocked':
      if (!status.account) return <Unlock onUnlocked={() => void refresh()} />;
      // A one-time password must be replaced before anything else (main enforces the same).
      if (status.account.mustChangePassword) return <ChangePassword account={status.account} required onDone={() => void refresh()} />;
      return <App account={status.account} auditAlarm={status.auditAlarm} />;
  }
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
