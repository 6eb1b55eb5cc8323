import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/temp-dir';
import { PolicyError, defaultPolicyPath, loadPolicy } from './policy';

const tempDir = useTempDirs();

describe('loadPolicy', () => {
  it('gives the defaults when there is no policy file', async () => {
    expect(loadPolicy(path.join(await tempDir(), 'none.json'))).toEqual({ autoLock: { defaultMinutes: 5, maxMinutes: 30 } });
  });

  it('reads a policy and fills what it leaves out', async () => {
    const file = path.join(await tempDir(), 'config.json');
    await fs.writeFile(file, JSON.stringify({ dataDir: '/srv/team/Teamvalv', autoLock: { defaultMinutes: 3 } }));
    expect(loadPolicy(file)).toEqual({ dataDir: '/srv/team/Teamvalv', autoLock: { defaultMinutes: 3, maxMinutes: 30 } });
  });

  it('refuses a broken or unknown policy loudly, naming the problem', async () => {
    const file = path.join(await tempDir(), 'config.json');
    await fs.writeFile(file, '{"autoLock": {"defaultMinutes": 0}}');
    expect(() => loadPolicy(file)).toThrow(/autoLock\.defaultMinutes/);
    await fs.writeFile(file, '{"autolock": 5}');
    expect(() => loadPolicy(file)).toThrow(PolicyError);
    await fs.writeFile(file, '{"autoLock": {"defaultMinutes": 60, "maxMinutes": 30}}');
    expect(() => loadPolicy(file)).toThrow(/must not exceed/);
    await fs.writeFile(file, 'not json');
    expect(() => loadPolicy(file)).toThrow(/not valid JSON/);
  });

  it('lives where IT expects it on each OS', () => {
    expect(defaultPolicyPath('linux', {})).toBe('/etc/teamvalv/config.json');
    expect(defaultPolicyPath('win32', { ProgramData: 'C:\\ProgramData' })).toBe('C:\\ProgramData\\Teamvalv\\config.json');
  });
});
