import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHECKIN_STATUSES, DEFAULT_CHECKIN_MONTHS, OUTCOMES } from '../../../../shared/cases/codes';
import { type LifecycleStep, phaseAfter, stepsFrom } from '../../../../shared/cases/lifecycle';
import type { CaseDetail, Checkin, CheckinStatus, Outcome } from '../../../../shared/cases/model';
import { blockingHits, scanText } from '../../../../shared/guard/identifier-guard';
import type { IpcResult } from '../../../../shared/ipc/errors';
import { type Message, MessageLine } from '../../app/MessageLine';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { localToday } from '../roster/use-roster';
import { CaseTimeline } from './CaseTimeline';
import { GuardedText } from './GuardedText';
import type { TeamContext } from './use-team';

/** A flagged name is kept only with a reason this long (main's rule, main/cases/lifecycle-rules.ts). */
const GUARD_REASON_MIN = 10;

/**
 * The case's course (issue 20): its phase, the changes the phase allows (for the team's chair and
 * note-taker), each in a dialog that asks for its date and what it needs, the check-ins after exit
 * to record, and the timeline. main checks every rule again.
 */
export function CaseLifecycle({ detail, team, onChange }: { detail: CaseDetail; team: TeamContext; onChange: (detail: CaseDetail) => void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<LifecycleStep | null>(null);
  const [checkin, setCheckin] = useState<Checkin | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const steps = team.canEdit ? stepsFrom(detail.phase) : [];
  const open = detail.phase === 'uppfoljning' ? detail.checkins.filter((k) => !k.doneOn && !k.cancelledOn) : [];
  const done = (next: CaseDetail, text: string): void => {
    setStep(null);
    setCheckin(null);
    setMessage({ error: false, text });
    onChange(next);
  };
  return (
    <section aria-labelledby={`lifecycle-${detail.id}`} data-testid="case-lifecycle">
      <h3 id={`lifecycle-${detail.id}`}>{t('lifecycle.heading')}</h3>
      <p data-testid="case-phase">{t('lifecycle.phaseNow', { phase: t(`lifecycle.phase.${detail.phase}`) })}</p>
      {detail.closureAnalysis && (
        <div>
          <h4>{t('lifecycle.closureAnalysis')}</h4>
          <p className="timeline-reason" data-testid="closure-analysis">
            {detail.closureAnalysis}
          </p>
        </div>
      )}
      {steps.length > 0 && (
        <div className="action-line" role="group" aria-label={t('lifecycle.stepsLabel', { code: detail.code })}>
          {steps.map((s) => (
            <button key={s} type="button" onClick={() => setStep(s)}>
              {t(`lifecycle.step.${s}`)}
            </button>
          ))}
        </div>
      )}
      {team.canEdit && open.length > 0 && (
        <div className="action-line">
          {open.map((k) => (
            <button key={k.id} type="button" onClick={() => setCheckin(k)}>
              {t('lifecycle.recordCheckin', { months: k.months })}
            </button>
          ))}
        </div>
      )}
      <MessageLine message={message} testId="lifecycle-message" />
      <CaseTimeline detail={detail} />
      {step && <StepDialog step={step} detail={detail} team={team} onClose={() => setStep(null)} onDone={(next) => done(next, t('lifecycle.changed', { code: next.code, phase: t(`lifecycle.phase.${next.phase}`) }))} />}
      {checkin && <RecordCheckinDialog checkin={checkin} caseCode={detail.code} onClose={() => setCheckin(null)} onDone={(next) => done(next, t('lifecycle.checkinRecorded'))} />}
    </section>
  );
}

/** The answer of a change: shown in the dialog when refused, handed on when done. */
function useSend(onDone: (detail: CaseDetail) => void): { error: Message; send: (call: Promise<IpcResult<CaseDetail>>) => Promise<void> } {
  const { t } = useTranslation();
  const [error, setError] = useState<Message>(null);
  const send = async (call: Promise<IpcResult<CaseDetail>>): Promise<void> => {
    const result = await call;
    if (!result.ok) return setError({ error: true, text: errorMessage(t, result.error) });
    setError(null);
    onDone(result.value);
  };
  return { error, send };
}

function DialogButtons({ onClose, disabled = false }: { onClose: () => void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="ui-dialog-actions">
      <button type="button" onClick={onClose}>
        {t('ui.cancel')}
      </button>
      <button type="submit" className="primary" disabled={disabled}>
        {t('lifecycle.save')}
      </button>
    </div>
  );
}

/**
 * Guarded text with the guard's feedback as it is typed: an identifier that is never kept
 * (personnummer, phone, e-mail, address) blocks saving; a flagged name asks for a reason.
 */
function useGuardedText({
  label,
  value,
  onChange,
  reason,
  onReason,
  team,
  help,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  reason: string;
  onReason: (v: string) => void;
  team: TeamContext;
  help?: string;
}): { field: ReactNode; blocked: boolean; needsReason: boolean } {
  const { t } = useTranslation();
  const staffNames = useMemo(() => team.members.map((m) => m.displayName), [team.members]);
  const hits = useMemo(() => blockingHits(scanText(value, { extraNames: team.extraNames, staffNames })), [value, team.extraNames, staffNames]);
  const blocked = hits.some((hit) => hit.kind !== 'name');
  const needsReason = !blocked && hits.length > 0;
  const field = (
    <>
      <GuardedText label={label} value={value} onChange={onChange} extraNames={team.extraNames} staffNames={staffNames} rows={4} />
      {help && <p className="help">{help}</p>}
      {blocked && (
        <p className="error" role="alert">
          {t('lifecycle.guardBlocked')}
        </p>
      )}
      {needsReason && <Field label={t('lifecycle.guardReason')} help={t('lifecycle.guardReasonHelp')} required minLength={GUARD_REASON_MIN} maxLength={500} value={reason} onChange={(e) => onReason(e.target.value)} />}
    </>
  );
  return { field, blocked, needsReason };
}

function StepDialog({ step, detail, team, onClose, onDone }: { step: LifecycleStep; detail: CaseDetail; team: TeamContext; onClose: () => void; onDone: (detail: CaseDetail) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const { error, send } = useSend(onDone);
  const [date, setDate] = useState(localToday());
  const [decidedBy, setDecidedBy] = useState('');
  const [text, setText] = useState('');
  const [guardReason, setGuardReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>('arbete');
  const [outcomeOther, setOutcomeOther] = useState('');
  const [months, setMonths] = useState(DEFAULT_CHECKIN_MONTHS.join(', '));
  const textLabel = step === 'close' ? t('lifecycle.analysis') : step === 'not-chosen' ? t('lifecycle.notChosenReason') : t('lifecycle.reopenReason');
  const guarded = useGuardedText({ label: textLabel, value: text, onChange: setText, reason: guardReason, onReason: setGuardReason, team, ...(step === 'close' ? { help: t('lifecycle.analysisHelp') } : {}) });
  const hasText = step === 'close' || step === 'not-chosen' || step === 'reopen';
  const keep = guarded.needsReason ? { guardReason } : {};
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const caseId = detail.id;
    switch (step) {
      case 'propose':
        return void send(bridge.invoke('cases:propose', { caseId, date }));
      case 'activate':
        return void send(bridge.invoke('cases:activate', { caseId, date }));
      case 'choose':
      case 'not-chosen':
        return void send(bridge.invoke('cases:decide', { caseId, date, chosen: step === 'choose', decidedByMemberId: decidedBy, ...(step === 'not-chosen' ? { reason: text, ...keep } : {}) }));
      case 'close':
        return void send(bridge.invoke('cases:close', { caseId, date, outcome, outcomeOther: outcome === 'annat' ? outcomeOther : '', analysis: text, ...keep }));
      case 'plan-checkins':
        return void send(bridge.invoke('cases:plan-checkins', { caseId, date, months: months.split(/[,\s]+/).filter(Boolean).map(Number) }));
      case 'archive':
        return void send(bridge.invoke('cases:archive', { caseId, date }));
      case 'reopen':
        return void send(bridge.invoke('cases:reopen', { caseId, date, reason: text, ...keep }));
    }
  };
  const title = `${t(`lifecycle.step.${step}`)}: ${detail.code} → ${t(`lifecycle.phase.${phaseAfter(step, detail.phase)}`)}`;
  return (
    <Dialog isOpen onClose={onClose} title={title} testId="lifecycle-dialog">
      <form className="form" aria-label={title} onSubmit={submit}>
        <Field label={t('lifecycle.date')} type="date" required max={localToday()} value={date} onChange={(e) => setDate(e.target.value)} />
        {(step === 'choose' || step === 'not-chosen') && (
          <SelectField label={t('lifecycle.decidedBy')} required value={decidedBy} onChange={setDecidedBy} placeholder={t('meetings.choose')} options={team.members.filter((m) => m.activeTo === null).map((m) => ({ value: m.id, label: m.displayName }))} />
        )}
        {step === 'close' && (
          <>
            <SelectField label={t('lifecycle.outcome')} value={outcome} onChange={(o) => setOutcome(o as Outcome)} options={OUTCOMES.map((o) => ({ value: o, label: t(`cases.outcome.${o}`) }))} />
            {outcome === 'annat' && <Field label={t('lifecycle.outcomeOther')} required maxLength={200} value={outcomeOther} onChange={(e) => setOutcomeOther(e.target.value)} />}
          </>
        )}
        {step === 'plan-checkins' && <Field label={t('lifecycle.months')} help={t('lifecycle.monthsHelp')} required pattern="[0-9, ]+" value={months} onChange={(e) => setMonths(e.target.value)} />}
        {hasText && guarded.field}
        <MessageLine message={error} testId="lifecycle-error" />
        <DialogButtons onClose={onClose} disabled={hasText && (guarded.blocked || text.trim() === '' || (guarded.needsReason && guardReason.trim().length < GUARD_REASON_MIN))} />
      </form>
    </Dialog>
  );
}

/**
 * Recording a check-in after exit: its day and the participant's status then. From the case view,
 * and from a meeting whose agenda brings the check-in up (MeetingPage).
 */
export function RecordCheckinDialog({ checkin, caseCode, onClose, onDone }: { checkin: Pick<Checkin, 'id' | 'months' | 'dueOn'>; caseCode: string; onClose: () => void; onDone: (detail: CaseDetail) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const { error, send } = useSend(onDone);
  const [date, setDate] = useState(localToday());
  const [status, setStatus] = useState<CheckinStatus>('arbete');
  const title = `${caseCode}: ${t('lifecycle.recordCheckin', { months: checkin.months })}`;
  return (
    <Dialog isOpen onClose={onClose} title={title} testId="checkin-dialog">
      <form
        className="form"
        aria-label={title}
        onSubmit={(event) => {
          event.preventDefault();
          void send(bridge.invoke('cases:record-checkin', { checkinId: checkin.id, date, status }));
        }}
      >
        <p>{t('lifecycle.checkinDue', { months: checkin.months, date: checkin.dueOn })}</p>
        <Field label={t('lifecycle.date')} type="date" required max={localToday()} value={date} onChange={(e) => setDate(e.target.value)} />
        <SelectField label={t('lifecycle.checkinStatus')} value={status} onChange={(s) => setStatus(s as CheckinStatus)} options={CHECKIN_STATUSES.map((s) => ({ value: s, label: t(`lifecycle.status.${s}`) }))} />
        <MessageLine message={error} testId="lifecycle-error" />
        <DialogButtons onClose={onClose} />
      </form>
    </Dialog>
  );
}
