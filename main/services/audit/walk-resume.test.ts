// The full walk of the audit chain no longer runs inside the unlock, and resumes (issue 16): the
// first unlock on a PC returns before any row is hashed and the walk after it gives the witness
// its first head; a break is found by that walk; a lock in the middle of the walk writes no head
// it did not verify and the next unlock resumes from the recorded row — after finding that row
// unchanged; after a finished pass the next one starts from the genesis again. A real encrypted
// vault in a temp folder, the app core, one ManualClock; the walk stepped by hand (a chunk of 50
// rows per step), each PC its own witness folder.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/clock';
import { openWithKey } from '../../test-support/decrypted-copy';
import { testAppCore } from '../../test-support/app-core';
import { useTempDirs } from '../../test-support/temp-dir';
import { runPurge } from '../../retention/purge';
import { GENESIS_HASH, appendAudit, auditHead, purgeAuditThrough } from '../../vault/audit/audit-log';
import { readWitness } from '../../vault/audit/witness';
import { DATABASE_FILE } from '../../vault/db/open-vault';
import { databaseKeyOf } from '../../vault/key-material';
import { writeCaps } from '../../capabilities/caps';

const tempDir = useTempDirs();
const ADMIN = { username: 'chair', password: 'möte varje tisdag klockan nio' };
const setupInput = { orgName: 'Ung Arena Lidköping', orgNumber: '212000-2627', adminUsername: ADMIN.username, adminDisplayName: 'Kim Ordförande', password: ADMIN.password };
const CHUNK = 50;

interface Status {
  auditAlarm: string | null;
  auditCheck?: { state: string; verified: number; total: number } | null;
}

/**
 * A vault with 300 log rows beyond its setup, whose chain PC "a" has walked in full; `pc(name)`
 * opens the app core on another PC (its own witness folder). Steps of every PC's walk queue in
 * `steps`; one PC holds the vault at a time.
 */
