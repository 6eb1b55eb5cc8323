import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/clock';
import { LAUNCH_CODE_TTL_MS, SessionTable } from './sessions';

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
});
