import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../runtime/log';
import { useTempDirs } from '../../test-support/temp-dir';
import { SETTINGS_FILE, SettingsStore } from './settings-store';

const tempDir = useTempDirs();

describe('SettingsStore', () => {
  it('defaults to Swedish and persists a change across instances', async () => {
    const dir = await tempDir();
    expect(await new SettingsStore(dir, new MemoryLogger()).get()).toEqual({ language: 'sv' });
    await new SettingsStore(dir, new MemoryLogger()).update({ language: 'en' });
    expect(await new SettingsStore(dir, new MemoryLogger()).get()).toEqual({ language: 'en' });
    const stat = await fs.stat(path.join(dir, SETTINGS_FILE));
    if (process.platform !== 'win32') expect(stat.mode & 0o077).toBe(0);
  });

  it('falls back to defaults when the file is damaged, and says so in the log', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, SETTINGS_FILE), '{"language":');
    const logger = new MemoryLogger();
    expect(await new SettingsStore(dir, logger).get()).toEqual({ language: 'sv' });
    expect(logger.lines.map((line) => line.message)).toContain('settings file unreadable, using defaults');
  });
});
