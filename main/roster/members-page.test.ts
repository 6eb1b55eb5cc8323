// The roster table's paging channel (`roster:members-page`) on a real encrypted vault: lines as the
// table shows them, sorting and filtering in SQL by the words the user sees, totals and groups,
// pages that neither overlap nor skip, and the same access as `roster:members`.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contract } from '../../shared/ipc/contract';
import { PROFESSION_SV, ROLE_SV } from '../../shared/roster/labels';
import type { MembersPageQuery, Profession, TeamRole } from '../../shared/roster/model';
import { errorCode } from '../test-support/error-code';
import { swedishSortKey } from '../../shared/roster/text-keys';
import { membersPage } from './members-page';
import { endMembership, listMembers, memberLeaves, readMember, saveMember, saveOrganisation, saveTeam, setMembership } from './repository';
import { rosterVault } from './test-support/roster-fixture';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

const SV = { professions: PROFESSION_SV, roles: ROLE_SV };
const EN = {
  professions: { ...PROFESSION_SV, psykolog: 'Psychologist', socialsekreterare: 'Social worker', arbetskonsulent: 'Job coach' },
  roles: { chair: 'Chair', 'note-taker': 'Note-taker', member: 'Member' },
};

type Query = Partial<MembersPageQuery>;
const base = { sort: { column: 'name', desc: false }, labels: SV, offset: 0, limit: 500 } as const;
/** Parsed by the channel's own schema, as the router does. */
const parse = (query: Query) => contract['roster:members-page'].input.parse({ ...base, ...query });

/**
 * Today is 2026-11-23 (the fixture's clock). Team Öst and Team Väst; members in two organisations:
 * one in both teams (chair in Öst), one who left in June, one whose place in Väst ended in May,
 * one without a team, one with a profession in their own words.
 */
