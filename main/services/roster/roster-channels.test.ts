// The roster channels on the app core: what the channel adds around the roster's functions — the
// signed-in account's session follows a change to its own member (its home organisation).
import { describe, expect, it } from 'vitest';
import { testAppCore } from '../../test-support/app-core';
import { useTempDirs } from '../../test-support/temp-dir';

const tempDir = useTempDirs();
const setupInput = { orgName: 'Ung Arena Lidköping', orgNumber: '212000-2627', adminUsername: 'kim', adminDisplayName: 'Kim Ordförande', password: 'möte varje tisdag klockan nio' };

interface MemberView {
  id: string;
  displayName: string;
  profession: string;
  professionOther: string;
  organisationId: string;
  phone: string;
  email: string;
  activeFrom: string;
  accountId: string | null;
}

describe('roster channels', () => {
  it("a change to the signed-in account's own member moves its session to the member's organisation at once; another member's does not", async () => {
    const { app, call } = await testAppCore(await tempDir());
    await call('vault:setup', { ...setupInput, adminMember: { profession: 'processledare', professionOther: '' } });
    const session = () => app.vault.vault.account;
    const [own] = await call<{ id: string }[]>('roster:organisations');
    const af = await call<{ id: string }>('roster:save-organisation', { name: 'Arbetsförmedlingen', shortName: 'AF', orgNumber: '202100-2114', kind: 'arbetsformedlingen' });
    expect(session()?.organisationId).toBe(own?.id);
    const { memberId } = await call<{ memberId: string }>('roster:my-roles');
    const mine = await call<MemberView>('roster:member', { memberId });
    const edit = (member: MemberView, organisationId: string) => ({
      id: member.id,
      displayName: member.displayName,
      profession: member.profession,
      professionOther: member.professionOther,
      organisationId,
      phone: member.phone,
      email: member.email,
      activeFrom: member.activeFrom,
    });

    // Someone else's member moves: the session stays as it was.
    const other = await call<MemberView>('roster:save-member', { displayName: 'Sam Sekreterare', profession: 'socialsekreterare', professionOther: '', organisationId: own?.id, phone: '', email: '', activeFrom: '2026-01-01' });
    await call('roster:save-member', edit(other, af.id));
    expect(session()?.organisationId).toBe(own?.id);

    // Its own member moves to AF: the session (which the consent rules read) follows.
    await call('roster:save-member', edit(mine, af.id));
    expect(session()?.organisationId).toBe(af.id);

    // Linked instead to a member of the own organisation: back again.
    const third = await call<MemberView>('roster:save-member', { displayName: 'Alex Ledamot', profession: 'processledare', professionOther: '', organisationId: own?.id, phone: '', email: '', activeFrom: '2026-01-01' });
    await call('roster:link-account', { memberId: mine.id, accountId: null });
    expect(session()?.organisationId).toBe(af.id);
    await call('roster:link-account', { memberId: third.id, accountId: session()?.id });
    expect(session()?.organisationId).toBe(own?.id);
  });
});
