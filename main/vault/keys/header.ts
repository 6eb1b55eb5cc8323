import { type KeyObject, createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Json, canonicalJson } from '../../../shared/canonical-json';
import { type KdfParams, KdfParams as KdfParamsSchema, deriveKey } from './kdf';
import { unwrapKey, wrapKey } from './key-wrap';

const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

const Sealed = z.object({ nonce: Base64, ciphertext: Base64 }).strict();

/**
 * An account's slot. The account has its own X25519 key pair: the private key is wrapped under
 * an Argon2id key from the password, and the database key is sealed to the public key. So the
 * database key can be re-sealed to every remaining account at a key rotation without anyone's
 * password, and a password change rewrites only the private-key wrap.
 */
const AccountSlot = z
  .object({
    kind: z.literal('account'),
    accountId: z.string().min(1),
    /** Finds the slot for a typed username before the database is open, without storing the name. */
    usernameTag: z.string().regex(/^[0-9a-f]{64}$/),
    slotVersion: z.number().int().positive(),
    salt: Base64,
    publicKey: Base64,
    privateKey: Sealed,
    databaseKey: Sealed.extend({ ephemeralPublicKey: Base64 }).strict(),
    /** Stronger Argon2id parameters than the header's, when the password was set on a faster machine. */
    kdf: KdfParamsSchema.optional(),
  })
  .strict();

const RecoverySlot = z
  .object({ kind: z.literal('recovery'), slotVersion: z.number().int().positive(), salt: Base64, nonce: Base64, ciphertext: Base64 })
  .strict();

export const Slot = z.discriminatedUnion('kind', [AccountSlot, RecoverySlot]);
export type Slot = z.infer<typeof Slot>;
export type AccountSlot = z.infer<typeof AccountSlot>;

/**
 * A failed unlock while the database is closed: when, and whose — the account's username tag (an
 * HMAC already in the header) when the typed name is an account's, `recovery` for a recovery key,
 * or null for a name that is no account's. What was typed is never stored: on a shared PC people
 * type passwords into the username field.
 */
export const FailedUnlock = z
  .object({
    at: z.iso.datetime({ offset: true }),
    tag: z.union([z.string().regex(/^[0-9a-f]{64}$/), z.literal('recovery')]).nullable(),
  })
  .strict();
export type FailedUnlock = z.infer<typeof FailedUnlock>;

/** How earlier versions queued failures: with the typed name in clear. Read only to scrub it (`scrubFailedUnlocks`). */
export const LegacyFailedUnlock = z.object({ at: z.iso.datetime({ offset: true }), username: z.string().max(200) }).strict();
export type LegacyFailedUnlock = z.infer<typeof LegacyFailedUnlock>;

/**
 * A key rotation in progress or waiting for an admin (docs/architecture.md, "Key rotation"). Its
 * secrets are wrapped under the *new* database key, so only someone who can open the new
 * generation (a remaining account, or the new recovery key) can read them.
 * - `prepared`: `slots` still hold the current key; `newSlots` hold the new key sealed to every
 *   remaining account and to the new recovery key. The database may or may not be re-encrypted yet.
 * - `rekeyed`: the database is under the new key and `slots` are the new generation; backups may
 *   still be under the old key (`previousKey` opens them).
 * - `done`: backups finished and audited; only the new recovery key waits for an admin to
 *   confirm it was stored.
 */
export const Rotation = z
  .object({
    id: z.uuid(),
    reason: z.string().min(1).max(64),
    startedAt: z.iso.datetime({ offset: true }),
    state: z.enum(['prepared', 'rekeyed', 'done']),
    /** An account removed by this rotation (marked removed in the database when the rotation finishes). */
    removesAccountId: z.string().min(1).optional(),
    newSlots: z.array(Slot).min(1).optional(),
    /** The key before the rotation, wrapped under the new one: opens the backups not yet re-encrypted. */
    previousKey: Sealed.optional(),
    /** The new recovery key was shown (printed) before the database was re-encrypted. */
    recoveryKeyShown: z.boolean().optional(),
    /** The new recovery key's text, wrapped under the new key, until an admin confirms it was stored. */
    recoveryKey: Sealed.optional(),
    completedAt: z.iso.datetime({ offset: true }).optional(),
    /** Finished at an unlock after an interruption, not by the process that began it. */
    completedAtUnlock: z.boolean().optional(),
  })
  .strict();
