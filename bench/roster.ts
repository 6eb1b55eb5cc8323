import { PROFESSION_SV, ROLE_SV } from '../shared/roster/labels';
import { commitImport, previewImport } from '../main/roster/csv';
import { membersPage } from '../main/roster/members-page';
import { listMembers, saveTeam } from '../main/roster/repository';
import { rosterVault } from '../main/roster/test-support/roster-fixture';
import { type Measurement, measure } from './measure';
import { readCaps, writeCaps } from '../main/capabilities/caps';

/**
 * Roster figures at 10,000 members (the size the roster view is built to scroll): the CSV
 * preview and the all-or-nothing import of a 10,000-row file, and listing the whole roster with
 * every member's places (the exports' call), and the pages the table asks for.
 */
export async function runRosterBench(): Promise<Measurement[]> {
  const fixture = await rosterVault();
  try {
    const { admin } = fixture;
    saveTeam(writeCaps(admin), { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
    const csv = ['Namn;Yrke;Hemorganisation;E-post;Team;Roll'];
    for (let i = 1; i <= 10_000; i++) csv.push(`Person ${i};Arbetskonsulent;Samordningsteamet Väst;p${i}@example.se;${i % 2 ? 'Team Öst' : ''};Ledamot`);
    const text = csv.join('\n');
    const results = [await measure('roster CSV preview, 10,000 rows (all checks, nothing written)', 3, () => previewImport(readCaps(admin), text))];
    // Once only (a second import of the same file is refused: everyone is already in the roster).
    const started = process.hrtime.bigint();
    commitImport(writeCaps(admin), text);
    const micros = Math.round(Number(process.hrtime.bigint() - started) / 100) / 10;
    results.push({ name: 'roster CSV import, 10,000 rows (one transaction, checked again)', iterations: 1, opsPerSecond: Math.round((1e6 / micros) * 10) / 10, p50Micros: micros, p95Micros: micros, maxMicros: micros });
    results.push(await measure('roster:members, 10,000 members with their places', 5, () => listMembers(readCaps(admin))));
    // The table's call: a page of lines, sorted, filtered and counted in SQL.
    const first = { sort: { column: 'name', desc: false }, labels: { professions: PROFESSION_SV, roles: ROLE_SV }, offset: 0, limit: 100 } as const;
    results.push(await measure('roster:members-page, first 100 of 10,000 lines by name (the first screen)', 20, () => membersPage(readCaps(admin), first)));
    results.push(await measure('roster:members-page, 100 lines from the middle, grouped by team, by e-mail descending', 20, () => membersPage(readCaps(admin), { ...first, offset: 5000, groupBy: 'team', sort: { column: 'email', desc: true } })));
    results.push(await measure('roster:members-page, a search over every column of 10,000 lines', 20, () => membersPage(readCaps(admin), { ...first, search: 'person 99' })));
    return results;
  } finally {
    await fixture.close();
  }
}
