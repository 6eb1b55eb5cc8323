import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { blockingHits, scanText } from '../../../../shared/guard/identifier-guard';
import type { AgendaItemView, ItemBody, ItemCommitted, MeetingView } from '../../../../shared/meetings/model';
import type { Member } from '../../../../shared/roster/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { useInvoke } from '../../ui/use-invoke';
import { registerFlush } from '../../vault/flush';
import { GuardedText } from './GuardedText';
import { AgendaCheckins } from './AgendaCheckins';
import { type Message, MessageLine } from '../../app/MessageLine';

/** Typing is saved as the author's draft this long after the last keystroke (well within a second). */
const DRAFT_DELAY_MS = 400;

const emptyBody = (): ItemBody => ({ notes: '', decisions: '', nextFollowUp: null, actions: [] });

/**
 * One agenda item: notes, decisions, actions and — for a case — the next follow-up. Every change
 * is saved as an encrypted draft (the author's own) within half a second, so a crash or an
 * auto-lock loses nothing; the guard marks identifiers as they are typed and gates the commit.
 */
export function ItemEditor({ meeting, item, members, extraNames, onCommitted, onStale, onClose }: {
  meeting: MeetingView;
  item: AgendaItemView;
  members: readonly Member[];
  extraNames: readonly string[];
  /** The committed item, as main answers it (merged into the page's meeting). */
  onCommitted: (change: z.output<typeof ItemCommitted>) => void;
  /** The commit was refused because the meeting changed elsewhere (finalised, the item gone): reload it. */
  onStale: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const ids = { reason: useId() };
  const committed = item.item;
  const [body, setBody] = useState<ItemBody>(() =>
    committed
      ? { notes: committed.notes, decisions: committed.decisions, nextFollowUp: committed.nextFollowUp, actions: committed.actions.filter((a) => !a.done).map((a) => ({ id: a.id, text: a.text, responsibleMemberId: a.responsibleMemberId, dueDate: a.dueDate })) }
      : emptyBody(),
  );
  const [draftState, setDraftState] = useState<'none' | 'saving' | 'saved'>('none');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const [doneSaid, setDoneSaid] = useState<Message>(null);
  const dirty = useRef(false);
  const editable = meeting.canEdit;
  // An "övrig punkt" (no case) holds notes, decisions and the team's actions (issue 20); a next follow-up belongs to a case.
  const isCase = item.caseId !== null;
  const what = item.caseCode ?? item.title;
  const section = useRef<HTMLElement>(null);
  const actionsBox = useRef<HTMLFieldSetElement>(null);
  const actionAdded = useRef(false);

  // Opened (only then — not when the meeting is finalised under it): the editor comes into view and
  // its first field takes the focus (the heading, when read-only).
  const editableWhenOpened = useRef(editable);
  useEffect(() => {
    const box = section.current;
    if (!box) return;
    box.scrollIntoView({ block: 'start' });
    const first = editableWhenOpened.current ? box.querySelector<HTMLElement>('.guarded textarea') : null;
    (first ?? box.querySelector<HTMLElement>('#item-heading'))?.focus({ preventScroll: true });
  }, []);

  // A draft left from before (a crash, an auto-lock) wins over the committed text.
  useEffect(() => {
    let current = true;
    void bridge.invoke('meetings:get-draft', { agendaItemId: item.id }).then((result) => {
      // Typing that began before the draft arrived wins: nothing typed is thrown away.
      if (current && result.ok && result.value && !dirty.current) {
        setBody(result.value.body);
        setDraftState('saved');
      }
    });
    return () => {
      current = false;
    };
  }, [bridge, item.id]);

  const pendingSave = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Draft saves are one line of calls: "saved" is said for the latest typing, never for an earlier save answering late.
  const { invoke: invokeDraft, cancel: cancelDraft } = useInvoke();
  useEffect(() => {
    if (!dirty.current || !editable) return;
    setDraftState('saving');
    pendingSave.current = setTimeout(() => {
      void invokeDraft('meetings:save-draft', { agendaItemId: item.id, body }).then((result) => {
        if (result) setDraftState(result.ok ? 'saved' : 'none');
      });
    }, DRAFT_DELAY_MS);
    return () => clearTimeout(pendingSave.current);
  }, [invokeDraft, body, item.id, editable]);

  // The lock sequence: whatever is typed is saved before the vault locks, even mid-pause.
  const latest = useRef(body);
  latest.current = body;
  // Closing the editor (or moving to another item) while a save is pending keeps the typing too.
  useEffect(() => {
    const keep = async (): Promise<void> => {
      if (dirty.current && editable) await bridge.invoke('meetings:save-draft', { agendaItemId: item.id, body: latest.current });
    };
    const unregister = registerFlush(keep);
    return () => {
      unregister();
      void keep();
    };
  }, [bridge, item.id, editable]);

  // A new action's text takes the focus.
  useEffect(() => {
    if (!actionAdded.current) return;
    actionAdded.current = false;
    const fields = actionsBox.current?.querySelectorAll<HTMLTextAreaElement>('.action-row textarea');
    fields?.[fields.length - 1]?.focus();
  }, [body.actions.length]);

  const change = (next: Partial<ItemBody>): void => {
    dirty.current = true;
    setBody((old) => ({ ...old, ...next }));
  };
  // The team's own people (from main, with the meeting): shown as staff, never blocking.
  const staffNames = meeting.staffNames;
  const guardOptions = useMemo(() => ({ extraNames, staffNames }), [extraNames, staffNames]);
  const blocking = useMemo(() => blockingHits([body.notes, body.decisions, ...body.actions.map((a) => a.text)].flatMap((text) => scanText(text, guardOptions))), [body, guardOptions]);
  // The reason is guarded too (main refuses it with field 'reason'): marked on its own field as it is typed.
  const [reasonRefused, setReasonRefused] = useState(false);
  const reasonHits = useMemo(() => blockingHits(scanText(reason, guardOptions)), [reason, guardOptions]);
  const reasonInvalid = reasonHits.length > 0 || reasonRefused;
  const reasonField = useRef<HTMLTextAreaElement>(null);

  const commit = async (): Promise<void> => {
    // A save still waiting would bring the draft back after the commit removed it; one in flight must not say "saved" after it.
    clearTimeout(pendingSave.current);
    cancelDraft();
    const result = await bridge.invoke('meetings:commit-item', { agendaItemId: item.id, body, ...(blocking.length > 0 ? { guardReason: reason } : {}) });
    if (!result.ok && result.error.code === 'invalid_input' && result.error.detail?.field === 'reason') {
      // The reason itself identifies someone: said on the reason field, which takes the focus.
      setReasonRefused(true);
      setMessage(null);
      reasonField.current?.focus();
      return;
    }
    if (!result.ok) {
      if (result.error.code === 'conflict' || result.error.code === 'not_found') onStale();
      // The guard's refusal gets this screen's words; any other (an action's date, a responsible person who left…) its own cause.
      return setMessage({ error: true, text: result.error.detail?.reason === 'identifiers_in_text' ? t('meetings.commitRefused') : errorMessage(t, result.error) });
    }
    dirty.current = false;
    setDraftState('none');
    setMessage({ error: false, text: t('meetings.committed', { code: what }) });
    onCommitted(result.value);
  };

  const memberOptions = members.filter((m) => m.activeTo === null).map((m) => ({ value: m.id, label: m.displayName }));
  return (
    <section ref={section} className="notice editor item-editor" aria-labelledby="item-heading" data-testid="item-editor">
      <h2 id="item-heading" tabIndex={-1}>{isCase ? t('meetings.itemHeading', { code: item.caseCode }) : t('meetings.otherHeading', { title: item.title })}</h2>
      {item.supervisionRecord && (
        <div className="notice" data-testid="supervision-record">
          <h3>{t('meetings.fromSupervision', { date: item.supervisionRecord.sharedAt.slice(0, 10) })}</h3>
          <p>{item.supervisionRecord.summary}</p>
          {item.supervisionRecord.approach && (
            <p>
              <strong>{t('meetings.approach')}:</strong> {item.supervisionRecord.approach}
            </p>
          )}
          {item.supervisionRecord.actions.length > 0 && (
            <ul>
              {item.supervisionRecord.actions.map((action, index) => (
                <li key={index}>{action}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <AgendaCheckins item={item} editable={editable} />
      {item.dueActions.length > 0 && (
        <div>
          <h3>{t('meetings.dueActions')}</h3>
          <ul>
            {item.dueActions.map((action) => (
              <li key={action.id}>
                {action.text} – {action.responsibleName ?? t('meetings.nobody')}, {action.dueDate}{' '}
                {editable && (
                  <button type="button" className="link-button" onClick={() => void bridge.invoke('meetings:set-action-done', { actionId: action.id, done: true }).then((r) => setDoneSaid(r.ok ? { error: false, text: t('meetings.actionDone') } : { error: true, text: errorMessage(t, r.error) }))}>
                    {t('meetings.markDone')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <MessageLine message={doneSaid} testId="action-done-message" />
        </div>
      )}
      <GuardedText label={t('meetings.notes')} value={body.notes} onChange={(notes) => change({ notes })} extraNames={extraNames} staffNames={staffNames} rows={6} readOnly={!editable} />
      <GuardedText label={t('meetings.decisions')} value={body.decisions} onChange={(decisions) => change({ decisions })} extraNames={extraNames} staffNames={staffNames} rows={3} readOnly={!editable} />
      {isCase && <Field label={t('meetings.nextFollowUp')} type="date" value={body.nextFollowUp ?? ''} readOnly={!editable} onChange={(e) => change({ nextFollowUp: e.target.value || null })} />}
      <fieldset className="actions-list" ref={actionsBox}>
        <legend>{t('meetings.actions')}</legend>
        {body.actions.map((action, index) => (
          <div className="form inline-form action-row" key={action.id ?? `new-${index}`}>
            <GuardedText
              label={t('meetings.actionText', { n: index + 1 })}
              value={action.text}
              rows={2}
              extraNames={extraNames}
              staffNames={staffNames}
              readOnly={!editable}
              onChange={(text) => change({ actions: body.actions.map((a, i) => (i === index ? { ...a, text } : a)) })}
            />
            <SelectField
              label={t('meetings.responsible', { n: index + 1 })}
              value={action.responsibleMemberId ?? ''}
              disabled={!editable}
              onChange={(responsible) => change({ actions: body.actions.map((a, i) => (i === index ? { ...a, responsibleMemberId: responsible || null } : a)) })}
              placeholder={t('meetings.nobody')}
              options={memberOptions}
            />
            <Field label={t('meetings.due', { n: index + 1 })} type="date" value={action.dueDate} readOnly={!editable} onChange={(e) => change({ actions: body.actions.map((a, i) => (i === index ? { ...a, dueDate: e.target.value } : a)) })} />
            {editable && (
              <button type="button" onClick={() => change({ actions: body.actions.filter((_, i) => i !== index) })}>
                {t('meetings.removeAction', { n: index + 1 })}
              </button>
            )}
          </div>
        ))}
        {editable && (
          <button
            type="button"
            onClick={() => {
              actionAdded.current = true;
              change({ actions: [...body.actions, { text: '', responsibleMemberId: null, dueDate: meeting.date }] });
            }}
          >
            {t('meetings.addAction')}
          </button>
        )}
      </fieldset>
      <p className="help" aria-live="polite" data-testid="draft-state">
        {draftState === 'saving' ? t('meetings.draftSaving') : draftState === 'saved' ? t('meetings.draftSaved') : ''}
      </p>
      {editable && blocking.length > 0 && !isCase && (
        <p className="error" role="status" data-testid="other-item-identifiers">
          {t('meetings.otherItemIdentifiers')}
        </p>
      )}
      {editable && blocking.length > 0 && isCase && (
        <div className="field">
          <label htmlFor={ids.reason}>{t('meetings.guardReason')}</label>
          <textarea
            id={ids.reason}
            ref={reasonField}
            rows={2}
            value={reason}
            aria-invalid={reasonInvalid}
            aria-describedby={reasonInvalid ? `${ids.reason}-error ${ids.reason}-help` : `${ids.reason}-help`}
            onChange={(e) => {
              setReasonRefused(false);
              setReason(e.target.value);
            }}
          />
          {reasonInvalid && (
            <p id={`${ids.reason}-error`} className="error" aria-live="polite" data-testid="reason-error">
              {reasonHits[0] ? t('meetings.reasonIdentifiesHit', { text: reasonHits[0].text, kind: t(`guard.kind.${reasonHits[0].kind}`) }) : t('meetings.reasonIdentifies')}
            </p>
          )}
          <p id={`${ids.reason}-help`} className="help">
            {t('meetings.guardReasonHelp')}
          </p>
        </div>
      )}
      <div className="row-actions action-line">
        {editable && (
          <button type="button" disabled={blocking.length > 0 && (!isCase || reason.trim().length < 10)} onClick={() => void commit()}>
            {t('meetings.commit')}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {t('roster.close')}
        </button>
        <MessageLine message={message} testId="item-message" />
      </div>
    </section>
  );
}
