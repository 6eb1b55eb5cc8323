import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hexBuffer } from './hex-buffer';

describe('hexBuffer', () => {
  it('writes the same hex as Buffer.toString, framed, into a Buffer that can be zeroed', () => {
    for (let n = 0; n < 200; n++) {
      const key = randomBytes(32);
      const text = hexBuffer(key, "x'", "'");
      // Compared byte for byte (the test may make strings; the product never does).
      expect(text.equals(Buffer.from(`x'${key.toString('hex')}'`, 'ascii'))).toBe(true);
      text.fill(0);
      expect(text.every((byte) => byte === 0)).toBe(true);
    }
    expect(hexBuffer(Uint8Array.from([0x00, 0x0f, 0xf0, 0xff, 0xa5]))).toEqual(Buffer.from('000ff0ffa5', 'ascii'));
    expect(hexBuffer(new Uint8Array(0), '{"key":"', '"}\n')).toEqual(Buffer.from('{"key":""}\n', 'ascii'));
  });

  it('never shares memory with the key or with a pool slab', () => {
    const key = randomBytes(32);
    const text = hexBuffer(key);
    expect(text.byteOffset).toBe(0);
    expect(text.buffer.byteLength).toBe(64);
    text.fill(0);
    expect(key.some((byte) => byte !== 0)).toBe(true);
  });
});
