import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../../shared/meetings/model';
import { useBridge } from '../../ipc/bridge-context';

/**
 * Meeting-room mode, for the projector: full screen, large type, only the current item — no other
 * cases, no menu. Arrow keys or Page Up/Down move between items, B blanks the screen, Escape leaves.
 * Items the reader may not read show only their code.
 */
export function MeetingRoom({ meeting, startAt, onExit }: { meeting: MeetingView; startAt: string | null; onExit: () => void }) {
  const { t } = useTranslation();
  const [index, setIndex] = useState(() => Math.max(0, meeting.agenda.findIndex((item) => item.id === startAt)));
  const [blank, setBlank] = useState(false);
  // Items behind a consent warning stay covered on the wall until the chair confirms with Enter.
  const [confirmed, setConfirmed] = useState<ReadonlySet<string>>(() => new Set(startAt ? [startAt] : []));
  const [now, setNow] = useState(() => new Date());
  const root = useRef<HTMLDivElement>(null);
  const bridge = useBridge();
  const [projector, setProjector] = useState<'off' | 'on' | 'none'>('off');
  // The name of the button that opened this mode (a ref: a change of language must not re-run the mode's setup).
  const roomModeName = useRef('');
  roomModeName.current = t('meetings.roomMode');

  useEffect(() => {
    root.current?.focus();
    // Full screen where the browser allows it (Electron and Chromium do on a user gesture).
    void root.current?.requestFullscreen?.().catch(() => undefined);
    const timer = setInterval(() => setNow(new Date()), 15_000);
    return () => {
      clearInterval(timer);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      void bridge.invoke('present:close', {});
      // Back on the meeting page, the focus returns to the button that opened this mode (found by
      // its name: the page is drawn anew once this mode closes, so no element of it survives).
      requestAnimationFrame(() => {
        const opener = [...document.querySelectorAll<HTMLButtonElement>('button')].find((button) => button.textContent?.trim() === roomModeName.current);
        opener?.focus();
      });
    };
  }, [bridge]);

  const onKey = (event: React.KeyboardEvent<HTMLDivElement>): void => {
    const item = meeting.agenda[index];
    const last = meeting.agenda.length - 1;
    if (event.key === 'ArrowRight' || event.key === 'PageDown' || event.key === 'ArrowDown') setIndex((i) => Math.min(last, i + 1));
    else if (event.key === 'ArrowLeft' || event.key === 'PageUp' || event.key === 'ArrowUp') setIndex((i) => Math.max(0, i - 1));
    else if (event.key.toLowerCase() === 'b') setBlank((b) => !b);
    else if (event.key === 'Enter' && item) setConfirmed((old) => new Set([...old, item.id]));
    else if (event.key === 'Escape') onExit();
    else return;
    event.preventDefault();
  };

  const item = meeting.agenda[index];
  const covered = item !== undefined && item.consentWarning !== null && !confirmed.has(item.id);

  // Two screens (Electron): the projector shows what this window would show — and nothing more.
  useEffect(() => {
    if (projector !== 'on') return;
    const lines = !item
      ? []
      : !item.readable
        ? [t(`meetings.unreadable.${item.unreadableReason ?? 'no-consent'}`)]
        : covered
          ? []
          : item.item
            ? [item.item.notes, ...(item.item.decisions ? [`${t('meetings.decisions')}: ${item.item.decisions}`] : []), ...item.item.actions.map((a) => `• ${a.text} – ${a.responsibleName ?? t('meetings.nobody')}, ${a.dueDate}`)]
            : [t(`meetings.kind.${item.kind}`)];
    void bridge.invoke('present:show', { blank: blank || covered, heading: item?.caseCode ?? item?.title ?? '', counter: t('meetings.roomItem', { n: index + 1, of: meeting.agenda.length }), lines });
  }, [projector, item, covered, blank, index, meeting.agenda.length, bridge, t]);

  const openProjector = async (): Promise<void> => {
    const result = await bridge.invoke('present:open', {});
    setProjector(result.ok && result.value.opened ? 'on' : 'none');
    root.current?.focus();
  };
  const clock = `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
  return (
    <div ref={root} className={blank ? 'meeting-room blank' : 'meeting-room'} tabIndex={-1} onKeyDown={onKey} role="region" aria-label={t('meetings.roomLabel')} data-testid="meeting-room">
      {blank ? (
        <p className="room-blank">{t('meetings.blanked')}</p>
      ) : (
        <>
          <header className="room-header">
            <span>{t('meetings.roomItem', { n: index + 1, of: meeting.agenda.length })}</span>
            <span aria-label={t('meetings.clock')}>{clock}</span>
          </header>
          {item ? (
            <article className="room-item">
              <h2>{item.caseCode ?? item.title}</h2>
              {!item.readable ? (
                <p>{t(`meetings.unreadable.${item.unreadableReason ?? 'no-consent'}`)}</p>
              ) : covered ? (
                <p role="alert" data-testid="room-consent-warning">
                  {t(`meetings.consentWarning.${item.consentWarning ?? 'not-covering-present'}`, { organisations: item.uncoveredOrganisations.join(', ') })} {t('meetings.roomConfirm')}
                </p>
              ) : item.item ? (
                <>
                  <p className="room-text">{item.item.notes}</p>
                  {item.item.decisions && (
                    <p className="room-text">
                      <strong>{t('meetings.decisions')}:</strong> {item.item.decisions}
                    </p>
                  )}
                  {item.item.actions.length > 0 && (
                    <ul>
                      {item.item.actions.map((a) => (
                        <li key={a.id}>
                          {a.text} – {a.responsibleName ?? t('meetings.nobody')}, {a.dueDate}
                        </li>
                      ))}
                    </ul>
                  )}
                </>
              ) : (
                <p>{t(`meetings.kind.${item.kind}`)}</p>
              )}
            </article>
          ) : (
            <p>{t('meetings.emptyAgenda')}</p>
          )}
          <footer className="room-help">
            {t('meetings.roomHelp')}{' '}
            {projector === 'off' && (
              <button type="button" onClick={() => void openProjector()}>
                {t('meetings.projector')}
              </button>
            )}
            {projector === 'on' && <span>{t('meetings.projectorOn')}</span>}
            {projector === 'none' && <span>{t('meetings.projectorNone')}</span>}
          </footer>
        </>
      )}
    </div>
  );
}
