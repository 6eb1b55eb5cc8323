import type { CasePhase } from './model';

/**
 * The case's lifecycle (issue 20) as data both sides read: which change is possible from which
 * phase and where it leads. main enforces it (main/cases/lifecycle.ts); the case view offers only
 * the buttons this table allows.
 *
 *   aktualiserad → beredning (proposed to the beredningsgrupp) → aktiv (chosen) | ej-vald (not chosen)
 *   aktualiserad → aktiv (a team without a beredningsgrupp)
 *   aktiv → avslutad (date, outcome, analysis) → uppfoljning (check-ins) → arkiverad
 *   avslutad → arkiverad (no follow-up)
 *   reopen: ej-vald → beredning; avslutad, uppfoljning, arkiverad → aktiv
 */
export const LIFECYCLE_STEPS = ['propose', 'choose', 'not-chosen', 'activate', 'close', 'plan-checkins', 'archive', 'reopen'] as const;
export type LifecycleStep = (typeof LIFECYCLE_STEPS)[number];

export const STEP_FROM: Readonly<Record<LifecycleStep, readonly CasePhase[]>> = {
  propose: ['aktualiserad'],
  choose: ['beredning'],
  'not-chosen': ['beredning'],
  activate: ['aktualiserad'],
  close: ['aktiv'],
  'plan-checkins': ['avslutad'],
  archive: ['avslutad', 'uppfoljning'],
  reopen: ['ej-vald', 'avslutad', 'uppfoljning', 'arkiverad'],
};

/** The phase a step leads to from `from` (a reopened case goes back to where it was decided on). */
export function phaseAfter(step: LifecycleStep, from: CasePhase): CasePhase {
  switch (step) {
    case 'propose':
      return 'beredning';
    case 'choose':
    case 'activate':
      return 'aktiv';
    case 'not-chosen':
      return 'ej-vald';
    case 'close':
      return 'avslutad';
    case 'plan-checkins':
      return 'uppfoljning';
    case 'archive':
      return 'arkiverad';
    case 'reopen':
      return from === 'ej-vald' ? 'beredning' : 'aktiv';
  }
}

/** The steps possible from a phase, in the order the case view offers them. */
export function stepsFrom(phase: CasePhase): LifecycleStep[] {
  return LIFECYCLE_STEPS.filter((step) => STEP_FROM[step].includes(phase));
}

/**
 * The day `months` calendar months after `isoDate` (YYYY-MM-DD), clamped to the month's last day:
 * 2026-08-31 + 6 months is 2027-02-28. A check-in's due day after the closing day.
 */
export function addMonthsClamped(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, last);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
