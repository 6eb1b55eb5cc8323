import { describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../../shared/ipc/events';
import { createAppCore } from '../../app-core';
import { SteppedHousekeeping } from '../../vault/test-support/housekeeping';
import { ManualClock } from '../../runtime/clock';
import { MemoryLogger } from '../../runtime/log';
import { useTempDirs } from '../../test-support/temp-dir';
import { FLOOR_KDF } from '../../vault/test-support/fast-kdf';
import { DEFAULT_IDLE_LOCK_MS } from '../../vault/vault-manager';
import { databaseKeyOf } from '../../vault/key-material';

const tempDir = useTempDirs();
const setupInput = {
  orgName: 'Ung Arena Lidköping',
  orgNumber: '212000-2627',
  adminUsername: 'chair',
  adminDisplayName: 'Kim Ordförande',
  password: 'möte varje tisdag klockan nio',
};

async function core(options: { flushWaitMs?: number } = {}) {
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  // The housekeeping after unlock (gallring, automatic backup) runs when a test says so.
  const stepped = new SteppedHousekeeping();
  const app = await createAppCore({ host: 'browser', dataDir: await tempDir(), clock, logger: new MemoryLogger(), kdf: FLOOR_KDF, housekeeping: { defer: stepped.defer }, ...options });
  const events: [EventName, unknown][] = [];
  app.events.subscribe((event, payload) => events.push([event, payload]));
  const call = (channel: string, input: unknown = {}) => app.router.dispatch(channel, input, app.sessionFor('page-1'));
  const housekeeping = () => stepped.run(app.vault);
  return { app, clock, events, call, housekeeping };
}

describe('vault channels', () => {
  it('an idle lock tells the page first; the vault locks when the page has flushed its drafts', async () => {
    const { app, call, clock, events } = await core({ flushWaitMs: 1_500 });
    await call('vault:setup', setupInput);
    clock.advance(DEFAULT_IDLE_LOCK_MS);
    app.vault.tick();
    expect(events).toEqual([['vault:locking', { reason: 'idle' }]]);
    // Still open: the page saves what is typed now (a draft is just such a call).
    expect(await call('vault:touch')).toEqual({ ok: true, value: {} });
    expect(app.vault.state).toBe('unlocked');
    await call('vault:flushed');
    expect(app.vault.state).toBe('locked');
    expect(events.at(-1)).toEqual(['vault:locked', { reason: 'idle' }]);
  });

  it('locks anyway when the page does not answer within the flush wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { app, call, clock, events } = await core({ flushWaitMs: 1_500 });
      await call('vault:setup', setupInput);
      clock.advance(DEFAULT_IDLE_LOCK_MS);
      app.vault.tick();
      vi.advanceTimersByTime(1_499);
      expect(app.vault.state).toBe('unlocked');
      vi.advanceTimersByTime(1);
      expect(app.vault.state).toBe('locked');
      expect(events.at(-1)).toEqual(['vault:locked', { reason: 'idle' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('go from absent to unlocked through setup, and lock on demand', async () => {
    const { call, events } = await core();
    expect(await call('vault:status')).toEqual({ ok: true, value: { state: 'absent', account: null, auditAlarm: null, demo: false } });
    const setup = await call('vault:setup', setupInput);
    expect(setup).toMatchObject({ ok: true, value: { recoveryKey: expect.stringMatching(/^[A-Z0-9-]{64}$/) } });
    expect(await call('vault:status')).toMatchObject({ ok: true, value: { state: 'unlocked', account: { username: 'chair', roles: ['admin'] } } });
    expect(await call('vault:lock')).toMatchObject({ ok: true, value: { state: 'locked', account: null } });
    expect(events).toEqual([['vault:locked', { reason: 'user' }]]);
  });

  it('refuse a second setup, and state changes without a signed-in account, changing nothing', async () => {
    const { call } = await core();
    await call('vault:setup', setupInput);
    await call('vault:lock');
    expect(await call('vault:setup', { ...setupInput, adminUsername: 'intruder' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call('vault:lock')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await call('vault:touch')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await call('vault:unlock', { username: 'intruder', password: setupInput.password })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await call('vault:unlock', { username: 'chair', password: setupInput.password })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
  });

  it('slow down repeated failures, across restarts of the process', async () => {
    const first = await core();
    await first.call('vault:setup', setupInput);
    await first.call('vault:lock');
    for (let i = 0; i < 3; i++) expect(await first.call('vault:unlock', { username: 'chair', password: `fel ${i}` })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // The right password is refused too, until the delay has passed.
    expect(await first.call('vault:unlock', { username: 'chair', password: setupInput.password })).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    // A new process on the same folder (restart) still knows.
    const restarted = await createAppCore({ host: 'browser', dataDir: first.app.dataDir, clock: first.clock, logger: new MemoryLogger(), kdf: FLOOR_KDF });
    expect(await restarted.router.dispatch('vault:unlock', { username: 'chair', password: setupInput.password }, restarted.sessionFor('p'))).toMatchObject({
      ok: false,
      error: { code: 'too_many_attempts' },
    });
    first.clock.advance(2_001);
    expect(await restarted.router.dispatch('vault:unlock', { username: 'chair', password: setupInput.password }, restarted.sessionFor('p'))).toMatchObject({ ok: true });
  });

  it('lock after the idle time, counted on the injected clock', async () => {
    const { app, call, clock, events } = await core();
    await call('vault:setup', setupInput);
    clock.advance(DEFAULT_IDLE_LOCK_MS - 1_000);
    app.vault.tick();
    expect(app.vault.state).toBe('unlocked');
    await call('vault:touch');
    clock.advance(DEFAULT_IDLE_LOCK_MS - 1_000);
    app.vault.tick();
    expect(app.vault.state).toBe('unlocked');
    clock.advance(1_000);
    app.vault.tick();
    expect(app.vault.state).toBe('locked');
    expect(events).toEqual([['vault:locked', { reason: 'idle' }]]);
  });
});

describe('the audit witness', () => {
  it('raises an alarm when the chain no longer extends the head this PC saw', async () => {
    const { app, call } = await core();
    await call('vault:setup', setupInput);
    expect(await call('vault:status')).toMatchObject({ ok: true, value: { auditAlarm: null } });
    const key = Buffer.from(databaseKeyOf(app.vault.vault));
    await call('vault:lock'); // the witness now holds the head including the lock row
    const { openVault } = await import('../../vault/db/open-vault');
    const db = openVault(`${app.dataDir}/vault.db`, key);
    db.prepare('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)').run();
    db.close();
    await call('vault:unlock', { username: 'chair', password: setupInput.password });
    const status = await call('vault:status');
    expect(status).toMatchObject({ ok: true, value: { state: 'unlocked', auditAlarm: expect.stringContaining('witnessed') } });
  });
});

describe('account channels', () => {
  it('let an admin add an account whose holder must change the one-time password before anything else', async () => {
    const { call } = await core();
    await call('vault:setup', setupInput);
    const added = await call('accounts:add', { username: 'pia', displayName: 'Pia Psykolog', roles: ['psychologist'] });
    expect(added).toMatchObject({ ok: true, value: { oneTimePassword: expect.any(String) } });
    const oneTime = (added as { value: { oneTimePassword: string } }).value.oneTimePassword;
    await call('vault:lock');

    expect(await call('vault:unlock', { username: 'pia', password: oneTime })).toMatchObject({ ok: true, value: { account: { mustChangePassword: true } } });
    // Only changing the password (or locking) is allowed until it is done.
    expect(await call('accounts:list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('vault:change-password', { oldPassword: oneTime, newPassword: 'ekorre sjösten gruvlampa kanelbulle' })).toMatchObject({
      ok: true,
      value: { account: { mustChangePassword: false } },
    });
    // A psychologist is not an admin: admin actions are refused and change nothing.
    expect(await call('accounts:add', { username: 'xavier', displayName: 'X', roles: ['admin'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('vault:rotate-key')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await call('vault:lock');
    await call('vault:unlock', { username: 'chair', password: setupInput.password });
    const list = await call('accounts:list');
    expect(list.ok && (list.value as { username: string }[]).map((a) => a.username).sort()).toEqual(['chair', 'pia']);
  });

  it('rotate in two calls: the new recovery key first, the re-encryption when the admin has written it down', async () => {
    const { app, call, housekeeping } = await core();
    await call('vault:setup', setupInput);
    await housekeeping(); // the housekeeping after the setup's unlock makes the first backup
    const prepared = (await call('vault:rotate-key')) as { ok: true; value: { rotationId: string; recoveryKey: string } };
    expect(prepared.value.recoveryKey).toMatch(/^([A-Z0-9]{4}-){12}[A-Z0-9]{4}$/);
    const oldKey = Buffer.from(databaseKeyOf(app.vault.vault));
    // While it waits, slots cannot change (both generations would have to), and nothing else is refused.
    expect(await call('accounts:add', { username: 'pia', displayName: 'Pia Psykolog', roles: [] })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call('accounts:list')).toMatchObject({ ok: true });
    expect(await call('vault:finish-rotation', { rotationId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call('vault:finish-rotation', { rotationId: prepared.value.rotationId })).toEqual({ ok: true, value: { backupsReencrypted: 1, backupsDeleted: 0 } });
    expect(databaseKeyOf(app.vault.vault).equals(oldKey)).toBe(false);
    // Finishing it was the admin's confirmation: nothing waits.
    expect(await call('vault:notices')).toEqual({ ok: true, value: { notices: [], keyRotation: null } });
    expect(await call('vault:finish-rotation', { rotationId: prepared.value.rotationId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('a rotation left half-way by a closed session is finished at the next unlock; its key waits for an admin, and only admins see it', async () => {
    const { call } = await core();
    await call('vault:setup', setupInput);
    const added = (await call('accounts:add', { username: 'pia', displayName: 'Pia Psykolog', roles: ['psychologist'] })) as { ok: true; value: { oneTimePassword: string } };
    expect(await call('vault:notices')).toEqual({ ok: true, value: { notices: [], keyRotation: null } });
    const prepared = (await call('vault:rotate-key')) as { ok: true; value: { recoveryKey: string } };
    await call('vault:lock');

    await call('vault:unlock', { username: 'pia', password: added.value.oneTimePassword });
    await call('vault:change-password', { oldPassword: added.value.oneTimePassword, newPassword: 'ekorre sjösten gruvlampa kanelbulle' });
    expect(await call('vault:notices')).toEqual({ ok: true, value: { notices: [{ kind: 'rotation-completed', startedAt: '2026-11-23T08:00:00.000Z' }], keyRotation: null } });
    expect(await call('vault:new-recovery-key')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('vault:confirm-recovery-key')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await call('vault:lock');

    await call('vault:unlock', { username: 'chair', password: setupInput.password });
    expect(await call('vault:notices')).toMatchObject({ ok: true, value: { notices: [], keyRotation: { completedAtUnlock: true } } });
    expect(await call('vault:new-recovery-key')).toEqual({ ok: true, value: { recoveryKey: prepared.value.recoveryKey } });
    expect(await call('vault:confirm-recovery-key')).toEqual({ ok: true, value: { confirmed: true } });
    expect(await call('vault:notices')).toEqual({ ok: true, value: { notices: [], keyRotation: null } });
    expect(await call('vault:new-recovery-key')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const audit = await call('audit:list', {});
    const actions = audit.ok ? (audit.value as { action: string }[]).map((row) => row.action) : [];
    expect(actions).toEqual(expect.arrayContaining(['vault.key-rotation-started', 'vault.key-rotated', 'vault.recovery-key-shown', 'vault.recovery-key-confirmed']));
  });

  it('refuse every admin channel without a session account, changing nothing', async () => {
    const { app, call } = await core();
    await call('vault:setup', setupInput);
    await call('vault:lock');
    for (const [channel, input] of [
      ['accounts:add', { username: 'xavier', displayName: 'X', roles: ['admin'] }],
      ['accounts:list', {}],
      ['accounts:remove', { accountId: '00000000-0000-4000-8000-000000000000' }],
      ['vault:rotate-key', {}],
      ['vault:change-password', { oldPassword: 'a', newPassword: 'b' }],
    ] as const) {
      expect(await call(channel, input), channel).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    await call('vault:unlock', { username: 'chair', password: setupInput.password });
    const rows = app.vault.vault.db.prepare('SELECT count(*) AS n FROM accounts').get();
    expect(rows).toEqual({ n: 1 });
  });
});

describe('automatic backups', () => {
  it('are made at unlock and at lock when the newest is older than a day', async () => {
    const { app, call, clock, events, housekeeping } = await core();
    const { listBackups } = await import('../../vault/backups');
    const told = () => events.filter(([event]) => event === 'vault:housekeeping').map(([, payload]) => payload);
    await call('vault:setup', setupInput); // setup unlocks; its housekeeping makes the first backup
    expect(listBackups(app.dataDir)).toHaveLength(0);
    await housekeeping();
    expect(listBackups(app.dataDir)).toHaveLength(1);
    expect(told()).toEqual([
      { job: 'backup', state: 'running' },
      { job: 'backup', state: 'done' },
    ]);
    await call('vault:lock'); // the newest is minutes old: none
    expect(listBackups(app.dataDir)).toHaveLength(1);
    await call('vault:unlock', { username: 'chair', password: setupInput.password });
    await housekeeping(); // the newest is minutes old: none, and nothing said
    expect(told()).toHaveLength(2);
    clock.advance(25 * 3600_000);
    await call('vault:lock');
    expect(listBackups(app.dataDir)).toHaveLength(2);
    // A day later the unlock's housekeeping backs up again.
    clock.advance(25 * 3600_000);
    await call('vault:unlock', { username: 'chair', password: setupInput.password });
    expect(listBackups(app.dataDir)).toHaveLength(2);
    await housekeeping();
    expect(listBackups(app.dataDir)).toHaveLength(3);
    expect(told()).toHaveLength(4);
  });
});

describe('audit channels', () => {
  it('list, verify, sample reads and mark them reviewed — and the reviews never change the chain', async () => {
    const { app, call } = await core();
    await call('vault:setup', setupInput);
    for (let i = 0; i < 5; i++) app.vault.vault.audit('case.read', {}, `UT-2026-00${i}`);
    const list = await call('audit:list', {});
    expect(list.ok && (list.value as { action: string }[]).map((r) => r.action)).toContain('case.read');
    expect(list.ok && (list.value as { username: string | null }[])[0]?.username).toBe('chair');
    const sample = await call('audit:sample', { from: '2026-11-01', to: '2026-11-30', size: 3 });
    const seqs = sample.ok ? (sample.value as { seq: number; action: string }[]).map((r) => r.seq) : [];
    expect(seqs).toHaveLength(3);
    expect(await call('audit:mark-reviewed', { seqs })).toEqual({ ok: true, value: { marked: 3 } });
    expect(await call('audit:verify')).toMatchObject({ ok: true, value: { ok: true, firstBrokenSeq: null } });
    const after = await call('audit:list', {});
    expect(after.ok && (after.value as { reviewedAt: string | null }[]).filter((r) => r.reviewedAt).length).toBe(3);
  });
});

describe('audit export', () => {
  it('writes a Swedish-Excel CSV into the chosen folder and audits it with the file hash', async () => {
    const { call } = await core();
    await call('vault:setup', setupInput);
    const folder = await tempDir();
    const listing = await call('files:folders', { path: folder });
    expect(listing).toMatchObject({ ok: true, value: { path: folder, folders: [] } });
    const result = await call('audit:export-csv', { folder });
    expect(result.ok).toBe(true);
    const { file, sha256, rows } = (result as { value: { file: string; sha256: string; rows: number } }).value;
    const fs = await import('node:fs/promises');
    const { createHash } = await import('node:crypto');
    const bytes = await fs.readFile(file);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFF"Nr";"Tid (UTC)";"Användare"')).toBe(true);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(rows + 1);
    const log = await call('audit:list', {});
    expect(log.ok && JSON.stringify(log.value)).toContain(sha256);
    expect(await call('audit:export-csv', { folder: `${folder}/saknas` })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('saving the recovery key', () => {
  it('writes only this vault’s own recovery key, into the chosen folder', async () => {
    const { call } = await core();
    const setup = await call('vault:setup', setupInput);
    const recoveryKey = (setup as { value: { recoveryKey: string } }).value.recoveryKey;
    const folder = await tempDir();
    const saved = await call('vault:save-recovery-key', { folder, recoveryKey });
    expect(saved.ok).toBe(true);
    const fs = await import('node:fs/promises');
    expect(await fs.readFile((saved as { value: { file: string } }).value.file, 'utf8')).toContain(recoveryKey);
    const other = recoveryKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await call('vault:save-recovery-key', { folder, recoveryKey: other })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await fs.readdir(folder)).length).toBe(1);
  });
});
