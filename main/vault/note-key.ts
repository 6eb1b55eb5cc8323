import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
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

/** The open note key, or a typed error saying why not. Never leaves main/vault/ (`noteCipherOf` uses it). */
function requireNoteKey(vault: UnlockedVault): Buffer {
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
  // A one-time password is known to the admin who set it: nothing private is ever wrapped by it.
  if (vault.account?.mustChangePassword) throw new AppError('forbidden', 'Choose your own password first', { reason: 'change_password_first' });
  const secret = vault.secrets.noteSecret;
  if (!secret) throw new AppError('forbidden', 'Sign in with your own password to use private notes', { reason: 'change_password_first' });
  return secret;
}

/** The first private note: a new note key, wrapped by the password and a personal code returned once. */
export function setUpNoteKey(vault: UnlockedVault): { personalCode: string } {
  const accountId = owner(vault);
  if (keyRow(vault, accountId)) throw new AppError('conflict', 'The private notes key is already set up', { reason: 'already_done' });
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
  // Not to a one-time password (the admin knows it): the next own password change re-wraps.
  if (!secret || vault.account?.mustChangePassword) return;
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
    vault.db.transaction(() => {
      rewrapToCurrentPassword(vault, accountId, key);
      vault.audit('private-notes.unlocked', { method });
    })();
    // Held only once recorded; a vault that locked meanwhile refuses it (and it is zeroed below).
    vault.secrets.holdNoteKey(key);
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

/**
 * A new personal code, shown once — and a new note key: every note and draft of the author is
 * re-encrypted under it in one transaction, and both wraps are made afresh. So neither the old
 * code nor an earlier password (whose wraps may survive in older backups) opens anything written
 * from now on. Needs the notes open.
 */
export function newPersonalCode(vault: UnlockedVault): { personalCode: string } {
  const accountId = owner(vault);
  const oldKey = requireNoteKey(vault);
  const secret = passwordSecretOrRefuse(vault);
  const newKey = randomBytes(32);
  try {
    const pw = passwordColumns(vault, accountId, secret, newKey);
    const code = codeColumns(vault, accountId, newKey);
    let notes = 0;
    vault.db.transaction(() => {
      notes = reencryptNotes(vault, accountId, oldKey, newKey);
      vault.db
        .prepare(
          'UPDATE private_note_keys SET password_salt = ?, password_kdf = ?, password_nonce = ?, password_ciphertext = ?, code_salt = ?, code_nonce = ?, code_ciphertext = ?, rewrapped_at = ? WHERE account_id = ?',
        )
        .run(pw.salt, pw.kdf, pw.nonce, pw.ciphertext, code.salt, code.nonce, code.ciphertext, vault.now().toISOString(), accountId);
      vault.audit('private-notes.key-replaced', { notes });
    })();
    vault.secrets.holdNoteKey(newKey);
    return { personalCode: code.code };
  } finally {
    newKey.fill(0);
  }
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

// The notes' own encryption: AES-256-GCM under the note key, a fresh nonce per write, the
// associated data binding vault, author, note, session, kind and part — so a row moved to another
// note, session, kind, part or author does not decrypt.

export type NotePart = 'text' | 'draft';

export interface NoteBinding {
  readonly accountId: string;
  readonly noteId: string;
  readonly sessionId: string;
  readonly kind: string;
}

function noteAad(vault: UnlockedVault, binding: NoteBinding, part: NotePart): Buffer {
  return Buffer.from(canonicalJson({ purpose: 'teamvalv-private-note', vaultId: vault.header.vaultId, ...binding, part }));
}

function sealNote(vault: UnlockedVault, key: Buffer, binding: NoteBinding, part: NotePart, text: string): SealedNote {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(noteAad(vault, binding, part));
  return { nonce, ciphertext: Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]) };
}

/** The text, or a typed error when the row does not open under its own binding (altered or moved). */
function openNote(vault: UnlockedVault, key: Buffer, binding: NoteBinding, part: NotePart, nonce: Buffer, ciphertext: Buffer): string {
  try {
    if (ciphertext.length < 16) throw new Error('short');
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(noteAad(vault, binding, part));
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
    return Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError('internal', 'A private note does not decrypt: it was altered');
  }
}

export interface SealedNote {
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
}

/**
 * What main/supervision/private-notes.ts needs of the signed-in account's note key (issue 19): to
 * know it is open, and to seal and open one of the account's notes under it — never the key
 * itself, which stays here with the account's note secrets (`vault.secrets`). Made for one call by
 * the channel, from the open vault; asks for the key at each use, so a lock in between refuses.
 */
export interface NoteCipher {
  /** Throws `private_notes_locked` unless the signed-in account's note key is open (it opens with this password's secret when that fits). */
  requireOpen(): void;
  /** The text sealed under the note key and bound to the note; `binding.accountId` must be the signed-in account. */
  seal(binding: NoteBinding, part: NotePart, text: string): SealedNote;
  /** The text, or a typed `internal` error when the row does not open under its own binding (altered or moved). */
  open(binding: NoteBinding, part: NotePart, nonce: Buffer, ciphertext: Buffer): string;
  /** The vault's fencing check (no other instance took the vault over), for a write that commits with no audit row: a draft. */
  fence(): void;
}

/** The private-note operations of the vault's signed-in account (see `NoteCipher`). */
export function noteCipherOf(vault: UnlockedVault): NoteCipher {
  const keyFor = (binding: NoteBinding): Buffer => {
    if (binding.accountId !== owner(vault)) throw new AppError('forbidden', 'Private notes belong to the psychologist who writes them', { reason: 'psychologist_only' });
    return requireNoteKey(vault);
  };
  return {
    requireOpen: () => {
      requireNoteKey(vault);
    },
    seal: (binding, part, text) => sealNote(vault, keyFor(binding), binding, part, text),
    open: (binding, part, nonce, ciphertext) => openNote(vault, keyFor(binding), binding, part, nonce, ciphertext),
    fence: () => vault.fence(),
  };
}

interface StoredNote {
  id: string;
  session_id: string;
  kind: string;
  nonce: Buffer | null;
  ciphertext: Buffer | null;
  draft_nonce: Buffer | null;
  draft_ciphertext: Buffer | null;
}

/** Re-encrypts every note and draft of the author under a new key (inside the caller's transaction). */
function reencryptNotes(vault: UnlockedVault, accountId: string, oldKey: Buffer, newKey: Buffer): number {
  const rows = vault.db.prepare('SELECT id, session_id, kind, nonce, ciphertext, draft_nonce, draft_ciphertext FROM private_notes WHERE account_id = ?').all(accountId) as StoredNote[];
  const update = vault.db.prepare('UPDATE private_notes SET nonce = ?, ciphertext = ?, draft_nonce = ?, draft_ciphertext = ? WHERE id = ?');
  for (const row of rows) {
    const binding = { accountId, noteId: row.id, sessionId: row.session_id, kind: row.kind };
    const again = (part: NotePart, nonce: Buffer | null, ciphertext: Buffer | null) =>
      nonce && ciphertext ? sealNote(vault, newKey, binding, part, openNote(vault, oldKey, binding, part, nonce, ciphertext)) : { nonce: null, ciphertext: null };
    const text = again('text', row.nonce, row.ciphertext);
    const draft = again('draft', row.draft_nonce, row.draft_ciphertext);
    update.run(text.nonce, text.ciphertext, draft.nonce, draft.ciphertext, row.id);
  }
  return rows.length;
}
