import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { blockingHits, scanText } from '../../../../shared/guard/identifier-guard';
import type { ErrorCode } from '../../../../shared/ipc/errors';
import { errorMessage } from '../../errors/messages';
import { localDateTime } from '../../format/time';
import { useBridge } from '../../ipc/bridge-context';
import { registerFlush } from '../../vault/flush';
import { GuardedText } from '../meetings/GuardedText';
import { type Message, MessageLine } from '../../app/MessageLine';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { useInvoke } from '../../ui/use-invoke';

type Kind = 'preparation' | 'session';
type Note = { kind: Kind; text: string; savedAt: string | null; draft: string | null; draftAt: string | null };
type State = 'none' | 'open' | 'locked';

/** Typing is kept as an encrypted draft this long after the last keystroke (within a second). */
const DRAFT_DELAY_MS = 400;

/**
 * The psychologist's own notes for a session — preparation and session notes — encrypted with
 * her note key in main. Only she ever reads them; the team sees only what she shares. The first
 * use sets up the key and shows a personal code once; after an admin password reset the notes
 * are locked until she enters her old password or that code.
 */
export function PrivateNotes({ sessionId, heading, extraNames }: { sessionId: string; heading: string; extraNames: readonly string[] }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [state, setState] = useState<State | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // The key's state, the latest ask wins (a set-up or an unlock asks again while one may be in flight).
  const { invoke } = useInvoke();
  const refresh = useCallback(async () => {
    const result = await invoke('supervision:notes-status', {});
    if (!result) return;
    if (result.ok) setState(result.value.state);
    else setError(result.error.code);
  }, [invoke]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const setUp = async (): Promise<void> => {
    const result = await bridge.invoke('supervision:notes-setup', {});
    if (!result.ok) return setError(result.error.code);
    setCode(result.value.personalCode);
  };
  const replaceCode = async (): Promise<void> => {
    const result = await bridge.invoke('supervision:notes-new-code', {});
    if (!result.ok) return setError(result.error.code);
    setCode(result.value.personalCode);
  };

  return (
    <section className="private-notes" aria-labelledby="private-heading" data-testid="private-notes">
      <h2 id="private-heading" ref={headingRef} tabIndex={-1}>
        {heading}
      </h2>
      <p className="help">{t('privateNotes.intro')}</p>
      {error && (
        <p role="alert" className="error">
          {errorMessage(t, error)}
        </p>
      )}
      {code ? (
        <PersonalCodeOnce
          code={code}
          onDone={() => {
            setCode(null);
            void refresh().then(() => headingRef.current?.focus());
          }}
        />
      ) : state === 'none' ? (
        <div>
          <p>{t('privateNotes.noKey')}</p>
          <button type="button" onClick={() => void setUp()}>
            {t('privateNotes.setUp')}
          </button>
        </div>
      ) : state === 'locked' ? (
        <UnlockNotes
          onOpened={() => {
            setError(null);
            void refresh().then(() => headingRef.current?.focus());
          }}
        />
      ) : state === 'open' ? (
        <>
          <NotesEditor sessionId={sessionId} extraNames={extraNames} />
          <p>
            <button type="button" className="link-button" onClick={() => void replaceCode()}>
              {t('privateNotes.newCode')}
            </button>
          </p>
        </>
      ) : null}
    </section>
  );
}

/** The personal code, shown this once; she confirms she has written it down before it goes. */
function PersonalCodeOnce({ code, onDone }: { code: string; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [confirmed, setConfirmed] = useState(false);
  // Shown once: focus moves to it, so a screen reader announces it.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="notice" role="region" aria-label={t('privateNotes.codeHeading')} data-testid="personal-code">
      <h3 ref={heading} tabIndex={-1}>
        {t('privateNotes.codeHeading')}
      </h3>
      <p>{t('privateNotes.codeHelp')}</p>
      <p className="recovery-key" data-testid="personal-code-value">
        <code>{code}</code>
      </p>
      <label className="checkbox" htmlFor={id}>
        <input id={id} type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
        {t('privateNotes.codeConfirm')}
      </label>
      <button type="button" disabled={!confirmed} onClick={onDone}>
        {t('privateNotes.codeDone')}
      </button>
    </div>
  );
}

function UnlockNotes({ onOpened }: { onOpened: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [method, setMethod] = useState<'password' | 'code'>('code');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const result = await bridge.invoke('supervision:notes-unlock', method === 'password' ? { method, password: secret } : { method, code: secret });
    setBusy(false);
    setSecret('');
    // A wrong code or password says so; anything else (locked vault, an error) says what happened.
    if (!result.ok) return setFailure(result.error.code === 'private_notes_locked' ? t('privateNotes.unlockFailed') : errorMessage(t, result.error));
    onOpened();
  };

  return (
    <form className="form" aria-label={t('privateNotes.unlockHeading')} onSubmit={(event) => void submit(event)} data-testid="unlock-notes">
      <h3>{t('privateNotes.unlockHeading')}</h3>
      <p>{t('privateNotes.lockedHelp')}</p>
      <SelectField
        label={t('privateNotes.method')}
        value={method}
        onChange={(value) => setMethod(value === 'password' ? 'password' : 'code')}
        options={[
          { value: 'code', label: t('privateNotes.byCode') },
          { value: 'password', label: t('privateNotes.byPassword') },
        ]}
      />
      <Field label={method === 'code' ? t('privateNotes.byCode') : t('privateNotes.byPassword')} type="password" autoComplete="off" required value={secret} onChange={(e) => setSecret(e.target.value)} />
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? t('privateNotes.opening') : t('privateNotes.unlock')}
      </button>
    </form>
  );
}

