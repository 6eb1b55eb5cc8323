// Audit rows only for what happened: every file export through the real router on the demo vault
// (a real encrypted database in a temp folder). An export whose file could not be written leaves
// no row at all — no "exported", and no "read" for what was gathered for it; one that succeeds
// leaves exactly its one row. And if the row cannot be written, the file does not stay behind.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/demo';
import { writeAuditedExport } from '../exports/export-files';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { testAppCore } from '../test-support/app-core';
import { useTempDirs } from '../test-support/temp-dir';
import { ensureDemoVault } from '../vault/demo';
import { FLOOR_KDF } from '../vault/test-support/fast-kdf';

const tempDir = useTempDirs();

async function demoCore() {
  const dataDir = await tempDir();
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  await ensureDemoVault(dataDir, { clock, logger: new MemoryLogger(), kdf: FLOOR_KDF });
  const core = await testAppCore(dataDir, { clock });
  const rowsAfter = (seq: number) => core.app.vault.vault.db.prepare('SELECT action FROM audit_log WHERE seq > ? ORDER BY seq').all(seq) as { action: string }[];
  const head = () => (core.app.vault.vault.db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number }).seq;
  return { ...core, rowsAfter, head };
}

describe('file exports audit only what happened', () => {
  it('a failed export writes no row; a written one writes exactly its row', async () => {
    const { call, rowsAfter, head } = await demoCore();
    const folder = await tempDir();
    const missing = path.join(folder, 'finns-inte');
    await call('vault:unlock', { username: 'ordforande', password: DEMO_PASSWORD });
    // A team of the chair's with a meeting in it.
    let team: { id: string } | undefined;
    let meeting: { id: string } | undefined;
    for (const candidate of await call<{ id: string }[]>('roster:teams', {})) {
      const listed = await call<{ id: string }[]>('meetings:list', { teamId: candidate.id }).catch(() => []);
      if (listed[0]) [team, meeting] = [candidate, listed[0]];
    }
    expect(meeting).toBeDefined();
    const period = { kind: 'year', year: 2026 };
    const exports: [string, Record<string, unknown>, string][] = [
      ['keys:own-file', {}, 'org-keys.public-exported'],
      ['meetings:minutes-pdf', { meetingId: meeting?.id }, 'meeting.minutes-exported'],
      ['roster:team-pdf', { teamId: team?.id }, 'roster.pdf-exported'],
      ['roster:export-csv', { teamId: team?.id }, 'roster.exported'],
      ['followup:export-csv', { teamId: team?.id, period, suppressBelow: null }, 'followup.exported'],
      ['followup:export-pdf', { teamId: team?.id, period, suppressBelow: null }, 'followup.exported'],
    ];
    for (const [channel, input, action] of exports) {
      const before = head();
      await expect(call(channel, { ...input, folder: missing }), channel).rejects.toMatchObject({ code: 'invalid_input' });
      expect({ channel, rows: rowsAfter(before) }).toEqual({ channel, rows: [] });
      await call(channel, { ...input, folder });
      expect({ channel, rows: rowsAfter(before) }).toEqual({ channel, rows: [{ action }] });
    }
    await call('vault:lock', {});
    await call('vault:unlock', { username: 'demo', password: DEMO_PASSWORD });
    const before = head();
    await expect(call('audit:export-csv', { folder: missing })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(rowsAfter(before)).toEqual([]);
    await call('audit:export-csv', { folder });
    expect(rowsAfter(before)).toEqual([{ action: 'audit.exported' }]);
  });

  it('an audit row that cannot be written takes its file away again', async () => {
    const folder = await tempDir();
    await expect(
      writeAuditedExport(folder, 'protokoll.pdf', Buffer.from('%PDF-1.7'), () => {
        throw new Error('the vault locked');
      }),
    ).rejects.toThrow('the vault locked');
    expect(await fs.readdir(folder)).toEqual([]);
    const written = await writeAuditedExport(folder, 'protokoll.pdf', 'x', () => undefined);
    expect(await fs.readdir(folder)).toEqual([path.basename(written.file)]);
  });
});
