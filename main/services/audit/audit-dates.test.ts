// Audit date filters are whole Swedish days whatever time zone the process runs in: the real
// router and vault, with the process's TZ set to Los Angeles (nine hours behind Stockholm) and to
// Tokyo (eight ahead) while the filters are read. Node re-reads process.env.TZ when it is set.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/clock';
import { testAppCore } from '../../test-support/app-core';
import { useTempDirs } from '../../test-support/temp-dir';
import { madeUpAction } from '../../test-support/audit-action';

const tempDir = useTempDirs();
const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('audit date filters', () => {
  for (const zone of ['America/Los_Angeles', 'Asia/Tokyo', 'UTC']) {
    it(`read from and to as Europe/Stockholm days with TZ=${zone}`, async () => {
      const clock = new ManualClock('2026-11-20T09:00:00Z');
      const { app, call } = await testAppCore(await tempDir(), { clock });
      await call('vault:setup', { orgName: 'Samordningsteamet', orgNumber: '212000-2627', adminUsername: 'kim', adminDisplayName: 'Kim', password: 'möte varje tisdag klockan nio' });
      // Rows just either side of the Swedish midnights that begin and end 23 November (CET, UTC+1).
      const at = (instant: string): void => {
        clock.set(instant);
        app.vault.vault.audit(madeUpAction('test.marker'), { instant });
      };
      at('2026-11-22T22:59:59.000Z'); // 23:59:59 on the 22nd in Stockholm
      at('2026-11-22T23:00:00.000Z'); // 00:00:00 on the 23rd
      at('2026-11-23T22:59:59.000Z'); // 23:59:59 on the 23rd
      at('2026-11-23T23:00:00.000Z'); // 00:00:00 on the 24th
      clock.set('2026-11-25T09:00:00Z');
      process.env.TZ = zone;
      const markers = (rows: { action: string; at: string }[]) => rows.filter((row) => row.action === 'test.marker').map((row) => row.at).sort();
      expect(markers(await call('audit:list', { from: '2026-11-23', to: '2026-11-23', limit: 100 }))).toEqual(['2026-11-22T23:00:00.000Z', '2026-11-23T22:59:59.000Z']);
      expect(markers(await call('audit:list', { to: '2026-11-22', limit: 100 }))).toEqual(['2026-11-22T22:59:59.000Z']);
      expect(markers(await call('audit:list', { from: '2026-11-24', limit: 100 }))).toEqual(['2026-11-23T23:00:00.000Z']);
    });
  }
});