export type Rotation = z.infer<typeof Rotation>;

const HeaderBody = z
  .object({
    format: z.literal(1),
    vaultId: z.uuid(),
    generation: z.number().int().nonnegative(),
    kdf: KdfParamsSchema,
    slots: z.array(Slot).min(1),
    /** Failed unlocks while the database was closed; moved into the audit log at the next unlock. */
    failedUnlocks: z.array(z.union([FailedUnlock, LegacyFailedUnlock])).max(1000),
    rotation: Rotation.optional(),
  })
  .strict();
export type HeaderBody = z.infer<typeof HeaderBody>;

export const VaultHeader = HeaderBody.extend({ checksum: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
export type VaultHeader = z.infer<typeof VaultHeader>;

/** A damaged header (torn write, bit rot, hand edit) is told apart from a valid one by this checksum. */
export function headerChecksum(body: HeaderBody): string {
  return createHash('sha256')
    .update(canonicalJson(body as unknown as Json))
    .digest('hex');
}

export function sealHeader(body: HeaderBody): VaultHeader {
  return { ...body, checksum: headerChecksum(body) };
}

/** Parses header text; null when it is not a valid, intact header. */
export function parseHeader(text: string): VaultHeader | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = VaultHeader.safeParse(raw);
  if (!parsed.success) return null;
  const { checksum, ...body } = parsed.data;
  return headerChecksum(body) === checksum ? parsed.data : null;
}

/**
 * What each wrap is bound to. Moving a slot to another account, another vault, another version
 * or other KDF parameters changes these bytes, and GCM then refuses to unwrap.
 */
function privateKeyAad(vaultId: string, accountId: string, slotVersion: number, kdf: KdfParams): Buffer {
  return Buffer.from(canonicalJson({ purpose: 'teamvalv-account-private-key', vaultId, accountId, slotVersion, kdf }));
}

function sealedKeyAad(vaultId: string, accountId: string): Buffer {
  return Buffer.from(canonicalJson({ purpose: 'teamvalv-account-database-key', vaultId, accountId }));
}

function recoveryAad(vaultId: string, slotVersion: number): Buffer {
  return Buffer.from(canonicalJson({ purpose: 'teamvalv-recovery-slot', vaultId, slotVersion }));
}

/** The recovery key is 256 random bits, so a fast KDF suffices: HMAC-SHA256 keyed by the salt. */
function recoveryKek(recoveryKey: Buffer, salt: Buffer): Buffer {
  return createHmac('sha256', salt).update(recoveryKey).update('teamvalv recovery slot').digest();
}

/**
 * What a failed unlock may record of the typed name: the tag of an account that has it (already
 * in the header), `recovery`, or null. A legacy entry with a clear-text name becomes the same.
 */
export function failureTag(header: HeaderBody, typed: { readonly username: string } | { readonly recovery: true }): FailedUnlock['tag'] {
  if ('recovery' in typed) return 'recovery';
  const tag = usernameTag(header.vaultId, typed.username);
  const slots = [...header.slots, ...(header.rotation?.newSlots ?? [])];
  return slots.some((slot) => slot.kind === 'account' && slot.usernameTag === tag) ? tag : null;
}

/** The failures with every clear-text name turned into its tag (or null): what may stay on disk. */
export function scrubbedFailures(header: HeaderBody): FailedUnlock[] {
  return header.failedUnlocks.map((failure) =>
    'username' in failure ? { at: failure.at, tag: failure.username === '(recovery key)' ? 'recovery' : failureTag(header, { username: failure.username }) } : failure,
  );
}

export function usernameTag(vaultId: string, username: string): string {
  return createHmac('sha256', vaultId).update(username.normalize('NFC').toLowerCase()).digest('hex');
}

function publicKeyFromBase64(text: string): KeyObject {
  return createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
}

/** ECDH(ephemeral, recipient) -> HKDF-SHA256 -> AES-256-GCM key; the ephemeral key is thrown away. */
function sealTo(recipient: KeyObject, secret: Buffer, aad: Buffer): z.infer<typeof AccountSlot>['databaseKey'] {
  const ephemeral = generateKeyPairSync('x25519');
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient });
  const kek = Buffer.from(hkdfSync('sha256', shared, Buffer.alloc(0), aad, 32));
  try {
    const ephemeralPublicKey = ephemeral.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    return { ephemeralPublicKey, ...wrapKey(kek, secret, aad) };
  } finally {
    kek.fill(0);
    shared.fill(0);
  }
}

