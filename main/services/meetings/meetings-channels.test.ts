// The meeting channels through the real router and vault manager, with the clock moved by the
// test: a chair's longer auto-lock for a meeting, and a draft that survives an auto-lock.
import { describe, expect, it } from 'vitest';
import { testAppCore } from '../../test-support/app-core';
import { ManualClock } from '../../runtime/clock';
import { useTempDirs } from '../../test-support/temp-dir';

const tempDir = useTempDirs();
const PASSWORD = 'möte varje tisdag klockan nio';

async function chairWithMeeting() {
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const { app, call } = await testAppCore(await tempDir(), { clock, idleLockMs: 5 * 60_000, maxIdleLockMs: 30 * 60_000 });
  await call('vault:setup', { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', adminUsername: 'kim', adminDisplayName: 'Kim Ordförande', password: PASSWORD });
  const [own] = await call<{ id: string }[]>('roster:organisations');
  const team = await call<{ id: string }>('roster:save-team', { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
  // The admin is also the team's chair: a member linked to the admin's own account.
  const me = await call<{ id: string }>('roster:save-member', { displayName: 'Kim Ordförande', profession: 'processledare', professionOther: '', organisationId: own?.id, phone: '', email: '', activeFrom: '2026-01-01', team: { teamId: team.id, role: 'chair' } });
  const accounts = await call<{ id: string }[]>('accounts:list');
  await call('roster:link-account', { memberId: me.id, accountId: accounts[0]?.id });
  const kase = await call<{ id: string }>('cases:create', { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: own?.id, ownerMemberId: null });
  const meeting = await call<{ id: string }>('meetings:create', { teamId: team.id, date: '2026-11-24', time: '09:00', chairMemberId: me.id, noteTakerMemberId: null });
  const added = await call<{ item: { id: string } }>('meetings:add-agenda-item', { meetingId: meeting.id, caseId: kase.id });
  return { app, clock, call, meeting, itemId: added.item.id };
}

const minutes = (n: number): number => n * 60_000;

describe('meeting channels', () => {
  it("the chair lengthens the auto-lock for a meeting within the policy's bound; it lasts until the next lock", async () => {
    const { app, clock, call, meeting } = await chairWithMeeting();
    await expect(call('meetings:set-auto-lock', { meetingId: meeting.id, minutes: 31 })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await call('meetings:auto-lock-bounds')).toEqual({ defaultMinutes: 5, maxMinutes: 30, currentMinutes: 5 });
    await call('meetings:set-auto-lock', { meetingId: meeting.id, minutes: 20 });
    clock.advance(minutes(6));
    app.vault.tick();
    expect(app.vault.state).toBe('unlocked');
    clock.advance(minutes(15));
    app.vault.tick();
    expect(app.vault.state).toBe('locked');
    await call('vault:unlock', { username: 'kim', password: PASSWORD });
    expect(await call('meetings:auto-lock-bounds')).toMatchObject({ currentMinutes: 5 });
  });

  it('typing saved as a draft survives an auto-lock: after unlocking, the text and the item are back', async () => {
    const { app, clock, call, meeting, itemId } = await chairWithMeeting();
    await call('meetings:save-draft', { agendaItemId: itemId, body: { notes: 'Skrivet precis innan låset', decisions: '', nextFollowUp: null, actions: [] } });
    clock.advance(minutes(5));
    app.vault.tick();
    expect(app.vault.state).toBe('locked');
    await expect(call('meetings:get-draft', { agendaItemId: itemId })).rejects.toMatchObject({ code: 'unauthenticated' });
    await call('vault:unlock', { username: 'kim', password: PASSWORD });
    expect(await call('meetings:resume')).toMatchObject({ meetingId: meeting.id, agendaItemId: itemId });
    expect(await call('meetings:get-draft', { agendaItemId: itemId })).toMatchObject({ body: { notes: 'Skrivet precis innan låset' } });
  });

  it("an övrig punkt's action through the channels: committed, followed up on the next meeting, marked done there; an unknown id is refused as not_found", async () => {
    const { call, meeting } = await chairWithMeeting();
    const point = await call<{ item: { id: string } }>('meetings:add-agenda-item', { meetingId: meeting.id, title: 'Gemensamma besök' });
    const committed = await call<{ item: { item: { actions: { id: string; caseId: string | null }[] } } }>('meetings:commit-item', {
      agendaItemId: point.item.id,
      body: { notes: 'Rutinen diskuterades.', decisions: 'En ny rutin tas fram.', nextFollowUp: null, actions: [{ text: 'Ta fram ny rutin för gemensamma besök', responsibleMemberId: null, dueDate: '2026-12-01' }] },
    });
    const [action] = committed.item.item.actions;
    expect(action?.caseId).toBeNull();
    const teamId = ((await call<{ id: string }[]>('roster:teams'))[0] ?? { id: '' }).id;
    const next = await call<{ id: string; teamActionsDue?: { id: string }[] }>('meetings:create', { teamId, date: '2026-12-01', time: '09:00', chairMemberId: null, noteTakerMemberId: null });
    expect(next.teamActionsDue?.map((a) => a.id)).toEqual([action?.id]);
    await expect(call('meetings:set-team-action-done', { meetingId: next.id, actionId: '00000000-0000-4000-8000-000000000000', done: true })).rejects.toMatchObject({ code: 'not_found' });
    // The case channel does not mark a team action (nor this one a case's).
    await expect(call('meetings:set-action-done', { actionId: action?.id, done: true })).rejects.toMatchObject({ code: 'not_found' });
    expect(await call('meetings:set-team-action-done', { meetingId: next.id, actionId: action?.id, done: true })).toMatchObject({ change: 'team-action-done', meetingId: next.id, action: { id: action?.id, done: true } });
    expect(await call('meetings:get', { meetingId: next.id })).not.toHaveProperty('teamActionsDue');
  });

  it('a meeting dated after today is finalised only with the warning acknowledged; on its day no acknowledgement is needed', async () => {
    const { app, clock, call, meeting } = await chairWithMeeting();
    // 2026-11-23 in Stockholm; the meeting is on the 24th.
    await expect(call('meetings:finalise', { meetingId: meeting.id })).rejects.toMatchObject({ code: 'needs_confirmation' });
    await expect(call('meetings:finalise', { meetingId: meeting.id, futureDateAcknowledged: false })).rejects.toMatchObject({ code: 'needs_confirmation' });
    await expect(call('meetings:finalise', { meetingId: meeting.id, futureDateAcknowledged: 'yes' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await call('meetings:get', { meetingId: meeting.id })).toMatchObject({ status: 'open' });
    expect(await call('meetings:finalise', { meetingId: meeting.id, futureDateAcknowledged: true })).toMatchObject({ change: 'finalised', meetingId: meeting.id });
    expect(await call('meetings:get', { meetingId: meeting.id })).toMatchObject({ status: 'finalised' });

    // On the meeting's own day (Stockholm), the next one needs no acknowledgement.
    const teamId = ((await call<{ id: string }[]>('roster:teams'))[0] ?? { id: '' }).id;
    const next = await call<{ id: string }>('meetings:create', { teamId, date: '2026-11-24', time: '13:00', chairMemberId: null, noteTakerMemberId: null });
    clock.advance(16 * 60 * 60_000); // 2026-11-24T00:00Z, 01:00 in Stockholm
    app.vault.tick();
    if (app.vault.state !== 'unlocked') await call('vault:unlock', { username: 'kim', password: PASSWORD });
    expect(await call('meetings:finalise', { meetingId: next.id })).toMatchObject({ change: 'finalised', meetingId: next.id });
  });
});
