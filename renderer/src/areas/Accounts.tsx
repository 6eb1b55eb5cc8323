import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountRow } from '../../../shared/ipc/contract';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';
import { useConfirm } from '../ui/Dialog';
import { Field } from '../ui/Field';
import { useInvoke } from '../ui/use-invoke';
import { RotationFinish } from '../vault/RotationFinish';

/**
 * Admin only: the accounts, adding one, resetting a password, removing one (which rotates the key).
 * The list reloads after each action; a reload overtaken by a later one is not shown.
 */
export function Accounts() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [rows, setRows] = useState<AccountRow[]>([]);
  const [notice, setNotice] = useState<{ error: boolean; text: string } | null>(null);
  const [form, setForm] = useState({ displayName: '', username: '', psychologist: false, admin: false });
  // A removal's key rotation waiting for the admin to write the new recovery key down.
  const [rotation, setRotation] = useState<{ rotationId: string; recoveryKey: string } | null>(null);
  const { confirm, dialog } = useConfirm();
  const { invoke: invokeList } = useInvoke();

  const load = useCallback(async () => {
    const result = await invokeList('accounts:list', {});
    if (!result) return;
    if (result.ok) setRows(result.value);
    else setNotice({ error: true, text: errorMessage(t, result.error) });
  }, [invokeList, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const add = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const roles = [...(form.admin ? (['admin'] as const) : []), ...(form.psychologist ? (['psychologist'] as const) : [])];
    const result = await bridge.invoke('accounts:add', { username: form.username, displayName: form.displayName, roles });
    if (!result.ok) return setNotice({ error: true, text: errorMessage(t, result.error) });
    setNotice({ error: false, text: t('accounts.oneTime', { name: form.displayName, password: result.value.oneTimePassword }) });
    setForm({ displayName: '', username: '', psychologist: false, admin: false });
    await load();
  };

  const reset = async (row: AccountRow): Promise<void> => {
    const result = await bridge.invoke('accounts:reset-password', { accountId: row.id });
    setNotice(
      result.ok
        ? { error: false, text: `${t('accounts.oneTime', { name: row.displayName, password: result.value.oneTimePassword })} ${row.roles.includes('psychologist') ? t('accounts.resetPrivateNotes') : ''}`.trim() }
        : { error: true, text: errorMessage(t, result.error) },
    );
    await load();
  };

  const remove = async (row: AccountRow): Promise<void> => {
    const confirmed = await confirm({
      title: t('ui.confirmRemove.title'),
      message: t('accounts.confirmRemove', { name: row.displayName }),
      confirmLabel: t('ui.confirmRemove.action'),
      destructive: true,
    });
    if (!confirmed) return;
    const result = await bridge.invoke('accounts:remove', { accountId: row.id });
    if (result.ok) {
      setNotice(null);
      setRotation(result.value);
    } else setNotice({ error: true, text: errorMessage(t, result.error) });
    await load();
  };

  return (
    <section aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">{t('accounts.title')}</h2>
      <p>{t('accounts.intro')}</p>
      {dialog}
      {notice && (
        <p role={notice.error ? 'alert' : 'status'} className={notice.error ? 'error' : 'notice'} data-testid="accounts-notice">
          {notice.text}
        </p>
      )}
      {rotation && (
        <RotationFinish
          rotationId={rotation.rotationId}
          recoveryKey={rotation.recoveryKey}
          onDone={(text) => {
            setRotation(null);
            setNotice({ error: false, text });
          }}
        />
      )}
      <table className="checks" data-testid="accounts-table">
        <thead>
          <tr>
            <th scope="col">{t('accounts.name')}</th>
            <th scope="col">{t('accounts.username')}</th>
            <th scope="col">{t('accounts.organisation')}</th>
            <th scope="col">{t('accounts.roles')}</th>
            <th scope="col">{t('accounts.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{row.displayName}</th>
              <td>{row.username}</td>
              <td>{row.organisationName}</td>
              <td>
                {row.roles.length ? row.roles.map((role) => t(`accounts.${role}`)).join(', ') : t('accounts.none')}
                {row.mustChangePassword && ` (${t('accounts.mustChange')})`}
              </td>
              <td className="row-actions">
                <button type="button" onClick={() => void reset(row)} aria-label={`${t('accounts.reset')}: ${row.displayName}`}>
                  {t('accounts.reset')}
                </button>
                <button type="button" onClick={() => void remove(row)} aria-label={`${t('accounts.remove')}: ${row.displayName}`}>
                  {t('accounts.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="form" onSubmit={(event) => void add(event)}>
        <h3>{t('accounts.add')}</h3>
        <Field label={t('accounts.name')} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} required />
        <Field label={t('accounts.username')} value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required />
        <label className="checkbox">
          <input type="checkbox" checked={form.psychologist} onChange={(e) => setForm({ ...form, psychologist: e.target.checked })} />
          {t('accounts.psychologist')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={form.admin} onChange={(e) => setForm({ ...form, admin: e.target.checked })} />
          {t('accounts.admin')}
        </label>
        <button type="submit">{t('accounts.add')}</button>
      </form>
    </section>
  );
}
