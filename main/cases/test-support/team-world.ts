import { linkAccount, saveMember, saveOrganisation, saveTeam, setMembership } from '../../roster/repository';
import { rosterVault } from '../../roster/test-support/roster-fixture';
import { writeCaps } from '../../capabilities/caps';

/** Team A: a chair at our own organisation, a note-taker at AF, a member at FK; an outsider at FK in no team. */
export async function teamWorld(opened: { close(): Promise<void> }[], now?: string) {
  const fixture = await rosterVault(now);
  opened.push(fixture);
  const { admin, account, ownOrganisationId } = fixture;
  const af = saveOrganisation(writeCaps(admin), { name: 'Arbetsförmedlingen', shortName: 'AF', orgNumber: '202100-2114', kind: 'arbetsformedlingen' });
  const fk = saveOrganisation(writeCaps(admin), { name: 'Försäkringskassan', shortName: 'FK', orgNumber: '202100-5521', kind: 'forsakringskassan' });
  const team = saveTeam(writeCaps(admin), { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
  const person = (name: string, organisationId: string, role: 'chair' | 'note-taker' | 'member' | null) => {
    const member = saveMember(writeCaps(admin), { displayName: name, profession: 'other', professionOther: 'x', organisationId, phone: '', email: '', activeFrom: '2026-01-01' });
    const vault = account(name.toLowerCase().replace(/\s/g, '.'));
    linkAccount(writeCaps(admin), { memberId: member.id, accountId: vault.account?.id ?? null });
    vault.reloadAccount(); // its home organisation now follows the member
    if (role) setMembership(writeCaps(admin), { memberId: member.id, teamId: team.id, role, from: '2026-01-01' });
    return { member, vault };
  };
  const chair = person('Kim Ordf', ownOrganisationId, 'chair');
  const noteTaker = person('Sam Sekr', af.id, 'note-taker');
  const fkMember = person('Fia FK', fk.id, 'member');
  const outsider = person('Olle Ute', fk.id, null);
  return { ...fixture, af, fk, team, chair, noteTaker, fkMember, outsider };
}

