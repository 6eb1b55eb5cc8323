import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/ipc/contract';
import { MIN_ACCEPTED_LEVEL, passwordStrength } from '../../../shared/passwords/strength';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';
import { Field } from './Field';
import { StrengthMeter } from './StrengthMeter';
import { type Message, MessageLine } from '../app/MessageLine';

/** Changes the signed-in account's password; as a full page when a one-time password must be replaced. */
export function ChangePassword({ account, required, onDone }: { account: AccountView; required: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [form, setForm] = useState({ oldPassword: '', newPassword: '', again: '' });
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const context = [account.username, account.displayName];

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (form.newPassword !== form.again) return setMessage({ error: true, text: t('setup.passwordsDiffer') });
    if (passwordStrength(form.newPassword, context).level < MIN_ACCEPTED_LEVEL) return setMessage({ error: true, text: t('strength.hint') });
    setBusy(true);
    const result = await bridge.invoke('vault:change-password', { oldPassword: form.oldPassword, newPassword: form.newPassword });
    setBusy(false);
    setForm({ oldPassword: '', newPassword: '', again: '' });
    if (!result.ok) return setMessage({ error: true, text: result.error.code === 'unauthenticated' ? t('password.wrongOld') : errorMessage(t, result.error) });
    setMessage({ error: false, text: t('password.done') });
    onDone();
  };

  const body = (
    <form className="form" onSubmit={(event) => void submit(event)}>
      <Field label={t('password.old')} type="password" value={form.oldPassword} onChange={(e) => setForm({ ...form, oldPassword: e.target.value })} required autoComplete="current-password" />
      <Field label={t('password.new')} type="password" value={form.newPassword} onChange={(e) => setForm({ ...form, newPassword: e.target.value })} required autoComplete="new-password" />
      <StrengthMeter id="new-strength" password={form.newPassword} context={context} />
      <Field label={t('password.again')} type="password" value={form.again} onChange={(e) => setForm({ ...form, again: e.target.value })} required autoComplete="new-password" />
      <MessageLine message={message} okClassName="help" />
      <button type="submit" disabled={busy}>
        {t('password.submit')}
      </button>
    </form>
  );
  if (!required) return body;
  return (
    <main className="full-page" data-testid="must-change-password">
      <h1>{t('password.title')}</h1>
      <p>{t('password.mustChange')}</p>
      {body}
    </main>
  );
}
