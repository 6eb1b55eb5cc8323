/** The hex digits as byte values: looked up by number, so no digit of a key is ever a JS string. */
const DIGITS = Uint8Array.from([0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66]);

/**
 * Secret bytes as lower-case hex ASCII in a Buffer, between a fixed `prefix` and `suffix` (not
 * secret: `x'` and `'` for SQLCipher, JSON framing for the CLI). `Buffer.toString('hex')` would
 * make an immutable string that stays in the heap until collected and cannot be zeroed; this
 * Buffer can, and the caller zeroes it after use (`fill(0)`). Allocated unpooled, so the bytes
 * share no slab with anything else.
 */
export function hexBuffer(secret: Uint8Array, prefix = '', suffix = ''): Buffer {
  const head = Buffer.byteLength(prefix, 'ascii');
  const out = Buffer.allocUnsafeSlow(head + secret.length * 2 + Buffer.byteLength(suffix, 'ascii'));
  out.write(prefix, 0, 'ascii');
  for (let i = 0; i < secret.length; i++) {
    const byte = secret[i] ?? 0;
    out[head + 2 * i] = DIGITS[byte >> 4] ?? 0;
    out[head + 2 * i + 1] = DIGITS[byte & 0x0f] ?? 0;
  }
  out.write(suffix, head + secret.length * 2, 'ascii');
  return out;
}