function openSealed(privateKey: KeyObject, sealed: z.infer<typeof AccountSlot>['databaseKey'], aad: Buffer): Buffer | null {
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey, publicKey: publicKeyFromBase64(sealed.ephemeralPublicKey) });
  } catch {
    return null;
  }
  const kek = Buffer.from(hkdfSync('sha256', shared, Buffer.alloc(0), aad, 32));
  try {
    return unwrapKey(kek, sealed, aad);
  } finally {
    kek.fill(0);
    shared.fill(0);
  }
}

/**
 * The secret a password gives for the account's private notes (their key's password wrap), taken
 * from the same Argon2id run that opens the slot, so unlocking costs one KDF run, not two. Bound
 * to the slot's salt: a new slot (password change or admin reset) gives a new secret.
 */
function noteSecretFromKek(kek: Buffer, vaultId: string, accountId: string, salt: string): Buffer {
  const info = Buffer.from(canonicalJson({ purpose: 'teamvalv-private-note-secret', vaultId, accountId, salt }));
  return Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), info, 32));
}

/** The note secret for a password and a slot salt that may no longer be in the header (an old password). */
export async function noteSecretForPassword(vaultId: string, accountId: string, salt: string, kdf: KdfParams, password: string): Promise<Buffer> {
  const kek = await deriveKey(password, Buffer.from(salt, 'base64'), kdf);
  try {
    return noteSecretFromKek(kek, vaultId, accountId, salt);
  } finally {
    kek.fill(0);
  }
}

/** What a password opens besides the database key: the secret for private notes, with the salt and KDF it is bound to. */
export interface NoteSecret {
  readonly secret: Buffer;
  readonly salt: string;
  readonly kdf: KdfParams;
}

async function wrapPrivateKey(vaultId: string, accountId: string, slotVersion: number, kdf: KdfParams, password: string, privateKeyDer: Buffer) {
  const salt = randomBytes(16);
  const kek = await deriveKey(password, salt, kdf);
  try {
    const saltText = salt.toString('base64');
    const noteSecret: NoteSecret = { secret: noteSecretFromKek(kek, vaultId, accountId, saltText), salt: saltText, kdf };
    return { wrapped: { salt: saltText, privateKey: wrapKey(kek, privateKeyDer, privateKeyAad(vaultId, accountId, slotVersion, kdf)) }, noteSecret };
  } finally {
    kek.fill(0);
  }
}

/** A new account slot: a fresh key pair, wrapped by the password, with the database key sealed to it. */
export async function makeAccountSlot(
  vaultId: string,
  accountId: string,
  username: string,
  slotVersion: number,
  kdf: KdfParams,
  password: string,
  databaseKey: Buffer,
): Promise<AccountSlot> {
  const pair = generateKeyPairSync('x25519');
  const privateKeyDer = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
  try {
    const { wrapped, noteSecret } = await wrapPrivateKey(vaultId, accountId, slotVersion, kdf, password, privateKeyDer);
    noteSecret.secret.fill(0);
    return {
      kind: 'account',
      accountId,
      usernameTag: usernameTag(vaultId, username),
      slotVersion,
      ...wrapped,
      publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      databaseKey: sealTo(pair.publicKey, databaseKey, sealedKeyAad(vaultId, accountId)),
    };
  } finally {
    privateKeyDer.fill(0);
  }
}

