import { describe, expect, it } from 'vitest';
import { listMeetings } from '../meetings/repository';
import { listTeams } from '../roster/repository';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { verifyAudit } from '../vault/audit/audit-log';
import { useTempDirs } from '../test-support/temp-dir';
import { FLOOR_KDF } from '../vault/test-support/fast-kdf';
import { unlockVault } from '../vault/vault';
import { BENCH_PASSWORD, CHAIR_USERNAMES, SCALES, SEED_END, seedVault } from './seed-vault';
import { readCaps } from '../capabilities/caps';

const tempDir = useTempDirs();

/** The content that must not depend on anything but the seed: codes, dates, texts, in order (ids are random). */
async function fingerprint(dataDir: string): Promise<string> {
  const vault = await unlockVault(dataDir, 'admin', BENCH_PASSWORD, { clock: new ManualClock(`${SEED_END}T18:00:00Z`), logger: new MemoryLogger(), kdf: FLOOR_KDF });
  try {
    const rows = vault.db
      .prepare(
        `SELECT c.code, c.age_band, c.consent_mode, c.status, c.outcome, m.date, m.time, ci.notes, ci.decisions, ci.next_follow_up,
           (SELECT group_concat(a.text || '@' || a.due_date, '|') FROM actions a WHERE a.case_item_id = ci.id) AS actions
         FROM case_items ci JOIN cases c ON c.id = ci.case_id JOIN meetings m ON m.id = ci.meeting_id ORDER BY m.date, m.time, c.code`,
      )
      .all();
    const audit = vault.db.prepare("SELECT at, action, case_code FROM audit_log WHERE action NOT LIKE 'vault.%' ORDER BY seq").all();
    return JSON.stringify([rows, audit]);
  } finally {
    vault.close();
  }
}

describe('the seeded vault (npm run seed, the bench vault)', () => {
  it('holds every kind of record through the services, at the counts asked for, the same for the same seed', async () => {
    const scale = SCALES.tiny;
    const dirs = [await tempDir(), await tempDir()];
    const phases = new Set<string>();
    const results = [];
    for (const dataDir of dirs) results.push(await seedVault({ dataDir, scale, seed: 7, kdf: FLOOR_KDF, onProgress: (p) => phases.add(p.phase) }));
    const [first, second] = results;
    expect(phases).toEqual(new Set(['setup', 'records', 'done']));
    expect(first?.counts).toEqual(second?.counts);
    const counts = first?.counts;
    expect(counts).toMatchObject({ organisations: 4, teams: 3, staff: scale.staff, accounts: 5, meetings: scale.meetings, supervisionSessions: scale.supervisionSessions, handovers: scale.handovers });
    // The log reaches its target before the last week's own rows.
    expect(counts?.auditRows).toBeGreaterThanOrEqual(scale.auditRows);
    expect(counts?.auditRows).toBeLessThan(scale.auditRows + 100);
    // Every meeting discussed at least its share of cases (the agenda may carry more follow-ups).
    expect(counts?.caseItems).toBeGreaterThanOrEqual(scale.meetings * scale.itemsPerMeeting);
    expect(counts?.actions).toBeGreaterThan(0);
    expect(await fingerprint(dirs[0] ?? '')).toBe(await fingerprint(dirs[1] ?? ''));

    // A chair signs in with the bench password and sees the team's meetings; the chain holds.
    const chair = await unlockVault(dirs[0] ?? '', CHAIR_USERNAMES[0], BENCH_PASSWORD, { clock: new ManualClock(`${SEED_END}T18:00:00Z`), logger: new MemoryLogger(), kdf: FLOOR_KDF });
    try {
      const team = listTeams(readCaps(chair)).find((t) => t.name.startsWith('Team försörjningsstöd'));
      expect(listMeetings(readCaps(chair), team?.id ?? '').length).toBeGreaterThan(0);
      expect(verifyAudit(chair.db).ok).toBe(true);
      const names = chair.db.prepare('SELECT display_name FROM members').all() as { display_name: string }[];
      expect(names.every((m) => m.display_name.endsWith('(påhittad)'))).toBe(true);
      // Every meeting falls on its team's meeting weekday (strftime %w: Sunday 0), every supervision session on a working day.
      const offDay = chair.db
        .prepare("SELECT count(*) AS n FROM meetings m JOIN teams t ON t.id = m.team_id WHERE CAST(strftime('%w', m.date) AS INTEGER) <> t.meeting_weekday % 7")
        .get() as { n: number };
      expect(offDay.n).toBe(0);
      const weekend = chair.db.prepare("SELECT count(*) AS n FROM supervision_sessions WHERE strftime('%w', date) IN ('0', '6')").get() as { n: number };
      expect(weekend.n).toBe(0);
    } finally {
      chair.close();
    }
  }, 60_000);
});
