import { createHmac, randomBytes } from 'node:crypto';
import { type Json, canonicalJson } from '../../shared/canonical-json';
import { AppError } from '../../shared/ipc/errors';
import { type NoteSecret, noteSecretForPassword } from './keys/header';
import { KdfParams } from './keys/kdf';
import { type Wrapped, unwrapKey, wrapKey } from './keys/key-wrap';
import { formatRecoveryKey, parseCode } from './keys/recovery-key';
import type { UnlockedVault } from './vault';

/**
 * The note key of an account's private notes (DESIGN.md, "Security model"): 32 random bytes,
 * stored only wrapped — by the account's password (the secret from the slot's own Argon2id run,
 * bound to that slot's salt) and by a personal code shown once, to its owner only. The database
 * key opens neither, so an admin holding it (`export-key`) reads ciphertext. After an admin
 * password reset the account has a new slot, so the password wrap no longer opens and the notes
 * stay locked until the owner enters the old password or the personal code; the key is then
 * re-wrapped to the current password.
 */
export type NoteKeyState = 'none' | 'open' | 'locked';

/** 20 bytes (160 bits), shown as 8 groups of 4 characters. Random, so a fast KDF suffices. */
const CODE_BYTES = 20;

interface NoteKeyRow {
  password_salt: string;
  password_kdf: string;
  password_nonce: string;
  password_ciphertext: string;
  code_salt: string;
  code_nonce: string;
  code_ciphertext: string;
}

function owner(vault: UnlockedVault): string {
  const account = vault.account;
  if (!account) throw new AppError('unauthenticated', 'Sign in first');
  return account.id;
}

function wrapAad(vault: UnlockedVault, accountId: string, by: 'password' | 'code'): Buffer {
  return Buffer.from(canonicalJson({ purpose: 'teamvalv-private-note-key', vaultId: vault.header.vaultId, accountId, by }));
}

function codeKek(code: Buffer, salt: Buffer): Buffer {
  return createHmac('sha256', salt).update(code).update('teamvalv personal code').digest();
}

function keyRow(vault: UnlockedVault, accountId: string): NoteKeyRow | undefined {
  return vault.db
    .prepare('SELECT password_salt, password_kdf, password_nonce, password_ciphertext, code_salt, code_nonce, code_ciphertext FROM private_note_keys WHERE account_id = ?')
    .get(accountId) as NoteKeyRow | undefined;
}

const passwordWrap = (row: NoteKeyRow): Wrapped => ({ nonce: row.password_nonce, ciphertext: row.password_ciphertext });

function sameKdf(a: string, b: KdfParams): boolean {
  return a === canonicalJson(b as unknown as Json);
}

/** The state of the signed-in account's note key; opens it when this password's secret fits. */
export function noteKeyState(vault: UnlockedVault): NoteKeyState {
  const accountId = owner(vault);
  if (vault.secrets.noteKey) return 'open';
  const row = keyRow(vault, accountId);
  if (!row) return 'none';
  const secret = vault.secrets.noteSecret;
  if (secret && secret.salt === row.password_salt && sameKdf(row.password_kdf, secret.kdf)) {
    const key = unwrapKey(secret.secret, passwordWrap(row), wrapAad(vault, accountId, 'password'));
    if (key) {
      vault.secrets.holdNoteKey(key);
      key.fill(0);
      return 'open';
    }
  }
  return 'locked';
}

/** The open note key, or a typed error saying why not. */
export function requireNoteKey(vault: UnlockedVault): Buffer {
  const state = noteKeyState(vault);
  const key = vault.secrets.noteKey;
  if (state === 'open' && key) return key;
  if (state === 'none') throw new AppError('private_notes_locked', 'No private notes key yet: set one up first');
  throw new AppError('private_notes_locked', 'Private notes are locked: enter your old password or your personal code');
}

function passwordColumns(vault: UnlockedVault, accountId: string, secret: NoteSecret, noteKey: Buffer) {
  const wrapped = wrapKey(secret.secret, noteKey, wrapAad(vault, accountId, 'password'));
  return { salt: secret.salt, kdf: canonicalJson(secret.kdf as unknown as Json), nonce: wrapped.nonce, ciphertext: wrapped.ciphertext };
}

function codeColumns(vault: UnlockedVault, accountId: string, noteKey: Buffer): { code: string; salt: string; nonce: string; ciphertext: string } {
  const code = randomBytes(CODE_BYTES);
  const salt = randomBytes(16);
  const kek = codeKek(code, salt);
  try {
    const wrapped = wrapKey(kek, noteKey, wrapAad(vault, accountId, 'code'));
    return { code: formatRecoveryKey(code), salt: salt.toString('base64'), ...wrapped };
  } finally {
    kek.fill(0);
    code.fill(0);
  }
}

function passwordSecretOrRefuse(vault: UnlockedVault): NoteSecret {
  const secret = vault.secrets.noteSecret;
  if (!secret) throw new AppError('forbidden', 'Sign in with your own password to use private notes');
  return secret;
}

