import './styles.css';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { TeamvalvBridge } from '../../shared/ipc/bridge';
import type { Language } from '../../shared/ipc/contract';
import { FullPageMessage } from './app/FullPageMessage';
import { createI18n } from './i18n';
import { BridgeContext } from './ipc/bridge-context';
import { installNavigationLock } from './security/navigation-lock';
import { type ConnectFailure, connect } from './transport';
import { VaultGate } from './vault/VaultGate';
import { Projector } from './areas/meetings/Projector';

installNavigationLock(window);

function ConnectError({ reason }: { reason: ConnectFailure }) {
  const { t } = useTranslation();
  return (
    <FullPageMessage title={t('connect.title')} testId="connect-error" reason={reason}>
      <p>{t(`connect.${reason}`)}</p>
    </FullPageMessage>
  );
}

/**
 * When main ends the session or shuts down, the shell unmounts: every piece of data the page held
 * goes with it, and only a neutral message stays.
 */
function Root({ bridge }: { bridge: TeamvalvBridge }) {
  const { t } = useTranslation();
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    const offEnded = bridge.on('session:ended', () => setEnded(true));
    const offShutdown = bridge.on('host:shutdown', () => setEnded(true));
    return () => {
      offEnded();
      offShutdown();
    };
  }, [bridge]);
  if (ended) {
    return (
      <FullPageMessage title={t('ended.title')} testId="session-ended">
        <p>{t('ended.body')}</p>
      </FullPageMessage>
    );
  }
  return (
    <BridgeContext.Provider value={bridge}>
      <VaultGate />
    </BridgeContext.Provider>
  );
}

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  const connection = await connect();
  let language: Language = 'sv';
  if (connection.ok) {
    const settings = await connection.bridge.invoke('settings:get', {});
    if (settings.ok) language = settings.value.language;
  }
  const i18n = await createI18n(language);
  // Electron's projector window (two-screen meeting-room mode): slides only, no session, no app.
  if (window.location.hash === '#present' && connection.ok) {
    root.render(<Projector bridge={connection.bridge} />);
    return;
  }
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        {connection.ok ? <Root bridge={connection.bridge} /> : <ConnectError reason={connection.reason} />}
      </I18nextProvider>
    </StrictMode>,
  );
  // A named readiness marker for tests to wait on (never a sleep); set after the first paint.
  requestAnimationFrame(() => {
    document.body.dataset.teamvalvReady = 'true';
  });
}

void boot();
