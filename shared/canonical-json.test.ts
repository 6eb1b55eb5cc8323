import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 'x', e: null }], c: true } })).toBe('{"a":{"c":true,"d":[3,{"e":null,"f":"x"}]},"b":1}');
  });
  it('gives equal bytes for equal values built in another order', () => {
    expect(canonicalJson({ x: 1, y: 'å' })).toBe(canonicalJson({ y: 'å', x: 1 }));
  });
  it('refuses numbers JSON cannot hold', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
  });
});
