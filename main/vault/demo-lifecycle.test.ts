// The demo vault's case lifecycle (issue 20): Team aktivitetsersättning holds invented cases in
// each phase with a dated timeline, and its open meeting brings up the followed-up case with its
// due check-in.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/demo';
import { readCaps } from '../capabilities/caps';
import { getCase, listCases } from '../cases/repository';
import { getMeeting, listMeetings } from '../meetings/repository';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { ensureDemoVault } from './demo';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { unlockVault } from './vault';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

describe('the demo vault’s case lifecycle', () => {
  it('has a case in each phase, timelines in date order, and a check-in due on the open meeting', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-demo-'));
    dirs.push(dir);
    const deps = { clock: new ManualClock('2026-11-23T09:00:00Z'), logger: new MemoryLogger(), kdf: FLOOR_KDF };
    await ensureDemoVault(dir, deps);
    const chair = await unlockVault(dir, 'ordforande', DEMO_PASSWORD, deps);
    try {
      const team = chair.db.prepare("SELECT id FROM teams WHERE name = 'Team aktivitetsersättning'").get() as { id: string };
      const cases = listCases(readCaps(chair), team.id);
      // The lifecycle's cases beside the team's other demo cases (active ones).
      expect(cases.map((c) => c.phase).filter((phase) => phase !== 'aktiv')).toEqual(expect.arrayContaining(['aktualiserad', 'beredning', 'ej-vald', 'uppfoljning']));
      for (const c of cases) {
        const dates = getCase(readCaps(chair), c.id).timeline.map((e) => e.onDate);
        expect(dates).toEqual([...dates].sort());
        expect(dates.every((d) => d >= '2026-01-01' && d <= '2026-11-23')).toBe(true);
      }
      const reopened = cases.find((c) => c.phase === 'aktiv' && getCase(readCaps(chair), c.id).timeline.some((e) => e.kind === 'ateroppnad'));
      expect(reopened && getCase(readCaps(chair), reopened.id).timeline.map((e) => e.kind)).toEqual(['aktualiserad', 'aktiv', 'avslutad', 'uppfoljning', 'ateroppnad']);
      const followed = cases.find((c) => c.phase === 'uppfoljning');
      const open = listMeetings(readCaps(chair), team.id).find((m) => m.status === 'open');
      const item = getMeeting(readCaps(chair), open?.id ?? '').agenda.find((i) => i.caseId === followed?.id);
      expect(item?.checkinsDue?.map((k) => k.months)).toEqual([3]);
    } finally {
      chair.close();
    }
  });
});
