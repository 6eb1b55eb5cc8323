// A session through the real router (both hosts' one path): it opens again with what was shared,
// marking a session dated after today held needs an explicit confirmation flag (zod-validated,
// answered with the typed `needs_confirmation`), and only the team's psychologist gets either.
import { describe, expect, it } from 'vitest';
import { testAppCore } from '../../test-support/app-core';
import { linkAccount, saveMember, saveTeam, setMembership } from '../../roster/repository';
import { useTempDirs } from '../../test-support/temp-dir';
import { writeCaps } from '../../capabilities/caps';

const tempDir = useTempDirs();
const ADMIN = 'möte varje tisdag klockan nio';
const PIA = 'ekorre sjösten gruvlampa kanelbulle';

async function world() {
  // The clock: Monday 2026-11-23, 10:00 in Stockholm.
  const { app, call: ok } = await testAppCore(await tempDir());
  await ok('vault:setup', { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', adminUsername: 'admin', adminDisplayName: 'Anna Admin', password: ADMIN });
  await ok('vault:unlock', { username: 'admin', password: ADMIN });
  const admin = app.vault.vault;
  const own = (admin.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;
  const team = saveTeam(writeCaps(admin), { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
  const added = await ok<{ accountId: string; oneTimePassword: string }>('accounts:add', { username: 'pia', displayName: 'Pia Psykolog', roles: ['psychologist'] });
  const member = saveMember(writeCaps(admin), { displayName: 'Pia Psykolog', profession: 'psykolog', professionOther: '', organisationId: own, phone: '', email: '', activeFrom: '2026-01-01' });
  linkAccount(writeCaps(admin), { memberId: member.id, accountId: added.accountId });
  setMembership(writeCaps(admin), { memberId: member.id, teamId: team.id, role: 'member', from: '2026-01-01' });
  await ok('vault:lock', {});
  await ok('vault:unlock', { username: 'pia', password: added.oneTimePassword });
  await ok('vault:change-password', { oldPassword: added.oneTimePassword, newPassword: PIA });
  return { app, ok, team, memberId: member.id };
}

describe('supervision sessions through the router', () => {
  it('a session dated tomorrow: needs_confirmation without the flag, bad flags are invalid_input, held with it; the session reads back', async () => {
    const { app, ok, team, memberId } = await world();
    const { id } = await ok<{ id: string }>('supervision:create-session', { teamId: team.id, date: '2026-11-24', form: 'process', participantMemberIds: [memberId] });
    await ok('supervision:share-record', { sessionId: id, caseId: null, summary: 'Samverkan kring gemensamma mål.', approach: 'Turas om att leda.', actions: ['Ny rutin'] });
    expect(await ok('supervision:session', { sessionId: id })).toEqual({
      id,
      teamId: team.id,
      date: '2026-11-24',
      week: 48,
      form: 'process',
      status: 'planned',
      heldAt: null,
      datedAhead: true,
      participants: [{ memberId, displayName: 'Pia Psykolog' }],
      cases: [],
      records: [{ caseId: null, summary: 'Samverkan kring gemensamma mål.', approach: 'Turas om att leda.', actions: ['Ny rutin'], sharedAt: '2026-11-23T09:00:00.000Z' }],
    });
    expect(await app.call('supervision:hold-session', { sessionId: id }, 'page')).toEqual({ ok: false, error: { code: 'needs_confirmation', message: expect.any(String) } });
    for (const bad of [{ sessionId: id, acknowledgeFutureDate: 'yes' }, { sessionId: id, acknowledgeFutureDate: 1 }, { sessionId: id, acknowledgeFutureDate: true, extra: 1 }, { sessionId: 'nope', acknowledgeFutureDate: true }]) {
      expect(await app.call('supervision:hold-session', bad, 'page')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(await ok('supervision:session', { sessionId: id })).toMatchObject({ status: 'planned' });
    expect(await ok('supervision:hold-session', { sessionId: id, acknowledgeFutureDate: true })).toEqual({});
    expect(await ok('supervision:session', { sessionId: id })).toMatchObject({ status: 'held', heldAt: '2026-11-23T09:00:00.000Z' });
  });

  it('the admin (not the psychologist) gets forbidden from the session and from marking it held', async () => {
    const { app, ok, team, memberId } = await world();
    const { id } = await ok<{ id: string }>('supervision:create-session', { teamId: team.id, date: '2026-11-20', form: 'process', participantMemberIds: [memberId] });
    await ok('vault:lock', {});
    await ok('vault:unlock', { username: 'admin', password: ADMIN });
    for (const [channel, input] of [
      ['supervision:session', { sessionId: id }],
      ['supervision:hold-session', { sessionId: id, acknowledgeFutureDate: true }],
    ] as const) {
      expect(await app.call(channel, input, 'page')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect((app.vault.vault.db.prepare('SELECT status FROM supervision_sessions WHERE id = ?').get(id) as { status: string }).status).toBe('planned');
  });
});
