import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';
import { Field } from './Field';
import { type Message, MessageLine } from '../app/MessageLine';

/** Forgotten admin password: the recovery key gives that admin a one-time password. */
export function Recover({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [username, setUsername] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const result = await bridge.invoke('vault:recover', { username, recoveryKey });
    setBusy(false);
    setRecoveryKey('');
    if (result.ok) return setMessage({ error: false, text: t('unlock.recovered', { username, password: result.value.oneTimePassword }) });
    const code = result.error.code;
    setMessage({ error: true, text: code === 'unauthenticated' || code === 'not_found' || code === 'invalid_input' ? t('unlock.recoverFailed') : errorMessage(t, result.error) });
  };

  return (
    <main className="full-page" data-testid="recover-screen">
      <h1>{t('unlock.recoverTitle')}</h1>
      <p>{t('unlock.recoverIntro')}</p>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <Field label={t('unlock.username')} value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="username" />
        <Field label={t('unlock.recoveryKey')} value={recoveryKey} onChange={(e) => setRecoveryKey(e.target.value)} required autoComplete="off" spellCheck={false} />
        <MessageLine message={message} testId="recover-result" />
        <button type="submit" disabled={busy}>
          {t('unlock.recoverSubmit')}
        </button>
        <button type="button" className="link-button" onClick={onBack}>
          {t('unlock.back')}
        </button>
      </form>
    </main>
  );
}
