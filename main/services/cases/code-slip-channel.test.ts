// The code slip channel through the real router on the demo vault (a real encrypted database in a
// temp folder): written into the chosen folder with exactly one audit row carrying the case code
// and the file's hash (none when the folder is missing, none for a member who may not print it),
// read back with pdftotext.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../shared/cases/model';
import { DEMO_PASSWORD } from '../../../shared/demo';
import { demoAppCore } from '../../test-support/app-core';
import { pdfText } from '../../test-support/pdf-text';
import { useTempDirs } from '../../test-support/temp-dir';

const tempDir = useTempDirs();

describe('the code slip channel', () => {
  it('writes the slip and audits it once with the case code; nothing for a missing folder or a member', async () => {
    const dataDir = await tempDir();
    const { call, app, auditHead: head } = await demoAppCore(dataDir);
    const rowsSince = (seq: number) => app.vault.vault.db.prepare('SELECT action, case_code, detail FROM audit_log WHERE seq > ? ORDER BY seq').all(seq) as { action: string; case_code: string; detail: string }[];
    await call('vault:unlock', { username: 'ordforande', password: DEMO_PASSWORD });
    const team = (await call<{ id: string; name: string }[]>('roster:teams', {})).find((t) => t.name === 'Team försörjningsstöd');
    const [kase] = await call<CaseSummary[]>('cases:list', { teamId: team?.id, status: 'active' });
    const folder = await tempDir();
    const start = head();
    await expect(call('cases:code-slip-pdf', { caseId: kase?.id, folder: path.join(folder, 'finns-inte') })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(rowsSince(start)).toEqual([]);
    const written = await call<{ file: string; sha256: string }>('cases:code-slip-pdf', { caseId: kase?.id, folder });
    expect(path.basename(written.file)).toBe(`kodlapp-${kase?.code}-2026-11-23.pdf`);
    const text = pdfText(await fs.readFile(written.file)).replace(/\s+/g, ' ');
    expect(text).toContain(kase?.code);
    expect(text).toContain('Samverkansteam: Team försörjningsstöd');
    expect(text).toContain('Anteckna koden i er egen journal/akt.');
    expect(rowsSince(start).map((r) => [r.action, r.case_code, JSON.parse(r.detail) as unknown])).toEqual([
      ['case.code-slip-exported', kase?.code, { caseId: kase?.id, sha256: written.sha256, fileName: path.basename(written.file) }],
    ]);
    // The demo psychologist is a member of the team, not an editor: refused, no file, no row.
    await call('vault:lock', {});
    await call('vault:unlock', { username: 'psykolog', password: DEMO_PASSWORD });
    const other = await tempDir();
    const mid = head();
    await expect(call('cases:code-slip-pdf', { caseId: kase?.id, folder: other })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await fs.readdir(other)).toEqual([]);
    expect(rowsSince(mid)).toEqual([]);
  });
});
