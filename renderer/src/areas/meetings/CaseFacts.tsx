import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_AGE_BAND_BOUNDS, GENDERS, INCOME_SOURCES, ageBandLabels } from '../../../../shared/cases/codes';
import type { Gender, IncomeSource, SeenFacts } from '../../../../shared/cases/facts';
import type { CaseDetail } from '../../../../shared/cases/model';
import { type Message, MessageLine } from '../../app/MessageLine';
import { errorMessage } from '../../errors/messages';
import { SelectField } from '../../ui/SelectField';
import { useInvoke } from '../../ui/use-invoke';

/**
 * The participant's coarse facts for the förbund's follow-up (issue 20): kön and the source of
 * income at start — asked by the case form, never forced (an explicit "Ej registrerat") — and at
 * exit once the case has exited. Categories only: no free text, nothing that names anyone.
 */

/** The value a select holds for "not recorded": chosen on purpose, unlike '' (not chosen yet). */
const NONE = 'ej-registrerat';

/** The vault's configured age bands, for the case form (the defaults until main answers); asked only when `wanted` (the form is shown). */
export function useAgeBands(wanted: boolean): string[] {
  const { invoke } = useInvoke();
  const [labels, setLabels] = useState<string[]>(() => ageBandLabels(DEFAULT_AGE_BAND_BOUNDS));
  useEffect(() => {
    if (wanted) void invoke('cases:age-bands', {}).then((result) => result?.ok && setLabels(result.value.labels));
  }, [invoke, wanted]);
  return labels;
}

/** The facts a new case starts with: '' until chosen, then a category or "not recorded". */
export interface StartFacts {
  readonly gender: string;
  readonly incomeAtStart: string;
}
export const NO_START_FACTS: StartFacts = { gender: '', incomeAtStart: '' };

/** What `cases:create` takes of them (null: not recorded). */
export function startFactsInput(facts: StartFacts): { gender: Gender | null; incomeAtStart: IncomeSource | null } {
  const gender = GENDERS.find((g) => g === facts.gender) ?? null;
  const incomeAtStart = INCOME_SOURCES.find((i) => i === facts.incomeAtStart) ?? null;
  return { gender, incomeAtStart };
}

function useOptions() {
  const { t } = useTranslation();
  return {
    genders: [...GENDERS.map((g) => ({ value: g, label: t(`facts.genders.${g}`) })), { value: NONE, label: t('facts.notRecorded') }],
    incomes: [...INCOME_SOURCES.map((i) => ({ value: i, label: t(`facts.incomes.${i}`) })), { value: NONE, label: t('facts.notRecorded') }],
  };
}

/** The case form's kön and income at start: a choice is asked for ("Välj …" cannot be sent), "Ej registrerat" is one. */
export function NewCaseFacts({ value, onChange }: { value: StartFacts; onChange: (facts: StartFacts) => void }) {
  const { t } = useTranslation();
  const options = useOptions();
  return (
    <>
      <SelectField label={t('facts.gender')} value={value.gender} placeholder={t('facts.choose')} required onChange={(gender) => onChange({ ...value, gender })} options={options.genders} />
      <SelectField label={t('facts.incomeAtStart')} value={value.incomeAtStart} placeholder={t('facts.choose')} required onChange={(incomeAtStart) => onChange({ ...value, incomeAtStart })} options={options.incomes} />
    </>
  );
}

/** The form's selects for facts as stored (null: "Ej registrerat"). */
function formOf(facts: SeenFacts): { gender: string; incomeAtStart: string; incomeAtExit: string } {
  return { gender: facts.gender ?? NONE, incomeAtStart: facts.incomeAtStart ?? NONE, incomeAtExit: facts.incomeAtExit ?? NONE };
}

function sameFacts(a: SeenFacts, b: SeenFacts): boolean {
  return a.gender === b.gender && a.incomeAtStart === b.incomeAtStart && a.incomeAtExit === b.incomeAtExit;
}

/**
 * An opened case's facts: its editors change them, other readers see them. A save sends the facts
 * the form was loaded with (`expected`): if another editor changed them meanwhile, main refuses
 * ('facts_changed'), the form is loaded again with the stored facts and the user is told that
 * none of their choices were saved — nothing is written back over the other's change, and nothing
 * of the user's is kept without saying so.
 */
