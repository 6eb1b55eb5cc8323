import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { resources } from '../i18n';
import { localDateTime } from '../format/time';
import { errorMessage } from './messages';

async function translator(language: 'sv' | 'en') {
  const instance = i18next.createInstance();
  await instance.init({ resources, lng: language, interpolation: { escapeValue: false } });
  return instance.t;
}

describe('errorMessage for a damaged vault', () => {
  it('names the newest backup’s time (local, ISO-style) when main sends it, in Swedish and English', async () => {
    const at = '2026-11-23T10:00:00.000Z';
    const sv = await translator('sv');
    const en = await translator('en');
    const text = errorMessage(sv, { code: 'storage_corrupt', message: 'x', detail: { newestBackupAt: at } });
    expect(text).toContain('En del av valvets databas (vault.db) är skadad');
    expect(text).toContain('Inget har raderats');
    expect(text).toContain(`Återställ den senaste säkerhetskopian, från ${localDateTime(at)}`);
    expect(errorMessage(en, { code: 'header_mismatch', message: 'x', detail: { newestBackupAt: at } })).toContain(`Restore the newest backup, from ${localDateTime(at)}`);
  });

  it('says there is no backup when main found none, and advises the newest without a time when only the code is known', async () => {
    const sv = await translator('sv');
    expect(errorMessage(sv, { code: 'header_damaged', message: 'x', detail: { newestBackupAt: null } })).toContain('Det finns ingen säkerhetskopia i datamappen');
    expect(errorMessage(sv, 'storage_corrupt')).toContain('Återställ den senaste säkerhetskopian (');
  });

  it('gives a read-only folder and a full disk their own text, with no restore advice', async () => {
    const en = await translator('en');
    expect(errorMessage(en, 'storage_read_only')).toMatch(/^Teamvalv cannot write to the data folder/);
    expect(errorMessage(en, { code: 'storage_full', message: 'x', detail: { newestBackupAt: null } })).toBe(
      'The disk holding the vault is full, so this change was not saved. Everything saved before is intact – nothing was deleted. Free some space on the disk, then try again.',
    );
  });
});