/** Re-seals a (new) database key to an existing account, without its password (key rotation). */
export function resealAccountSlot(vaultId: string, slot: AccountSlot, databaseKey: Buffer): AccountSlot {
  return { ...slot, databaseKey: sealTo(publicKeyFromBase64(slot.publicKey), databaseKey, sealedKeyAad(vaultId, slot.accountId)) };
}

/** The stronger of two parameter sets (more memory, then more iterations); never weaker than `current`. */
export function strongerKdf(current: KdfParams, candidate: KdfParams | undefined): KdfParams {
  if (!candidate) return current;
  const cost = (p: KdfParams): number => p.memoryKiB * p.iterations;
  return cost(candidate) > cost(current) && candidate.memoryKiB >= current.memoryKiB && candidate.iterations >= current.iterations ? candidate : current;
}

/** The Argon2id parameters a slot's password wrap uses: its own when stronger than the header's. */
export function slotKdf(header: HeaderBody, slot: AccountSlot): KdfParams {
  return slot.kdf ?? header.kdf;
}

async function unwrapPrivateKey(header: HeaderBody, slot: AccountSlot, password: string): Promise<{ privateKey: KeyObject; noteSecret: NoteSecret } | null> {
  const kdf = slotKdf(header, slot);
  const kek = await deriveKey(password, Buffer.from(slot.salt, 'base64'), kdf);
  let der: Buffer | null = null;
  try {
    der = unwrapKey(kek, slot.privateKey, privateKeyAad(header.vaultId, slot.accountId, slot.slotVersion, kdf));
    if (!der) return null;
    const noteSecret: NoteSecret = { secret: noteSecretFromKek(kek, header.vaultId, slot.accountId, slot.salt), salt: slot.salt, kdf };
    return { privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), noteSecret };
  } finally {
    kek.fill(0);
    der?.fill(0);
  }
}

/**
 * A password change: the same key pair, wrapped under the new password, one slot version up,
 * and the new password's note secret (the caller zeroes it).
 */
export async function rewrapAccountSlot(
  header: HeaderBody,
  slot: AccountSlot,
  oldPassword: string,
  newPassword: string,
  /** This machine's calibration now: used when stronger than the slot's (never weaker). */
  calibrated?: KdfParams,
): Promise<{ slot: AccountSlot; noteSecret: NoteSecret } | null> {
  const opened = await unwrapPrivateKey(header, slot, oldPassword);
  if (!opened) return null;
  opened.noteSecret.secret.fill(0);
  const der = opened.privateKey.export({ format: 'der', type: 'pkcs8' });
  try {
    const slotVersion = slot.slotVersion + 1;
    const kdf = strongerKdf(slotKdf(header, slot), calibrated);
    const { wrapped, noteSecret } = await wrapPrivateKey(header.vaultId, slot.accountId, slotVersion, kdf, newPassword, der);
    const { kdf: _old, ...rest } = slot;
    const sameAsHeader = canonicalJson(kdf as unknown as Json) === canonicalJson(header.kdf as unknown as Json);
    return { slot: { ...rest, slotVersion, ...wrapped, ...(sameAsHeader ? {} : { kdf }) }, noteSecret };
  } finally {
    der.fill(0);
  }
}

