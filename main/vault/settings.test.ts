// The typed settings in vault_meta (main/vault/settings.ts): a value is read back as it was
// stored, a damaged one is reported (never used as if good), a value that does not match its
// declaration is not written, and no file outside settings.ts writes SQL against vault_meta.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RETENTION_DEFAULTS } from '../../shared/retention/model';
import { useTempDirs } from '../test-support/temp-dir';
import { DATABASE_FILE, type Db, openVault } from './db/open-vault';
import {
  AUDIT_ANCHOR,
  EXPORT_FOLDERS,
  GUARD_EXTRA_NAMES,
  RETENTION_FAILED,
  RETENTION_RULES,
  SETTINGS,
  SettingDamagedError,
  VAULT_ID,
  deleteSetting,
  getSetting,
  hasSetting,
  readSetting,
  setSetting,
  settingOf,
  settingProblems,
} from './settings';

const tempDir = useTempDirs();
const KEY = Buffer.alloc(32, 7);

async function database(): Promise<Db> {
  return openVault(path.join(await tempDir(), DATABASE_FILE), KEY, { create: true });
}
const raw = (db: Db, key: string) => (db.prepare('SELECT value FROM vault_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
const store = (db: Db, key: string, value: string) => db.prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);

describe('typed settings', () => {
  it('reads back what was set in the format vaults already hold, the fallback when unset, and deletes', async () => {
    const db = await database();
    try {
      expect(readSetting(db, RETENTION_RULES)).toEqual({ state: 'unset' });
      expect(getSetting(db, RETENTION_RULES)).toEqual(RETENTION_DEFAULTS);
      expect(getSetting(db, AUDIT_ANCHOR)).toBeNull();
      const rules = { ...RETENTION_DEFAULTS, 'case-records': RETENTION_DEFAULTS['case-records'] + 12 };
      setSetting(db, RETENTION_RULES, rules);
      expect(raw(db, 'retention_rules')).toBe(JSON.stringify(rules));
      expect(readSetting(db, RETENTION_RULES)).toEqual({ state: 'set', value: rules });
      // Plain text where vaults hold plain text.
      setSetting(db, VAULT_ID, 'v-123');
      expect(raw(db, 'vault_id')).toBe('v-123');
      expect(getSetting(db, VAULT_ID)).toBe('v-123');
      // A per-account key.
      setSetting(db, EXPORT_FOLDERS.of('acc-1'), { minutes: '/tmp/Protokoll' });
      expect(raw(db, 'export_folders:acc-1')).toBe('{"minutes":"/tmp/Protokoll"}');
      expect(getSetting(db, EXPORT_FOLDERS.of('acc-2'))).toEqual({});
      expect(hasSetting(db, EXPORT_FOLDERS.of('acc-1'))).toBe(true);
      deleteSetting(db, EXPORT_FOLDERS.of('acc-1'));
      expect(hasSetting(db, EXPORT_FOLDERS.of('acc-1'))).toBe(false);
      // What an older version wrote is read as it read it: an unknown failure reason is an 'error'.
      store(db, 'retention_failed', JSON.stringify({ at: '2031-12-01T10:00:00+01:00', reason: 'something-new' }));
      expect(getSetting(db, RETENTION_FAILED)).toEqual({ at: '2031-12-01T09:00:00.000Z', reason: 'error' });
      expect(settingProblems(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('reports a damaged stored value instead of using it (without repeating the value), and getSetting throws', async () => {
    const db = await database();
    try {
      store(db, 'retention_rules', '{oops');
      expect(readSetting(db, RETENTION_RULES)).toEqual({ state: 'damaged', problem: 'not JSON' });
      expect(() => getSetting(db, RETENTION_RULES)).toThrow(SettingDamagedError);
      // Valid JSON, but under a minimum: damaged, not the defaults and not the stored months.
      store(db, 'retention_rules', JSON.stringify({ ...RETENTION_DEFAULTS, 'audit-log': 12 }));
      expect(readSetting(db, RETENTION_RULES).state).toBe('damaged');
      store(db, 'guard.extra-names', JSON.stringify(['Hemligagatan', 7]));
      const read = readSetting(db, GUARD_EXTRA_NAMES);
      expect(read).toEqual({ state: 'damaged', problem: '1: invalid_type' });
      expect(JSON.stringify(read)).not.toContain('Hemligagatan');
      expect(() => getSetting(db, GUARD_EXTRA_NAMES)).toThrow(/guard\.extra-names cannot be read/);
      store(db, 'audit_anchor', JSON.stringify({ seq: 0, hash: 'a', at: 'x' }));
      expect(readSetting(db, AUDIT_ANCHOR)).toEqual({ state: 'damaged', problem: 'seq: too_small' });
      // A damaged value is still stored (hasSetting), and listed by settingProblems.
      expect(hasSetting(db, AUDIT_ANCHOR)).toBe(true);
      expect(settingProblems(db).map((p) => p.key)).toEqual(['audit_anchor', 'guard.extra-names', 'retention_rules']);
    } finally {
      db.close();
    }
  });

  it('writes nothing that does not match the declaration', async () => {
    const db = await database();
    try {
      expect(() => setSetting(db, RETENTION_RULES, { ...RETENTION_DEFAULTS, 'audit-log': 12 })).toThrow(TypeError);
      // @ts-expect-error -- the type says no; the runtime check says no too
      expect(() => setSetting(db, GUARD_EXTRA_NAMES, 'Hemligagatan')).toThrow(TypeError);
      expect(() => setSetting(db, VAULT_ID, '')).toThrow(TypeError);
      expect(() => EXPORT_FOLDERS.of('')).toThrow(RangeError);
      expect(db.prepare('SELECT count(*) AS n FROM vault_meta').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('names each key once: no two declarations own the same key, and a stray key is reported', async () => {
    expect(new Set(SETTINGS.map((s) => s.name)).size).toBe(SETTINGS.length);
    for (const key of ['vault_id', 'demo', 'retention_rules', 'export_folders:acc-1', 'guard.extra-names', 'key_rotation_rolled_back']) {
      expect(SETTINGS.filter((s) => s.owns(key)), key).toHaveLength(1);
    }
    expect(settingOf('export_folders:')).toBeNull();
    expect(settingOf('export_folders')).toBeNull();
    expect(settingOf('retention_rules_old')).toBeNull();
    const db = await database();
    try {
      store(db, 'stray_flag', '1');
      expect(settingProblems(db)).toEqual([{ key: 'stray_flag', problem: 'not declared in main/vault/settings.ts' }]);
    } finally {
      db.close();
    }
  });
});

// ---- No SQL against vault_meta outside settings.ts ----

const ROOT = path.resolve(__dirname, '../..');
/** SQL that reads or writes the table (a comment or a registry entry naming it is not SQL). */
const VAULT_META_SQL = /\b(?:FROM|INTO|UPDATE|JOIN|TABLE)\s+["'`]?vault_meta\b/i;

/** Source files of the app (tests, soak runs, test support and the migrations that create the table are not the app's flows). */
function appSources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === 'test-support' || entry.name === 'migrations') continue;
      files.push(...appSources(full));
    } else if (/\.(?:ts|tsx|mjs)$/.test(entry.name) && !/\.(?:test|soak|e2e)\.tsx?$/.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

describe('vault_meta is written through settings.ts only', () => {
  it('recognises SQL against the table, not prose about it', () => {
    expect(VAULT_META_SQL.test("db.prepare(\"SELECT value FROM vault_meta WHERE key = 'x'\")")).toBe(true);
    expect(VAULT_META_SQL.test("db.prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?)')")).toBe(true);
    expect(VAULT_META_SQL.test("db.prepare('DELETE FROM  vault_meta')")).toBe(true);
    expect(VAULT_META_SQL.test('db.prepare(`update "vault_meta" set value = 1`)')).toBe(true);
    expect(VAULT_META_SQL.test("/** The anchor in `vault_meta` must be the one the chain records. */ table: 'vault_meta',")).toBe(false);
  });

  it('finds no such SQL in main/, shared/ or scripts/ outside settings.ts', () => {
    const files = ['main', 'shared', 'scripts'].flatMap((dir) => appSources(path.join(ROOT, dir)));
    const hits = files.filter((file) => VAULT_META_SQL.test(readFileSync(file, 'utf8'))).map((file) => path.relative(ROOT, file));
    // The scan reads the files it should: settings.ts itself is found.
    expect(hits).toContain(path.join('main', 'vault', 'settings.ts'));
    expect(hits).toEqual([path.join('main', 'vault', 'settings.ts')]);
  });
});
