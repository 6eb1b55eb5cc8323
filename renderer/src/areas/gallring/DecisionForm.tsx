import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { localToday } from '../roster/use-roster';

export interface Decision {
  readonly reference: string;
  readonly date: string;
}

/**
 * The gallring decision an early gallring rests on, and the admin's acknowledgement that it cannot
 * be undone. `caseCode` names the case in the button, so the last click says what it deletes. The
 * acknowledgement holds for one preview only (`previewVersion`): fresh counts must be looked at again.
 * The button stays focusable while it cannot be used (aria-disabled), so pressing it never drops focus.
 */
export function DecisionForm({ caseCode, previewVersion, busy, onSubmit }: { caseCode: string; previewVersion: number; busy: boolean; onSubmit: (decision: Decision) => void }) {
  const { t } = useTranslation();
  const [reference, setReference] = useState('');
  const [date, setDate] = useState('');
  const [understoodFor, setUnderstoodFor] = useState<number | null>(null);
  const understood = understoodFor === previewVersion;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (understood && !busy) onSubmit({ reference: reference.trim(), date });
  };
  return (
    <form className="form" aria-label={t('gallring.early.decisionTitle')} onSubmit={submit}>
      <h3>{t('gallring.early.decisionTitle')}</h3>
      <Field label={t('gallring.early.decisionReference')} help={t('gallring.early.decisionReferenceHelp')} required minLength={3} maxLength={100} value={reference} onChange={(e) => setReference(e.target.value)} />
      <Field label={t('gallring.early.decisionDate')} type="date" required max={localToday()} value={date} onChange={(e) => setDate(e.target.value)} />
      <label className="checkbox">
        <input type="checkbox" required checked={understood} onChange={(e) => setUnderstoodFor(e.target.checked ? previewVersion : null)} />
        {t('gallring.early.understand')}
      </label>
      <button type="submit" aria-disabled={!understood || busy}>
        {t('gallring.early.submit', { code: caseCode })}
      </button>
    </form>
  );
}