/** The database key and the note secret from an account's slot, or null for a wrong password or a tampered slot. */
export async function openAccountSlotSecrets(header: HeaderBody, accountId: string, password: string): Promise<{ databaseKey: Buffer; noteSecret: NoteSecret } | null> {
  const slot = header.slots.find((s): s is AccountSlot => s.kind === 'account' && s.accountId === accountId);
  if (!slot) return null;
  const opened = await unwrapPrivateKey(header, slot, password);
  if (!opened) return null;
  // The slot's public key must be the private key's own: a swapped-in public key is refused.
  const ownPublic = createPublicKey(opened.privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
  const databaseKey = ownPublic === slot.publicKey ? openSealed(opened.privateKey, slot.databaseKey, sealedKeyAad(header.vaultId, slot.accountId)) : null;
  if (!databaseKey) {
    opened.noteSecret.secret.fill(0);
    return null;
  }
  return { databaseKey, noteSecret: opened.noteSecret };
}

/**
 * What a password opens in a header: the current generation's database key and, during a key
 * rotation, the new generation's (the same key pair is sealed to both), with the note secret.
 */
export async function openAccountKeys(
  header: HeaderBody,
  accountId: string,
  password: string,
): Promise<{ databaseKey: Buffer | null; pendingKey: Buffer | null; noteSecret: NoteSecret } | null> {
  const slot = header.slots.find((s): s is AccountSlot => s.kind === 'account' && s.accountId === accountId);
  const pending = header.rotation?.newSlots?.find((s): s is AccountSlot => s.kind === 'account' && s.accountId === accountId);
  const anySlot = slot ?? pending;
  if (!anySlot) return null;
  const opened = await unwrapPrivateKey(header, anySlot, password);
  if (!opened) return null;
  const ownPublic = createPublicKey(opened.privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
  const unseal = (s: AccountSlot | undefined): Buffer | null =>
    s && ownPublic === s.publicKey ? openSealed(opened.privateKey, s.databaseKey, sealedKeyAad(header.vaultId, s.accountId)) : null;
  const databaseKey = unseal(slot);
  const pendingKey = unseal(pending);
  if (!databaseKey && !pendingKey) {
    opened.noteSecret.secret.fill(0);
    return null;
  }
  return { databaseKey, pendingKey, noteSecret: opened.noteSecret };
}

/** The database key from an account's slot, or null for a wrong password or a tampered slot. */
export async function openAccountSlot(header: HeaderBody, accountId: string, password: string): Promise<Buffer | null> {
  const opened = await openAccountSlotSecrets(header, accountId, password);
  opened?.noteSecret.secret.fill(0);
  return opened?.databaseKey ?? null;
}

export function makeRecoverySlot(vaultId: string, slotVersion: number, recoveryKey: Buffer, databaseKey: Buffer): Slot {
  const salt = randomBytes(16);
  const kek = recoveryKek(recoveryKey, salt);
  try {
    const wrapped = wrapKey(kek, databaseKey, recoveryAad(vaultId, slotVersion));
    return { kind: 'recovery', slotVersion, salt: salt.toString('base64'), ...wrapped };
  } finally {
    kek.fill(0);
  }
}

export function openRecoverySlot(header: HeaderBody, recoveryKey: Buffer): Buffer | null {
  return openRecoveryIn(header.vaultId, header.slots, recoveryKey);
}

/** The new generation's key from its recovery slot during a key rotation (the new recovery key), or null. */
export function openPendingRecoverySlot(header: HeaderBody, recoveryKey: Buffer): Buffer | null {
  const slots = header.rotation?.newSlots;
  return slots ? openRecoveryIn(header.vaultId, slots, recoveryKey) : null;
}

function openRecoveryIn(vaultId: string, slots: readonly Slot[], recoveryKey: Buffer): Buffer | null {
  const slot = slots.find((s) => s.kind === 'recovery');
  if (!slot) return null;
  const kek = recoveryKek(recoveryKey, Buffer.from(slot.salt, 'base64'));
  try {
    return unwrapKey(kek, slot, recoveryAad(vaultId, slot.slotVersion));
  } finally {
    kek.fill(0);
  }
}

function rotationAad(vaultId: string, rotationId: string, what: 'previous-key' | 'recovery-key'): Buffer {
  return Buffer.from(canonicalJson({ purpose: `teamvalv-rotation-${what}`, vaultId, rotationId }));
}

/** Wraps a rotation's secret (the previous database key, or the new recovery key's text) under the new database key. */
export function sealRotationSecret(vaultId: string, rotationId: string, what: 'previous-key' | 'recovery-key', newKey: Buffer, secret: Buffer): z.infer<typeof Sealed> {
  return wrapKey(newKey, secret, rotationAad(vaultId, rotationId, what));
}

export function openRotationSecret(vaultId: string, rotationId: string, what: 'previous-key' | 'recovery-key', newKey: Buffer, sealed: z.infer<typeof Sealed>): Buffer | null {
  return unwrapKey(newKey, sealed, rotationAad(vaultId, rotationId, what));
}

export function newVaultId(): string {
  return randomUUID();
}
