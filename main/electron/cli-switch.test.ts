// Pure argument handling for the packaged app's --cli switch; no electron import.
import { describe, expect, it } from 'vitest';
import { cliArguments } from './cli-switch';

describe('cliArguments', () => {
  it('takes everything after --cli', () => {
    expect(cliArguments(['/opt/Teamvalv/teamvalv', '--cli', 'doctor', '--data-dir', '/d'])).toEqual(['doctor', '--data-dir', '/d']);
    expect(cliArguments(['/opt/Teamvalv/teamvalv', '--cli'])).toEqual([]);
  });
  it('is null for a normal start', () => {
    expect(cliArguments(['/opt/Teamvalv/teamvalv', '--enable-logging'])).toBeNull();
  });
});
