// The roster CSV export, written through its channel into a real folder and read back by
// LibreOffice's CSV filter (Debian's libreoffice-calc-nogui; .ci/run installs it) with explicit
// options: formula evaluation on, quoted fields as text off — the settings under which an
// un-neutralised cell would run as a formula.
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/csv/parse';
import { testAppCore } from '../test-support/app-core';
import { libreOfficeReadBack } from '../test-support/libreoffice';
import { useTempDirs } from '../test-support/temp-dir';

const tempDir = useTempDirs();

describe('roster CSV export read back by LibreOffice', () => {
  it('keeps Swedish headers; a neutralised =1+1 stays text while an un-neutralised control row computes 2', async () => {
    const { app, call } = await testAppCore(await tempDir());
    await call('vault:setup', { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', adminUsername: 'admin', adminDisplayName: 'Anna Admin', password: 'möte varje tisdag klockan nio' });
    const [own] = (await call('roster:organisations', {})) as unknown as { id: string }[];
    const team = await call('roster:save-team', { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
    await call('roster:save-member', {
      displayName: '=1+1',
      profession: 'other',
      professionOther: 'Ärendebärare',
      organisationId: own?.id,
      phone: '',
      email: '',
      activeFrom: '2026-01-01',
      team: { teamId: team.id, role: 'chair' },
    });
    const folder = await tempDir();
    const exported = (await call('roster:export-csv', { folder, teamId: team.id })) as { file: string; rows: number };
    expect(exported.rows).toBe(1);

    // The control: a row the test writes itself, without the neutralising apostrophe.
    await fs.appendFile(exported.file, '"=1+1";"Kontroll";"x";"";"";"";"";"";""\r\n');
    const readBack = await libreOfficeReadBack(exported.file, await tempDir(), await tempDir());
    const rows = parseCsv(readBack).map((row) => row.cells);
    expect(rows[0]).toEqual(['Namn', 'Yrke', 'Hemorganisation', 'Telefon', 'E-post', 'Team', 'Roll', 'Från', 'Till']);
    expect(rows[1]?.slice(1, 3)).toEqual(['Ärendebärare', 'Samordningsteamet Väst']);
    // As the spreadsheet holds them (parseCsv would strip our own apostrophe, so read the raw line):
    // the neutralised cell is the text '=1+1, the control row's cell was computed.
    const lines = readBack.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(lines[1]?.split(';')[0]).toBe(`"'=1+1"`);
    expect(lines[2]?.split(';')[0]).toBe('2');
    // The export is a disclosure: audited with the file's hash.
    const audit = app.vault.vault.db.prepare("SELECT detail FROM audit_log WHERE action = 'roster.exported'").get() as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ rows: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});
