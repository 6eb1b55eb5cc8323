import { useCallback, useEffect, useState } from 'react';
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
    setStatus(result.ok ? result.value : { state: 'locked', account: null, auditAlarm: null });
  }, [bridge]);

  useEffect(() => {
    void refresh();
    return bridge.on('vault:locked', () => setStatus({ state: 'locked', account: null, auditAlarm: null }));
  }, [bridge, refresh]);

  if (!status) return null;
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
