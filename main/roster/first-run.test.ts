import { describe, expect, it } from 'vitest';
import { testAppCore } from '../test-support/app-core';
import { useTempDirs } from '../test-support/temp-dir';

const tempDir = useTempDirs();
const setupInput = { orgName: 'Ung Arena Lidköping', orgNumber: '212000-2627', adminUsername: 'kim', adminDisplayName: 'Kim Ordförande', password: 'möte varje tisdag klockan nio' };

type Checklist = { steps: { step: string; done: boolean }[]; done: boolean };
const ticks = (list: Checklist): Record<string, boolean> => Object.fromEntries(list.steps.map((step) => [step.step, step.done]));

describe('setup and the first-run checklist', () => {
  it('setup stores the kind asked and links the admin to a member of their own organisation, audited', async () => {
    const { app, call } = await testAppCore(await tempDir());
    await call('vault:setup', { ...setupInput, orgKind: 'socialtjansten', adminMember: { profession: 'processledare', professionOther: '' } });
    const [own] = await call<{ id: string; kind: string; isOwn: boolean }[]>('roster:organisations');
    expect(own).toMatchObject({ kind: 'socialtjansten', isOwn: true });
    const roles = await call<{ memberId: string | null }>('roster:my-roles');
    expect(roles.memberId).not.toBeNull();
    const member = await call<{ displayName: string; profession: string; organisationId: string; accountId: string | null }>('roster:member', { memberId: roles.memberId });
    expect(member).toMatchObject({ displayName: 'Kim Ordförande', profession: 'processledare', organisationId: own?.id });
    const actions = (app.vault.vault.db.prepare('SELECT action, detail FROM audit_log ORDER BY seq').all() as { action: string; detail: string }[]).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['vault.created', 'roster.member-saved', 'roster.account-linked']));
    expect(ticks(await call<Checklist>('roster:first-run'))).toEqual({ organisationKind: true, team: false, members: false, accounts: false, ownAccountLinked: true });
  });

  it('"Annan" chosen at setup counts as chosen; without a kind or a member (older callers) both steps stay open', async () => {
    const chosen = await testAppCore(await tempDir());
    await chosen.call('vault:setup', { ...setupInput, orgKind: 'other', adminMember: { profession: 'other', professionOther: 'Samordnare' } });
    expect(ticks(await chosen.call<Checklist>('roster:first-run'))).toMatchObject({ organisationKind: true, ownAccountLinked: true });

    const plain = await testAppCore(await tempDir());
    await plain.call('vault:setup', setupInput);
    const [own] = await plain.call<{ id: string; kind: string }[]>('roster:organisations');
    expect(own?.kind).toBe('other');
    expect(await plain.call<Checklist>('roster:first-run')).toEqual({
      steps: [
        { step: 'organisationKind', done: false },
        { step: 'team', done: false },
        { step: 'members', done: false },
        { step: 'accounts', done: false },
        { step: 'ownAccountLinked', done: false },
      ],
      done: false,
    });
    // "Annan" saved in the organisation editor is a choice too (kept in organisations.kind_chosen_at, not looked up in the log).
    const [saved] = await plain.call<{ id: string; name: string; shortName: string; orgNumber: string | null }[]>('roster:organisations');
    await plain.call('roster:save-organisation', { id: saved?.id, name: saved?.name, shortName: saved?.shortName, orgNumber: saved?.orgNumber, kind: 'other' });
    expect(ticks(await plain.call<Checklist>('roster:first-run'))).toMatchObject({ organisationKind: true });
  });

  it('"other" without saying which profession is refused at the channel, before any vault is made', async () => {
    const { app } = await testAppCore(await tempDir());
    const result = await app.call('vault:setup', { ...setupInput, adminMember: { profession: 'other', professionOther: ' ' } }, 'page');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(app.vault.state).toBe('absent');
  });

  it('ticks each step as the admin does it, and is done when all are', async () => {
    const { call } = await testAppCore(await tempDir());
    await call('vault:setup', setupInput);
    const [own] = await call<{ id: string; name: string; orgNumber: string; shortName: string }[]>('roster:organisations');
    if (!own) throw new Error('no own organisation');
    await call('roster:save-organisation', { id: own.id, name: own.name, shortName: own.shortName, orgNumber: own.orgNumber, kind: 'region' });
    const team = await call<{ id: string }>('roster:save-team', { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
    expect(ticks(await call<Checklist>('roster:first-run'))).toEqual({ organisationKind: true, team: true, members: false, accounts: false, ownAccountLinked: false });
    const admin = await call<{ id: string }>('roster:save-member', {
      displayName: 'Kim Ordförande',
      profession: 'processledare',
      professionOther: '',
      organisationId: own.id,
      phone: '',
      email: '',
      activeFrom: '2026-01-01',
      team: { teamId: team.id, role: 'chair' },
    });
    // The admin's own record is not "the team's members".
    const accounts = await call<{ id: string; username: string }[]>('accounts:list');
    await call('roster:link-account', { memberId: admin.id, accountId: accounts.find((account) => account.username === 'kim')?.id });
    expect(ticks(await call<Checklist>('roster:first-run'))).toMatchObject({ members: false, ownAccountLinked: true });
    await call('roster:save-member', {
      displayName: 'Sam Socialsekreterare',
      profession: 'socialsekreterare',
      professionOther: '',
      organisationId: own.id,
      phone: '',
      email: '',
      activeFrom: '2026-01-01',
      team: { teamId: team.id, role: 'member' },
    });
    expect((await call<Checklist>('roster:first-run')).done).toBe(false);
    await call('accounts:add', { username: 'sam', displayName: 'Sam Socialsekreterare', roles: [] });
    expect(await call<Checklist>('roster:first-run')).toMatchObject({ done: true });
  });

  it('is for admins only', async () => {
    const { call, app } = await testAppCore(await tempDir());
    await call('vault:setup', setupInput);
    const added = await call<{ oneTimePassword: string }>('accounts:add', { username: 'pia', displayName: 'Pia Psykolog', roles: ['psychologist'] });
    await call('vault:lock');
    await call('vault:unlock', { username: 'pia', password: added.oneTimePassword });
    await call('vault:change-password', { oldPassword: added.oneTimePassword, newPassword: 'samma väg hem varje fredag kväll' });
    expect(app.vault.account?.username).toBe('pia');
    expect(await app.call('roster:first-run', {}, 'page')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Whom she asks to be put in a team: the admins by name.
    expect(await app.call('roster:admins', {}, 'page')).toEqual({ ok: true, value: { names: ['Kim Ordförande'] } });
  });
});
