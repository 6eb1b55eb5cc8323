// The consent channels through the real router on the demo vault (a real encrypted database in a
// temp folder): the chair's overview names the demo's consent that ends within 30 days; the
// samtyckesblankett is written into the chosen folder with exactly one audit row (none when the
// folder is missing), read back with pdftotext; the paper's return is recorded and audited.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConsentOverview } from '../../../shared/cases/model';
import { DEMO_PASSWORD } from '../../../shared/demo';
import { demoAppCore } from '../../test-support/app-core';
import { pdfText } from '../../test-support/pdf-text';
import { useTempDirs } from '../../test-support/temp-dir';

const tempDir = useTempDirs();

describe('the consent channels', () => {
  it('overview, form and paper return: each audited once, nothing for a refused export', async () => {
    const dataDir = await tempDir();
    const { call, app, auditHead: head } = await demoAppCore(dataDir);
    const rowsSince = (seq: number) => app.vault.vault.db.prepare('SELECT action, case_code, detail FROM audit_log WHERE seq > ? ORDER BY seq').all(seq) as { action: string; case_code: string; detail: string }[];
    await call('vault:unlock', { username: 'ordforande', password: DEMO_PASSWORD });
    const teams = await call<{ id: string; name: string }[]>('roster:teams', {});
    const team = teams.find((t) => t.name === 'Team försörjningsstöd');
    const before = head();
    const overview = await call<ConsentOverview>('cases:consent-overview', { teamId: team?.id });
    expect(rowsSince(before)).toEqual([]);
    expect(overview.entries.map((e) => [e.state, e.validTo, e.daysLeft, e.paperReturnedOn])).toEqual([
      ['expiring', '2026-12-13', 20, null],
      ['current', expect.any(String), expect.any(Number), null],
    ]);
    const soon = overview.entries[0];
    const folder = await tempDir();
    const start = head();
    await expect(call('cases:consent-form-pdf', { consentId: soon?.consentId, folder: path.join(folder, 'finns-inte') })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(rowsSince(start)).toEqual([]);
    const written = await call<{ file: string; sha256: string }>('cases:consent-form-pdf', { consentId: soon?.consentId, folder });
    expect(path.basename(written.file)).toBe(`samtycke-${soon?.caseCode}-2026-11-23.pdf`);
    const text = pdfText(await fs.readFile(written.file));
    expect(text).toContain(`Ärendekod: ${soon?.caseCode}`);
    expect(text).toContain('Samordnat stöd kring ekonomin (påhittat)');
    expect(rowsSince(start).map((r) => [r.action, r.case_code, (JSON.parse(r.detail) as { sha256: string }).sha256])).toEqual([['case.consent-form-exported', soon?.caseCode, written.sha256]]);
    const mid = head();
    await call('cases:consent-paper-returned', { consentId: soon?.consentId, date: '2026-11-23' });
    expect(rowsSince(mid).map((r) => r.action)).toEqual(['case.consent-paper-returned']);
    const again = await call<ConsentOverview>('cases:consent-overview', { teamId: team?.id });
    expect(again.entries[0]).toMatchObject({ consentId: soon?.consentId, state: 'expiring', paperReturnedOn: '2026-11-23' });
    // Refused at the door: not a date.
    await expect(call('cases:consent-paper-returned', { consentId: soon?.consentId, date: 'igår' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
