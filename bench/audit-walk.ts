import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../main/runtime/clock';
import { appendAudit } from '../main/vault/audit/audit-log';
import { ChainWalk, WALK_CHUNK_ROWS } from '../main/vault/audit/witness-check';
import { openVault } from '../main/vault/db/open-vault';
import { type Measurement, measure } from './measure';

/** How many rows the full-walk figure is taken on (issue 14: a million). */
export const WALK_ROWS = 1_000_000;

/**
 * The full walk of the audit chain the core worker runs after unlock, on 1,000,000 rows in an
 * encrypted vault database: the whole walk (all chunks back to back — in the app other calls
 * get in between), and one chunk, which is the longest any call waits behind the walk.
 */
export async function runAuditWalkBench(rows = WALK_ROWS): Promise<Measurement[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-bench-walk-'));
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  try {
    const db = openVault(path.join(dir, 'vault.db'), Buffer.alloc(32, 7), { create: true });
    const insert = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        clock.advance(1000);
        appendAudit(db, clock, { accountId: 'a1', organisationId: 'o1', action: 'case.read', caseCode: `UT-2026-${i % 500}`, detail: { i } });
      }
    });
    for (let i = 0; i < rows; i += 50_000) insert(i, Math.min(rows, i + 50_000));
    const results = [
      await measure(`full audit walk after unlock, ${rows.toLocaleString('en')} rows (${WALK_CHUNK_ROWS} per step, back to back)`, 1, () => {
        const result = new ChainWalk(db).run();
        if (!result.ok) throw new Error(result.reason);
      }),
      await measure(`one step of the walk (${WALK_CHUNK_ROWS} rows: the longest a call waits behind it)`, 200, () => {
        const walk = new ChainWalk(db);
        walk.step();
      }),
    ];
    db.close();
    return results;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
