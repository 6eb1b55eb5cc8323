import type { MeetingView } from '../model';

/**
 * An open meeting as `meetings:get` answers it, nothing on it yet: the fixture the component tests
 * and the router's contract test start from, each giving what its case differs in.
 */
export function openMeetingView(over: Partial<MeetingView> = {}): MeetingView {
  return {
    id: '00000000-0000-4000-8000-0000000000a1',
    teamId: '00000000-0000-4000-8000-0000000000a0',
    teamName: 'Team Öst',
    date: '2026-11-24',
    time: '09:00',
    week: 48,
    status: 'open',
    items: 0,
    chair: null,
    noteTaker: null,
    attendance: [],
    guests: [],
    agenda: [],
    addenda: [],
    canEdit: true,
    canFinalise: true,
    minutesSha256: null,
    autoLockMinutes: null,
    staffNames: [],
    gallring: [],
    justering: null,
    ...over,
  };
}
