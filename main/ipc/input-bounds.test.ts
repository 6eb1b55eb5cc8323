// The per-channel bounds are only useful if no input a channel's schema accepts is refused by
// them: each channel's largest input (every string at its maximum length, written the most
// expensive way JSON.stringify writes anything, every array full) and fuzzed valid inputs must
// pass both checks, and one more of anything must not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Channel, INPUT_MAX_BYTES, contract } from '../../shared/ipc/contract';
import { validValues } from '../test-support/zod-fuzz';
import { MIN_BODY_BYTES, TRANSPORT_BOUNDS, channelBoundsTable, inputBounds, patternMaxLength, schemaBounds } from './input-bounds';
import { textShapeViolation, valueShapeViolation } from './json-shape';

const CHANNELS = Object.keys(contract) as Channel[];

type JsonSchema = { readonly [key: string]: unknown };

/** Fields whose content is ASCII by construction (INPUT_MAX_BYTES): filled with 'A', not '\u0001'. */
const ASCII_FIELDS: Partial<Record<Channel, readonly string[]>> = { 'handover:import': ['base64'], 'handover:import-receipt': ['base64'] };

/** The longest string a pattern accepts, from fast-check's strings for it (the contract's patterns are fixed-length or nearly). */
function longestMatch(pattern: string): string {
  const samples = fc.sample(fc.stringMatching(new RegExp(pattern)), { numRuns: 200, seed: 7 });
  return samples.reduce((a, b) => (Buffer.byteLength(JSON.stringify(b)) > Buffer.byteLength(JSON.stringify(a)) ? b : a), samples[0] ?? '');
}

let uuidCounter = 0;
/** The largest value of a (JSON) schema: strings full of control characters (six bytes each in JSON), arrays full. */
function maximal(schema: JsonSchema, ascii: readonly string[], key = ''): unknown {
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) {
    const options = alternatives.map((option) => maximal(option, ascii, key));
    return options.reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a));
  }
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a));
  if ('const' in schema) return schema.const;
  switch (schema.type) {
    case 'null':
      return null;
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return typeof schema.maximum === 'number' ? schema.maximum : typeof schema.minimum === 'number' ? schema.minimum : -1.234567890123456e-300;
    case 'string':
      if (schema.format === 'uuid') return `00000000-0000-4000-8000-${(uuidCounter++).toString(16).padStart(12, '0')}`;
      if (schema.format === 'date') return '2026-11-23';
      if (typeof schema.pattern === 'string') return longestMatch(schema.pattern);
      return (ascii.includes(key) ? 'A' : '\u0001').repeat(schema.maxLength as number);
    case 'array':
      return Array.from({ length: schema.maxItems as number }, () => maximal(schema.items as JsonSchema, ascii, key));
    case 'object':
      return Object.fromEntries(Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => [name, maximal(property, ascii, name)]));
    default:
      throw new Error(`no maximal value for ${JSON.stringify(schema)}`);
  }
}

