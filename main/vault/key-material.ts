/**
 * The database key of an open vault, for main/vault/ alone (ESLint refuses this import anywhere
 * else in main/, test files excepted: they read the key to prove what is on disk is encrypted).
 * `UnlockedVault` keeps its key in a private field and registers it here; a domain gets the
 * database handle and the audit writer, never key bytes, and asks main/vault/ for any operation
 * that needs the key (a backup, a backup replaced after a gallring, a restore).
 *
 * Keyed by object, not by the class, so this module imports nothing from vault.ts (no import circle).
 */
const keys = new WeakMap<object, Buffer>();

/** Called by `UnlockedVault`'s constructor: the key is the vault's (zeroed by its `close`). */
export function holdDatabaseKey(holder: object, key: Buffer): void {
  keys.set(holder, key);
}

/** The open vault's key itself (not a copy): never kept, logged or returned outside main/vault/. */
export function databaseKeyOf(holder: object): Buffer {
  const key = keys.get(holder);
  if (!key) throw new Error('This object holds no database key');
  return key;
}
