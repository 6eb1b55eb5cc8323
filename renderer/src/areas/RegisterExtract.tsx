import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';

type Extract = { caseCode: string; records: { kind: string; date: string; text: string }[] };

/**
 * Admin only: a register extract for a request under GDPR art. 15 — every record that mentions a
 * case code, listed on screen. The reason (the request's reference) is logged with the count.
 */
export function RegisterExtract() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const ids = { code: useId(), reason: useId() };
  const [form, setForm] = useState({ caseCode: '', reason: '' });
  const [extract, setExtract] = useState<Extract | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setExtract(null);
    setMessage(null);
    setBusy(true);
    const result = await bridge.invoke('register:extract', { caseCode: form.caseCode.trim().toUpperCase(), reason: form.reason });
    setBusy(false);
    if (!result.ok) return setMessage(errorMessage(t, result.error));
    setMessage(null);
    setExtract(result.value);
  };
  return (
    <section aria-labelledby="extract-heading">
      <h2 id="extract-heading">{t('extract.title')}</h2>
      <p className="help">{t('extract.help')}</p>
      <form className="form" aria-label={t('extract.title')} onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={ids.code}>{t('extract.caseCode')}</label>
          <input id={ids.code} required maxLength={20} placeholder="UT-2026-014" value={form.caseCode} onChange={(e) => setForm({ ...form, caseCode: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.reason}>{t('extract.reason')}</label>
          <input id={ids.reason} required minLength={5} maxLength={300} value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
        </div>
        <button type="submit" disabled={busy}>
          {t('extract.run')}
        </button>
      </form>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <p role="status" className="help">
        {extract ? t('extract.result', { code: extract.caseCode, count: extract.records.length }) : ''}
      </p>
      {extract && (
        <table className="data-table" data-testid="register-extract">
          <caption>{t('extract.result', { code: extract.caseCode, count: extract.records.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('extract.kind')}</th>
              <th scope="col">{t('extract.date')}</th>
              <th scope="col">{t('extract.content')}</th>
            </tr>
          </thead>
          <tbody>
            {extract.records.map((record, index) => (
              <tr key={index}>
                <th scope="row">{t(`extract.kinds.${record.kind}`, { defaultValue: record.kind })}</th>
                <td>{record.date.slice(0, 10)}</td>
                <td>{record.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
