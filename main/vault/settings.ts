import { z } from 'zod';
import { ExportFolderKind } from '../../shared/ipc/contract';
import { PurgeResult, RETENTION_DEFAULTS, RETENTION_KINDS, RETENTION_MINIMUM, RetentionRules, SCHEDULE_FAILURES } from '../../shared/retention/model';
import { AgeBandBounds } from '../../shared/cases/facts';
import { DEFAULT_AGE_BAND_BOUNDS } from '../../shared/cases/codes';
import type { Db } from './db/open-vault';

/**
 * Every setting the app keeps in the `vault_meta` table (key → text), declared once: its key (or
 * a per-account key pattern), the schema of its value, what a vault without it means, and which
 * part of the app owns it. Only this module writes SQL against `vault_meta`
 * (settings.test.ts scans the source). The stored formats are the ones vaults already hold:
 * JSON, except `vault_id` and `demo`, which are plain text.
 *
 * A stored value that does not match its schema is never used as if it were good: `readSetting`
 * answers `damaged` (the caller decides what that means — retention rules stop every purge, an
 * unreadable audit anchor is an alarm) and `getSetting` throws `SettingDamagedError`.
 */

/** One declared setting; a per-account family is declared once with a key pattern. */
export interface SettingSpec<T, F> {
  /** The key, or the pattern of a family (`export_folders:<accountId>`). */
  readonly name: string;
  /** The part of the app that writes it (and decides what a damaged value means). */
  readonly owner: string;
  /** `text`: the value is stored as is (a string); `json`: as JSON. */
  readonly format: 'json' | 'text';
  readonly schema: z.ZodType<T>;
  /** What a vault without the key means. */
  readonly fallback: F;
  /** Whether a stored key belongs to this setting. */
  owns(key: string): boolean;
}

/** One concrete key of a declared setting: what get/set/delete take. */
export interface SettingKey<T, F> {
  readonly key: string;
  readonly spec: SettingSpec<T, F>;
}

type Declaration<T, F> = Omit<SettingSpec<T, F>, 'name' | 'owns'>;

function fixed<T, F>(name: string, declaration: Declaration<T, F>): SettingSpec<T, F> & SettingKey<T, F> {
  const spec: SettingSpec<T, F> = { ...declaration, name, owns: (key) => key === name };
  return { ...spec, key: name, spec };
}

/** A family of keys, one per account: `<prefix>:<accountId>`. */
function perAccount<T, F>(prefix: string, declaration: Declaration<T, F>): SettingSpec<T, F> & { of(accountId: string): SettingKey<T, F> } {
  const spec: SettingSpec<T, F> = { ...declaration, name: `${prefix}:<accountId>`, owns: (key) => key.startsWith(`${prefix}:`) && key.length > prefix.length + 1 };
  return {
    ...spec,
    of(accountId: string) {
      if (accountId.length === 0) throw new RangeError('an account id is needed');
      return { key: `${prefix}:${accountId}`, spec };
    },
  };
}

const isoTime = z.string().refine((at) => !Number.isNaN(new Date(at).getTime()), 'not a time');

/** The vault's id, written once when the vault is made (plain text). */
export const VAULT_ID = fixed('vault_id', { owner: 'main/vault/vault.ts (createVault)', format: 'text', schema: z.string().min(1), fallback: null });

/** Marks the demo vault (plain text '1'): the demo's data may be shown as examples. */
export const DEMO = fixed('demo', { owner: 'main/vault/demo.ts (ensureDemoVault)', format: 'text', schema: z.literal('1'), fallback: null });

/** The admins' retention rules (months per kind, none under its minimum); the defaults until set. */
export const RETENTION_RULES = fixed('retention_rules', {
  owner: 'main/retention/rules.ts (read by main/vault/retention.ts)',
  format: 'json',
  schema: RetentionRules.refine((rules) => RETENTION_KINDS.every((kind) => rules[kind] >= RETENTION_MINIMUM[kind]), 'under a minimum'),
  fallback: RETENTION_DEFAULTS,
});