/** The first private note: a new note key, wrapped by the password and a personal code returned once. */
export function setUpNoteKey(vault: UnlockedVault): { personalCode: string } {
  const accountId = owner(vault);
  if (keyRow(vault, accountId)) throw new AppError('conflict', 'The private notes key is already set up');
  const secret = passwordSecretOrRefuse(vault);
  const noteKey = randomBytes(32);
  try {
    const pw = passwordColumns(vault, accountId, secret, noteKey);
    const code = codeColumns(vault, accountId, noteKey);
    const now = vault.now().toISOString();
    vault.db.transaction(() => {
      vault.db
        .prepare(
          `INSERT INTO private_note_keys (account_id, password_salt, password_kdf, password_nonce, password_ciphertext, code_salt, code_nonce, code_ciphertext, created_at, rewrapped_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(accountId, pw.salt, pw.kdf, pw.nonce, pw.ciphertext, code.salt, code.nonce, code.ciphertext, now, now);
      vault.audit('private-notes.key-created', {});
    })();
    vault.secrets.holdNoteKey(noteKey);
    return { personalCode: code.code };
  } finally {
    noteKey.fill(0);
  }
}

/** Re-wraps the password wrap to the current password (after opening with the old one or the code). */
function rewrapToCurrentPassword(vault: UnlockedVault, accountId: string, noteKey: Buffer): void {
  const secret = vault.secrets.noteSecret;
  if (!secret) return;
  const pw = passwordColumns(vault, accountId, secret, noteKey);
  vault.db
    .prepare('UPDATE private_note_keys SET password_salt = ?, password_kdf = ?, password_nonce = ?, password_ciphertext = ?, rewrapped_at = ? WHERE account_id = ?')
    .run(pw.salt, pw.kdf, pw.nonce, pw.ciphertext, vault.now().toISOString(), accountId);
}

function opened(vault: UnlockedVault, accountId: string, key: Buffer | null, method: 'old-password' | 'personal-code'): boolean {
  if (!key) {
    vault.audit('private-notes.unlock-failed', { method });
    return false;
  }
  try {
    vault.secrets.holdNoteKey(key);
    vault.db.transaction(() => {
      rewrapToCurrentPassword(vault, accountId, key);
      vault.audit('private-notes.unlocked', { method });
    })();
    return true;
  } finally {
    key.fill(0);
  }
}

/**
 * Opens locked notes with a password the wrap was made with (the one before an admin reset). The
 * Argon2id run with the stored salt and parameters is what slows guessing, as at unlock.
 */
export async function openNoteKeyWithPassword(vault: UnlockedVault, password: string): Promise<boolean> {
  const accountId = owner(vault);
  const row = keyRow(vault, accountId);
  if (!row) throw new AppError('not_found', 'No private notes key yet');
  const kdf = KdfParams.safeParse(JSON.parse(row.password_kdf));
  if (!kdf.success) throw new AppError('internal', 'The stored KDF parameters are damaged');
  const secret = await noteSecretForPassword(vault.header.vaultId, accountId, row.password_salt, kdf.data, password);
  try {
    return opened(vault, accountId, unwrapKey(secret, passwordWrap(row), wrapAad(vault, accountId, 'password')), 'old-password');
  } finally {
    secret.fill(0);
  }
}

/** Opens locked notes with the personal code. */
export function openNoteKeyWithCode(vault: UnlockedVault, codeText: string): boolean {
  const accountId = owner(vault);
  const row = keyRow(vault, accountId);
  if (!row) throw new AppError('not_found', 'No private notes key yet');
  const code = parseCode(codeText, CODE_BYTES);
  if (!code) return opened(vault, accountId, null, 'personal-code');
  const kek = codeKek(code, Buffer.from(row.code_salt, 'base64'));
  try {
    return opened(vault, accountId, unwrapKey(kek, { nonce: row.code_nonce, ciphertext: row.code_ciphertext }, wrapAad(vault, accountId, 'code')), 'personal-code');
  } finally {
    kek.fill(0);
    code.fill(0);
  }
}

/** A new personal code (the old one stops working), shown once. Needs the notes open. */
export function newPersonalCode(vault: UnlockedVault): { personalCode: string } {
  const accountId = owner(vault);
  const noteKey = requireNoteKey(vault);
  const code = codeColumns(vault, accountId, noteKey);
  vault.db.transaction(() => {
    vault.db
      .prepare('UPDATE private_note_keys SET code_salt = ?, code_nonce = ?, code_ciphertext = ?, rewrapped_at = ? WHERE account_id = ?')
      .run(code.salt, code.nonce, code.ciphertext, vault.now().toISOString(), accountId);
    vault.audit('private-notes.code-replaced', {});
  })();
  return { personalCode: code.code };
}

/**
 * An own password change: the note key (opened with the old password's secret, if it fits) is
 * re-wrapped to the new password. Locked notes stay locked: the old password or the code opens them.
 */
export function rewrapNoteKeyOnPasswordChange(vault: UnlockedVault, next: NoteSecret): void {
  const accountId = owner(vault);
  const state = noteKeyState(vault);
  vault.secrets.replaceNoteSecret(next);
  const key = vault.secrets.noteKey;
  if (state === 'open' && key) rewrapToCurrentPassword(vault, accountId, key);
}