describe('input bounds', () => {
  it('every channel has finite bounds; small channels small ones, the imports theirs', () => {
    const table = channelBoundsTable();
    expect([...table.keys()].sort()).toEqual([...CHANNELS].sort());
    for (const [channel, bounds] of table) {
      expect(Number.isFinite(bounds.bytes) && Number.isFinite(bounds.depth) && Number.isFinite(bounds.values), channel).toBe(true);
      expect(bounds.bytes, channel).toBeGreaterThanOrEqual(MIN_BODY_BYTES);
    }
    // The channels of the issue: a packet of 28 MB of base64 and a 2 MiB roster file fit; a status poll gets a kilobyte.
    expect(inputBounds('handover:import').bytes).toBeGreaterThan(28_000_000);
    expect(inputBounds('handover:import').bytes).toBeLessThan(28_100_000);
    expect(inputBounds('roster:import').bytes).toBeGreaterThan(2 * 1024 * 1024);
    expect(inputBounds('vault:status')).toEqual({ bytes: MIN_BODY_BYTES, depth: 1, values: 1 });
    expect(inputBounds('settings:update')).toEqual({ bytes: MIN_BODY_BYTES, depth: 1, values: 3 });
    expect(inputBounds('no:such-channel').bytes).toBe(MIN_BODY_BYTES);
    expect(TRANSPORT_BOUNDS.bytes).toBe(MIN_BODY_BYTES);
  });

  it("accepts every channel's largest input, and refuses one more byte, level or value", () => {
    let checked = 0;
    const refusedBySchema: string[] = [];
    for (const channel of CHANNELS) {
      const schema = contract[channel].input;
      const value = maximal(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, ASCII_FIELDS[channel] ?? []);
      if (!schema.safeParse(value).success) {
        refusedBySchema.push(channel);
        continue;
      }
      checked += 1;
      const text = JSON.stringify(value);
      const bounds = inputBounds(channel);
      expect({ channel, violation: textShapeViolation(text, bounds) }).toEqual({ channel, violation: null });
      expect({ channel, violation: valueShapeViolation(value, bounds) }).toEqual({ channel, violation: null });
      // The bounds are tight where the schema decides them: depth and values exactly.
      expect(textShapeViolation(text, { ...bounds, depth: bounds.depth - 1 }), channel).toBe('depth');
      expect(textShapeViolation(text, { ...bounds, values: bounds.values - 1 }), channel).toBe('values');
    }
    // Three schemas refine beyond what a filler value satisfies (an organisation number's check
    // digit, say: roster:save-organisation, roster:save-member, meetings:add-agenda-item); the
    // fuzzed valid values below cover them.
    expect(refusedBySchema.length, refusedBySchema.join(', ')).toBeLessThanOrEqual(3);
    expect(checked).toBeGreaterThanOrEqual(CHANNELS.length - 3);
  });

  it('a 28 MB packet, a 2 MiB roster file of control characters and a full slide pass', () => {
    const packet = { teamId: '00000000-0000-4000-8000-000000000001', fileName: '\u0001'.repeat(300), base64: 'A'.repeat(28_000_000) };
    expect(contract['handover:import'].input.safeParse(packet).success).toBe(true);
    expect(textShapeViolation(JSON.stringify(packet), inputBounds('handover:import'))).toBeNull();
    const roster = { csv: '\u0001'.repeat(2 * 1024 * 1024) };
    expect(contract['roster:import'].input.safeParse(roster).success).toBe(true);
    expect(textShapeViolation(JSON.stringify(roster), inputBounds('roster:import'))).toBeNull();
    expect(textShapeViolation(JSON.stringify({ csv: '\u0001'.repeat(2 * 1024 * 1024 + 1) }), inputBounds('roster:import'))).toBe('bytes');
    expect(Object.keys(INPUT_MAX_BYTES)).toEqual(['handover:import', 'handover:import-receipt']);
  });

  it('fuzzed valid inputs pass (the domains whose generators the channel fuzz uses)', () => {
    // zod-fuzz's valid generators cover these domains' schemas; the others (a 40-character
    // recovery key, say) are beyond its candidate strings, and the largest-input test covers them.
    const domains = ['roster:', 'cases:', 'meetings:', 'supervision:', 'handover:', 'keys:', 'followup:', 'register:', 'retention:'];
    for (const channel of CHANNELS.filter((name) => domains.some((domain) => name.startsWith(domain)))) {
      const bounds = inputBounds(channel);
      for (const value of fc.sample(validValues(contract[channel].input), { numRuns: 20, seed: 20261123 })) {
        expect({ channel, text: textShapeViolation(JSON.stringify(value) ?? '', bounds), value: valueShapeViolation(value, bounds) }).toEqual({ channel, text: null, value: null });
      }
    }
  });

  it('an unbounded schema is refused, not guessed', () => {
    expect(() => schemaBounds(z.object({ text: z.string() }).strict())).toThrow(/unbounded input at \(root\)\.text/);
    expect(() => schemaBounds(z.object({ items: z.array(z.string().max(3)) }).strict())).toThrow(/unbounded/);
    expect(() => schemaBounds(z.record(z.string().max(3), z.string().max(3)))).toThrow(/unbounded/);
    expect(() => schemaBounds(z.object({ code: z.string().regex(/^a+$/) }).strict())).toThrow(/unbounded/);
    expect(schemaBounds(z.object({ code: z.string().regex(/^[A-Z]{1,4}-\d{4}$/) }).strict())).toEqual({ bytes: 2 + 6 + 2 + (2 + 9 * 6), depth: 1, values: 3 });
  });

  it('reads the longest match of the patterns the contract uses', () => {
    expect(patternMaxLength('^[0-9a-f]{64}$')).toBe(64);
    expect(patternMaxLength('^([01]\\d|2[0-3]):[0-5]\\d$')).toBe(5);
    expect(patternMaxLength('^[A-ZÅÄÖ]{1,4}-\\d{4}-\\d{3,4}$')).toBe(14);
    expect(patternMaxLength('^(?:a|bcd)?x{2,3}$')).toBe(6);
    expect(patternMaxLength('^a*$')).toBe(Infinity);
    expect(patternMaxLength('^a{2,}$')).toBe(Infinity);
    expect(patternMaxLength('^(a)\\1$')).toBe(Infinity);
    expect(patternMaxLength('^(a$')).toBe(Infinity);
  });
});
