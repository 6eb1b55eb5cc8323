// Private notes through the real router (both hosts' one path): another account — the admin, or a
// second psychologist — gets a typed error from every private-notes channel, and no channel that
// reads supervision, meetings, search or the audit log ever answers with the private text.
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/channels';
import { testAppCore } from '../../test-support/app-core';
import { linkAccount, saveMember, saveTeam, setMembership } from '../../roster/repository';
import { useTempDirs } from '../../test-support/temp-dir';
import { writeCaps } from '../../capabilities/caps';

const tempDir = useTempDirs();
const ADMIN = 'möte varje tisdag klockan nio';
const PIA = 'ekorre sjösten gruvlampa kanelbulle';
const PRIVATE = 'PRIVAT-KANALMARKÖR-2b7f';
const NOTE_CHANNELS = CHANNELS.filter((channel) => channel.startsWith('supervision:notes'));

async function world() {
  const { app, call: ok } = await testAppCore(await tempDir());
  await ok('vault:setup', { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', adminUsername: 'admin', adminDisplayName: 'Anna Admin', password: ADMIN });
  await ok('vault:unlock', { username: 'admin', password: ADMIN });
  const admin = app.vault.vault;
  const ownOrganisationId = (admin.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;
  const team = saveTeam(writeCaps(admin), { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
  const psychologist = async (username: string) => {
    const added = (await ok('accounts:add', { username, displayName: username, roles: ['psychologist'] })) as { accountId: string; oneTimePassword: string };
    const member = saveMember(writeCaps(app.vault.vault), { displayName: username, profession: 'psykolog', professionOther: '', organisationId: ownOrganisationId, phone: '', email: '', activeFrom: '2026-01-01' });
    linkAccount(writeCaps(app.vault.vault), { memberId: member.id, accountId: added.accountId });
    setMembership(writeCaps(app.vault.vault), { memberId: member.id, teamId: team.id, role: 'member', from: '2026-01-01' });
    return { ...added, memberId: member.id };
  };
  const pia = await psychologist('pia');
  const per = await psychologist('per');
  await ok('vault:lock', {});

  await ok('vault:unlock', { username: 'pia', password: pia.oneTimePassword });
  // Not before her own password: a one-time password is the admin's knowledge.
  expect((await app.call('supervision:notes-setup', {}, 'page')).ok).toBe(false);
  await ok('vault:change-password', { oldPassword: pia.oneTimePassword, newPassword: PIA });
  await ok('supervision:notes-setup', {});
  const session = (await ok('supervision:create-session', { teamId: team.id, date: '2026-11-20', form: 'process', participantMemberIds: [pia.memberId] })) as { id: string };
  await ok('supervision:notes-save', { sessionId: session.id, kind: 'preparation', text: PRIVATE, overrideReason: null });
  await ok('supervision:notes-draft', { sessionId: session.id, kind: 'session', text: `${PRIVATE} utkast` });
  await ok('supervision:share-record', { sessionId: session.id, caseId: null, summary: 'Samverkan kring gemensamma mål.', approach: '', actions: [] });
  await ok('vault:lock', {});
  return { app, ok, team, pia, per, sessionId: session.id };
}

/** A valid input for each private-notes channel, aimed at Pia's session. */
function inputFor(channel: string, sessionId: string): unknown {
  switch (channel) {
    case 'supervision:notes':
      return { sessionId };
    case 'supervision:notes-draft':
      return { sessionId, kind: 'preparation', text: 'skrivet av någon annan' };
    case 'supervision:notes-save':
      return { sessionId, kind: 'preparation', text: 'skrivet av någon annan', overrideReason: null };
    case 'supervision:notes-unlock':
      return { method: 'password', password: PIA };
    default:
      return {};
  }
}

describe('private notes through the router', () => {
  it('the admin gets a typed error from every private-notes channel, and reads no private text anywhere', async () => {
    const { app, ok, sessionId } = await world();
    expect(NOTE_CHANNELS).toHaveLength(7);
    await ok('vault:unlock', { username: 'admin', password: ADMIN });
    for (const channel of NOTE_CHANNELS) {
      const result = await app.call(channel, inputFor(channel, sessionId), 'page');
      expect({ channel, result }).toEqual({ channel, result: { ok: false, error: { code: 'forbidden', message: expect.any(String), detail: { reason: 'psychologist_only' } } } });
    }
    const answers = [await ok('audit:list', {}), await ok('audit:sample', { from: '2026-11-01', to: '2026-11-30', size: 200 })];
    // The saves and reads are in the audit log — as events, without their text.
    expect(JSON.stringify(answers[0])).toContain('supervision.private-note-saved');
    expect(JSON.stringify(answers)).not.toContain('PRIVAT');
  });

  it('another psychologist in the same team gets a typed error until she has her own key, then only her own (empty) notes', async () => {
    const { app, ok, team, per, sessionId } = await world();
    await ok('vault:unlock', { username: 'per', password: per.oneTimePassword });
    await ok('vault:change-password', { oldPassword: per.oneTimePassword, newPassword: 'fyrtorn blåbär vinterkappa sparris' });
    expect(await ok('supervision:notes-status', {})).toEqual({ state: 'none' });
    for (const channel of NOTE_CHANNELS.filter((c) => c !== 'supervision:notes-status' && c !== 'supervision:notes-setup')) {
      const result = await app.call(channel, inputFor(channel, sessionId), 'page');
      expect({ channel, ok: result.ok, code: result.ok ? null : result.error.code }).toEqual({ channel, ok: false, code: expect.stringMatching(/^(private_notes_locked|not_found)$/) });
    }
    await ok('supervision:notes-setup', {});
    // Pia's password and code open nothing of hers for Per: his own key is the only one he can reach.
    expect((await app.call('supervision:notes-unlock', { method: 'password', password: PIA }, 'page')).ok).toBe(false);
    expect(await ok('supervision:notes', { sessionId })).toEqual({ sessionId, preparation: null, session: null });
    const reads = [await ok('supervision:sessions', { teamId: team.id }), await ok('supervision:prepare', { teamId: team.id })];
    expect(JSON.stringify(reads)).toContain(sessionId);
    expect(JSON.stringify(reads)).not.toContain('PRIVAT');
  });

  it('bad input to a private-notes channel changes nothing and says invalid_input', async () => {
    const { app, ok, sessionId } = await world();
    await ok('vault:unlock', { username: 'pia', password: PIA });
    const before = JSON.stringify(app.vault.vault.db.prepare('SELECT * FROM private_notes ORDER BY id').all());
    for (const bad of [{ sessionId, kind: 'other', text: 'x' }, { sessionId: 'nope', kind: 'session', text: 'x' }, { sessionId, kind: 'session', text: 'x'.repeat(20001) }]) {
      expect(await app.call('supervision:notes-draft', bad, 'page')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(await app.call('supervision:notes-unlock', { method: 'fingerprint' }, 'page')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(app.vault.vault.db.prepare('SELECT * FROM private_notes ORDER BY id').all())).toBe(before);
  });
});
