import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';
import { Field } from './Field';

/** The lock screen: neutral (no account list: it may be on the projector), username and password. */
export function Unlock({ onUnlocked }: { onUnlocked: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const result = await bridge.invoke('vault:unlock', { username, password });
    setBusy(false);
    setPassword('');
    if (result.ok) return onUnlocked();
    const code = result.error.code;
    setError(code === 'unauthenticated' ? t('unlock.wrong') : code === 'too_many_attempts' ? t('unlock.wait') : errorMessage(t, code));
  };

  return (
    <main className="full-page" data-testid="unlock-screen">
      <h1>{t('unlock.title')}</h1>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <Field label={t('unlock.username')} value={username} onChange={(event) => setUsername(event.target.value)} required autoComplete="username" autoFocus />
        <Field label={t('unlock.password')} type="password" value={password} onChange={(event) => setPassword(event.target.value)} required autoComplete="current-password" />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('unlock.working') : t('unlock.submit')}
        </button>
      </form>
    </main>
  );
}
