import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';
import { Field } from './Field';
import { Recover } from './Recover';

/** The lock screen: neutral (no account list: it may be on the projector), username and password. */
export function Unlock({ onUnlocked }: { onUnlocked: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [heldBy, setHeldBy] = useState<string | null>(null);
  const [recovering, setRecovering] = useState(false);
  const [needsMigration, setNeedsMigration] = useState(false);

  const attempt = async (takeover: boolean, migrate = false): Promise<void> => {
    setBusy(true);
    const result = await bridge.invoke('vault:unlock', { username, password, takeover, migrate });
    setBusy(false);
    if (result.ok) {
      setPassword('');
      return onUnlocked();
    }
    const code = result.error.code;
    // Held elsewhere, or an update to confirm: keep the password typed, so confirming needs no retyping.
    if (code === 'needs_confirmation') {
      setNeedsMigration(true);
      return setError(t('unlock.migrateConfirm'));
    }
    if (code === 'vault_held') {
      setHeldBy(result.error.message);
      return setError(errorMessage(t, result.error));
    }
    setPassword('');
    setHeldBy(null);
    setError(code === 'unauthenticated' ? t('unlock.wrong') : code === 'too_many_attempts' ? t('unlock.wait') : errorMessage(t, result.error));
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    await attempt(false);
  };

  if (recovering) return <Recover onBack={() => setRecovering(false)} />;

  return (
    <main className="full-page" data-testid="unlock-screen">
      <h1>{t('unlock.title')}</h1>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <Field label={t('unlock.username')} value={username} onChange={(event) => setUsername(event.target.value)} required autoComplete="username" autoFocus />
        <Field label={t('unlock.password')} type="password" value={password} onChange={(event) => setPassword(event.target.value)} required autoComplete="current-password" />
        {error && (
          <p role="alert" className="error">
            {heldBy && `${t('unlock.held', { who: heldBy })} `}
            {error}
          </p>
        )}
        {needsMigration && (
          <button type="button" disabled={busy} onClick={() => void attempt(false, true)}>
            {t('unlock.migrate')}
          </button>
        )}
        {heldBy && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void bridge.invoke('vault:request-release', { username }).then((r) => r.ok && setError(t('unlock.requestSent')))}
          >
            {t('unlock.requestRelease')}
          </button>
        )}
        {heldBy && (
          <button type="button" disabled={busy} onClick={() => void attempt(true)}>
            {t('unlock.takeover')}
          </button>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('unlock.working') : t('unlock.submit')}
        </button>
        <button type="button" className="link-button" onClick={() => setRecovering(true)}>
          {t('unlock.forgot')}
        </button>
      </form>
    </main>
  );
}
