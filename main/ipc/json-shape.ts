import type { IpcResult } from '../../shared/ipc/errors';
import type { InputBounds } from './input-bounds';

/** Why an input was refused before it was parsed or cloned. */
export type ShapeViolation = 'bytes' | 'depth' | 'values' | 'type';

/** The typed answer for a violation: too large is `too_large`, every other shape `invalid_input`. */
export function shapeRefusal(violation: ShapeViolation): IpcResult<never> {
  switch (violation) {
    case 'bytes':
      return { ok: false, error: { code: 'too_large', message: 'Request too large' } };
    case 'depth':
      return { ok: false, error: { code: 'invalid_input', message: 'Invalid input: nested too deeply' } };
    case 'values':
      return { ok: false, error: { code: 'invalid_input', message: 'Invalid input: too many keys or elements' } };
    case 'type':
      return { ok: false, error: { code: 'invalid_input', message: 'Invalid input: not JSON data' } };
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Reads raw JSON bytes as they arrive and stops at the first byte that makes the text deeper or
 * fuller than the channel accepts — before `JSON.parse` builds anything (a 10 KB body nested
 * 5,000 levels deep costs the parser and the structured clone far more than its size). It only
 * counts: brackets for depth, and strings, other scalars and containers for values. Whether the
 * text is JSON at all is left to `JSON.parse`, which sees only text that passed. Every JSON
 * structural character is ASCII, and no byte of a multi-byte UTF-8 character is, so bytes do.
 */
export class JsonShapeScanner {
  readonly #bounds: InputBounds;
  #bytes = 0;
  #depth = 0;
  #values = 0;
  #inString = false;
  #escaped = false;
  #inScalar = false;

  constructor(bounds: InputBounds) {
    this.#bounds = bounds;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Scans the next chunk; the first violation found, or null. */
  push(chunk: Uint8Array): ShapeViolation | null {
    this.#bytes += chunk.length;
    if (this.#bytes > this.#bounds.bytes) return 'bytes';
    let i = 0;
    // Inside long strings (base64, notes) jump from one quote or backslash to the next.
    let nextQuote = -1;
    let nextBackslash = -1;
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    while (i < chunk.length) {
      if (this.#inString) {
        if (this.#escaped) {
          this.#escaped = false;
          i += 1;
          continue;
        }
        if (nextQuote !== -2 && nextQuote < i) nextQuote = buffer.indexOf(QUOTE, i);
        if (nextBackslash !== -2 && nextBackslash < i) nextBackslash = buffer.indexOf(BACKSLASH, i);
        if (nextQuote === -1) nextQuote = -2; // none left in this chunk
        if (nextBackslash === -1) nextBackslash = -2;
        const stop = Math.min(nextQuote === -2 ? chunk.length : nextQuote, nextBackslash === -2 ? chunk.length : nextBackslash);
        if (stop === chunk.length) return null;
        if (stop === nextBackslash) this.#escaped = true;
        else this.#inString = false;
        i = stop + 1;
        continue;
      }
      const byte = chunk[i] as number;
      i += 1;
      switch (byte) {
        case QUOTE:
          this.#inString = true;
          this.#inScalar = false;
          if (++this.#values > this.#bounds.values) return 'values';
          break;
        case 0x7b: // {
        case 0x5b: // [
          this.#inScalar = false;
          if (++this.#values > this.#bounds.values) return 'values';
          if (++this.#depth > this.#bounds.depth) return 'depth';
          break;
        case 0x7d: // }
        case 0x5d: // ]
          this.#inScalar = false;
          // A closer with nothing open is not JSON; refused here so it cannot buy depth later.
          if (--this.#depth < 0) return 'type';
          break;
        case 0x2c: // ,
        case 0x3a: // :
        case 0x20:
        case 0x09:
        case 0x0a:
        case 0x0d:
          this.#inScalar = false;
          break;
        default:
          if (!this.#inScalar) {
            this.#inScalar = true;
            if (++this.#values > this.#bounds.values) return 'values';
          }
      }
    }
    return null;
  }
}

/** Scans a whole text at once (the same counts as pushing its UTF-8 bytes). */
export function textShapeViolation(text: string, bounds: InputBounds): ShapeViolation | null {
  return new JsonShapeScanner(bounds).push(Buffer.from(text, 'utf8'));
}

const isPlainObject = (value: object): boolean => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * The same bounds for a value already parsed (Electron's IPC hands the core objects, not text),
 * checked before the structured clone to the core worker. Walks with its own stack, so depth
 * cannot overflow it, and stops at the first violation. Sizes are counted so that no input the
 * schema accepts can count more than its JSON bytes (a string its length, a number 8).
 */
export function valueShapeViolation(value: unknown, bounds: InputBounds): ShapeViolation | null {
  try {
    return walk(value, bounds);
  } catch {
    // A getter or a proxy that throws: not data that came from JSON or a structured clone.
    return 'type';
  }
}

function walk(value: unknown, bounds: InputBounds): ShapeViolation | null {
  let values = 0;
  let size = 0;
  const stack: { readonly item: unknown; readonly depth: number }[] = [{ item: value, depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { item, depth } = next;
    if (++values > bounds.values) return 'values';
    if (typeof item === 'string') size += item.length;
    else if (typeof item === 'number') size += 8;
    else if (typeof item === 'boolean' || item === null) size += 4;
    else if (item === undefined) size += 0;
    else if (typeof item !== 'object') return 'type';
    else {
      if (depth + 1 > bounds.depth) return 'depth';
      size += 2;
      if (Array.isArray(item)) {
        if (values + item.length > bounds.values) return 'values';
        for (let i = 0; i < item.length; i += 1) stack.push({ item: item[i] as unknown, depth: depth + 1 });
      } else {
        if (!isPlainObject(item)) return 'type';
        const keys = Object.keys(item);
        if (values + 2 * keys.length > bounds.values) return 'values';
        for (const key of keys) {
          values += 1;
          size += key.length;
          stack.push({ item: (item as Record<string, unknown>)[key], depth: depth + 1 });
        }
      }
    }
    if (size > bounds.bytes) return 'bytes';
  }
  return null;
}
