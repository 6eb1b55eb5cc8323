import type { TFunction } from 'i18next';
import type { PurgePreview, PurgeResult, RetentionStatus } from '../../../../shared/retention/model';
import { stockholmDate } from '../../../../shared/time/zone';
import { localDateTime } from '../../format/time';
import { purgeSummary, purgeTotal } from './counts';

/** Which gallringsbeslut a purge followed, per team ("Enligt gallringsbeslut: Team Öst – Dnr …"); empty for results from before issue 20. */
export function followedText(t: TFunction, result: Pick<PurgeResult, 'decisions'>): string {
  const decisions = result.decisions ?? [];
  if (decisions.length === 0) return '';
  const items = decisions.map((d) => (d.decisionReference ? t('gallring.followedItem', { team: d.teamName, reference: d.decisionReference }) : t('gallring.followedProposal', { team: d.teamName })));
  return t('gallring.followed', { decisions: items.join('; ') });
}

export type ScheduleFailureView = NonNullable<RetentionStatus['failure']>;

/** What went wrong with the last scheduled run, and what to do about it. */
export function scheduleFailureText(t: TFunction, failure: ScheduleFailureView): string {
  return t(`gallring.failure.${failure.reason}`, { at: localDateTime(failure.at) });
}

/** Whether the schedule waits for an admin's purge by hand (it does not retry by itself). */
export function needsManualPurge(failure: ScheduleFailureView | null): boolean {
  return failure?.reason === 'pause' || failure?.reason === 'clock';
}

function firstOfNextMonth(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/**
 * The confirmation for turning the schedule on: when it runs, and what its first run would purge
 * if it ran now. "Today" is the preview's day (main's clock, Europe/Stockholm), as main counts it:
 * after a purge this month, the first run waits for next month.
 */
export function confirmScheduleText(t: TFunction, preview: PurgePreview, lastRun: RetentionStatus['lastRun']): string {
  const ranThisMonth = lastRun !== null && stockholmDate(new Date(lastRun.at)).slice(0, 7) === preview.asOf.slice(0, 7);
  const first = ranThisMonth ? t('gallring.schedule.firstRunFrom', { date: firstOfNextMonth(preview.asOf) }) : t('gallring.schedule.firstRunNext');
  const due = purgeTotal(preview.counts) > 0 ? t('gallring.schedule.dueNow', { summary: purgeSummary(t, preview.counts, '\n') }) : t('gallring.schedule.nothingDueNow');
  return t('gallring.schedule.confirmOn', { first, due });
}