/** Scheduled gallring on or off, since when and by whom (the admin who set the rules to run; the gallringsbeslut are the authorities', main/retention/ownership.ts). */
export const RETENTION_SCHEDULE = fixed('retention_schedule', {
  owner: 'main/retention/schedule.ts',
  format: 'json',
  // What older versions wrote is read as they read it: a time or an admin that is not a string is none.
  schema: z.object({ enabled: z.boolean(), enabledAt: z.string().nullable().catch(null), enabledBy: z.string().nullable().catch(null) }),
  fallback: { enabled: false, enabledAt: null, enabledBy: null },
});

/** The last purge that ran (by hand or scheduled). */
export const RETENTION_LAST_RUN = fixed('retention_last_run', { owner: 'main/retention/purge.ts (cleared by a restore, main/vault/backups.ts)', format: 'json', schema: PurgeResult, fallback: null });

/** A scheduled run's result, shown to admins until one acknowledges it. */
export const RETENTION_NOTICE = fixed('retention_notice', { owner: 'main/retention/purge.ts, schedule.ts', format: 'json', schema: PurgeResult, fallback: null });

/** Why the scheduled run did not run (until a purge succeeds). An unknown reason reads as 'error'. */
export const RETENTION_FAILED = fixed('retention_failed', {
  owner: 'main/retention/schedule.ts (cleared by main/retention/purge.ts)',
  format: 'json',
  schema: z.object({
    at: isoTime.transform((at) => new Date(at).toISOString()),
    reason: z.unknown().transform((reason) => SCHEDULE_FAILURES.find((known) => known === reason) ?? 'error'),
  }),
  fallback: null,
});

/** An early gallring whose backups (which still hold the case) are not yet replaced; the next unlock retries. */
export const GALLRING_BACKUPS_PENDING = fixed('gallring_backups_pending', {
  owner: 'main/retention/early-gallring.ts (cleared by main/vault/backups.ts)',
  format: 'json',
  schema: z.object({ at: z.string(), caseCode: z.string() }),
  fallback: null,
});

/** Where the kept audit chain starts after old rows were purged. */
export const AUDIT_ANCHOR = fixed('audit_anchor', {
  owner: 'main/vault/audit/audit-log.ts',
  format: 'json',
  schema: z.object({ seq: z.number().int().positive(), hash: z.string(), at: z.string() }),
  fallback: null,
});

/** A key rotation undone at an unlock and not yet done again (admins are told to rotate again). */
export const KEY_ROTATION_ROLLED_BACK = fixed('key_rotation_rolled_back', {
  owner: 'main/vault/rotation.ts',
  format: 'json',
  schema: z.object({ startedAt: z.string(), reason: z.string().optional().catch(undefined) }),
  fallback: null,
});

/** The admin's own additions to the identifier guard's name list (sensitive: never logged). */
export const GUARD_EXTRA_NAMES = fixed('guard.extra-names', { owner: 'main/guard/extra-names.ts', format: 'json', schema: z.array(z.string()), fallback: [] as string[] });

/** One account's last export folder per kind (folder names can say a lot: inside the vault; removed with the account). */
export const EXPORT_FOLDERS = perAccount('export_folders', {
  owner: 'main/services/files/handlers.ts (removed with the account by main/vault/rotation.ts)',
  format: 'json',
  schema: z.partialRecord(ExportFolderKind, z.string()),
  fallback: {},
});

/** The vault's age bands as ascending lower bounds (issue 20): new cases take one of their labels. */
export const AGE_BAND_BOUNDS = fixed('case.age-band-bounds', {
  owner: 'main/cases/facts.ts',
  format: 'json',
  schema: AgeBandBounds,
  fallback: [...DEFAULT_AGE_BAND_BOUNDS] as number[],
});

/** Every declared setting: a key in `vault_meta` that none of these owns is a bug (settings.test.ts). */
export const SETTINGS: readonly SettingSpec<unknown, unknown>[] = [
  VAULT_ID,
  DEMO,
  RETENTION_RULES,
  RETENTION_SCHEDULE,
  RETENTION_LAST_RUN,
  RETENTION_NOTICE,
  RETENTION_FAILED,
  GALLRING_BACKUPS_PENDING,
  AUDIT_ANCHOR,
  KEY_ROTATION_ROLLED_BACK,
  GUARD_EXTRA_NAMES,
  EXPORT_FOLDERS,
  AGE_BAND_BOUNDS,
];

