import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectFailure } from '../transport';
import { FullPageMessage } from './FullPageMessage';

/** How to get back in, said on every screen without a session (browser host). */
function HowToGetBack() {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('session.howBackTitle')}</h2>
      <ol>
        <li>{t('session.howBackStart')}</li>
        <li>{t('session.howBackPaste')}</li>
        <li>{t('session.howBackLocked')}</li>
      </ol>
    </>
  );
}

export function ConnectError({ reason }: { reason: ConnectFailure }) {
  const { t } = useTranslation();
  return (
    <FullPageMessage title={t('connect.title')} testId="connect-error" reason={reason}>
      <p>{t(`connect.${reason}`)}</p>
      <HowToGetBack />
    </FullPageMessage>
  );
}

/** A session the host ended (or the host stopped): the page holds nothing any more. */
export function SessionEnded() {
  const { t } = useTranslation();
  return (
    <FullPageMessage title={t('ended.title')} testId="session-ended">
      <p>{t('ended.body')}</p>
      <HowToGetBack />
    </FullPageMessage>
  );
}

/**
 * The tab was reloaded (F5): one click starts a new session from the running host, at the lock
 * screen (docs/security.md, "Reload (F5)").
 */
export function ReloadOffer({ onResume }: { onResume: () => Promise<void> }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <FullPageMessage title={t('session.reloadedTitle')} testId="reload-offer" reason="reloaded">
      <p>{t('connect.reloaded')}</p>
      <button
        ref={button}
        type="button"
        aria-busy={busy}
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void onResume().finally(() => setBusy(false));
        }}
      >
        {t('session.resume')}
      </button>
    </FullPageMessage>
  );
}
