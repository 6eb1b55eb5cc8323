// The witness holds (issue 14): rows a CLI command wrote after the last app session and then
// deleted with the key are caught at the next unlock; an old row edited with its stored hashes
// left as they were is caught by the full walk after unlock (stepped here by hand); an alarm
// stands, with the last good head kept, until an admin acknowledges it (audited); a wrong role
// changes nothing. A real encrypted vault in a temp folder, the app core and `runCli` in-process,
// one ManualClock and one witness folder for both.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli';
import { ManualClock } from '../../runtime/clock';
import { MemoryLogger } from '../../runtime/log';
import { openWithKey } from '../../test-support/decrypted-copy';
import { useTempDirs } from '../../test-support/temp-dir';
import { testAppCore } from '../../test-support/app-core';
import { auditHead } from '../../vault/audit/audit-log';
import { readWitness } from '../../vault/audit/witness';
import { DATABASE_FILE } from '../../vault/db/open-vault';
import { databaseKeyOf } from '../../vault/key-material';

const tempDir = useTempDirs();
const ADMIN = { username: 'chair', password: 'möte varje tisdag klockan nio' };
const setupInput = { orgName: 'Ung Arena Lidköping', orgNumber: '212000-2627', adminUsername: ADMIN.username, adminDisplayName: 'Kim Ordförande', password: ADMIN.password };

/** The app core and the CLI on one data folder, one clock and one witness folder; the full walk is stepped by hand. */
async function world() {
  const dataDir = await tempDir();
  const witnessDir = await tempDir();
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const steps: (() => void)[] = [];
  const { app, call } = await testAppCore(dataDir, { clock, witnessDir, fullCheck: { chunkRows: 50, defer: (step) => steps.push(step) } });
  const alarms: unknown[] = [];
  app.events.subscribe((event, payload) => {
    if (event === 'vault:audit-alarm') alarms.push(payload);
  });
  const cli = async (args: string[], secret = ADMIN.password) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    // The exported key arrives as bytes (the CLI zeroes them after the write): copied into text here, in the test.
    const io = { stdout: (t: string) => stdout.push(t), stdoutBytes: async (b: Buffer) => void stdout.push(b.toString('ascii')), stderr: (t: string) => stderr.push(t), readPassword: async () => secret };
    const code = await runCli(args, io, new MemoryLogger(), { clock, witnessDir });
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  };
  /** Runs the walk's steps as the core's queue would, one at a time; how many ran. */
  const walk = (): number => {
    let ran = 0;
    while (steps.length > 0) {
      steps.shift()?.();
      ran++;
    }
    return ran;
  };
  const unlock = (who = ADMIN) => call('vault:unlock', who);
  const status = () => call<{ auditAlarm: string | null }>('vault:status');
  return { dataDir, witnessDir, clock, app, call, cli, walk, steps, alarms, unlock, status };
}