/** The declared setting a stored key belongs to, or null. */
export function settingOf(key: string): SettingSpec<unknown, unknown> | null {
  return SETTINGS.find((spec) => spec.owns(key)) ?? null;
}

export type SettingRead<T> = { readonly state: 'unset' } | { readonly state: 'set'; readonly value: T } | { readonly state: 'damaged'; readonly problem: string };

/** A stored value that does not match its setting's schema. */
export class SettingDamagedError extends Error {
  override name = 'SettingDamagedError';
  constructor(
    readonly key: string,
    readonly problem: string,
  ) {
    super(`The stored setting ${key} cannot be read (${problem})`);
  }
}

function decode<T>(spec: SettingSpec<T, unknown>, stored: string): SettingRead<T> {
  let value: unknown = stored;
  if (spec.format === 'json') {
    try {
      value = JSON.parse(stored);
    } catch {
      return { state: 'damaged', problem: 'not JSON' };
    }
  }
  const parsed = spec.schema.safeParse(value);
  // The problem names paths and codes only, never the stored value (it may be sensitive).
  if (!parsed.success) return { state: 'damaged', problem: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(value)'}: ${issue.code}`).join('; ') };
  return { state: 'set', value: parsed.data };
}

/** The stored value: unset, set (checked against the schema), or damaged. */
export function readSetting<T, F>(db: Db, setting: SettingKey<T, F>): SettingRead<T> {
  const row = db.prepare('SELECT value FROM vault_meta WHERE key = ?').get(setting.key) as { value: string } | undefined;
  return row ? decode(setting.spec, row.value) : { state: 'unset' };
}

/** The stored value, or the fallback when unset; `SettingDamagedError` when it cannot be read. */
export function getSetting<T, F>(db: Db, setting: SettingKey<T, F>): T | F {
  const read = readSetting(db, setting);
  if (read.state === 'damaged') throw new SettingDamagedError(setting.key, read.problem);
  return read.state === 'set' ? read.value : setting.spec.fallback;
}

/** Whether the key is stored at all (a damaged value counts: it was written). */
export function hasSetting(db: Db, setting: SettingKey<unknown, unknown>): boolean {
  return db.prepare('SELECT 1 FROM vault_meta WHERE key = ?').get(setting.key) !== undefined;
}

/** Stores a value after checking it against the schema (a value that does not match is a bug: thrown, nothing written). */
export function setSetting<T, F>(db: Db, setting: SettingKey<T, F>, value: T): void {
  const checked = setting.spec.schema.safeParse(value);
  if (!checked.success) throw new TypeError(`${setting.key}: the value does not match the declared setting`);
  let stored: string;
  if (setting.spec.format === 'text') {
    if (typeof value !== 'string') throw new TypeError(`${setting.key} is stored as text`);
    stored = value;
  } else {
    stored = JSON.stringify(value);
  }
  db.prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(setting.key, stored);
}

export function deleteSetting(db: Db, setting: SettingKey<unknown, unknown>): void {
  db.prepare('DELETE FROM vault_meta WHERE key = ?').run(setting.key);
}

/** Every stored key no declared setting owns, and every declared one whose value cannot be read. */
export function settingProblems(db: Db): { readonly key: string; readonly problem: string }[] {
  const problems: { key: string; problem: string }[] = [];
  for (const { key, value } of db.prepare('SELECT key, value FROM vault_meta ORDER BY key').all() as { key: string; value: string }[]) {
    const spec = settingOf(key);
    if (!spec) {
      problems.push({ key, problem: 'not declared in main/vault/settings.ts' });
      continue;
    }
    const read = decode(spec, value);
    if (read.state === 'damaged') problems.push({ key, problem: read.problem });
  }
  return problems;
}