function NotesEditor({ sessionId, extraNames }: { sessionId: string; extraNames: readonly string[] }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  // The notes carry the session they belong to: an answer for an earlier session is never shown under this one.
  const [notes, setNotes] = useState<{ sessionId: string; preparation: Note | null; session: Note | null } | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);
  useEffect(() => {
    let current = true;
    setNotes(null);
    setError(null);
    void bridge.invoke('supervision:notes', { sessionId }).then((result) => {
      if (!current) return;
      if (!result.ok) return setError(result.error.code);
      setNotes(result.value);
    });
    return () => {
      current = false;
    };
  }, [bridge, sessionId]);
  if (error) {
    return (
      <p role="alert" className="error">
        {errorMessage(t, error)}
      </p>
    );
  }
  if (!notes || notes.sessionId !== sessionId) return <p role="status">{t('privateNotes.loading')}</p>;
  return (
    <>
      <NoteEditor key={`${sessionId}-preparation`} sessionId={sessionId} kind="preparation" note={notes.preparation} extraNames={extraNames} />
      <NoteEditor key={`${sessionId}-session`} sessionId={sessionId} kind="session" note={notes.session} extraNames={extraNames} />
    </>
  );
}

/** One note: a draft kept as she types (never gated), saved through the guard. */
function NoteEditor({ sessionId, kind, note, extraNames }: { sessionId: string; kind: Kind; note: Note | null; extraNames: readonly string[] }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  // A draft left from before (a crash, an auto-lock) wins over the saved text.
  const [text, setText] = useState(note?.draft ?? note?.text ?? '');
  const [savedAt, setSavedAt] = useState(note?.savedAt ?? null);
  const [draftState, setDraftState] = useState<'none' | 'saving' | 'saved'>(note?.draft !== null && note?.draft !== undefined ? 'saved' : 'none');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const dirty = useRef(false);
  const latest = useRef(text);
  latest.current = text;

  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (!dirty.current) return;
    setDraftState('saving');
    pending.current = setTimeout(() => {
      void bridge.invoke('supervision:notes-draft', { sessionId, kind, text }).then((result) => setDraftState(result.ok ? 'saved' : 'none'));
    }, DRAFT_DELAY_MS);
    return () => clearTimeout(pending.current);
  }, [bridge, sessionId, kind, text]);
  // The lock sequence saves what is typed before the vault locks; so does leaving the editor
  // (another session, a new code, another area) while a keep is still pending.
  useEffect(() => {
    const keep = async (): Promise<void> => {
      if (dirty.current) await bridge.invoke('supervision:notes-draft', { sessionId, kind, text: latest.current });
    };
    const unregister = registerFlush(keep);
    return () => {
      unregister();
      void keep();
    };
  }, [bridge, sessionId, kind]);

  const blocking = useMemo(() => blockingHits(scanText(text, { extraNames })), [text, extraNames]);
  const save = async (): Promise<void> => {
    clearTimeout(pending.current);
    const sent = text;
    const result = await bridge.invoke('supervision:notes-save', { sessionId, kind, text: sent, overrideReason: blocking.length > 0 ? reason : null });
    // The guard's refusal gets this screen's words; any other (a note too long…) says its own cause.
    if (!result.ok) return setMessage({ error: true, text: result.error.detail?.reason === 'identifiers_in_text' ? t('privateNotes.saveRefused') : errorMessage(t, result.error) });
    // Typing during the save stays unsaved (and is kept as a draft), not marked clean.
    if (latest.current === sent) {
      dirty.current = false;
      setDraftState('none');
    }
    setSavedAt(result.value.savedAt);
    setReason('');
    setMessage({ error: false, text: t('privateNotes.saved') });
  };

  const label = t(kind === 'preparation' ? 'privateNotes.preparation' : 'privateNotes.sessionNotes');
  return (
    <div className="private-note" data-testid={`private-note-${kind}`}>
      <GuardedText
        label={label}
        value={text}
        rows={5}
        extraNames={extraNames}
        onChange={(value) => {
          dirty.current = true;
          setText(value);
        }}
      />
      <p className="help" aria-live="polite">
        {draftState === 'saving' ? t('privateNotes.draftSaving') : draftState === 'saved' ? t('privateNotes.draftSaved') : savedAt ? t('privateNotes.savedAt', { at: localDateTime(savedAt) }) : ''}
      </p>
      {blocking.length > 0 && <Field label={t('privateNotes.reason')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />}
      <MessageLine message={message} />
      <button type="button" disabled={blocking.length > 0 && reason.trim().length < 5} onClick={() => void save()}>
        {t('privateNotes.save', { what: label.toLowerCase() })}
      </button>
    </div>
  );
}
