import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../../../shared/ipc/errors';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { TextArea } from '../../ui/TextArea';
import { useInvoke } from '../../ui/use-invoke';
import { GuardedText } from '../meetings/GuardedText';
import type { TeamContext } from '../meetings/use-team';
import { localToday } from '../roster/use-roster';

/**
 * The handover meeting's record: who hands over to whom, why, under which consent, what goes on.
 * It opens with its heading focused (the button that opened it is gone); Avbryt closes it.
 */
export function NewHandover({
  caseId,
  team,
  onDone,
  onError,
  onCancel,
}: {
  caseId: string;
  team: TeamContext;
  onDone: (id: string) => void;
  onError: (error: IpcError) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const consentsCall = useInvoke();
  // Its own line: an answer arriving after the form is gone (another case chosen) is dropped.
  const saveCall = useInvoke();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
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
    const result = await saveCall.invoke('handover:create', {
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
    if (!result) return;
    if (!result.ok) return onError(result.error);
    onDone(result.value.id);
  };

  const others = team.organisations.filter((o) => o.id !== form.fromOrganisationId);
  return (
    <form className="form editor" aria-label={t('handover.new')} onSubmit={(event) => void submit(event)} data-testid="new-handover">
      <h3 ref={heading} tabIndex={-1}>
        {t('handover.new')}
      </h3>
      <Field label={t('meetings.date')} type="date" required value={form.date} onChange={(e) => set({ date: e.target.value })} />
      <SelectField
        label={t('handover.from')}
        required
        value={form.fromOrganisationId}
        onChange={(fromOrganisationId) => set({ fromOrganisationId })}
        options={team.organisations.map((o) => ({ value: o.id, label: o.name }))}
      />
      <Field label={t('handover.fromFunction')} required maxLength={300} value={form.fromFunction} onChange={(e) => set({ fromFunction: e.target.value })} />
      <SelectField
        label={t('handover.to')}
        required
        value={form.toOrganisationId}
        onChange={(toOrganisationId) => set({ toOrganisationId })}
        placeholder={t('handover.chooseOrganisation')}
        options={others.map((o) => ({ value: o.id, label: o.name }))}
      />
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
          <SelectField
            label={t('handover.consentChoice')}
            value={form.consentId}
            disabled={form.useOverride}
            onChange={(consentId) => set({ consentId })}
            options={consents.map((c) => ({ value: c.id, label: t('handover.consentOption', c) }))}
          />
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
      <p>
        <button type="submit" disabled={saveCall.busy}>
          {t('handover.save')}
        </button>{' '}
        <button type="button" onClick={onCancel}>
          {t('ui.cancel')}
        </button>
      </p>
    </form>
  );
}