async function world(options: { checkpointRows?: number } = {}) {
  const dataDir = await tempDir();
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const steps: (() => void)[] = [];
  const alarms: string[] = [];
  const witnessDirs = new Map<string, string>();
  const pc = async (name: string) => {
    const witnessDir = witnessDirs.get(name) ?? (await tempDir());
    witnessDirs.set(name, witnessDir);
    const core = await testAppCore(dataDir, { clock, witnessDir, fullCheck: { chunkRows: CHUNK, defer: (step) => steps.push(step), ...options } });
    core.app.events.subscribe((event, payload) => {
      if (event === 'vault:audit-alarm') alarms.push((payload as { reason: string }).reason);
    });
    const manager = core.app.vault;
    return {
      ...core,
      witnessDir,
      manager,
      unlock: () => core.call('vault:unlock', ADMIN),
      lock: () => core.call('vault:lock'),
      status: () => core.call<Status>('vault:status'),
      witness: () => readWitness(witnessDir, manager.vault.header.vaultId),
    };
  };
  /** Runs `n` queued steps (all by default), as the core's queue would; how many ran. */
  const step = (n = Number.POSITIVE_INFINITY): number => {
    let ran = 0;
    while (ran < n && steps.length > 0) {
      steps.shift()?.();
      ran++;
    }
    return ran;
  };
  const a = await pc('a');
  await a.call('vault:setup', setupInput);
  const vault = a.manager.vault;
  for (let i = 0; i < 300; i++) vault.audit('case.read', { i }, `UT-2026-${i % 7}`);
  const key = Buffer.from(databaseKeyOf(vault));
  const vaultId = vault.header.vaultId;
  step();
  await a.lock();
  /** Opens the vault file with the key, as a key holder covering their tracks would. */
  const withKey = <T>(work: (db: ReturnType<typeof openWithKey>) => T): T => {
    const db = openWithKey(path.join(dataDir, DATABASE_FILE), key);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  const rowHash = (seq: number) => withKey((db) => (db.prepare('SELECT row_hash FROM audit_log WHERE seq = ?').get(seq) as { row_hash: string }).row_hash);
  return { dataDir, clock, steps, step, alarms, pc, a, key, vaultId, withKey, rowHash };
}

describe('the full walk after unlock', () => {
  it('the first unlock on a PC returns before any row is hashed; the walk after it gives the witness its first head, and only at its end', async () => {
    const w = await world();
    const b = await w.pc('b');
    await b.unlock();
    // The unlock returned with the walk queued and not begun: no row hashed, no witness written.
    expect(w.steps).toHaveLength(1);
    expect(b.manager.fullCheck).toBe('running');
    const target = auditHead(b.manager.vault.db);
    expect(b.manager.fullCheckProgress).toEqual({ verified: 0, total: target.seq });
    expect(await b.witness()).toBeNull();
    expect((await b.status()).auditCheck).toEqual({ state: 'running', verified: 0, total: target.seq });

    // Step by step: the witness takes no head until the last step.
    const stepsNeeded = Math.ceil(target.seq / CHUNK);
    for (let i = 1; i < stepsNeeded; i++) {
      expect(w.step(1)).toBe(1);
      expect((await b.status()).auditCheck).toEqual({ state: 'running', verified: i * CHUNK, total: target.seq });
      expect(await b.witness()).toBeNull();
    }
    expect(w.step(1)).toBe(1);
    expect(w.steps).toHaveLength(0);
    expect((await b.status()).auditCheck).toEqual({ state: 'passed', verified: target.seq, total: target.seq });
    expect(await b.witness()).toMatchObject({ seq: target.seq, hash: target.hash, alarm: null, walk: { through: target, target, done: true } });
    // At lock it moves on to the head after the session's last row, walked from the verified one.
    await b.lock();
    const head = w.withKey((db) => auditHead(db));
    expect(head.seq).toBeGreaterThan(target.seq);
    expect(await readWitness(b.witnessDir, w.vaultId)).toMatchObject({ seq: head.seq, hash: head.hash, alarm: null });
    expect(w.alarms).toEqual([]);
  });

  it('a break in an old row is found by the walk after the first unlock on a PC, and the alarm stands from then on', async () => {
    const w = await world();
    w.withKey((db) => db.prepare("UPDATE audit_log SET action = 'nothing.happened' WHERE seq = 120").run());
    const b = await w.pc('b');
    await b.unlock();
    expect((await b.status()).auditAlarm).toBeNull();
    w.step();
    expect(b.manager.fullCheck).toBe('failed');
    expect((await b.status()).auditAlarm).toBe('row 120 does not match the chain');
    expect(w.alarms).toEqual(['row 120 does not match the chain']);
    // No head was ever verified on this PC: the alarm stands beside none.
    expect(await b.witness()).toMatchObject({ seq: 0, hash: GENESIS_HASH, alarm: { firstBrokenSeq: 120 } });
    await b.lock();
    await b.unlock();
    expect((await b.status()).auditAlarm).toBe('row 120 does not match the chain');
    await b.lock();
  });

  it('a lock in the middle of the first walk writes no head; the next unlock resumes from the row it recorded, not from the genesis', async () => {
    const w = await world();
    const b = await w.pc('b');
    await b.unlock();
    w.step(3);
    await b.lock();
    // Only the walk's progress: the witness claims no head (row 0), so nothing unverified is
    // trusted; the pass's target moves on to the head after the session's last row.
    const target = w.withKey((db) => auditHead(db));
    expect(await readWitness(b.witnessDir, w.vaultId)).toMatchObject({
      seq: 0,
      hash: GENESIS_HASH,
      alarm: null,
      walk: { through: { seq: 150, hash: w.rowHash(150) }, target, done: false },
    });
    w.step(); // the step put off before the lock does nothing
    expect(b.manager.fullCheck).toBe('stopped');

    await b.unlock();
    expect((await b.status()).auditAlarm).toBeNull();
    // The pass goes on from row 150: one step later 200 rows are verified, and the rest takes only the steps for the rows after 150.
    expect(b.manager.fullCheckProgress).toEqual({ verified: 150, total: target.seq });
    expect(w.step(1)).toBe(1);
    expect(b.manager.fullCheckProgress).toEqual({ verified: 200, total: target.seq });
    expect(w.step()).toBe(Math.ceil((target.seq - 200) / CHUNK));
    expect(b.manager.fullCheck).toBe('passed');
    // Its end, the head the first session left, is the witness's first head.
    expect(await b.witness()).toMatchObject({ seq: target.seq, hash: target.hash, walk: { done: true } });
    await b.lock();
    const head = w.withKey((db) => auditHead(db));
    expect(await readWitness(b.witnessDir, w.vaultId)).toMatchObject({ seq: head.seq, hash: head.hash, alarm: null });

    // A finished pass: the next unlock starts a new one from the genesis, and it too resumes after a lock.
    await b.unlock();
    expect(b.manager.fullCheckProgress).toMatchObject({ verified: 0 });
    w.step(2);
    expect(b.manager.fullCheckProgress).toMatchObject({ verified: 100 });
    await b.lock();
    w.step(); // the step put off before the lock, which does nothing
    const headNow = w.withKey((db) => auditHead(db));
    expect(await readWitness(b.witnessDir, w.vaultId)).toMatchObject({ seq: headNow.seq, hash: headNow.hash, walk: { through: { seq: 100 }, done: false } });
    await b.unlock();
    w.step(1);
    expect(b.manager.fullCheckProgress).toMatchObject({ verified: 150 });
    w.step();
    expect(b.manager.fullCheck).toBe('passed');
    await b.lock();
    expect(w.alarms).toEqual([]);
  });

  it('rows written while the first walk on a PC was unfinished, deleted with the key, are caught when the walk ends; so are they after a lock before its first step', async () => {
    const w = await world();
    const b = await w.pc('b');
    for (const stepsBeforeLock of [2, 0]) {
      await b.unlock();
      const atUnlock = auditHead(b.manager.vault.db);
      w.step(stepsBeforeLock);
      for (let i = 0; i < 3; i++) b.manager.vault.audit('case.read', { session: i });
      await b.lock();
      w.step(); // the step put off before the lock, which does nothing
      const left = w.withKey((db) => auditHead(db));
      expect(await readWitness(b.witnessDir, w.vaultId)).toMatchObject({ seq: 0, walk: { through: { seq: stepsBeforeLock * CHUNK }, target: left, done: false } });
      // The session's rows go: the chain left is whole, and ends where that session's unlock found it.
      w.withKey((db) => db.prepare('DELETE FROM audit_log WHERE seq > ?').run(atUnlock.seq));
      await b.unlock();
      expect((await b.status()).auditAlarm).toBeNull();
      w.step();
      expect(b.manager.fullCheck).toBe('failed');
      expect((await b.status()).auditAlarm).toBe(`row ${left.seq}, the head this walk set out for, is gone`);
      expect(await b.witness()).toMatchObject({ seq: 0, alarm: { reason: `row ${left.seq}, the head this walk set out for, is gone` } });
      await b.call('audit:acknowledge-alarm');
      await b.lock();
      // Acknowledged: the witness has a head now; a fresh PC for the second round.
      expect((await readWitness(b.witnessDir, w.vaultId))?.seq).toBeGreaterThan(0);
      await fs.rm(path.join(b.witnessDir, `${w.vaultId}.json`));
      w.alarms.length = 0;
    }
  });

  it('a row edited behind a finished pass is found by the next pass, which starts from the genesis', async () => {
    const w = await world();
    // PC "a" finished a pass at setup: a row it has walked is edited, its stored hashes left as they were.
    w.withKey((db) => db.prepare("UPDATE audit_log SET action = 'nothing.happened' WHERE seq = 30").run());
    await w.a.unlock();
    expect((await w.a.status()).auditAlarm).toBeNull();
    w.step(1);
    expect(w.a.manager.fullCheck).toBe('failed');
    expect(w.alarms).toEqual(['row 30 does not match the chain']);
    await w.a.lock();
  });

  it('history rewritten below the row the walk recorded changes that row: the resumed walk alarms', async () => {
    const w = await world();
    const b = await w.pc('b');
    await b.unlock();
    w.step(3);
    await b.lock();
    w.step(); // the step put off before the lock, which does nothing
    // With the key, rows from 100 on are replaced by a chain that links up again (same number of rows).
    w.withKey((db) => {
      const head = auditHead(db).seq;
      db.prepare('DELETE FROM audit_log WHERE seq >= 100').run();
      for (let seq = 100; seq <= head; seq++) appendAudit(db, w.clock, { accountId: null, organisationId: null, action: 'case.read', detail: { rewritten: seq } });
    });
    await b.unlock();
    // No head to check against on this PC yet: the unlock is quiet; the walk's first step finds row 150 changed.
    expect((await b.status()).auditAlarm).toBeNull();
    expect(w.step(1)).toBe(1);
    expect(b.manager.fullCheck).toBe('failed');
    expect((await b.status()).auditAlarm).toBe("row 150 differs from the row this PC's walk verified");
    expect(w.alarms).toEqual(["row 150 differs from the row this PC's walk verified"]);
    expect(await b.witness()).toMatchObject({ seq: 0, alarm: { firstBrokenSeq: 150 } });
    await b.lock();
  });

  it('history rewritten between the recorded row and the head the walk set out for: the resumed walk alarms at that head', async () => {
    const w = await world();
    const b = await w.pc('b');
    await b.unlock();
    w.step(3);
    await b.lock();
    w.step(); // the step put off before the lock, which does nothing
    const target = w.withKey((db) => auditHead(db)); // the head the lock left: the resumed pass's target
    w.withKey((db) => {
      const head = auditHead(db).seq;
      db.prepare('DELETE FROM audit_log WHERE seq > 200').run();
      for (let seq = 201; seq <= head; seq++) appendAudit(db, w.clock, { accountId: null, organisationId: null, action: 'case.read', detail: { rewritten: seq } });
    });
    await b.unlock();
    w.step();
    expect(b.manager.fullCheck).toBe('failed');
    expect((await b.status()).auditAlarm).toBe(`row ${target.seq} differs from the head this walk set out for`);
    await b.lock();
  });

  it('a PC with a witness: a lock mid-pass resumes too, checkpoints are written while the walk runs, and a witness written before the walk was recorded still reads', async () => {
    const w = await world({ checkpointRows: 100 });
    // PC "a" as an older Teamvalv left it: a head and no walk recorded.
    const file = path.join(w.a.witnessDir, `${w.vaultId}.json`);
    const before = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    delete before.walk;
    await fs.writeFile(file, `${JSON.stringify(before)}\n`);
    expect(await readWitness(path.dirname(file), w.vaultId)).toMatchObject({ seq: before.seq, hash: before.hash, walk: null });

    await w.a.unlock();
    expect((await w.a.status()).auditAlarm).toBeNull();
    const target = auditHead(w.a.manager.vault.db);
    w.step(1);
    // A crash after one step loses it (no checkpoint yet); after two the file holds row 100.
    expect((await w.a.witness())?.walk).toBeNull();
    w.step(1);
    const row100 = w.a.manager.vault.db.prepare('SELECT row_hash FROM audit_log WHERE seq = 100').get() as { row_hash: string };
    expect((await w.a.witness())?.walk).toEqual({ through: { seq: 100, hash: row100.row_hash }, target, targetAt: w.clock.now(), done: false, at: w.clock.now() });
    w.step(1);
    await w.a.lock();
    w.step(); // the step put off before the lock, which does nothing
    expect((await readWitness(w.a.witnessDir, w.vaultId))?.walk).toMatchObject({ through: { seq: 150 }, target, done: false });
    await w.a.unlock();
    expect(w.a.manager.fullCheckProgress).toEqual({ verified: 150, total: target.seq });
    expect(w.step()).toBe(Math.ceil((target.seq - 150) / CHUNK));
    expect(w.a.manager.fullCheck).toBe('passed');
    await w.a.lock();
    expect(w.alarms).toEqual([]);
  });
  it('rows written while the first walk on a PC was unfinished cannot go unseen behind a forged purge that names the head as the new start', async () => {
    const w = await world();
    const b = await w.pc('b');
    await b.unlock();
    w.step(2);
    for (let i = 0; i < 3; i++) b.manager.vault.audit('case.read', { session: i });
    await b.lock();
    w.step(); // the step put off before the lock, which does nothing
    const left = w.withKey((db) => auditHead(db));
    expect(await readWitness(b.witnessDir, w.vaultId)).toMatchObject({ seq: 0, walk: { target: left, targetAt: w.clock.now(), done: false } });

    // With the key, the next day: a purge row dated years ahead names the head the lock left as
    // the chain's new start, and every row up to it goes (the anchor set as a purge sets it).
    w.clock.advance(24 * 3600_000);
    w.withKey((db) => {
      const at = (db.prepare('SELECT at FROM audit_log WHERE seq = ?').get(left.seq) as { at: string }).at;
      appendAudit(db, new ManualClock('2033-01-05T08:00:00Z'), { accountId: null, organisationId: null, action: 'retention.purged', detail: { auditAnchorSeq: left.seq, auditAnchorHash: left.hash, auditAnchorAt: at } });
      purgeAuditThrough(db, left.seq);
    });
    await b.unlock();
    expect((await b.status()).auditAlarm).toBeNull();
    w.step();
    const reason = `row ${left.seq}, the head this walk set out for, was purged before the audit log's retention allowed`;
    expect(b.manager.fullCheck).toBe('failed');
    expect((await b.status()).auditAlarm).toBe(reason);
    expect(w.alarms).toEqual([reason]);
    // No head was taken: the alarm stands beside none.
    expect(await b.witness()).toMatchObject({ seq: 0, hash: GENESIS_HASH, alarm: { firstBrokenSeq: left.seq } });
    await b.lock();
  });

  it('a real retention purge of the head the unfinished first walk set out for, once its rows are past the retention, passes', async () => {
    const w = await world();
    const b = await w.pc('b');
    await b.unlock();
    w.step(2);
    await b.lock();
    w.step(); // the step put off before the lock, which does nothing
    const left = w.withKey((db) => auditHead(db));

    // Six years later PC "a" runs the gallring: the rows up to the head PC "b" left are purged.
    w.clock.set('2032-12-01T08:00:00Z');
    await w.a.unlock();
    runPurge(writeCaps(w.a.manager.vault), { scheduled: true, enabledBy: null });
    const anchor = w.a.manager.vault.db.prepare("SELECT value FROM vault_meta WHERE key = 'audit_anchor'").get() as { value: string };
    expect((JSON.parse(anchor.value) as { seq: number }).seq).toBeGreaterThanOrEqual(left.seq);
    await w.a.lock();
    w.step(); // PC a's walk, put off before its lock, does nothing

    // PC "b" resumes: its target went by the retention (set six years ago on its clock): a fresh pass to the head now.
    await b.unlock();
    w.step();
    expect(b.manager.fullCheck).toBe('passed');
    expect((await b.status()).auditAlarm).toBeNull();
    const head = auditHead(b.manager.vault.db);
    expect((await b.witness())?.seq).toBeGreaterThan(left.seq);
    await b.lock();
    expect(w.alarms).toEqual([]);
    expect(head.seq).toBeGreaterThan(left.seq);
  });
});
