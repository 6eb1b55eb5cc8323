// The team roster PDF from the real engine, read back with poppler's pdftotext and pdffonts
// (Debian's poppler-utils; .ci/run installs it): the text is there as written, å/ä/ö included,
// and the font is embedded.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { teamRosterPdf } from './roster-pdf';
import { saveMember, saveOrganisation, saveTeam } from './repository';
import { rosterVault } from './test-support/roster-fixture';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

function poppler(tool: 'pdftotext' | 'pdffonts', args: string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`${tool} could not run (${result.error.message}). Install poppler-utils.`);
  return result.stdout;
}

async function pdfFile(pdf: Buffer): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-pdf-'));
  opened.push({ close: () => fs.rm(dir, { recursive: true, force: true }) });
  const file = path.join(dir, 'teamlista.pdf');
  await fs.writeFile(file, pdf);
  return file;
}

describe('team roster PDF', () => {
  it('lists the current members by role with Swedish text intact, fonts embedded', async () => {
    const fixture = await rosterVault();
    opened.push(fixture);
    const { admin, account, ownOrganisationId } = fixture;
    const fk = saveOrganisation(writeCaps(admin), { name: 'Försäkringskassan', shortName: 'FK', orgNumber: '202100-5521', kind: 'forsakringskassan' });
    const team = saveTeam(writeCaps(admin), { name: 'Team Östra Skaraborg', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: 'Rum Älgen' });
    const add = (displayName: string, organisationId: string, role: 'chair' | 'note-taker' | 'member', profession: 'psykolog' | 'rehabkoordinator' | 'other' = 'other') =>
      saveMember(writeCaps(admin), { displayName, profession, professionOther: profession === 'other' ? 'Ärendebärare' : '', organisationId, phone: '0500-12 34 56', email: `${displayName.split(' ')[0]?.toLowerCase()}@example.se`, activeFrom: '2026-01-01', team: { teamId: team.id, role } });
    add('Örjan Åberg', fk.id, 'member', 'rehabkoordinator');
    add('Åsa Öberg', ownOrganisationId, 'chair');
    add('Ängla Lind', ownOrganisationId, 'note-taker', 'psykolog');

    const { pdf, rows } = await teamRosterPdf(readCaps(admin), team.id);
    expect(rows).toBe(3);
    const file = await pdfFile(pdf);
    const text = poppler('pdftotext', ['-layout', file, '-']);
    expect(text).toContain('Teamlista – Team Östra Skaraborg');
    expect(text).toContain('Möten tisdagar kl. 09:00 i Rum Älgen');
    expect(text).toMatch(/Åsa Öberg\s+Ordförande/);
    expect(text).toMatch(/Ängla Lind\s+Sekreterare\s+Psykolog/);
    expect(text).toMatch(/Örjan Åberg\s+Medlem\s+Rehabkoordinator\s+Försäkringskassan/);
    expect(text.indexOf('Åsa Öberg')).toBeLessThan(text.indexOf('Ängla Lind')); // chair first, then note-taker, then members
    expect(text.indexOf('Ängla Lind')).toBeLessThan(text.indexOf('Örjan Åberg'));
    expect(text).toContain('Sida 1 av 1');
    const fonts = poppler('pdffonts', [file]);
    expect(fonts).toMatch(/DejaVuSans\S*\s+(CID )?TrueType.*\byes\s+yes\b/);

    // The same rule as the CSV export: a member who is not the chair may not print it.
    const outsider = account('olle');
    await expect(teamRosterPdf(readCaps(outsider), team.id)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('repeats the table header on every page of a long roster and numbers the pages', async () => {
    const fixture = await rosterVault();
    opened.push(fixture);
    const { admin, ownOrganisationId } = fixture;
    const team = saveTeam(writeCaps(admin), { name: 'Stora teamet', description: '', meetingWeekday: null, meetingTime: null, meetingRoom: '' });
    for (let i = 1; i <= 120; i++) {
      saveMember(writeCaps(admin), { displayName: `Person ${String(i).padStart(3, '0')}`, profession: 'psykolog', professionOther: '', organisationId: ownOrganisationId, phone: '', email: '', activeFrom: '2026-01-01', team: { teamId: team.id, role: 'member' } });
    }
    const file = await pdfFile((await teamRosterPdf(readCaps(admin), team.id)).pdf);
    const text = poppler('pdftotext', ['-layout', file, '-']);
    const pages = text.split('\f').filter((page) => page.trim() !== '');
    expect(pages.length).toBeGreaterThan(1);
    for (const [i, page] of pages.entries()) {
      expect(page).toMatch(/Namn\s+Roll\s+Yrke\s+Hemorganisation/);
      expect(page).toContain(`Sida ${i + 1} av ${pages.length}`);
    }
    expect(text).toContain('Person 120');
  });
});
