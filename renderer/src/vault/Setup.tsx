import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseOrganisationsnummer } from '../../../shared/identifiers/organisationsnummer';
import { MIN_ACCEPTED_LEVEL, passwordStrength } from '../../../shared/passwords/strength';
import { ORGANISATION_KINDS, PROFESSIONS } from '../../../shared/roster/codes';
import type { OrganisationKind, Profession } from '../../../shared/roster/model';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';
import { FolderPicker } from '../app/FolderPicker';
import { SelectField } from '../ui/SelectField';
import { Field } from './Field';
import { StrengthMeter } from './StrengthMeter';

/** First run: organisation, first admin, then the recovery key shown once and confirmed. */
const FORM_KEYS = ['orgName', 'orgKind', 'orgNumber', 'adminDisplayName', 'adminProfession', 'adminProfessionOther', 'adminUsername', 'password', 'again'] as const;
type FormKey = (typeof FORM_KEYS)[number];
const isFormKey = (value: string): value is FormKey => (FORM_KEYS as readonly string[]).includes(value);
/** The same rule main applies to a username (main/vault/vault.ts). */
const USERNAME = /^[\p{L}\p{N}._-]{2,64}$/u;

export function Setup({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [form, setForm] = useState({
    orgName: '',
    orgKind: '' as OrganisationKind | '',
    orgNumber: '',
    adminDisplayName: '',
    ownMember: true,
    adminProfession: '' as Profession | '',
    adminProfessionOther: '',
    adminUsername: '',
    password: '',
    again: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FormKey, string>>>({});
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const ownMemberId = useId();
  const set = (key: FormKey) => (event: { target: { value: string } }) => {
    setForm({ ...form, [key]: event.target.value });
    if (fieldErrors[key]) setFieldErrors({ ...fieldErrors, [key]: undefined });
  };
  const context = [form.orgName, form.adminUsername, form.adminDisplayName];

  useEffect(() => {
    // The first field has the focus when the page opens.
    formRef.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, []);

  const check = (): Partial<Record<FormKey, string>> => {
    const errors: Partial<Record<FormKey, string>> = {};
    if (!form.orgName.trim()) errors.orgName = t('setup.required');
    if (!form.orgKind) errors.orgKind = t('setup.orgKindMissing');
    if (!parseOrganisationsnummer(form.orgNumber)) errors.orgNumber = t('setup.orgNumberInvalid');
    if (!form.adminDisplayName.trim()) errors.adminDisplayName = t('setup.required');
    if (form.ownMember && !form.adminProfession) errors.adminProfession = t('setup.professionMissing');
    if (form.ownMember && form.adminProfession === 'other' && !form.adminProfessionOther.trim()) errors.adminProfessionOther = t('setup.professionOtherMissing');
    if (!USERNAME.test(form.adminUsername.trim())) errors.adminUsername = t('setup.usernameInvalid');
    if (passwordStrength(form.password, context).level < MIN_ACCEPTED_LEVEL) errors.password = t('strength.hint');
    if (form.password !== form.again) errors.again = t('setup.passwordsDiffer');
    return errors;
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const errors = check();
    const first = Object.keys(errors)[0];
    if (first) {
      setFieldErrors(errors);
      setError(t('setup.fixFields', { count: Object.keys(errors).length }));
      // The first field in error gets the focus; its message is read with it.
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    setError(null);
    setFieldErrors({});
    const result = await bridge.invoke('vault:setup', {
      orgName: form.orgName,
      orgNumber: form.orgNumber,
      adminUsername: form.adminUsername,
      adminDisplayName: form.adminDisplayName,
      password: form.password,
      ...(form.orgKind ? { orgKind: form.orgKind } : {}),
      ...(form.ownMember && form.adminProfession ? { adminMember: { profession: form.adminProfession, professionOther: form.adminProfession === 'other' ? form.adminProfessionOther : '' } } : {}),
    });
    setBusy(false);
    setForm({ ...form, password: '', again: '' });
    if (!result.ok) {
      const message = errorMessage(t, result.error);
      // Main named the field (a taken username, an organisation number it refused): marked and focused there too.
      const field = result.error.detail?.field;
      if (field && isFormKey(field)) {
        setFieldErrors({ [field]: message });
        requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      }
      return setError(message);
    }
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
              kind="recovery-key"
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
      <form className="form" ref={formRef} noValidate onSubmit={(event) => void submit(event)}>
        <Field label={t('setup.orgName')} value={form.orgName} onChange={set('orgName')} required maxLength={200} autoComplete="organization" error={fieldErrors.orgName} />
        <SelectField
          label={t('setup.orgKind')}
          value={form.orgKind}
          onChange={(value) => set('orgKind')({ target: { value } })}
          required
          placeholder={t('setup.choose')}
          options={ORGANISATION_KINDS.map((kind) => ({ value: kind, label: t(`roster.kind.${kind}`) }))}
          error={fieldErrors.orgKind}
        />
        <Field label={t('setup.orgNumber')} help={t('setup.orgNumberHelp')} value={form.orgNumber} onChange={set('orgNumber')} required inputMode="numeric" error={fieldErrors.orgNumber} />
        <Field label={t('setup.adminName')} value={form.adminDisplayName} onChange={set('adminDisplayName')} required autoComplete="name" error={fieldErrors.adminDisplayName} />
        <label className="checkbox" htmlFor={ownMemberId}>
          <input id={ownMemberId} type="checkbox" checked={form.ownMember} onChange={(event) => setForm({ ...form, ownMember: event.target.checked })} />
          {t('setup.ownMember')}
        </label>
        {form.ownMember && (
          <SelectField
            label={t('setup.profession')}
            help={t('setup.professionHelp')}
            value={form.adminProfession}
            onChange={(value) => set('adminProfession')({ target: { value } })}
            required
            placeholder={t('setup.choose')}
            options={PROFESSIONS.map((code) => ({ value: code, label: t(`roster.profession.${code}`) }))}
            error={fieldErrors.adminProfession}
          />
        )}
        {form.ownMember && form.adminProfession === 'other' && (
          <Field label={t('roster.professionOther')} value={form.adminProfessionOther} onChange={set('adminProfessionOther')} required maxLength={120} error={fieldErrors.adminProfessionOther} />
        )}
        <Field label={t('setup.username')} help={t('setup.usernameHelp')} value={form.adminUsername} onChange={set('adminUsername')} required autoComplete="username" error={fieldErrors.adminUsername} />
        <Field label={t('setup.password')} type="password" value={form.password} onChange={set('password')} required autoComplete="new-password" aria-describedby="strength" error={fieldErrors.password} />
        <StrengthMeter id="strength" password={form.password} context={context} />
        <Field label={t('setup.passwordAgain')} type="password" value={form.again} onChange={set('again')} required autoComplete="new-password" error={fieldErrors.again} />
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
