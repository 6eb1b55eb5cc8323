import './styles.css';
import { type ReactNode, StrictMode, useEffect, useState } from 'react';
import { type Root as ReactRoot, createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import type { TeamvalvBridge } from '../../shared/ipc/bridge';
import type { Language } from '../../shared/ipc/contract';
import { ConnectError, ReloadOffer, SessionEnded } from './app/SessionScreens';
import { createI18n } from './i18n';
import { BridgeContext } from './ipc/bridge-context';
import { installNavigationLock } from './security/navigation-lock';
import { type ConnectResult, connect } from './transport';
import { VaultGate } from './vault/VaultGate';
import { Projector } from './areas/meetings/Projector';

installNavigationLock(window);

/**
 * When main ends the session or shuts down, the shell unmounts: every piece of data the page held
 * goes with it, and only a neutral message stays, saying how to get back in.
 */
function Root({ bridge, onEnded }: { bridge: TeamvalvBridge; onEnded: () => void }) {
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    const end = (): void => {
      setEnded(true);
      onEnded();
    };
    const offEnded = bridge.on('session:ended', end);
    const offShutdown = bridge.on('host:shutdown', end);
    return () => {
      offEnded();
      offShutdown();
    };
  }, [bridge, onEnded]);
  if (ended) return <SessionEnded />;
  return (
    <BridgeContext.Provider value={bridge}>
      <VaultGate />
    </BridgeContext.Provider>
  );
}

/** Whether this tab has a live session; a new launch link pasted into a tab without one starts it. */
let live = false;
let starting = false;
let connections = 0;
const markEnded = (): void => {
  live = false;
};

async function show(root: ReactRoot, connection: ConnectResult): Promise<void> {
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
  live = connection.ok;
  let screen: ReactNode;
  if (connection.ok) {
    screen = (
      <Root bridge={connection.bridge} onEnded={markEnded} />
    );
  } else if (connection.resume) {
    const resume = connection.resume;
    screen = <ReloadOffer onResume={async () => show(root, await resume())} />;
  } else {
    screen = <ConnectError reason={connection.reason} />;
  }
  // A new connection is a new tree (keyed): nothing of an ended session's state carries over.
  connections += 1;
  root.render(
    <StrictMode>
      <I18nextProvider key={connections} i18n={i18n}>
        {screen}
      </I18nextProvider>
    </StrictMode>,
  );
}

async function start(root: ReactRoot): Promise<void> {
  starting = true;
  try {
    await show(root, await connect());
  } finally {
    starting = false;
  }
}

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  // A launch link pasted into the address bar of this tab changes only the fragment: no reload,
  // so the page itself starts the new session (when it has none).
  window.addEventListener('hashchange', () => {
    if (!live && !starting && /(^#|&)launch=/.test(window.location.hash)) void start(root);
  });
  await start(root);
  // A named readiness marker for tests to wait on (never a sleep); set after the first paint.
  requestAnimationFrame(() => {
    document.body.dataset.teamvalvReady = 'true';
  });
}

void boot();
