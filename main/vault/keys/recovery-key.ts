import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789'; // Crockford-style: no I, L, O, U

/** A recovery key: 32 random bytes, shown as 13 groups of 4 characters (260 bits with padding). */
export function newRecoveryKey(): { bytes: Buffer; text: string } {
  const bytes = randomBytes(32);
  return { bytes, text: formatRecoveryKey(bytes) };
}

export function formatRecoveryKey(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.match(/.{1,4}/g)?.join('-') ?? out;
}

/** Parses what a person typed: case, spaces and dashes do not matter; O/I/L read as 0/1/1. */
export function parseRecoveryKey(text: string): Buffer | null {
  return parseCode(text, 32);
}

/** The same printed form for any number of bytes (the personal code of private notes uses 20). */
export function parseCode(text: string, byteLength: number): Buffer | null {
  const clean = text
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (clean.length !== Math.ceil((byteLength * 8) / 5)) return null;
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return null;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return bytes.length >= byteLength ? Buffer.from(bytes.slice(0, byteLength)) : null;
}
