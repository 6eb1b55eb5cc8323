import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/clock';
import { HEARTBEAT_TIMEOUT_MS, LAUNCH_CODE_TTL_MS, RESUME_WINDOW_MS, type SessionEndReason, SessionTable } from './sessions';

describe('SessionTable', () => {
  it('spends a launch code on first use', () => {
    const table = new SessionTable(new ManualClock('2026-11-23T08:00:00Z'));
    const code = table.issueLaunchCode();
    const granted = table.exchange(code);
    expect(granted).not.toBeNull();
    expect(table.exchange(code)).toBeNull();
    expect(table.authenticate(granted!.secret)).toBe(granted!.id);
  });

  it('refuses a launch code older than its lifetime, and spends it', () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const table = new SessionTable(clock);
    const code = table.issueLaunchCode();
    clock.advance(LAUNCH_CODE_TTL_MS + 1);
    expect(table.exchange(code)).toBeNull();
    clock.advance(-LAUNCH_CODE_TTL_MS);
    expect(table.exchange(code)).toBeNull();
  });

  it('refuses a secret for the right id but with the wrong bytes', () => {
    const table = new SessionTable(new ManualClock('2026-11-23T08:00:00Z'));
    const granted = table.exchange(table.issueLaunchCode())!;
    const [id] = granted.secret.split('.');
    expect(table.authenticate(`${id}.${'A'.repeat(43)}`)).toBeNull();
    expect(table.authenticate(`${id}.`)).toBeNull();
    expect(table.authenticate(undefined)).toBeNull();
  });

  it('gives a closed session one new session for its reload ticket, within the window only', () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const ended: SessionEndReason[] = [];
    const table = new SessionTable(clock, (_id, reason) => ended.push(reason));
    const first = table.exchange(table.issueLaunchCode())!;
    expect(first.ticket.split('.')[0]).toBe(first.id);
    // The ticket is not a secret: it authenticates nothing.
    expect(table.authenticate(first.ticket)).toBeNull();
    table.end(first.id, 'closed');
    clock.advance(RESUME_WINDOW_MS);
    const second = table.resume(first.ticket)!;
    expect(second).not.toBeNull();
    expect(second.id).not.toBe(first.id);
    expect(table.authenticate(second.secret)).toBe(second.id);
    expect(table.authenticate(first.secret)).toBeNull();
    // Spent: the same ticket never opens a third session.
    expect(table.resume(first.ticket)).toBeNull();
    // Past the window: refused (and spent).
    table.end(second.id, 'closed');
    clock.advance(RESUME_WINDOW_MS + 1);
    expect(table.resume(second.ticket)).toBeNull();
    expect(table.size).toBe(0);
    expect(ended).toEqual(['closed', 'closed']);
  });

  it('refuses the reload ticket of a session the host ended for silence, and a forged one', () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const table = new SessionTable(clock);
    const silent = table.exchange(table.issueLaunchCode())!;
    clock.advance(HEARTBEAT_TIMEOUT_MS + 1);
    table.sweep();
    expect(table.has(silent.id)).toBe(false);
    expect(table.resume(silent.ticket)).toBeNull();
    const other = table.exchange(table.issueLaunchCode())!;
    table.end(other.id, 'closed');
    expect(table.resume(`${other.id}.${'A'.repeat(43)}`)).toBeNull();
    expect(table.resume(`${other.id}.`)).toBeNull();
    expect(table.resume(other.secret)).toBeNull();
    // A wrong guess does not spend it; the right ticket still works once.
    expect(table.resume(other.ticket)).not.toBeNull();
  });

  it("replaces a session still open when its page's reload arrives before its close", () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const ended: SessionEndReason[] = [];
    const table = new SessionTable(clock, (_id, reason) => ended.push(reason));
    const open = table.exchange(table.issueLaunchCode())!;
    const next = table.resume(open.ticket)!;
    expect(ended).toEqual(['replaced']);
    expect(table.authenticate(open.secret)).toBeNull();
    expect(table.authenticate(next.secret)).toBe(next.id);
    expect(table.resume(open.ticket)).toBeNull();
    expect(table.size).toBe(1);
  });

  it('keeps a session alive while touched (a held pulse), and ends it once the touches stop', () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const table = new SessionTable(clock);
    const granted = table.exchange(table.issueLaunchCode())!;
    for (let i = 0; i < 4; i++) {
      clock.advance(HEARTBEAT_TIMEOUT_MS - 1);
      table.touch(granted.id);
      table.sweep();
    }
    expect(table.has(granted.id)).toBe(true);
    clock.advance(HEARTBEAT_TIMEOUT_MS + 1);
    table.sweep();
    expect(table.has(granted.id)).toBe(false);
  });

  it('ends every open session at once, each told', () => {
    const ended: string[] = [];
    const table = new SessionTable(new ManualClock('2026-11-23T08:00:00Z'), (id) => ended.push(id));
    const one = table.exchange(table.issueLaunchCode())!;
    const two = table.exchange(table.issueLaunchCode())!;
    table.endAll('heartbeat-lost');
    expect(ended.sort()).toEqual([one.id, two.id].sort());
    expect(table.size).toBe(0);
    expect(table.resume(one.ticket)).toBeNull();
  });
});
