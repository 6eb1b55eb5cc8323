// The roster's access rules (docs/architecture.md, "Access rules"): one test per rule, each on a
// real encrypted vault, each showing the refusal *and* that the allowed caller gets through.
import { afterEach, describe, expect, it } from 'vitest';
import { mayEditTeamRecords, mayFinaliseTeamRecords, mayReadTeamRecords } from './access';
import { rosterCsv } from './csv';
import {
  archiveTeam,
  endMembership,
  linkAccount,
  listMembers,
  listOrganisations,
  listTeams,
  memberLeaves,
  saveMember,
  saveOrganisation,
  saveTeam,
  setMembership,
  teamHistory,
} from './repository';
import { rosterVault } from './test-support/roster-fixture';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

const teamInput = (name: string) => ({ name, description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: 'Rum Vänern' });

/** A vault with two teams, a chair, a note-taker and a plain member of team A, and an outsider. */
async function world() {
  const fixture = await rosterVault();
  opened.push(fixture);
  const { admin, account, ownOrganisationId } = fixture;
  const af = saveOrganisation(writeCaps(admin), { name: 'Arbetsförmedlingen Lidköping', shortName: 'AF', orgNumber: '202100-2114', kind: 'arbetsformedlingen' });
  const teamA = saveTeam(writeCaps(admin), teamInput('Team försörjningsstöd'));
  const teamB = saveTeam(writeCaps(admin), teamInput('Team aktivitetsersättning'));
  const person = (name: string, organisationId = ownOrganisationId) =>
    saveMember(writeCaps(admin), { displayName: name, profession: 'socialsekreterare', professionOther: '', organisationId, phone: '', email: '', activeFrom: '2026-01-01' });
  const chairMember = person('Kim Ordförande');
  const noteMember = person('Sam Sekreterare');
  const plainMember = person('Alex Ledamot', af.id);
  const chair = account('kim');
  const noteTaker = account('sam');
  const plain = account('alex');
  const outsider = account('olle');
  const ownAdmin = admin;
  for (const [member, user] of [
    [chairMember, chair],
    [noteMember, noteTaker],
    [plainMember, plain],
  ] as const) {
    linkAccount(writeCaps(admin), { memberId: member.id, accountId: user.account?.id ?? null });
  }
  setMembership(writeCaps(admin), { memberId: chairMember.id, teamId: teamA.id, role: 'chair', from: '2026-01-01' });
  setMembership(writeCaps(admin), { memberId: noteMember.id, teamId: teamA.id, role: 'note-taker', from: '2026-01-01' });
  setMembership(writeCaps(admin), { memberId: plainMember.id, teamId: teamA.id, role: 'member', from: '2026-01-01' });
  return { ...fixture, af, teamA, teamB, chairMember, noteMember, plainMember, chair, noteTaker, plain, outsider, admin: ownAdmin, person };
}

const forbidden = { code: 'forbidden' };

