import { describe, expect, it } from 'vitest';
import { checkNodeVersion } from './node-version';

describe('checkNodeVersion', () => {
  it('accepts Node 22 and newer', () => {
    expect(checkNodeVersion('22.23.3')).toEqual({ ok: true });
    expect(checkNodeVersion('24.1.0')).toEqual({ ok: true });
  });

  it('refuses Node 20 with a message that says what to do', () => {
    const result = checkNodeVersion('20.20.2');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain('Node 22');
      expect(result.message).toContain('20.20.2');
      expect(result.message).toContain('npm start');
    }
  });

  it('refuses an unreadable version', () => {
    expect(checkNodeVersion(undefined).ok).toBe(false);
    expect(checkNodeVersion('garbage').ok).toBe(false);
  });
});
