import { luhnValid } from '../../shared/identifiers/luhn';
import type { OrganisationKind, Profession, TeamRole } from '../../shared/roster/model';
import { linkAccount, memberLeaves, saveMember, saveOrganisation, saveTeam, setMembership } from '../roster/repository';
import type { UnlockedVault } from './vault';
import { writeCaps } from '../capabilities/caps';

/** An invented organisationsnummer: the given nine digits and the Luhn check digit that completes them. */
export function inventedOrgNumber(nineDigits: string): string {
  for (let check = 0; check <= 9; check++) {
    const digits = `${nineDigits}${check}`;
    if (luhnValid(digits)) return `${digits.slice(0, 6)}-${digits.slice(6)}`;
  }
  throw new Error('unreachable: one check digit always completes a Luhn number');
}

const ORGANISATIONS: readonly { key: string; name: string; shortName: string; number: string; kind: OrganisationKind }[] = [
  { key: 'af', name: 'Arbetsförmedlingen Demostad (påhittad)', shortName: 'AF', number: '559901001', kind: 'arbetsformedlingen' },
  { key: 'fk', name: 'Försäkringskassan Demostad (påhittad)', shortName: 'FK', number: '559901002', kind: 'forsakringskassan' },
  { key: 'soc', name: 'Socialtjänsten Demokommun (påhittad)', shortName: 'Soc', number: '559901003', kind: 'socialtjansten' },
  { key: 'region', name: 'Region Demoland, psykiatrin (påhittad)', shortName: 'Region', number: '559901004', kind: 'region' },
];

type Place = readonly [team: 'fs' | 'ae', role: TeamRole];
const MEMBERS: readonly { name: string; profession: Profession; org: string; account?: string; places: readonly Place[]; leftOn?: string }[] = [
  { name: 'Alva Ordförande (påhittad)', profession: 'processledare', org: 'own', account: 'ordforande', places: [['fs', 'chair'], ['ae', 'chair']] },
  { name: 'Pelle Psykolog (påhittad)', profession: 'psykolog', org: 'own', account: 'psykolog', places: [['fs', 'member'], ['ae', 'member']] },
  { name: 'Sara Sekreterare (påhittad)', profession: 'socialsekreterare', org: 'soc', places: [['fs', 'note-taker']] },
  { name: 'Amir Arbetsförmedlare (påhittad)', profession: 'arbetsformedlare', org: 'af', places: [['fs', 'member'], ['ae', 'note-taker']] },
  { name: 'Fatima Handläggare (påhittad)', profession: 'personlig-handlaggare', org: 'fk', places: [['ae', 'member']] },
  { name: 'Kalle Konsulent (påhittad)', profession: 'arbetskonsulent', org: 'own', places: [['fs', 'member']] },
  { name: 'Siv SIUS (påhittad)', profession: 'sius-konsulent', org: 'af', places: [['ae', 'member']] },
  { name: 'Rut Rehab (påhittad)', profession: 'rehabkoordinator', org: 'region', places: [['ae', 'member']] },
  { name: 'Tore Tidigare (påhittad)', profession: 'arbetsterapeut', org: 'region', places: [['fs', 'member']], leftOn: '2026-06-30' },
];

/** The demo vault's roster: invented organisations, two teams and their invented members. */
export function seedDemoRoster(vault: UnlockedVault, accounts: ReadonlyMap<string, string>): void {
  const own = (vault.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;
  const orgs = new Map<string, string>([['own', own]]);
  for (const org of ORGANISATIONS) orgs.set(org.key, saveOrganisation(writeCaps(vault), { name: org.name, shortName: org.shortName, orgNumber: inventedOrgNumber(org.number), kind: org.kind }).id);
  const teams = new Map<string, string>([
    ['fs', saveTeam(writeCaps(vault), { name: 'Team försörjningsstöd', description: 'Unga vuxna med försörjningsstöd (påhittat team)', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: 'Rum Vänern' }).id],
    ['ae', saveTeam(writeCaps(vault), { name: 'Team aktivitetsersättning', description: 'Unga med aktivitetsersättning (påhittat team)', meetingWeekday: 4, meetingTime: '13:00', meetingRoom: 'Rum Vättern' }).id],
  ]);
  for (const [i, person] of MEMBERS.entries()) {
    const [first, ...rest] = person.places;
    const teamOf = (place: Place): { teamId: string; role: TeamRole } => ({ teamId: teams.get(place[0]) ?? '', role: place[1] });
    const member = saveMember(writeCaps(vault), {
      displayName: person.name,
      profession: person.profession,
      professionOther: '',
      organisationId: orgs.get(person.org) ?? own,
      phone: `0500-10 ${String(10 + i).padStart(2, '0')} 00`,
      email: `demo${i + 1}@exempel.invalid`,
      activeFrom: '2026-01-01',
      ...(first ? { team: teamOf(first) } : {}),
    });
    for (const place of rest) setMembership(writeCaps(vault), { memberId: member.id, ...teamOf(place), from: '2026-01-01' });
    const accountId = person.account ? accounts.get(person.account) : undefined;
    if (accountId) linkAccount(writeCaps(vault), { memberId: member.id, accountId });
    if (person.leftOn) memberLeaves(writeCaps(vault), { memberId: member.id, date: person.leftOn });
  }
}