describe('roster access rules', () => {
  it('R1: every signed-in account reads organisations, teams, the roster and a team history', async () => {
    const { outsider, teamA } = await world();
    expect(listOrganisations(readCaps(outsider)).map((org) => org.shortName)).toContain('AF');
    expect(listTeams(readCaps(outsider))).toHaveLength(2);
    expect(listMembers(readCaps(outsider), { teamId: teamA.id }).map((member) => member.displayName)).toEqual(['Alex Ledamot', 'Kim Ordförande', 'Sam Sekreterare']);
    expect(teamHistory(readCaps(outsider), teamA.id)).toHaveLength(3);
  });

  it('R2: only an admin creates or edits an organisation', async () => {
    const { chair, admin, af } = await world();
    expect(() => saveOrganisation(writeCaps(chair), { id: af.id, name: 'AF', shortName: 'AF', orgNumber: '202100-2114', kind: 'arbetsformedlingen' })).toThrow(expect.objectContaining(forbidden));
    expect(saveOrganisation(writeCaps(admin), { id: af.id, name: 'AF Lidköping', shortName: 'AF', orgNumber: '202100-2114', kind: 'arbetsformedlingen' }).name).toBe('AF Lidköping');
  });

  it('R3: only an admin creates or archives a team', async () => {
    const { chair, admin, teamA } = await world();
    expect(() => saveTeam(writeCaps(chair), teamInput('Team nytt'))).toThrow(expect.objectContaining(forbidden));
    expect(() => archiveTeam(writeCaps(chair), { teamId: teamA.id, archived: true })).toThrow(expect.objectContaining(forbidden));
    expect(archiveTeam(writeCaps(admin), { teamId: teamA.id, archived: true }).archived).toBe(true);
    expect(listTeams(readCaps(admin)).map((team) => team.name)).toEqual(['Team aktivitetsersättning']);
  });

  it("R4: a team's chair edits its details, but not another team's; members and note-takers cannot", async () => {
    const { chair, noteTaker, plain, teamA, teamB } = await world();
    expect(saveTeam(writeCaps(chair), { ...teamInput('Team försörjningsstöd'), id: teamA.id, meetingRoom: 'Rum Vättern' }).meetingRoom).toBe('Rum Vättern');
    expect(() => saveTeam(writeCaps(chair), { ...teamInput('Team aktivitetsersättning'), id: teamB.id })).toThrow(expect.objectContaining(forbidden));
    expect(() => saveTeam(writeCaps(noteTaker), { ...teamInput('Team försörjningsstöd'), id: teamA.id })).toThrow(expect.objectContaining(forbidden));
    expect(() => saveTeam(writeCaps(plain), { ...teamInput('Team försörjningsstöd'), id: teamA.id })).toThrow(expect.objectContaining(forbidden));
  });

  it('R5: a chair adds a member only into a team they chair; an admin adds anyone', async () => {
    const { chair, admin, teamA, teamB, ownOrganisationId } = await world();
    const input = { displayName: 'Nya Nora', profession: 'arbetskonsulent' as const, professionOther: '', organisationId: ownOrganisationId, phone: '0510-77 00 00', email: 'nora@example.se', activeFrom: '2026-11-23' };
    expect(() => saveMember(writeCaps(chair), input)).toThrow(expect.objectContaining(forbidden));
    expect(() => saveMember(writeCaps(chair), { ...input, team: { teamId: teamB.id, role: 'member' } })).toThrow(expect.objectContaining(forbidden));
    const added = saveMember(writeCaps(chair), { ...input, team: { teamId: teamA.id, role: 'member' } });
    expect(added.memberships).toEqual([expect.objectContaining({ teamId: teamA.id, role: 'member', activeTo: null })]);
    expect(saveMember(writeCaps(admin), { ...input, displayName: 'Utan Team' }).memberships).toEqual([]);
  });

  it("R6: an admin, or the chair of one of the member's teams, edits a member or ends them", async () => {
    const { chair, plain, admin, plainMember, person } = await world();
    const loner = person('Lo Utanför');
    const edit = (member: typeof loner) => ({ id: member.id, displayName: `${member.displayName} 2`, profession: member.profession, professionOther: '', organisationId: member.organisationId, phone: '', email: '', activeFrom: member.activeFrom });
    expect(saveMember(writeCaps(chair), edit(plainMember)).displayName).toBe('Alex Ledamot 2');
    expect(() => saveMember(writeCaps(chair), edit(loner))).toThrow(expect.objectContaining(forbidden));
    expect(() => saveMember(writeCaps(plain), edit(plainMember))).toThrow(expect.objectContaining(forbidden));
    expect(() => memberLeaves(writeCaps(plain), { memberId: plainMember.id, date: '2026-11-22' })).toThrow(expect.objectContaining(forbidden));
    expect(memberLeaves(writeCaps(admin), { memberId: loner.id, date: '2026-11-22' }).activeTo).toBe('2026-11-22');
  });

  it('R6: giving someone a place in your team does not let you edit, move or end them while they sit in another team', async () => {
    const { chair, admin, teamA, teamB, person, af } = await world();
    const shared = person('Delad Person');
    setMembership(writeCaps(admin), { memberId: shared.id, teamId: teamB.id, role: 'member', from: '2026-01-01' });
    // The chair of A may add them to A (R7)…
    setMembership(writeCaps(chair), { memberId: shared.id, teamId: teamA.id, role: 'member', from: '2026-11-23' });
    // …but not rename them, move them to another organisation, or end them everywhere.
    const edit = { id: shared.id, displayName: 'Bytt Namn', profession: 'socialsekreterare' as const, professionOther: '', organisationId: af.id, phone: '', email: '', activeFrom: '2026-01-01' };
    expect(() => saveMember(writeCaps(chair), edit)).toThrow(expect.objectContaining(forbidden));
    expect(() => memberLeaves(writeCaps(chair), { memberId: shared.id, date: '2026-11-23' })).toThrow(expect.objectContaining(forbidden));
    // Their own place in A the chair can end (R7); a place in another team cannot come in through saveMember.
    expect(endMembership(writeCaps(chair), { memberId: shared.id, teamId: teamA.id, date: '2026-11-23' }).memberships.some((place) => place.teamId === teamB.id && place.activeTo === null)).toBe(true);
    expect(() => saveMember(writeCaps(admin), { ...edit, displayName: 'Delad Person', team: { teamId: teamB.id, role: 'chair' } })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('R7: places in one team never overlap, so the history cannot be rewritten', async () => {
    const { admin, plainMember, teamA } = await world();
    endMembership(writeCaps(admin), { memberId: plainMember.id, teamId: teamA.id, date: '2026-06-30' });
    expect(() => setMembership(writeCaps(admin), { memberId: plainMember.id, teamId: teamA.id, role: 'chair', from: '2026-06-30' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(setMembership(writeCaps(admin), { memberId: plainMember.id, teamId: teamA.id, role: 'chair', from: '2026-07-01' }).memberships.map((p) => [p.role, p.activeFrom, p.activeTo])).toEqual([
      ['member', '2026-01-01', '2026-06-30'],
      ['chair', '2026-07-01', null],
    ]);
  });

  it("R3/R11: an archived team's chair manages nothing; its members still read its records", async () => {
    const { chair, plain, admin, teamA } = await world();
    archiveTeam(writeCaps(admin), { teamId: teamA.id, archived: true });
    expect(() => saveTeam(writeCaps(chair), { ...teamInput('Team försörjningsstöd'), id: teamA.id })).toThrow(expect.objectContaining(forbidden));
    expect(mayEditTeamRecords(readCaps(chair).access, teamA.id)).toBe(false);
    expect(mayReadTeamRecords(readCaps(plain).access, teamA.id)).toBe(true);
  });

  it("R7: the team's chair (or an admin) gives and ends places and roles in that team only", async () => {
    const { chair, noteTaker, plainMember, teamA, teamB } = await world();
    expect(() => setMembership(writeCaps(noteTaker), { memberId: plainMember.id, teamId: teamA.id, role: 'chair', from: '2026-11-23' })).toThrow(expect.objectContaining(forbidden));
    expect(() => setMembership(writeCaps(chair), { memberId: plainMember.id, teamId: teamB.id, role: 'member', from: '2026-11-23' })).toThrow(expect.objectContaining(forbidden));
    const changed = setMembership(writeCaps(chair), { memberId: plainMember.id, teamId: teamA.id, role: 'note-taker', from: '2026-11-23' });
    // A role change keeps the old role in the history.
    expect(changed.memberships.map((place) => [place.role, place.activeFrom, place.activeTo])).toEqual([
      ['member', '2026-01-01', '2026-11-22'],
      ['note-taker', '2026-11-23', null],
    ]);
    expect(endMembership(writeCaps(chair), { memberId: plainMember.id, teamId: teamA.id, date: '2026-11-23' }).memberships.at(-1)?.activeTo).toBe('2026-11-23');
  });

  it("a linked account's home organisation is its member's, and follows the member's changes", async () => {
    const { admin, plain, plainMember, af, ownOrganisationId } = await world();
    const orgOf = (accountId: string | undefined) => (admin.db.prepare('SELECT organisation_id FROM accounts WHERE id = ?').get(accountId) as { organisation_id: string }).organisation_id;
    expect(orgOf(plain.account?.id)).toBe(af.id); // linked in world(): Alex is at AF
    saveMember(writeCaps(admin), { id: plainMember.id, displayName: 'Alex Ledamot', profession: 'socialsekreterare', professionOther: '', organisationId: ownOrganisationId, phone: '', email: '', activeFrom: '2026-01-01' });
    expect(orgOf(plain.account?.id)).toBe(ownOrganisationId);
  });

  it('R8: only an admin links a member to an account', async () => {
    const { chair, admin, plainMember, outsider } = await world();
    expect(() => linkAccount(writeCaps(chair), { memberId: plainMember.id, accountId: outsider.account?.id ?? null })).toThrow(expect.objectContaining(forbidden));
    expect(linkAccount(writeCaps(admin), { memberId: plainMember.id, accountId: null }).accountId).toBeNull();
  });

  it('R10: an admin exports the whole roster; a chair only the teams they chair', async () => {
    const { chair, plain, admin, teamA, teamB } = await world();
    expect(() => rosterCsv(readCaps(chair), undefined)).toThrow(expect.objectContaining(forbidden));
    expect(() => rosterCsv(readCaps(chair), teamB.id)).toThrow(expect.objectContaining(forbidden));
    expect(() => rosterCsv(readCaps(plain), teamA.id)).toThrow(expect.objectContaining(forbidden));
    expect(rosterCsv(readCaps(chair), teamA.id).rows).toBe(3);
    expect(rosterCsv(readCaps(admin), undefined).rows).toBe(3);
  });

  it('R11: a role counts only while it and the member are active', async () => {
    const { chair, admin, chairMember, teamA, clock } = await world();
    expect(saveTeam(writeCaps(chair), { ...teamInput('Team försörjningsstöd'), id: teamA.id }).name).toBe('Team försörjningsstöd');
    endMembership(writeCaps(admin), { memberId: chairMember.id, teamId: teamA.id, date: '2026-11-30' });
    clock.advance(8 * 24 * 3600 * 1000); // 2026-12-01: the chair's place has ended
    expect(() => saveTeam(writeCaps(chair), { ...teamInput('Team försörjningsstöd'), id: teamA.id })).toThrow(expect.objectContaining(forbidden));
  });

  it('R12: chair and note-taker edit a team\'s records; a member does not', async () => {
    const { chair, noteTaker, plain, teamA, teamB } = await world();
    expect(mayEditTeamRecords(readCaps(chair).access, teamA.id)).toBe(true);
    expect(mayEditTeamRecords(readCaps(noteTaker).access, teamA.id)).toBe(true);
    expect(mayEditTeamRecords(readCaps(plain).access, teamA.id)).toBe(false);
    expect(mayEditTeamRecords(readCaps(chair).access, teamB.id)).toBe(false);
  });

  it('R13: only the chair finalises', async () => {
    const { chair, noteTaker, teamA } = await world();
    expect(mayFinaliseTeamRecords(readCaps(chair).access, teamA.id)).toBe(true);
    expect(mayFinaliseTeamRecords(readCaps(noteTaker).access, teamA.id)).toBe(false);
  });

  it("R14: a team's active members read its records; an admin or an outsider does not, by being one", async () => {
    const { plain, outsider, admin, teamA, plainMember } = await world();
    expect(mayReadTeamRecords(readCaps(plain).access, teamA.id)).toBe(true);
    expect(mayReadTeamRecords(readCaps(outsider).access, teamA.id)).toBe(false);
    expect(mayReadTeamRecords(readCaps(admin).access, teamA.id)).toBe(false);
    memberLeaves(writeCaps(admin), { memberId: plainMember.id, date: '2026-11-22' });
    expect(mayReadTeamRecords(readCaps(plain).access, teamA.id)).toBe(false);
  });
});

describe('roster history', () => {
  it('a member who left is gone from the current roster and stays in the team history', async () => {
    const { admin, plainMember, teamA } = await world();
    memberLeaves(writeCaps(admin), { memberId: plainMember.id, date: '2026-11-22' });
    expect(listMembers(readCaps(admin), { teamId: teamA.id }).map((member) => member.displayName)).not.toContain('Alex Ledamot');
    expect(listMembers(readCaps(admin), { teamId: teamA.id, includeFormer: true }).map((member) => member.displayName)).toContain('Alex Ledamot');
    expect(teamHistory(readCaps(admin), teamA.id).find((row) => row.memberId === plainMember.id)).toMatchObject({ activeTo: '2026-11-22', current: false });
  });

  it('every change is in the audit log, without names', async () => {
    const { admin } = await world();
    const rows = admin.db.prepare("SELECT action, detail FROM audit_log WHERE action LIKE 'roster.%'").all() as { action: string; detail: string }[];
    expect(new Set(rows.map((row) => row.action))).toEqual(new Set(['roster.organisation-saved', 'roster.team-saved', 'roster.member-saved', 'roster.account-linked', 'roster.membership-set']));
    expect(rows.map((row) => row.detail).join('\n')).not.toMatch(/Kim|Alex|Sam|Lidköping/);
  });

  it('refuses a second team or organisation with the same name', async () => {
    const { admin } = await world();
    expect(() => saveTeam(writeCaps(admin), teamInput('team FÖRSÖRJNINGSSTÖD'))).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => saveOrganisation(writeCaps(admin), { name: 'Något annat', shortName: '', orgNumber: '202100-2114', kind: 'other' })).toThrow(expect.objectContaining({ code: 'conflict' }));
  });
});
