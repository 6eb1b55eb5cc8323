import { isoWeekday, parseIsoDate } from '../../../../shared/time/iso-week';
import { addDays, workingDayOnOrAfter } from '../../../../shared/time/working-day';
import type { Member, Team } from '../../../../shared/roster/model';

/** What a new meeting starts from: the team's next meeting day and time, its chair and note-taker on that day. */
export interface MeetingDefaults {
  readonly date: string;
  readonly time: string;
  readonly chairMemberId: string;
  readonly noteTakerMemberId: string;
}


/**
 * The team's next meeting day from `today` (today itself when it is the day). A team without a
 * meeting day meets on the next working day: today on Monday–Friday, Monday on a weekend.
 */
export function nextMeetingDate(today: string, weekday: number | null): string {
  const parsed = parseIsoDate(today);
  if (!parsed) return today;
  const todayWeekday = isoWeekday(parsed);
  if (weekday === null) return workingDayOnOrAfter(today);
  return addDays(today, (weekday - todayWeekday + 7) % 7);
}

/** The member holding `role` in the team on `date` (the first by name when several do). */
function holderOf(members: readonly Member[], teamId: string, role: 'chair' | 'note-taker', date: string): string {
  const holders = members.filter(
    (member) =>
      member.activeFrom <= date &&
      (member.activeTo === null || member.activeTo >= date) &&
      member.memberships.some((m) => m.teamId === teamId && m.role === role && m.activeFrom <= date && (m.activeTo === null || m.activeTo >= date)),
  );
  return [...holders].sort((a, b) => a.displayName.localeCompare(b.displayName, 'sv'))[0]?.id ?? '';
}

export function meetingDefaults(team: Team | undefined, members: readonly Member[], today: string): MeetingDefaults {
  const date = nextMeetingDate(today, team?.meetingWeekday ?? null);
  return {
    date,
    time: team?.meetingTime ?? '09:00',
    chairMemberId: team ? holderOf(members, team.id, 'chair', date) : '',
    noteTakerMemberId: team ? holderOf(members, team.id, 'note-taker', date) : '',
  };
}
