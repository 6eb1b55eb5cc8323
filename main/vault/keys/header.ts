import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Json, canonicalJson } from '../../../shared/canonical-json';
import { type KdfParams, KdfParams as KdfParamsSchema, deriveKey } from './kdf';
import { type Wrapped, unwrapKey, wrapKey } from './key-wrap';

const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

const AccountSlot = z
  .object({
    kind: z.literal('account'),
    accountId: z.string().min(1),
    /** Finds the slot for a typed username before the database is open, without storing the name. */
    usernameTag: z.string().regex(/^[0-9a-f]{64}$/),
    slotVersion: z.number().int().positive(),
    salt: Base64,
    nonce: Base64,
    ciphertext: Base64,
  })
  .strict();

const RecoverySlot = z
  .object({ kind: z.literal('recovery'), slotVersion: z.number().int().positive(), salt: Base64, nonce: Base64, ciphertext: Base64 })
  .strict();

export const Slot = z.discriminatedUnion('kind', [AccountSlot, RecoverySlot]);
export type Slot = z.infer<typeof Slot>;
export type AccountSlot = z.infer<typeof AccountSlot>;

export const FailedUnlock = z.object({ at: z.iso.datetime({ offset: true }), username: z.string().max(200) }).strict();
export type FailedUnlock = z.infer<typeof FailedUnlock>;

const HeaderBody = z
  .object({
    format: z.literal(1),
    vaultId: z.uuid(),
    generation: z.number().int().nonnegative(),
    kdf: KdfParamsSchema,
    slots: z.array(Slot).min(1),
    /** Failed unlocks while the database was closed; moved into the audit log at the next unlock. */
    failedUnlocks: z.array(FailedUnlock).max(1000),
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
 * What each wrap is bound to. Swapping a slot to another account, another vault, another
 * version or other KDF parameters changes these bytes, and GCM then refuses to unwrap.
 */
function accountAad(vaultId: string, accountId: string, slotVersion: number, kdf: KdfParams): Buffer {
  return Buffer.from(canonicalJson({ purpose: 'teamvalv-account-slot', vaultId, accountId, slotVersion, kdf }));
}

function recoveryAad(vaultId: string, slotVersion: number): Buffer {
  return Buffer.from(canonicalJson({ purpose: 'teamvalv-recovery-slot', vaultId, slotVersion }));
}

/** The recovery key is 256 random bits, so a fast KDF suffices: HMAC-SHA256 keyed by the salt. */
function recoveryKek(recoveryKey: Buffer, salt: Buffer): Buffer {
  return createHmac('sha256', salt).update(recoveryKey).update('teamvalv recovery slot').digest();
}

export function usernameTag(vaultId: string, username: string): string {
  return createHmac('sha256', vaultId).update(username.normalize('NFC').toLowerCase()).digest('hex');
}

export async function makeAccountSlot(
  vaultId: string,
  accountId: string,
  username: string,
  slotVersion: number,
  kdf: KdfParams,
  password: string,
  databaseKey: Buffer,
): Promise<AccountSlot> {
  const salt = randomBytes(16);
  const kek = await deriveKey(password, salt, kdf);
  try {
    const wrapped = wrapKey(kek, databaseKey, accountAad(vaultId, accountId, slotVersion, kdf));
    return { kind: 'account', accountId, usernameTag: usernameTag(vaultId, username), slotVersion, salt: salt.toString('base64'), ...wrapped };
  } finally {
    kek.fill(0);
  }
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

/** The database key from an account's slot, or null for a wrong password or a tampered slot. */
export async function openAccountSlot(header: HeaderBody, accountId: string, password: string): Promise<Buffer | null> {
  const slot = header.slots.find((s): s is AccountSlot => s.kind === 'account' && s.accountId === accountId);
  if (!slot) return null;
  const kek = await deriveKey(password, Buffer.from(slot.salt, 'base64'), header.kdf);
  try {
    return unwrapKey(kek, slot as Wrapped, accountAad(header.vaultId, accountId, slot.slotVersion, header.kdf));
  } finally {
    kek.fill(0);
  }
}

export function openRecoverySlot(header: HeaderBody, recoveryKey: Buffer): Buffer | null {
  const slot = header.slots.find((s) => s.kind === 'recovery');
  if (!slot) return null;
  const kek = recoveryKek(recoveryKey, Buffer.from(slot.salt, 'base64'));
  try {
    return unwrapKey(kek, slot, recoveryAad(header.vaultId, slot.slotVersion));
  } finally {
    kek.fill(0);
  }
}

export function newVaultId(): string {
  return randomUUID();
}
