import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../../shared/ipc/errors';
import { useBridge } from '../../ipc/bridge-context';
import { Field } from '../../ui/Field';
import { TextArea } from '../../ui/TextArea';
import { useInvoke } from '../../ui/use-invoke';
import { GuardedText } from '../meetings/GuardedText';
import type { TeamContext } from '../meetings/use-team';
import { localToday } from '../roster/use-roster';

/** The handover meeting's record: who hands over to whom, why, under which consent, what goes on. */
export function NewHandover({ caseId, team, onDone, onError }: { caseId: string; team: TeamContext; onDone: (id: string) => void; onError: (code: ErrorCode) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const consentsCall = useInvoke();
  const ids = { from: useId(), to: useId(), consent: useId() };
  const own = team.organisations.find((o) => o.isOwn);
  const [form, setForm] = useState({
    date: localToday(),
    fromOrganisationId: own?.id ?? '',
    fromFunction: '',
    toOrganisationId: '',
    toFunction: '',
    participants: [] as string[],
    reason: '',
    consentId: '',
    useOverride: false,
    consentOverride: '',
    goals: '',
    insatser: [{ text: '', responsible: '' }],
    newCaseOwner: '',
    followUpDate: '',
  });
  const [consents, setConsents] = useState<{ id: string; organisation: string; validFrom: string; validTo: string; paperFiledAt: string }[]>([]);
  const { invoke: invokeConsents, cancel: cancelConsents } = consentsCall;
  useEffect(() => {
    // The consents for the receiver and date chosen last, never those of an earlier choice.
    if (!form.toOrganisationId || !form.date) return (cancelConsents(), setConsents([]));
    void invokeConsents('handover:consents', { caseId, organisationId: form.toOrganisationId, date: form.date }).then((r) => {
      if (!r) return;
      if (!r.ok) return setConsents([]);
      setConsents(r.value);
      setForm((f) => ({ ...f, consentId: r.value[0]?.id ?? '' }));
    });
  }, [invokeConsents, cancelConsents, caseId, form.toOrganisationId, form.date]);
  const set = (patch: Partial<typeof form>): void => setForm((f) => ({ ...f, ...patch }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await bridge.invoke('handover:create', {
      caseId,
      date: form.date,
      fromOrganisationId: form.fromOrganisationId,
      fromFunction: form.fromFunction,
      toOrganisationId: form.toOrganisationId,
      toFunction: form.toFunction,
      participantMemberIds: form.participants,
      guests: [],
      reason: form.reason,
      consentId: form.useOverride ? null : form.consentId || null,
      consentOverride: form.useOverride ? form.consentOverride : null,
      goals: form.goals,
      insatser: form.insatser.filter((i) => i.text.trim() && i.responsible.trim()),
      newCaseOwner: form.newCaseOwner,
      followUpDate: form.followUpDate || null,
    });
    if (!result.ok) return onError(result.error.code);
    onDone(result.value.id);
  };

  const others = team.organisations.filter((o) => o.id !== form.fromOrganisationId);
  return (
    <form className="form editor" aria-label={t('handover.new')} onSubmit={(event) => void submit(event)} data-testid="new-handover">
      <h3>{t('handover.new')}</h3>
      <Field label={t('meetings.date')} type="date" required value={form.date} onChange={(e) => set({ date: e.target.value })} />
      <div className="field">
        <label htmlFor={ids.from}>{t('handover.from')}</label>
        <select id={ids.from} required value={form.fromOrganisationId} onChange={(e) => set({ fromOrganisationId: e.target.value })}>
          {team.organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <Field label={t('handover.fromFunction')} required maxLength={300} value={form.fromFunction} onChange={(e) => set({ fromFunction: e.target.value })} />
      <div className="field">
        <label htmlFor={ids.to}>{t('handover.to')}</label>
        <select id={ids.to} required value={form.toOrganisationId} onChange={(e) => set({ toOrganisationId: e.target.value })}>
          <option value="">{t('handover.chooseOrganisation')}</option>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <Field label={t('handover.toFunction')} help={t('handover.toFunctionHelp')} required maxLength={300} value={form.toFunction} onChange={(e) => set({ toFunction: e.target.value })} />
      <fieldset>
        <legend>{t('handover.participants')}</legend>
        {team.members
          .filter((m) => m.activeTo === null)
          .map((m) => (
            <label key={m.id} className="checkbox">
              <input type="checkbox" checked={form.participants.includes(m.id)} onChange={(e) => set({ participants: e.target.checked ? [...form.participants, m.id] : form.participants.filter((id) => id !== m.id) })} />
              {m.displayName}
            </label>
          ))}
      </fieldset>
      <GuardedText label={t('handover.reason')} value={form.reason} rows={3} extraNames={team.extraNames} onChange={(reason) => set({ reason })} />
      <fieldset>
        <legend>{t('handover.consent')}</legend>
        {consents.length > 0 ? (
          <div className="field">
            <label htmlFor={ids.consent}>{t('handover.consentChoice')}</label>
            <select id={ids.consent} value={form.consentId} disabled={form.useOverride} onChange={(e) => set({ consentId: e.target.value })}>
              {consents.map((c) => (
                <option key={c.id} value={c.id}>
                  {t('handover.consentOption', c)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="notice">{form.toOrganisationId ? t('handover.noConsent') : t('handover.chooseReceiverFirst')}</p>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={form.useOverride} onChange={(e) => set({ useOverride: e.target.checked })} />
          {t('handover.useOverride')}
        </label>
        {form.useOverride && (
          <TextArea label={t('handover.overrideReason')} required minLength={10} maxLength={1000} minRows={2} value={form.consentOverride} onChange={(consentOverride) => set({ consentOverride })} />
        )}
      </fieldset>
      <GuardedText label={t('handover.goals')} value={form.goals} rows={3} extraNames={team.extraNames} onChange={(goals) => set({ goals })} />
      <fieldset>
        <legend>{t('handover.insatser')}</legend>
        {form.insatser.map((insats, index) => (
          <div key={index} className="inline-form">
            <Field label={t('handover.insats', { n: index + 1 })} maxLength={300} value={insats.text} onChange={(e) => set({ insatser: form.insatser.map((x, i) => (i === index ? { ...x, text: e.target.value } : x)) })} />
            <Field
              label={t('handover.responsible', { n: index + 1 })}
              maxLength={300}
              value={insats.responsible}
              onChange={(e) => set({ insatser: form.insatser.map((x, i) => (i === index ? { ...x, responsible: e.target.value } : x)) })}
            />
          </div>
        ))}
        <button type="button" className="link-button" onClick={() => set({ insatser: [...form.insatser, { text: '', responsible: '' }] })}>
          {t('handover.addInsats')}
        </button>
      </fieldset>
      <Field label={t('handover.newCaseOwner')} required maxLength={300} value={form.newCaseOwner} onChange={(e) => set({ newCaseOwner: e.target.value })} />
      <Field label={t('handover.followUp')} type="date" value={form.followUpDate} onChange={(e) => set({ followUpDate: e.target.value })} />
      <button type="submit">{t('handover.save')}</button>
    </form>
  );
}
