// The audit log as the admin lists it: each row with the actor's display name and the names its
// sentence needs, resolved from the detail's ids — and nothing the log does not already link.
import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../../shared/ipc/contract';
import { testAppCore } from '../../test-support/app-core';
import { useTempDirs } from '../../test-support/temp-dir';

const tempDir = useTempDirs();

describe('audit:list in words', () => {
  it('names the actor, organisation, team, member and account of each row; the sample too', async () => {
    const { app, call } = await testAppCore(await tempDir());
    await call('vault:setup', { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', adminUsername: 'anna', adminDisplayName: 'Anna Berg', password: 'möte varje tisdag klockan nio' });
    const fk = await call<{ id: string }>('roster:save-organisation', { name: 'Försäkringskassan', shortName: 'FK', orgNumber: '202100-5521', kind: 'other' });
    const team = await call<{ id: string }>('roster:save-team', { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
    const member = await call<{ id: string }>('roster:save-member', { displayName: 'Karin Ek', profession: 'other', professionOther: 'Handläggare', organisationId: fk.id, phone: '', email: '', activeFrom: '2026-01-01', team: { teamId: team.id, role: 'chair' } });
    await call('roster:link-account', { memberId: member.id, accountId: app.vault.vault.account?.id });
    const meeting = await call<{ id: string }>('meetings:create', { teamId: team.id, date: '2026-11-24', time: '09:00', chairMemberId: member.id, noteTakerMemberId: null });
    await call('meetings:get', { meetingId: meeting.id });
    const mistake = await call<{ id: string }>('roster:save-organisation', { name: 'Försäkringskasan', shortName: 'X', orgNumber: '202100-2114', kind: 'other' });
    await call('roster:remove-organisation', { organisationId: mistake.id });

    const rows = await call<AuditRow[]>('audit:list', { limit: 100 });
    // Newest first: the oldest row of an action is the last.
    const row = (action: string) => rows.filter((r) => r.action === action).at(-1);
    expect(row('roster.organisation-saved')).toMatchObject({ actorName: 'Anna Berg', username: 'anna', names: { organisation: 'Försäkringskassan' } });
    expect(row('roster.team-saved')?.names).toEqual({ team: 'Team Öst' });
    expect(row('roster.member-saved')?.names).toEqual({ member: 'Karin Ek' });
    expect(row('roster.account-linked')?.names).toEqual({ member: 'Karin Ek', account: 'Anna Berg' });
    // The meeting's team, as meeting.created linked it; never the meeting's date or content.
    expect(row('meeting.created')?.names).toEqual({ team: 'Team Öst' });
    expect(row('meeting.read')?.names).toEqual({ team: 'Team Öst' });
    // A removed organisation keeps its name in the log through the removal row, for the rows before it too.
    expect(rows.find((r) => r.action === 'roster.organisation-saved')?.names).toEqual({ organisation: 'Försäkringskasan' });
    expect(row('roster.organisation-removed')?.names).toEqual({ organisation: 'Försäkringskasan' });
    expect(row('vault.created')).toMatchObject({ actorName: 'Anna Berg', names: {} });

    const sample = await call<AuditRow[]>('audit:sample', { from: '2026-11-01', to: '2026-11-30', size: 10 });
    expect(sample.find((r) => r.action === 'meeting.read')).toMatchObject({ actorName: 'Anna Berg', names: { team: 'Team Öst' } });
  });
});
