// CSV import and export on a real encrypted vault.
import { afterEach, describe, expect, it } from 'vitest';
import { commitImport, previewImport, rosterCsv } from './csv';
import { saveOrganisation, saveTeam, setMembership, saveMember, linkAccount } from './repository';
import { rosterVault } from './test-support/roster-fixture';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

async function seeded() {
  const fixture = await rosterVault();
  opened.push(fixture);
  saveOrganisation(writeCaps(fixture.admin), { name: 'Arbetsförmedlingen Lidköping', shortName: 'AF', orgNumber: '202100-2114', kind: 'arbetsformedlingen' });
  saveOrganisation(writeCaps(fixture.admin), { name: 'Försäkringskassan', shortName: 'FK', orgNumber: '202100-5521', kind: 'forsakringskassan' });
  const teamA = saveTeam(writeCaps(fixture.admin), { name: 'Team försörjningsstöd', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
  const teamB = saveTeam(writeCaps(fixture.admin), { name: 'Team aktivitetsersättning', description: '', meetingWeekday: 4, meetingTime: '13:00', meetingRoom: '' });
  return { ...fixture, teamA, teamB };
}

const HEADER = 'Namn;Yrke;Hemorganisation;Telefon;E-post;Team;Roll;Från';
const ORGS = ['AF', 'FK', 'Försäkringskassan', 'Samordningsteamet Väst', '202100-2114'];
const PROFESSIONS = ['Arbetsförmedlare', 'Personlig handläggare', 'SIUS-konsulent', 'Arbetsterapeut', 'Budget- och skuldrådgivare'];

/** 200 distinct, valid rows (names made of two lists, so they are unique). */
function rows200(): string[] {
  const first = ['Anna', 'Bo', 'Cecilia', 'David', 'Eva', 'Fredrik', 'Greta', 'Hassan', 'Ida', 'Johan', 'Karin', 'Leila', 'Mats', 'Nora', 'Omar', 'Pia', 'Rasmus', 'Sara', 'Tove', 'Ulf'];
  const last = ['Andersson', 'Berg', 'Carlsson', 'Dahl', 'Ek', 'Falk', 'Gran', 'Holm', 'Ivarsson', 'Jansson'];
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) {
    const name = `${first[i % 20]} ${last[Math.floor(i / 20)]}`;
    const team = i % 3 === 0 ? '' : i % 3 === 1 ? 'Team försörjningsstöd' : 'team AKTIVITETSERSÄTTNING';
    const role = team === '' ? '' : i % 7 === 0 ? 'Ordförande' : 'Ledamot';
    lines.push([name, PROFESSIONS[i % 5], ORGS[i % 5], `0510-${String(100000 + i)}`, `person${i}@example.se`, team, role, '2026-08-01'].map((cell) => `"${cell}"`).join(';'));
  }
  return lines;
}

const count = (vault: { db: { prepare(sql: string): { get(): unknown } } }, table: string): number => (vault.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('roster CSV import', () => {
  it('with 3 bad rows among 200 writes nothing; fixed, it writes exactly 200', async () => {
    const { admin } = await seeded();
    const good = rows200();
    const bad = [...good];
    bad[11] = bad[11]?.replace('"FK"', '"Okänd myndighet"') ?? '';
    bad[50] = bad[50]?.replace('person50@example.se', 'person50(at)example') ?? '';
    bad[120] = good[7] ?? ''; // the same person twice
    const before = { members: count(admin, 'members'), places: count(admin, 'team_memberships'), audit: count(admin, 'audit_log') };

    const preview = previewImport(readCaps(admin), `\uFEFF${HEADER}\r\n${bad.join('\r\n')}\r\n`);
    expect(preview).toMatchObject({ headerOk: true, valid: 197, invalid: 3 });
    expect(preview.rows.filter((row) => row.errors.length > 0).map((row) => [row.line, row.errors])).toEqual([
      [13, ['unknown-organisation']],
      [52, ['bad-email']],
      [122, ['duplicate-in-file']],
    ]);
    expect(() => commitImport(writeCaps(admin), `${HEADER}\r\n${bad.join('\r\n')}`)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect({ members: count(admin, 'members'), places: count(admin, 'team_memberships'), audit: count(admin, 'audit_log') }).toEqual(before);

    expect(previewImport(readCaps(admin), `${HEADER}\n${good.join('\n')}`)).toMatchObject({ valid: 200, invalid: 0 });
    expect(commitImport(writeCaps(admin), `${HEADER}\n${good.join('\n')}`)).toEqual({ created: 200 });
    expect(count(admin, 'members')).toBe(before.members + 200);
    expect(count(admin, 'team_memberships')).toBe(before.places + 133); // rows with a team
    expect(admin.db.prepare("SELECT detail FROM audit_log WHERE action = 'roster.imported'").get()).toEqual({ detail: '{"rows":200}' });
    // The same file again: every row is already in the roster.
    expect(previewImport(readCaps(admin), `${HEADER}\n${good.join('\n')}`)).toMatchObject({ valid: 0, invalid: 200 });
  });

  it('names every kind of row error, and refuses a file without the roster columns', async () => {
    const { admin } = await seeded();
    const preview = previewImport(
      readCaps(admin),
      [HEADER, ';Yrke;AF;;;;;', 'Ett Namn;;AF;12;;;;', 'Två Namn;;AF;;;Team okänt;;', 'Tre Namn;;AF;;;Team försörjningsstöd;Kung;', 'Fyra Namn;;AF;;;;;2026-13-01', 'Fem Namn;;AF'].join('\n'),
    );
    expect(preview.rows.map((row) => row.errors)).toEqual([['missing-name'], ['bad-phone'], ['unknown-team'], ['bad-role'], ['bad-date'], ['wrong-column-count']]);
    expect(previewImport(readCaps(admin), 'Förnamn;Efternamn\nA;B')).toEqual({ headerOk: false, rows: [], valid: 0, invalid: 0 });
    expect(() => commitImport(writeCaps(admin), 'Förnamn;Efternamn\nA;B')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('treats a former member as already in the roster, and reads the Till column as a past end', async () => {
    const { admin, ownOrganisationId } = await seeded();
    const gone = saveMember(writeCaps(admin), { displayName: 'Tidigare Tina', profession: 'psykolog', professionOther: '', organisationId: ownOrganisationId, phone: '', email: '', activeFrom: '2026-01-01' });
    const { memberLeaves } = await import('./repository');
    memberLeaves(writeCaps(admin), { memberId: gone.id, date: '2026-03-31' });
    const file = ['Namn;Hemorganisation;Team;Roll;Från;Till', 'Tidigare Tina;Samordningsteamet Väst;;;2026-01-01;', 'Gammal Gustav;AF;Team försörjningsstöd;Ledamot;2025-01-01;2025-12-31', 'Fel Fredrik;AF;;;2026-05-01;2026-04-01'].join('\n');
    expect(previewImport(readCaps(admin), file).rows.map((row) => row.errors)).toEqual([['already-in-roster'], [], ['bad-date']]);
    commitImport(writeCaps(admin), file.split('\n').filter((line) => !line.startsWith('Tidigare') && !line.startsWith('Fel')).join('\n'));
    const gustav = admin.db.prepare("SELECT m.active_to AS member_to, tm.active_to AS place_to FROM members m JOIN team_memberships tm ON tm.member_id = m.id WHERE m.display_name = 'Gammal Gustav'").get();
    expect(gustav).toEqual({ member_to: '2025-12-31', place_to: '2025-12-31' });
  });

  it('writes the ordinary role as "Medlem" and reads both "Medlem" and the older files\' "Ledamot" as a member', async () => {
    const { admin, teamA } = await seeded();
    const file = ['Namn;Hemorganisation;Team;Roll;Från', 'Gammal Gunnel;AF;Team försörjningsstöd;Ledamot;2026-01-01', 'Ny Nils;AF;Team försörjningsstöd;Medlem;2026-01-01', 'Fel Frida;AF;Team försörjningsstöd;Ledarmot;2026-01-01'].join('\n');
    expect(previewImport(readCaps(admin), file).rows.map((row) => row.errors)).toEqual([[], [], ['bad-role']]);
    commitImport(writeCaps(admin), file.split('\n').filter((line) => !line.startsWith('Fel')).join('\n'));
    const roles = admin.db.prepare("SELECT m.display_name AS name, tm.role FROM members m JOIN team_memberships tm ON tm.member_id = m.id WHERE m.display_name IN ('Gammal Gunnel', 'Ny Nils') ORDER BY 1").all();
    expect(roles).toEqual([{ name: 'Gammal Gunnel', role: 'member' }, { name: 'Ny Nils', role: 'member' }]);
    const exported = rosterCsv(readCaps(admin), teamA.id).csv;
    expect(exported).toMatch(/"Gammal Gunnel";.*"Medlem"/);
    expect(exported).not.toContain('Ledamot');
  });

  it("lets a chair import only into teams they chair", async () => {
    const { admin, account, teamA, ownOrganisationId } = await seeded();
    const chair = account('kim');
    const me = saveMember(writeCaps(admin), { displayName: 'Kim Ordförande', profession: 'socialsekreterare', professionOther: '', organisationId: ownOrganisationId, phone: '', email: '', activeFrom: '2026-01-01' });
    linkAccount(writeCaps(admin), { memberId: me.id, accountId: chair.account?.id ?? null });
    setMembership(writeCaps(admin), { memberId: me.id, teamId: teamA.id, role: 'chair', from: '2026-01-01' });
    const preview = previewImport(readCaps(chair), [HEADER, 'Ny Ett;;AF;;;Team försörjningsstöd;;', 'Ny Två;;AF;;;Team aktivitetsersättning;;', 'Ny Tre;;AF;;;;;'].join('\n'));
    expect(preview.rows.map((row) => row.errors)).toEqual([[], ['not-your-team'], ['not-your-team']]);
  });
});
