import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonShapeScanner, textShapeViolation, valueShapeViolation } from './json-shape';

const wide = { bytes: 1e9, depth: 1e6, values: 1e9 };

/** Depth and value count of a parsed value, counted the slow, obvious way. */
function measure(value: unknown): { depth: number; values: number } {
  if (Array.isArray(value)) {
    const inner = value.map(measure);
    return { depth: 1 + Math.max(0, ...inner.map((m) => m.depth)), values: 1 + inner.reduce((sum, m) => sum + m.values, 0) };
  }
  if (value !== null && typeof value === 'object') {
    const inner = Object.values(value).map(measure);
    return { depth: 1 + Math.max(0, ...inner.map((m) => m.depth)), values: 1 + inner.length + inner.reduce((sum, m) => sum + m.values, 0) };
  }
  return { depth: 0, values: 1 };
}

describe('JsonShapeScanner', () => {
  it('counts depth and values exactly as the parsed value has them, in any chunking', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }), (value, cuts) => {
        const text = JSON.stringify(value);
        const { depth, values } = measure(JSON.parse(text));
        const bytes = Buffer.from(text, 'utf8');
        const exact = { bytes: bytes.length, depth, values };
        // Within the exact bounds: passes, however the bytes arrive (split inside strings, escapes, UTF-8).
        const scanner = new JsonShapeScanner(exact);
        let at = 0;
        let violation = null;
        for (let i = 0; at < bytes.length; i += 1) {
          const size = cuts[i % cuts.length] as number;
          violation ??= scanner.push(bytes.subarray(at, at + size));
          at += size;
        }
        expect(violation).toBeNull();
        // The walk counts a number as 8 bytes (never more than the schema's bound for it), so not the text's size.
        const walked = { ...exact, bytes: 8 * bytes.length + 8 };
        expect(valueShapeViolation(JSON.parse(text), walked)).toBeNull();
        // One less of anything: refused, by both.
        if (depth > 0) expect(textShapeViolation(text, { ...exact, depth: depth - 1 })).toBe('depth');
        expect(textShapeViolation(text, { ...exact, values: values - 1 })).toBe('values');
        expect(textShapeViolation(text, { ...exact, bytes: bytes.length - 1 })).toBe('bytes');
        if (depth > 0) expect(valueShapeViolation(JSON.parse(text), { ...walked, depth: depth - 1 })).toBe('depth');
        expect(valueShapeViolation(JSON.parse(text), { ...walked, values: values - 1 })).toBe('values');
      }),
      { seed: 20261123, numRuns: 500 },
    );
  });

  it('stops a deep body at the first level too many, without reading the rest', () => {
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    const scanner = new JsonShapeScanner({ bytes: 1e6, depth: 4, values: 1e6 });
    expect(scanner.push(Buffer.from(deep))).toBe('depth');
    expect(textShapeViolation('{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000), { ...wide, depth: 3 })).toBe('depth');
    // Brackets inside strings, and escaped quotes, are text.
    expect(textShapeViolation(JSON.stringify({ a: '[[[[{{{{\\"[[' }), { ...wide, depth: 1 })).toBeNull();
    // A closer with nothing open cannot buy depth for later.
    expect(textShapeViolation(']]]]' + '[['.repeat(3), { ...wide, depth: 2 })).toBe('type');
  });

  it('counts keys and elements', () => {
    const keys = `{${Array.from({ length: 10_000 }, (_, i) => `"k${i}":0`).join(',')}}`;
    expect(textShapeViolation(keys, { ...wide, values: 100 })).toBe('values');
    expect(textShapeViolation(`[${'0,'.repeat(9_999)}0]`, { ...wide, values: 100 })).toBe('values');
    expect(textShapeViolation('[true,false,null,-1.5e3,"x"]', { ...wide, values: 6 })).toBeNull();
    expect(textShapeViolation('[true,false,null,-1.5e3,"x"]', { ...wide, values: 5 })).toBe('values');
  });

  it('walks a parsed value with its own stack: 100,000 levels do not overflow it', () => {
    let value: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) value = { a: value };
    expect(valueShapeViolation(value, { ...wide, depth: 10 })).toBe('depth');
    expect(valueShapeViolation(value, wide)).toBeNull();
    const keys = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 0]));
    expect(valueShapeViolation(keys, { ...wide, values: 100 })).toBe('values');
    expect(valueShapeViolation({ text: 'x'.repeat(2_000) }, { ...wide, bytes: 1_000 })).toBe('bytes');
    // Only JSON data: not a Map, a Date, a function or a class instance.
    for (const odd of [new Map(), new Date(0), () => 1, new Uint8Array(3), Symbol('s'), 10n]) expect(valueShapeViolation({ odd }, wide)).toBe('type');
    // A cycle (structured clone keeps them) runs into the value count.
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(valueShapeViolation(cycle, { ...wide, depth: 1e9, values: 1_000 })).toBe('values');
  });
});
