import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseOrganisationsnummer } from '../../../shared/identifiers/organisationsnummer';
import { MIN_ACCEPTED_LEVEL, passwordStrength } from '../../../shared/passwords/strength';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';
import { FolderPicker } from '../app/FolderPicker';
import { Field } from './Field';
import { StrengthMeter } from './StrengthMeter';

/** First run: organisation, first admin, then the recovery key shown once and confirmed. */
export function Setup({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [form, setForm] = useState({ orgName: '', orgNumber: '', adminDisplayName: '', adminUsername: '', password: '', again: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });
  const context = [form.orgName, form.adminUsername, form.adminDisplayName];

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!parseOrganisationsnummer(form.orgNumber)) return setError(t('setup.orgNumberInvalid'));
    if (form.password !== form.again) return setError(t('setup.passwordsDiffer'));
    if (passwordStrength(form.password, context).level < MIN_ACCEPTED_LEVEL) return setError(t('strength.hint'));
    setBusy(true);
    setError(null);
    const { again: _again, ...input } = form;
    const result = await bridge.invoke('vault:setup', input);
    setBusy(false);
    setForm({ ...form, password: '', again: '' });
    if (!result.ok) return setError(errorMessage(t, result.error));
    setRecoveryKey(result.value.recoveryKey);
  };

  if (recoveryKey) {
    return (
      <main className="full-page" data-testid="recovery-key-step">
        <h1>{t('setup.recoveryTitle')}</h1>
        <p>{t('setup.recoveryIntro')}</p>
        <p className="recovery-key" data-testid="recovery-key">
          {recoveryKey}
        </p>
        <p>{t('setup.recoveryKeep')}</p>
        <p className="help">{t('setup.printWarning')}</p>
        <div className="toolbar">
          <button type="button" onClick={() => window.print()}>
            {t('setup.print')}
          </button>{' '}
          <button type="button" onClick={() => setSaving(!saving)} aria-expanded={saving}>
            {t('setup.save')}
          </button>
        </div>
        {saving && (
          <div className="notice">
            <p>{t('setup.saveWarning')}</p>
            <FolderPicker
              busy={false}
              onPick={(folder) =>
                void bridge.invoke('vault:save-recovery-key', { folder, recoveryKey }).then((result) => {
                  if (result.ok) {
                    setSaved(t('setup.saved', { file: result.value.file }));
                    setSaving(false);
                  } else setError(errorMessage(t, result.error));
                })
              }
            />
          </div>
        )}
        {saved && <p role="status">{saved}</p>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} />
          {t('setup.confirm')}
        </label>
        <div className="toolbar">
          <button type="button" disabled={!confirmed} onClick={onDone}>
            {t('setup.continue')}
          </button>
        </div>
      </main>
    );
  }

  return (
    <main className="full-page">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <p className="notice">{t('setup.demoHint')}</p>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <Field label={t('setup.orgName')} value={form.orgName} onChange={set('orgName')} required maxLength={200} autoComplete="organization" />
        <Field label={t('setup.orgNumber')} help={t('setup.orgNumberHelp')} value={form.orgNumber} onChange={set('orgNumber')} required inputMode="numeric" />
        <Field label={t('setup.adminName')} value={form.adminDisplayName} onChange={set('adminDisplayName')} required autoComplete="name" />
        <Field label={t('setup.username')} help={t('setup.usernameHelp')} value={form.adminUsername} onChange={set('adminUsername')} required autoComplete="username" />
        <Field label={t('setup.password')} type="password" value={form.password} onChange={set('password')} required autoComplete="new-password" aria-describedby="strength" />
        <StrengthMeter id="strength" password={form.password} context={context} />
        <Field label={t('setup.passwordAgain')} type="password" value={form.again} onChange={set('again')} required autoComplete="new-password" />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('setup.creating') : t('setup.create')}
        </button>
      </form>
    </main>
  );
}