async function world() {
  const fixture = await rosterVault();
  opened.push(fixture);
  const { admin, ownOrganisationId } = fixture;
  const af = saveOrganisation(writeCaps(admin), { name: 'Arbetsförmedlingen Lidköping', shortName: 'AF', orgNumber: '202100-2114', kind: 'arbetsformedlingen' });
  const team = (name: string) => saveTeam(writeCaps(admin), { name, description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
  const ost = team('Team Öst');
  const vast = team('Team Väst');
  const person = (displayName: string, profession: Profession, organisationId: string, place?: { teamId: string; role: TeamRole }, professionOther = '') =>
    saveMember(writeCaps(admin), { displayName, profession, professionOther, organisationId, phone: '0510-100 00', email: `${displayName.split(' ')[0]?.toLowerCase()}@example.se`, activeFrom: '2026-01-01', ...(place ? { team: place } : {}) });
  const orjan = person('Örjan Ek', 'psykolog', ownOrganisationId, { teamId: ost.id, role: 'chair' });
  setMembership(writeCaps(admin), { memberId: orjan.id, teamId: vast.id, role: 'member', from: '2026-02-01' });
  const ake = person('Åke Berg', 'socialsekreterare', af.id, { teamId: vast.id, role: 'note-taker' });
  const adam = person('Adam Zetterlund', 'arbetskonsulent', af.id, { teamId: ost.id, role: 'member' });
  const arla = person('Ärla Nilsson', 'other', ownOrganisationId, undefined, 'Fritidsledare');
  const zara = person('Zara Lind', 'sius-konsulent', af.id, { teamId: vast.id, role: 'member' });
  endMembership(writeCaps(admin), { memberId: zara.id, teamId: vast.id, date: '2026-05-31' });
  const tore = person('Tore Tidigare', 'arbetsterapeut', ownOrganisationId, { teamId: ost.id, role: 'member' });
  memberLeaves(writeCaps(admin), { memberId: tore.id, date: '2026-06-30' });
  return { ...fixture, af, ost, vast, orjan, ake, adam, arla, zara, tore };
}

const names = (page: { lines: readonly { name: string }[] }) => page.lines.map((line) => line.name);

describe('roster:members-page', () => {
  it('makes one line per current place, and one for a member without one; the total counts lines', async () => {
    const { admin, orjan, ost, vast } = await world();
    const page = membersPage(readCaps(admin), parse({}));
    // Swedish order: Å, Ä, Ö after Z. Örjan has two places; Zara's ended place leaves her alone.
    expect(names(page)).toEqual(['Adam Zetterlund', 'Zara Lind', 'Åke Berg', 'Ärla Nilsson', 'Örjan Ek', 'Örjan Ek']);
    expect(page.total).toBe(6);
    expect(page.groups).toBeNull();
    const orjanLines = page.lines.filter((line) => line.memberId === orjan.id);
    expect(orjanLines.map((line) => [line.team, line.role, line.from, line.to])).toEqual([
      ['Team Väst', 'Medlem', '2026-02-01', ''],
      ['Team Öst', 'Ordförande', '2026-01-01', ''],
    ]);
    expect(new Set(page.lines.map((line) => line.key)).size).toBe(6);
    const arla = page.lines.find((line) => line.name === 'Ärla Nilsson');
    expect(arla).toMatchObject({ team: '', role: '', profession: 'Fritidsledare', organisation: 'Samordningsteamet Väst', from: '2026-01-01', to: '' });
    // One team: its current places only; with former members, their places and ended ones too.
    expect(names(membersPage(readCaps(admin), parse({ teamId: ost.id })))).toEqual(['Adam Zetterlund', 'Örjan Ek']);
    const formerVast = membersPage(readCaps(admin), parse({ teamId: vast.id, includeFormer: true }));
    expect(formerVast.lines.map((line) => `${line.name} ${line.to}`)).toEqual(['Zara Lind 2026-05-31', 'Åke Berg ', 'Örjan Ek ']);
    const everyone = membersPage(readCaps(admin), parse({ includeFormer: true }));
    expect(everyone.lines.find((line) => line.name === 'Tore Tidigare')).toMatchObject({ team: 'Team Öst', to: '2026-06-30' });
  });

  it('chooses the same members as roster:members for every team and includeFormer', async () => {
    const { admin, ost, vast } = await world();
    for (const teamId of [undefined, ost.id, vast.id]) {
      for (const includeFormer of [false, true]) {
        const query = { ...(teamId ? { teamId } : {}), includeFormer };
        const fromPages = new Set(membersPage(readCaps(admin), parse(query)).lines.map((line) => line.memberId));
        expect([...fromPages].sort()).toEqual(listMembers(readCaps(admin), query).map((member) => member.id).sort());
      }
    }
  });

  it('sorts by any column in the words of the labels, both ways, with the name breaking ties', async () => {
    const { admin } = await world();
    expect(names(membersPage(readCaps(admin), parse({ sort: { column: 'name', desc: true } })))).toEqual(['Örjan Ek', 'Örjan Ek', 'Ärla Nilsson', 'Åke Berg', 'Zara Lind', 'Adam Zetterlund']);
    const byProfession = (labels: typeof SV) => membersPage(readCaps(admin), parse({ labels, sort: { column: 'profession', desc: false } })).lines.map((line) => line.profession);
    expect(byProfession(SV)).toEqual(['Arbetskonsulent', 'Fritidsledare', 'Psykolog', 'Psykolog', 'SIUS-konsulent', 'Socialsekreterare']);
    expect(byProfession(EN)).toEqual(['Fritidsledare', 'Job coach', 'Psychologist', 'Psychologist', 'SIUS-konsulent', 'Social worker']);
    const byRole = membersPage(readCaps(admin), parse({ sort: { column: 'role', desc: true } })).lines.map((line) => `${line.role}:${line.name}`);
    expect(byRole).toEqual(['Sekreterare:Åke Berg', 'Ordförande:Örjan Ek', 'Medlem:Adam Zetterlund', 'Medlem:Örjan Ek', ':Zara Lind', ':Ärla Nilsson']);
    expect(names(membersPage(readCaps(admin), parse({ sort: { column: 'team', desc: false } })))).toEqual(['Zara Lind', 'Ärla Nilsson', 'Åke Berg', 'Örjan Ek', 'Adam Zetterlund', 'Örjan Ek']);
    expect(membersPage(readCaps(admin), parse({ includeFormer: true, sort: { column: 'to', desc: true } })).lines[0]).toMatchObject({ name: 'Tore Tidigare', to: '2026-06-30' });
  });

  it('filters per column and searches every column, case-insensitively beyond ASCII, by the words shown', async () => {
    const { admin } = await world();
    expect(names(membersPage(readCaps(admin), parse({ filters: { team: 'öst' } })))).toEqual(['Adam Zetterlund', 'Örjan Ek']);
    expect(names(membersPage(readCaps(admin), parse({ filters: { organisation: 'ARBETSFÖRMEDLINGEN', team: 'väst' } })))).toEqual(['Åke Berg']);
    expect(names(membersPage(readCaps(admin), parse({ search: 'sius' })))).toEqual(['Zara Lind']);
    expect(names(membersPage(readCaps(admin), parse({ search: 'ordförande' })))).toEqual(['Örjan Ek']);
    expect(names(membersPage(readCaps(admin), parse({ labels: EN, search: 'chair' })))).toEqual(['Örjan Ek']);
    expect(names(membersPage(readCaps(admin), parse({ search: 'ÅKE@' })))).toEqual(['Åke Berg']);
    expect(names(membersPage(readCaps(admin), parse({ filters: { from: '2026-02' } })))).toEqual(['Örjan Ek']);
    // Blank filters are no filters; a filter that matches nothing gives an empty page and total 0.
    expect(membersPage(readCaps(admin), parse({ filters: { name: '  ' }, search: '' })).total).toBe(6);
    expect(membersPage(readCaps(admin), parse({ filters: { name: 'ingen sådan' } }))).toEqual({ total: 0, offset: 0, lines: [], groups: null });
    // A LIKE wildcard is text like any other.
    expect(membersPage(readCaps(admin), parse({ search: '%' })).total).toBe(0);
  });

  it('groups: the groups in order with their counts, the lines group by group; the sort on the group column turns the groups', async () => {
    const { admin } = await world();
    const byTeam = membersPage(readCaps(admin), parse({ groupBy: 'team' }));
    expect(byTeam.groups).toEqual([
      { value: '', count: 2 },
      { value: 'Team Väst', count: 2 },
      { value: 'Team Öst', count: 2 },
    ]);
    expect(byTeam.lines.map((line) => `${line.team}/${line.name}`)).toEqual(['/Zara Lind', '/Ärla Nilsson', 'Team Väst/Åke Berg', 'Team Väst/Örjan Ek', 'Team Öst/Adam Zetterlund', 'Team Öst/Örjan Ek']);
    const turned = membersPage(readCaps(admin), parse({ groupBy: 'team', sort: { column: 'team', desc: true } }));
    expect(turned.groups?.map((group) => group.value)).toEqual(['Team Öst', 'Team Väst', '']);
    const byOrganisation = membersPage(readCaps(admin), parse({ groupBy: 'organisation', search: 'team' }));
    expect(byOrganisation.groups).toEqual([
      { value: 'Arbetsförmedlingen Lidköping', count: 2 },
      { value: 'Samordningsteamet Väst', count: 3 },
    ]);
  });

  it('pages through many lines without overlap or gaps, with the total on every page', async () => {
    const { admin, ownOrganisationId, ost } = await world();
    admin.db.transaction(() => {
      for (let i = 0; i < 230; i++) {
        // Many equal names: the order must still be total for pages to fit together.
        saveMember(writeCaps(admin), { displayName: `Person ${i % 7}`, profession: 'psykolog', professionOther: '', organisationId: ownOrganisationId, phone: '', email: '', activeFrom: '2026-01-01', team: { teamId: ost.id, role: 'member' } });
      }
    })();
    for (const groupBy of [undefined, 'organisation'] as const) {
      const all = membersPage(readCaps(admin), parse({ ...(groupBy ? { groupBy } : {}), limit: 500 }));
      expect(all.total).toBe(236);
      const keys: string[] = [];
      for (let offset = 0; offset < all.total; offset += 50) {
        const page = membersPage(readCaps(admin), parse({ ...(groupBy ? { groupBy } : {}), offset, limit: 50 }));
        expect(page.total).toBe(236);
        expect(page.offset).toBe(offset);
        keys.push(...page.lines.map((line) => line.key));
      }
      expect(keys).toEqual(all.lines.map((line) => line.key));
      // Past the end: no lines, the true total.
      expect(membersPage(readCaps(admin), parse({ offset: 1000, limit: 50 }))).toMatchObject({ total: 236, lines: [] });
    }
  });

  it('prepares its statements once per connection, whatever the filters and page', async () => {
    const { admin } = await world();
    const prepare = vi.spyOn(admin.db, 'prepare');
    const prepared = (): number => prepare.mock.calls.filter(([sql]) => sql.includes('profession_labels')).length;
    membersPage(readCaps(admin), parse({}));
    const first = prepared();
    expect(first).toBe(2);
    membersPage(readCaps(admin), parse({ search: 'öst', offset: 1, limit: 2, filters: { name: 'e' } }));
    membersPage(readCaps(admin), parse({ includeFormer: true }));
    expect(prepared()).toBe(first);
    membersPage(readCaps(admin), parse({ sort: { column: 'email', desc: true }, groupBy: 'team' }));
    expect(prepared()).toBe(first + 3);
    prepare.mockRestore();
  });

  it('keeps the access of roster:members: any signed-in account reads it (and roster:member), nobody signed out; an unknown team is not found', async () => {
    const { admin, account, ost, orjan } = await world();
    const outsider = account('olle');
    expect(names(membersPage(readCaps(outsider), parse({ teamId: ost.id })))).toEqual(['Adam Zetterlund', 'Örjan Ek']);
    const signedOut = admin.as(null);
    expect(errorCode(() => membersPage(readCaps(signedOut), parse({})))).toBe('unauthenticated');
    expect(errorCode(() => membersPage(readCaps(outsider), parse({ teamId: '00000000-0000-4000-8000-000000000000' })))).toBe('not_found');
    // roster:member, which the table opens a line with: the same.
    expect(readMember(readCaps(outsider), orjan.id).memberships.map((place) => place.teamName)).toEqual(['Team Väst', 'Team Öst']);
    expect(errorCode(() => readMember(readCaps(signedOut), orjan.id))).toBe('unauthenticated');
    expect(errorCode(() => readMember(readCaps(outsider), '00000000-0000-4000-8000-000000000000'))).toBe('not_found');
  });

  it('refuses a query the schema does not allow', () => {
    const schema = contract['roster:members-page'].input;
    const ok = { ...base };
    expect(schema.safeParse(ok).success).toBe(true);
    expect(schema.safeParse({ ...ok, limit: 501 }).success).toBe(false);
    expect(schema.safeParse({ ...ok, limit: 0 }).success).toBe(false);
    expect(schema.safeParse({ ...ok, offset: -1 }).success).toBe(false);
    expect(schema.safeParse({ ...ok, sort: { column: 'id', desc: false } }).success).toBe(false);
    expect(schema.safeParse({ ...ok, filters: { password: 'x' } }).success).toBe(false);
    expect(schema.safeParse({ ...ok, search: 'x'.repeat(201) }).success).toBe(false);
    expect(schema.safeParse({ ...ok, groupBy: 'role' }).success).toBe(false);
    expect(schema.safeParse({ ...ok, labels: { professions: { psykolog: 'Psykolog' }, roles: ROLE_SV } }).success).toBe(false);
    expect(schema.safeParse({ ...ok, sql: 'DROP TABLE members' }).success).toBe(false);
  });
});

describe('swedishSortKey', () => {
  it('orders as a Swedish reader expects: å ä ö after z, case and other accents aside', () => {
    const words = ['ör', 'Zeta', 'äng', 'Åsa', 'adam', 'Émile', 'eva', 'Øystein', 'Ängel', 'Yngve', 'Üllar'];
    const sorted = [...words].sort((a, b) => (swedishSortKey(a) < swedishSortKey(b) ? -1 : swedishSortKey(a) > swedishSortKey(b) ? 1 : 0));
    expect(sorted).toEqual(['adam', 'Émile', 'eva', 'Üllar', 'Yngve', 'Zeta', 'Åsa', 'äng', 'Ängel', 'ör', 'Øystein']);
  });
});
