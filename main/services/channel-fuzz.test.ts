// Every roster, case and meeting channel, fuzzed: fast-check generates inputs that break the channel's own zod schema
// (see main/test-support/zod-fuzz.ts), sends them through the real router to a real unlocked vault
// as its admin, and checks the answer is the typed `invalid_input` error and that every table of
// the decrypted database is byte-for-byte what it was. The seed is fixed, so runs repeat exactly.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/channels';
import { type Channel, contract } from '../../shared/ipc/contract';
import { createAppCore } from '../app-core';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { useTempDirs } from '../test-support/temp-dir';
import { invalidInputs, validValues } from '../test-support/zod-fuzz';
import { FLOOR_KDF } from '../vault/test-support/fast-kdf';

const tempDir = useTempDirs();
const ROSTER_CHANNELS = CHANNELS.filter((channel): channel is Channel => channel.startsWith('roster:') || channel.startsWith('cases:') || channel.startsWith('meetings:') || channel.startsWith('supervision:') || channel.startsWith('handover:') || channel.startsWith('keys:') || channel.startsWith('followup:') || channel.startsWith('register:') || channel.startsWith('retention:'));

describe('roster, case and meeting channels under fuzzed invalid input', () => {
  it('answer invalid_input and leave the database unchanged', async () => {
    const app = await createAppCore({ host: 'browser', dataDir: await tempDir(), clock: new ManualClock('2026-11-23T09:00:00Z'), logger: new MemoryLogger(), kdf: FLOOR_KDF });
    const setup = await app.call('vault:setup', { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', adminUsername: 'admin', adminDisplayName: 'Anna Admin', password: 'möte varje tisdag klockan nio' }, 'page');
    expect(setup.ok).toBe(true);
    // Some content, so a wrongly accepted input would have something to change.
    const team = await app.call('roster:save-team', { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' }, 'page');
    expect(team.ok).toBe(true);
    const db = app.vault.vault.db;
    const snapshot = (): string => {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
      const hash = createHash('sha256');
      // Rows sorted as text: FTS5's shadow tables have no rowid to order by.
      for (const { name } of tables) hash.update(name).update(JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all().map((row) => JSON.stringify(row)).sort()));
      return hash.digest('hex');
    };
    const before = snapshot();
    expect(ROSTER_CHANNELS.length).toBeGreaterThanOrEqual(41);
    for (const channel of ROSTER_CHANNELS) {
      await fc.assert(
        fc.asyncProperty(invalidInputs(contract[channel].input), async ({ value }) => {
          const result = await app.call(channel, value, 'page');
          // Refused by the schema check in the router, before any handler ran.
          expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^Invalid input:/) } });
        }),
        { seed: 20261123, numRuns: 100 },
      );
    }
    expect(snapshot()).toBe(before);
  });

  it('the generators start from inputs the schema accepts (so each invalid case breaks exactly one thing)', async () => {
    const app = await createAppCore({ host: 'browser', dataDir: await tempDir(), clock: new ManualClock('2026-11-23T09:00:00Z'), logger: new MemoryLogger(), kdf: FLOOR_KDF });
    await app.call('vault:setup', { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', adminUsername: 'admin', adminDisplayName: 'Anna Admin', password: 'möte varje tisdag klockan nio' }, 'page');
    for (const channel of ROSTER_CHANNELS) {
      for (const value of fc.sample(validValues(contract[channel].input), { numRuns: 5, seed: 20261123 })) {
        const result = await app.call(channel, value, 'page');
        // Valid input may still be refused for what it means (not_found, a file without the roster
        // columns…), never by the schema check, whose message starts "Invalid input:".
        // And never by a fault: `internal` means a handler threw on input the contract allows.
        const refusedAsMalformed = !result.ok && result.error.code === 'invalid_input' && result.error.message.startsWith('Invalid input:');
        const internal = !result.ok && result.error.code === 'internal' ? result.error.message : null;
        expect({ channel, value, refusedAsMalformed, internal }).toEqual({ channel, value, refusedAsMalformed: false, internal: null });
      }
    }
  });
});
