import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors/messages';
import { Field } from '../ui/Field';
import { useInvoke } from '../ui/use-invoke';

type Extract = {
  caseCode: string;
  records: { kind: string; date: string; text: string }[];
  owner?: { teamName: string; controller: string | null; archiveCreator: string | null; decisionReference: string | null } | null;
};

/**
 * Admin only: a register extract for a request under GDPR art. 15 — every record that mentions a
 * case code, listed on screen. The reason (the request's reference) is logged with the count.
 * A second search may start before the first answered: only the latest one's answer is shown.
 */
export function RegisterExtract() {
  const { t } = useTranslation();
  const search = useInvoke();
  const [form, setForm] = useState({ caseCode: '', reason: '' });
  const [extract, setExtract] = useState<Extract | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setExtract(null);
    setMessage(null);
    const result = await search.invoke('register:extract', { caseCode: form.caseCode.trim().toUpperCase(), reason: form.reason });
    if (!result) return;
    if (!result.ok) return setMessage(errorMessage(t, result.error));
    setMessage(null);
    setExtract(result.value);
  };
  return (
    <section aria-labelledby="extract-heading" aria-busy={search.busy}>
      <h2 id="extract-heading">{t('extract.title')}</h2>
      <p className="help">{t('extract.help')}</p>
      <form className="form" aria-label={t('extract.title')} onSubmit={(event) => void submit(event)}>
        <Field label={t('extract.caseCode')} required maxLength={20} placeholder="UT-2026-014" value={form.caseCode} onChange={(e) => setForm({ ...form, caseCode: e.target.value })} />
        <Field label={t('extract.reason')} required minLength={5} maxLength={300} value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
        <button type="submit">
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
      {extract?.owner && <h3>{t('extract.ownerTitle', { team: extract.owner.teamName })}</h3>}
      {extract?.owner && (
        <dl className="facts" data-testid="register-extract-owner">
          <dt>{t('extract.controller')}</dt>
          <dd>{extract.owner.controller ?? '–'}</dd>
          <dt>{t('extract.archiveCreator')}</dt>
          <dd>{extract.owner.archiveCreator ?? '–'}</dd>
          <dt>{t('extract.decision')}</dt>
          <dd>{extract.owner.decisionReference ?? t('extract.noDecision')}</dd>
        </dl>
      )}
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
