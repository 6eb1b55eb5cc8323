import { describe, expect, it } from 'vitest';
import type { Member, Team } from '../../../../shared/roster/model';
import { meetingDefaults, nextMeetingDate } from './meeting-defaults';

const TEAM: Team = { id: '00000000-0000-4000-8000-000000000001', name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:30', meetingRoom: '', archived: false };
const OTHER = '00000000-0000-4000-8000-000000000002';

function member(id: string, name: string, roles: { teamId: string; role: 'chair' | 'note-taker' | 'member'; from?: string; to?: string | null }[]): Member {
  return {
    id: `00000000-0000-4000-8000-0000000001${id}`,
    displayName: name,
    profession: 'other',
    professionOther: '',
    organisationId: OTHER,
    organisationName: 'Org',
    phone: '',
    email: '',
    accountId: null,
    activeFrom: '2026-01-01',
    activeTo: null,
    memberships: roles.map((r) => ({ teamId: r.teamId, teamName: '', role: r.role, activeFrom: r.from ?? '2026-01-01', activeTo: r.to ?? null })),
  };
}

describe('a new meeting’s defaults', () => {
  it('fall on the team’s next meeting day — today when today is the day, never a Sunday for a Tuesday team', () => {
    expect(nextMeetingDate('2026-12-06', 2)).toBe('2026-12-08'); // Sunday → Tuesday
    expect(nextMeetingDate('2026-12-08', 2)).toBe('2026-12-08'); // the day itself
    expect(nextMeetingDate('2026-12-09', 2)).toBe('2026-12-15'); // Wednesday → next week
    expect(nextMeetingDate('2026-12-31', 1)).toBe('2027-01-04'); // over the year's end
    // No meeting day: the next working day.
    expect(nextMeetingDate('2026-12-06', null)).toBe('2026-12-07');
    expect(nextMeetingDate('2026-12-05', null)).toBe('2026-12-07');
    expect(nextMeetingDate('2026-12-04', null)).toBe('2026-12-04');
  });

  it('take the time from the team and chair and note-taker from the roster roles on that day', () => {
    const members = [
      member('01', 'Kim Ordf', [{ teamId: TEAM.id, role: 'chair' }]),
      member('02', 'Sam Sekr', [{ teamId: TEAM.id, role: 'note-taker' }]),
      member('03', 'Ada Förr', [{ teamId: TEAM.id, role: 'note-taker', to: '2026-11-30' }]),
      member('04', 'Bo Annat', [{ teamId: OTHER, role: 'chair' }]),
      member('05', 'Alva Berg', [{ teamId: TEAM.id, role: 'member' }]),
    ];
    expect(meetingDefaults(TEAM, members, '2026-12-06')).toEqual({ date: '2026-12-08', time: '09:30', chairMemberId: members[0]?.id, noteTakerMemberId: members[1]?.id });
    // Before Ada's place ended, both were note-takers: the first by name.
    expect(meetingDefaults(TEAM, members, '2026-11-23').noteTakerMemberId).toBe(members[2]?.id);
    expect(meetingDefaults({ ...TEAM, meetingWeekday: null, meetingTime: null }, [], '2026-12-06')).toEqual({ date: '2026-12-07', time: '09:00', chairMemberId: '', noteTakerMemberId: '' });
  });
});