export function CaseFacts({ detail, canEdit, onChange }: { detail: CaseDetail; canEdit: boolean; onChange: (detail: CaseDetail) => void }) {
  const { t } = useTranslation();
  const saver = useInvoke();
  const options = useOptions();
  const facts = detail.facts;
  const gender = facts?.gender ?? null;
  const incomeAtStart = facts?.incomeAtStart ?? null;
  const incomeAtExit = facts?.incomeAtExit ?? null;
  // The facts the form was loaded with (what the editor saw) and the form as the editor changed it.
  const [editing, setEditing] = useState(() => {
    const seen: SeenFacts = { gender, incomeAtStart, incomeAtExit };
    return { seen, form: formOf(seen) };
  });
  const form = editing.form;
  const setForm = (next: typeof form): void => setEditing((prev) => ({ ...prev, form: next }));
  // Only the three facts: `expected` is sent as it is, and main refuses any other key.
  const load = (stored: SeenFacts): void => {
    const seen: SeenFacts = { gender: stored.gender, incomeAtStart: stored.incomeAtStart, incomeAtExit: stored.incomeAtExit };
    setEditing({ seen, form: formOf(seen) });
  };
  // The case changed under the form (this window closed or reopened it, or read it again): an
  // untouched form shows the new facts; a changed one keeps what it saw, so its save is refused and said.
  useEffect(() => {
    const stored: SeenFacts = { gender, incomeAtStart, incomeAtExit };
    setEditing((prev) => {
      const untouched = JSON.stringify(prev.form) === JSON.stringify(formOf(prev.seen));
      return sameFacts(prev.seen, stored) || !untouched ? prev : { seen: stored, form: formOf(stored) };
    });
  }, [gender, incomeAtStart, incomeAtExit]);
  const [message, setMessage] = useState<Message>(null);
  if (!facts) return null;
  const label = (kind: 'genders' | 'incomes', code: string | null): string => (code ? t(`facts.${kind}.${code}`) : t('facts.notRecorded'));
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const choice = startFactsInput({ gender: form.gender, incomeAtStart: form.incomeAtStart });
    const atExit = facts.exited ? (INCOME_SOURCES.find((i) => i === form.incomeAtExit) ?? null) : undefined;
    const result = await saver.invoke('cases:set-facts', { caseId: detail.id, ...choice, ...(atExit === undefined ? {} : { incomeAtExit: atExit }), expected: editing.seen });
    if (!result) return;
    if (!result.ok && result.error.code === 'conflict' && result.error.detail?.reason === 'facts_changed') {
      // Someone else changed them: show what is stored now, and say so.
      const fresh = await saver.invoke('cases:get', { caseId: detail.id });
      if (!fresh) return;
      if (!fresh.ok) return setMessage({ error: true, text: `${t('facts.changedNotReloaded')} ${errorMessage(t, fresh.error)}` });
      if (fresh.value.facts) load(fresh.value.facts);
      setMessage({ error: true, text: errorMessage(t, result.error) });
      onChange(fresh.value);
      return;
    }
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    if (result.value.facts) load(result.value.facts);
    setMessage({ error: false, text: t('facts.saved') });
    onChange(result.value);
  };
  return (
    <section aria-labelledby="case-facts-heading" data-testid="case-facts">
      <h3 id="case-facts-heading">{t('facts.title')}</h3>
      {canEdit ? (
        <form className="form inline-form" onSubmit={(event) => void save(event)}>
          <p className="help">{t('facts.help')}</p>
          <SelectField label={t('facts.gender')} value={form.gender} onChange={(value) => setForm({ ...form, gender: value })} options={options.genders} />
          <SelectField label={t('facts.incomeAtStart')} value={form.incomeAtStart} onChange={(value) => setForm({ ...form, incomeAtStart: value })} options={options.incomes} />
          {facts.exited ? (
            <SelectField label={t('facts.incomeAtExit')} value={form.incomeAtExit} onChange={(value) => setForm({ ...form, incomeAtExit: value })} options={options.incomes} />
          ) : (
            <p className="help">{t('facts.exitLater')}</p>
          )}
          <button type="submit" disabled={saver.busy}>
            {t('facts.save')}
          </button>
        </form>
      ) : (
        <dl className="facts">
          <dt>{t('facts.gender')}</dt>
          <dd>{label('genders', facts.gender)}</dd>
          <dt>{t('facts.incomeAtStart')}</dt>
          <dd>{label('incomes', facts.incomeAtStart)}</dd>
          {facts.exited && (
            <>
              <dt>{t('facts.incomeAtExit')}</dt>
              <dd>{label('incomes', facts.incomeAtExit)}</dd>
            </>
          )}
        </dl>
      )}
      <MessageLine message={message} testId="case-facts-message" />
    </section>
  );
}
