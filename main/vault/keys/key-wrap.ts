import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Wrapped {
  readonly nonce: string; // base64, 12 bytes
  readonly ciphertext: string; // base64, key bytes + 16-byte GCM tag
}

/** AES-256-GCM wrap of `secret` under `kek`; `aad` binds the wrap to its context. */
export function wrapKey(kek: Buffer, secret: Buffer, aad: Buffer): Wrapped {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(secret), cipher.final(), cipher.getAuthTag()]);
  return { nonce: nonce.toString('base64'), ciphertext: body.toString('base64') };
}

/** Unwraps, or returns null when the key, the data or the associated data do not match. */
export function unwrapKey(kek: Buffer, wrapped: Wrapped, aad: Buffer): Buffer | null {
  const body = Buffer.from(wrapped.ciphertext, 'base64');
  if (body.length < 17) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(wrapped.nonce, 'base64'));
    decipher.setAAD(aad);
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}