/** Opens the vault file with the key, as a key holder covering their tracks would. */
function withKey<T>(dataDir: string, key: Buffer, work: (db: ReturnType<typeof openWithKey>) => T): T {
  const db = openWithKey(path.join(dataDir, DATABASE_FILE), key);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const actions = (db: ReturnType<typeof openWithKey>, afterSeq = 0) =>
  (db.prepare('SELECT action FROM audit_log WHERE seq > ? ORDER BY seq').all(afterSeq) as { action: string }[]).map((r) => r.action);

describe('the witness holds', () => {
  it('rows a CLI command wrote after the last app session, deleted with the key, are caught at the next unlock; the alarm keeps the last good head and stands until an admin acknowledges it', async () => {
    const w = await world();
    await w.call('vault:setup', setupInput);
    w.walk(); // the walk after the first unlock on this PC gives the witness its first head
    const vaultId = w.app.vault.vault.header.vaultId;
    await w.call('vault:lock');
    const afterApp = await readWitness(w.witnessDir, vaultId);
    w.clock.advance(60_000);

    // A CLI command after the app session: it moves this PC's witness on past its own key.exported row.
    const exported = await w.cli(['export-key', '--data-dir', w.dataDir, '--user', ADMIN.username, '--password-stdin', '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    const key = Buffer.from(JSON.parse(exported.stdout).key as string, 'hex');
    const afterCli = await readWitness(w.witnessDir, vaultId);
    const cliHead = withKey(w.dataDir, key, (db) => {
      expect(actions(db, afterApp?.seq)).toEqual(['vault.unlocked', 'key.exported']);
      return auditHead(db);
    });
    expect(afterCli).toMatchObject({ seq: cliHead.seq, hash: cliHead.hash, alarm: null });

    // The key holder deletes the CLI's rows: the chain left is whole, and ends where the app left it.
    withKey(w.dataDir, key, (db) => db.prepare('DELETE FROM audit_log WHERE seq > ?').run(afterApp?.seq));
    w.clock.advance(60_000);
    await w.unlock();
    expect((await w.status()).auditAlarm).toContain(`witnessed row ${cliHead.seq} is gone`);
    // The witness keeps the last good head (the CLI's), with the alarm beside it: not the tampered head.
    const alarmed = await readWitness(w.witnessDir, vaultId);
    expect(alarmed).toMatchObject({ seq: cliHead.seq, hash: cliHead.hash, alarm: { reason: expect.stringContaining('is gone'), at: new Date('2026-11-23T08:02:00Z') } });
    // The whole chain is intact (nothing to find for the walk): the alarm is the witness's alone.
    w.walk();
    expect(w.app.vault.fullCheck).toBe('passed');
    await w.call('vault:lock');
    expect(await readWitness(w.witnessDir, vaultId)).toMatchObject({ seq: cliHead.seq, hash: cliHead.hash, alarm: { reason: alarmed?.alarm?.reason } });

    // The next unlock alarms again (and so does the CLI, whose verify-audit now fails) …
    w.clock.advance(60_000);
    await w.unlock();
    expect((await w.status()).auditAlarm).toBe(alarmed?.alarm?.reason);
    await w.call('vault:lock');
    const verify = await w.cli(['verify-audit', '--data-dir', w.dataDir, '--user', ADMIN.username, '--password-stdin', '--json']);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('does not extend the head this PC witnessed');
    expect(await readWitness(w.witnessDir, vaultId)).toMatchObject({ seq: cliHead.seq, alarm: { reason: alarmed?.alarm?.reason } });

    // … until an admin acknowledges it in the app: audited with the reason and both heads.
    w.clock.advance(60_000);
    await w.unlock();
    const headBefore = auditHead(w.app.vault.vault.db);
    expect(await w.call('audit:acknowledge-alarm')).toEqual({ headSeq: headBefore.seq + 1 });
    const ack = w.app.vault.vault.db.prepare("SELECT seq, detail FROM audit_log WHERE action = 'audit.alarm-acknowledged'").all() as { seq: number; detail: string }[];
    expect(ack).toHaveLength(1);
    expect(JSON.parse(ack[0]?.detail ?? '{}')).toMatchObject({
      reason: alarmed?.alarm?.reason,
      raisedAt: '2026-11-23T08:02:00.000Z',
      witnessedSeq: cliHead.seq,
      witnessedHash: cliHead.hash,
      headSeq: headBefore.seq,
      headHash: headBefore.hash,
    });
    expect(await readWitness(w.witnessDir, vaultId)).toMatchObject({ seq: ack[0]?.seq, alarm: null });
    expect((await w.status()).auditAlarm).toBeNull();
    // Nothing left to acknowledge.
    await expect(w.call('audit:acknowledge-alarm')).rejects.toMatchObject({ code: 'conflict' });
    await w.call('vault:lock');
    await w.unlock();
    expect((await w.status()).auditAlarm).toBeNull();
  });

  it('an acknowledgement by someone who is not an admin is refused and changes nothing', async () => {
    const w = await world();
    await w.call('vault:setup', setupInput);
    w.walk(); // the walk after the first unlock on this PC gives the witness its first head
    const vaultId = w.app.vault.vault.header.vaultId;
    const added = await w.call<{ oneTimePassword: string }>('accounts:add', { username: 'pia', displayName: 'Pia Psykolog', roles: ['psychologist'] });
    await w.call('vault:lock');
    await w.unlock({ username: 'pia', password: added.oneTimePassword });
    const pia = { username: 'pia', password: 'ekorre sjösten gruvlampa kanelbulle' };
    await w.call('vault:change-password', { oldPassword: added.oneTimePassword, newPassword: pia.password });
    const key = Buffer.from(databaseKeyOf(w.app.vault.vault));
    await w.call('vault:lock');
    // The newest row goes: the next unlock, by Pia, raises the alarm.
    withKey(w.dataDir, key, (db) => db.prepare('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)').run());
    await w.unlock(pia);
    // (Pia's unlock row took the deleted row's number, with another hash.)
    expect((await w.status()).auditAlarm).toContain('differs from the witnessed head');
    const witnessBefore = await fs.readFile(path.join(w.witnessDir, `${vaultId}.json`), 'utf8');
    const rowsBefore = auditHead(w.app.vault.vault.db);
    await expect(w.call('audit:acknowledge-alarm')).rejects.toMatchObject({ code: 'forbidden' });
    expect(await fs.readFile(path.join(w.witnessDir, `${vaultId}.json`), 'utf8')).toBe(witnessBefore);
    expect(auditHead(w.app.vault.vault.db)).toEqual(rowsBefore);
    expect((await w.status()).auditAlarm).toContain('differs from the witnessed head');
    // Locked, nobody can.
    await w.call('vault:lock');
    await expect(w.call('audit:acknowledge-alarm')).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(await fs.readFile(path.join(w.witnessDir, `${vaultId}.json`), 'utf8')).toBe(witnessBefore);
  });

  it('an old row edited with its stored hashes left as they were passes the unlock check and is caught by the full walk, a chunk per step; acknowledged, that row passes as it stands — edited again, it alarms again', async () => {
    const w = await world();
    await w.call('vault:setup', setupInput);
    const vault = w.app.vault.vault;
    for (let i = 0; i < 300; i++) vault.audit('case.read', { i }, `UT-2026-${i % 7}`);
    const key = Buffer.from(databaseKeyOf(vault));
    const vaultId = vault.header.vaultId;
    w.walk(); // the walk of the setup unlock (a handful of rows)
    await w.call('vault:lock');
    const edit = (action: string) => withKey(w.dataDir, key, (db) => db.prepare('UPDATE audit_log SET action = ? WHERE seq = 200').run(action));
    edit('nothing.happened');

    await w.unlock();
    // Only the rows since this PC's witness are walked at unlock: row 200 is long before it.
    expect((await w.status()).auditAlarm).toBeNull();
    const goodHead = await readWitness(w.witnessDir, vaultId);
    expect(w.app.vault.fullCheck).toBe('running');
    // One step per turn: rows 1–50, 51–100, 101–150, 151–200 — the fourth finds it.
    for (let step = 1; step <= 3; step++) {
      expect(w.steps).toHaveLength(1);
      w.steps.shift()?.();
      expect(w.app.vault.auditAlarm, `after step ${step}`).toBeNull();
    }
    w.steps.shift()?.();
    expect(w.steps).toHaveLength(0);
    expect(w.app.vault.fullCheck).toBe('failed');
    expect(w.app.vault.auditAlarm).toBe('row 200 does not match the chain');
    expect(w.alarms).toEqual([{ reason: 'row 200 does not match the chain' }]);
    expect((await w.status()).auditAlarm).toBe('row 200 does not match the chain');
    const chainAlarm = w.app.vault.vault.db.prepare("SELECT detail FROM audit_log WHERE action = 'audit.chain-alarm'").get() as { detail: string };
    expect(JSON.parse(chainAlarm.detail)).toMatchObject({ firstBrokenSeq: 200, source: 'full-check' });
    // The witness keeps the head that verified at unlock; lock does not move it on.
    await w.call('vault:lock');
    expect(await readWitness(w.witnessDir, vaultId)).toMatchObject({ seq: goodHead?.seq, hash: goodHead?.hash, alarm: { firstBrokenSeq: 200 } });

    // It stands at the next unlock, before any walk.
    await w.unlock();
    expect((await w.status()).auditAlarm).toBe('row 200 does not match the chain');
    w.walk();
    expect(w.alarms).toHaveLength(1); // the same alarm, not a second one
    await w.call('audit:acknowledge-alarm');
    await w.call('vault:lock');

    // Acknowledged on this PC: row 200 passes as it stands.
    await w.unlock();
    w.walk();
    expect(w.app.vault.fullCheck).toBe('passed');
    expect((await w.status()).auditAlarm).toBeNull();
    await w.call('vault:lock');
    // Changed again, it is a new break.
    edit('something.else');
    await w.unlock();
    w.walk();
    expect(w.app.vault.fullCheck).toBe('failed');
    expect((await w.status()).auditAlarm).toBe('row 200 does not match the chain');
    await w.call('vault:lock');
  });

  it('the full walk goes through the core queue a chunk at a time and stops cleanly at lock', async () => {
    const w = await world();
    const queued: string[] = [];
    w.app.vault.setSerializer((work) => {
      queued.push('step');
      work();
    });
    await w.call('vault:setup', setupInput);
    for (let i = 0; i < 200; i++) w.app.vault.vault.audit('case.read', { i });
    w.walk();
    await w.call('vault:lock');
    await w.unlock();
    const vaultId = w.app.vault.vault.header.vaultId;
    queued.length = 0;
    w.steps.shift()?.();
    expect(queued).toEqual(['step']);
    expect(w.steps).toHaveLength(1);
    await w.call('vault:lock');
    const witnessAtLock = await fs.readFile(path.join(w.witnessDir, `${vaultId}.json`), 'utf8');
    // The step put off before the lock finds the vault locked and does nothing.
    w.walk();
    expect(w.app.vault.fullCheck).toBe('stopped');
    expect(await fs.readFile(path.join(w.witnessDir, `${vaultId}.json`), 'utf8')).toBe(witnessAtLock);
    expect(w.alarms).toEqual([]);
  });

  it('doctor: without a login, whether this PC has a witness and its head; with one, the chain against it and a standing alarm', async () => {
    const w = await world();
    const doctor = async (login: boolean) => {
      const result = await w.cli(['doctor', '--data-dir', w.dataDir, '--json', ...(login ? ['--user', ADMIN.username, '--password-stdin'] : [])]);
      const findings = (JSON.parse(result.stdout) as { findings: { check: string; ok: boolean; detail: string }[] }).findings;
      return { code: result.code, witness: findings.find((f) => f.check === 'audit witness (this PC)'), chain: findings.find((f) => f.check === 'audit chain') };
    };
    await w.call('vault:setup', setupInput);
    w.walk(); // the walk after the first unlock on this PC gives the witness its first head
    const vaultId = w.app.vault.vault.header.vaultId;
    const key = Buffer.from(databaseKeyOf(w.app.vault.vault));
    await w.call('vault:lock');
    await fs.rm(path.join(w.witnessDir, `${vaultId}.json`));
    expect((await doctor(false)).witness).toMatchObject({ ok: true, detail: expect.stringContaining(`none for vault ${vaultId}`) });

    const first = await doctor(true);
    expect(first).toMatchObject({ code: 0, witness: { ok: true, detail: expect.stringContaining('none before') }, chain: { ok: true } });
    const witnessed = await readWitness(w.witnessDir, vaultId);
    expect((await doctor(false)).witness).toMatchObject({ ok: true, detail: expect.stringContaining(`last good head ${witnessed?.seq}:`) });
    expect((await doctor(true)).witness).toMatchObject({ ok: true, detail: expect.stringContaining(`the chain extends the head this PC saw (row ${witnessed?.seq})`) });

    // The doctor's own rows go: the next doctor raises the alarm, and both kinds report it.
    withKey(w.dataDir, key, (db) => db.prepare('DELETE FROM audit_log WHERE seq > ?').run((witnessed?.seq ?? 0) - 1));
    const alarmed = await doctor(true);
    expect(alarmed).toMatchObject({ code: 1, witness: { ok: false, detail: expect.stringContaining('ALARM') } });
    expect(await doctor(false)).toMatchObject({ code: 1, witness: { ok: false, detail: expect.stringContaining('is gone') } });
  });

  it('a recovery with the recovery key (CLI or lock screen) is witnessed too: deleting its rows with the key is caught at the next unlock', async () => {
    const w = await world();
    const setup = (await w.call('vault:setup', setupInput)) as { recoveryKey: string };
    const vaultId = w.app.vault.vault.header.vaultId;
    const key = Buffer.from(databaseKeyOf(w.app.vault.vault));
    await w.call('vault:lock');
    w.clock.advance(60_000);
    const recovered = await w.cli(['recover', '--data-dir', w.dataDir, '--user', ADMIN.username, '--recovery-key-stdin', '--json'], setup.recoveryKey);
    expect(recovered.code, recovered.stderr).toBe(0);
    const witnessed = await readWitness(w.witnessDir, vaultId);
    const head = withKey(w.dataDir, key, (db) => auditHead(db));
    expect(witnessed).toMatchObject({ seq: head.seq, hash: head.hash });
    expect(withKey(w.dataDir, key, (db) => actions(db, head.seq - 2))).toContain('account.recovered-with-recovery-key');

    // The lock screen's recovery goes through the same witness.
    const viaApp = await w.call<{ oneTimePassword: string }>('vault:recover', { username: ADMIN.username, recoveryKey: setup.recoveryKey });
    expect(viaApp.oneTimePassword).toMatch(/^[a-z0-9]{4}-/);
    const afterApp = withKey(w.dataDir, key, (db) => auditHead(db));
    expect(await readWitness(w.witnessDir, vaultId)).toMatchObject({ seq: afterApp.seq, hash: afterApp.hash });

    // Someone with the key removes the recovery's rows: the next unlock alarms.
    withKey(w.dataDir, key, (db) => db.prepare('DELETE FROM audit_log WHERE seq > ?').run(head.seq - 3));
    await w.unlock({ username: ADMIN.username, password: viaApp.oneTimePassword });
    expect((await w.status()).auditAlarm).toEqual(expect.any(String));
  });
});
