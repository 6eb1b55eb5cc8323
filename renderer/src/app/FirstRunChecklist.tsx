import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FirstRunChecklist as Checklist, FirstRunStep } from '../../../shared/ipc/contract';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';
import type { Area } from './areas';
import { useNavigate } from './navigate';

/** Where each step is done: an area and the element there that gets the focus. */
const PLACES: Record<FirstRunStep, { area: Area; section: string }> = {
  organisationKind: { area: 'roster', section: 'roster-tab-organisations' },
  team: { area: 'roster', section: 'roster-tab-teams' },
  members: { area: 'roster', section: 'roster-tab-members' },
  accounts: { area: 'settings', section: 'settings-accounts' },
  ownAccountLinked: { area: 'roster', section: 'roster-tab-members' },
};

/** What the checklist remembers while the app is open (App keeps it across areas). */
export interface ChecklistMemory {
  /** It was seen with a step open in this session: once done, it says so until dismissed. */
  seenOpen: boolean;
  dismissed: boolean;
}

/**
 * The admin's first-run checklist (`roster:first-run`, ticked from the data in main): shown on
 * the start page while a step is open; once all are done it says so and can be dismissed. A
 * vault that was already set up when the app opened shows nothing.
 */
export function FirstRunChecklist({ memory }: { memory: ChecklistMemory }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const navigate = useNavigate();
  const headingId = useId();
  const [list, setList] = useState<Checklist | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState(memory.dismissed);

  useEffect(() => {
    let current = true;
    void bridge.invoke('roster:first-run', {}).then((result) => {
      if (!current) return;
      if (!result.ok) return setError(errorMessage(t, result.error));
      if (!result.value.done) memory.seenOpen = true;
      setList(result.value);
    });
    return () => {
      current = false;
    };
  }, [bridge, t, memory]);

  if (error) {
    return (
      <p role="alert" className="error">
        {t('setup.checklist.loadFailed', { reason: error })}
      </p>
    );
  }
  if (!list || dismissed || (list.done && !memory.seenOpen)) return null;
  const doneCount = list.steps.filter((step) => step.done).length;
  return (
    <section className="notice checklist" aria-labelledby={headingId} data-testid="first-run-checklist">
      <h2 id={headingId}>{t('setup.checklist.title')}</h2>
      <p>
        {list.done ? t('setup.checklist.allDone') : t('setup.checklist.intro')} <span data-testid="checklist-progress">{t('setup.checklist.progress', { done: doneCount, total: list.steps.length })}</span>
      </p>
      <ol className="checklist-steps">
        {list.steps.map(({ step, done }) => (
          <li key={step} className={done ? 'checklist-done' : undefined} data-testid={`checklist-${step}`} data-done={done}>
            <span className="checklist-mark" aria-hidden="true">
              {done ? '✓' : '○'}
            </span>{' '}
            <button type="button" className="link-button" onClick={() => navigate(PLACES[step].area, PLACES[step].section)}>
              {t(`setup.checklist.step.${step}`)}
            </button>{' '}
            <span className="visually-hidden">({done ? t('setup.checklist.stepDone') : t('setup.checklist.stepTodo')})</span>
          </li>
        ))}
      </ol>
      {list.done && (
        <button
          type="button"
          onClick={() => {
            memory.dismissed = true;
            setDismissed(true);
          }}
        >
          {t('setup.checklist.dismiss')}
        </button>
      )}
    </section>
  );
}
