import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/temp-dir';
import { ExportError, listFolders, writeExportFile } from './export-files';

const tempDir = useTempDirs();

describe('export files', () => {
  it('lists visible subfolders, sorted the Swedish way, with the parent', async () => {
    const dir = await tempDir();
    for (const name of ['Öppna', 'Arkiv', '.dolt', 'Ärenden']) await fs.mkdir(path.join(dir, name));
    await fs.writeFile(path.join(dir, 'fil.txt'), 'x');
    const listing = await listFolders(dir);
    expect(listing.folders).toEqual(['Arkiv', 'Ärenden', 'Öppna']);
    expect(listing.parent).toBe(path.dirname(dir));
    await expect(listFolders(path.join(dir, 'saknas'))).rejects.toBeInstanceOf(ExportError);
  });

  it('writes new files only, 0600, and returns their SHA-256', async () => {
    const dir = await tempDir();
    const first = await writeExportFile(dir, 'logg 2026/11.csv', 'a;b\r\n');
    const second = await writeExportFile(dir, 'logg 2026/11.csv', 'c;d\r\n');
    expect(path.basename(first.file)).toBe('logg_2026_11.csv');
    expect(path.basename(second.file)).toBe('logg_2026_11-2.csv');
    expect(await fs.readFile(first.file, 'utf8')).toBe('a;b\r\n');
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    if (process.platform !== 'win32') expect((await fs.stat(first.file)).mode & 0o077).toBe(0);
    await expect(writeExportFile(path.join(dir, 'saknas'), 'x.csv', '')).rejects.toBeInstanceOf(ExportError);
  });

  it('publishes in one step: no temporary file is left, and a double extension keeps together', async () => {
    const dir = await tempDir();
    await writeExportFile(dir, 'paket.zip.age', Buffer.from([1, 2, 3]));
    const again = await writeExportFile(dir, 'paket.zip.age', Buffer.from([4]));
    expect(path.basename(again.file)).toBe('paket-2.zip.age');
    expect((await fs.readdir(dir)).sort()).toEqual(['paket-2.zip.age', 'paket.zip.age']);
  });
});
