import { describe, expect, it } from 'vitest';
import { UsageError, parseHostArgs } from './cli-args';

describe('parseHostArgs', () => {
  it('has safe defaults', () => {
    expect(parseHostArgs([])).toEqual({ dataDir: undefined, port: 0, open: true, urlFile: undefined, help: false, demo: false });
  });

  it('reads every documented option', () => {
    expect(parseHostArgs(['--data-dir', '/d', '--port', '4123', '--no-open', '--url-file', '/u'])).toEqual({
      dataDir: '/d',
      port: 4123,
      open: false,
      urlFile: '/u',
      help: false,
      demo: false,
    });
    expect(parseHostArgs(['--demo']).demo).toBe(true);
  });

  it('refuses unknown options and bad ports', () => {
    expect(() => parseHostArgs(['--listen', '0.0.0.0'])).toThrow(UsageError);
    expect(() => parseHostArgs(['--port', '70000'])).toThrow(UsageError);
    expect(() => parseHostArgs(['--port', 'abc'])).toThrow(UsageError);
  });
});
