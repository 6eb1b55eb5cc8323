import { z } from 'zod';
import { type Channel, INPUT_MAX_BYTES, contract } from '../../shared/ipc/contract';

/**
 * The largest input each channel accepts, derived from its zod schema (through zod's public
 * `toJSONSchema`, input side): every string has a maximum length or a bounded pattern, every
 * array a maximum count, every object a closed set of keys. Both hosts refuse anything larger
 * before it is parsed or cloned to the core worker, so no page can make the host hold more than
 * one channel's worth of input per request.
 */
export interface InputBounds {
  /** Bytes of the JSON text as `JSON.stringify` writes it (no whitespace). */
  readonly bytes: number;
  /** Nesting of objects and arrays: `{}` is 1, `{"a":[1]}` is 2, a bare value 0. */
  readonly depth: number;
  /** Values and keys: every object, array, string, number, boolean and null, and every object key. */
  readonly values: number;
}

/**
 * Small channels still accept a kilobyte: a client that pretty-prints its JSON is not an attack,
 * and a kilobyte costs nothing.
 */
export const MIN_BODY_BYTES = 1024;

/** What a transport's own endpoints (launch-code exchange, heartbeat, close, events) accept. */
export const TRANSPORT_BOUNDS: InputBounds = { bytes: MIN_BODY_BYTES, depth: 1, values: 3 };

/** Unknown channel names are refused by the router; their input only needs to be small. */
const UNKNOWN_CHANNEL_BOUNDS: InputBounds = { bytes: MIN_BODY_BYTES, depth: 1, values: 1 };

/**
 * Bytes per character of a JSON string: a control character is written as `\u0001`. Only the
 * channels in INPUT_MAX_BYTES (ASCII payloads such as base64) are held to less.
 */
const JSON_BYTES_PER_CHAR = 6;
/** The longest number `JSON.stringify` writes: `-2.2250738585072014e-308`. */
const NUMBER_BYTES = 24;

type JsonSchema = { readonly [key: string]: unknown };

class Unbounded extends Error {
  constructor(where: string) {
    super(`unbounded input at ${where}`);
    this.name = 'Unbounded';
  }
}

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? 'null');

const max3 = (items: readonly InputBounds[]): InputBounds => ({
  bytes: Math.max(...items.map((item) => item.bytes)),
  depth: Math.max(...items.map((item) => item.depth)),
  values: Math.max(...items.map((item) => item.values)),
});

const scalar = (bytes: number): InputBounds => ({ bytes, depth: 0, values: 1 });

function boundsOf(schema: JsonSchema, where: string): InputBounds {
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return max3(alternatives.map((option, i) => boundsOf(option, `${where}|${i}`)));
  if (Array.isArray(schema.enum)) return scalar(Math.max(...schema.enum.map((value) => jsonBytes(value))));
  if ('const' in schema) return scalar(jsonBytes(schema.const));
  const type = schema.type;
  if (Array.isArray(type)) return max3(type.map((one: unknown) => boundsOf({ ...schema, type: one }, where)));
  switch (type) {
    case 'null':
      return scalar(4);
    case 'boolean':
      return scalar(5);
    case 'number':
    case 'integer':
      return scalar(NUMBER_BYTES);
    case 'string': {
      const byLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
      const byPattern = typeof schema.pattern === 'string' ? patternMaxLength(schema.pattern) : Infinity;
      const chars = Math.min(byLength, byPattern);
      if (!Number.isFinite(chars)) throw new Unbounded(where);
      return scalar(2 + chars * JSON_BYTES_PER_CHAR);
    }
    case 'array': {
      if (typeof schema.maxItems !== 'number' || typeof schema.items !== 'object' || schema.items === null || Array.isArray(schema.items)) throw new Unbounded(where);
      const item = boundsOf(schema.items as JsonSchema, `${where}[]`);
      const count = schema.maxItems;
      return { bytes: 2 + count * (item.bytes + 1), depth: 1 + item.depth, values: 1 + count * item.values };
    }
    case 'object': {
      // A key the schema does not name is refused (strict) or dropped (strip): never needed.
      if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) throw new Unbounded(where);
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      let bytes = 2;
      let depth = 1;
      let values = 1;
      for (const [key, property] of Object.entries(properties)) {
        const inner = boundsOf(property, `${where}.${key}`);
        bytes += jsonBytes(key) + 2 + inner.bytes; // key, colon, value, comma
        depth = Math.max(depth, 1 + inner.depth);
        values += 1 + inner.values;
      }
      return { bytes, depth, values };
    }
    default:
      throw new Unbounded(where);
  }
}

/**
 * The longest string (in UTF-16 code units) a regular expression of the simple kind the contract
 * uses can match: literals, escapes, classes, groups, alternatives and bounded quantifiers.
 * Infinity for `*`, `+`, `{n,}`, back references or anything it does not understand.
 */
export function patternMaxLength(source: string): number {
  let at = 0;
  const alternation = (): number => {
    let longest = sequence();
    while (source[at] === '|') {
      at += 1;
      longest = Math.max(longest, sequence());
    }
    return longest;
  };
  const sequence = (): number => {
    let total = 0;
    while (at < source.length && source[at] !== '|' && source[at] !== ')') {
      const length = atom();
      total += length * quantifier();
    }
    return total;
  };
  const atom = (): number => {
    const char = source[at];
    at += 1;
    switch (char) {
      case '^':
      case '$':
        return 0;
      case '(': {
        let lookaround = false;
        if (source[at] === '?') {
          const kind = source[at + 1];
          if (kind === ':') at += 2;
          else if (kind === '=' || kind === '!') {
            at += 2;
            lookaround = true;
          } else return Infinity; // named groups, lookbehind: not used by the contract
        }
        const inner = alternation();
        if (source[at] !== ')') return Infinity;
        at += 1;
        return lookaround ? 0 : inner;
      }
      case '[': {
        while (at < source.length && source[at] !== ']') at += source[at] === '\\' ? 2 : 1;
        if (source[at] !== ']') return Infinity;
        at += 1;
        return 1;
      }
      case '\\': {
        const escaped = source[at] ?? '';
        at += 1;
        if (/[1-9k]/.test(escaped)) return Infinity; // back references
        if (escaped === 'b' || escaped === 'B') return 0;
        if (escaped === 'u' && source[at] === '{') return Infinity;
        if (escaped === 'u') at += 4;
        else if (escaped === 'x') at += 2;
        return 1;
      }
      case '*':
      case '+':
      case '?':
      case '{':
      case ')':
      case undefined:
        return Infinity; // a quantifier with nothing before it: not a pattern this reads
      default:
        return 1;
    }
  };
  const quantifier = (): number => {
    let times = 1;
    const char = source[at];
    if (char === '*' || char === '+') {
      at += 1;
      times = Infinity;
    } else if (char === '?') {
      at += 1;
    } else if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
      if (!match) return Infinity;
      at += match[0].length;
      times = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
    } else return 1;
    if (source[at] === '?') at += 1; // lazy
    return times;
  };
  const result = alternation();
  return at === source.length ? result : Infinity;
}

/** The bounds of a zod input schema (tests check each channel's against inputs its schema accepts). */
export function schemaBounds(schema: z.ZodType): InputBounds {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return boundsOf(json, '(root)');
}

let table: ReadonlyMap<Channel, InputBounds> | null = null;

/**
 * Every channel's bounds, computed once. A channel whose schema leaves its input unbounded and
 * has no explicit INPUT_MAX_BYTES makes this throw, so the hosts refuse to start (and the unit
 * test of this file fails) rather than accept anything.
 */
export function channelBoundsTable(): ReadonlyMap<Channel, InputBounds> {
  if (table) return table;
  const built = new Map<Channel, InputBounds>();
  for (const [name, spec] of Object.entries(contract) as [Channel, { input: z.ZodType }][]) {
    let bounds: InputBounds;
    try {
      bounds = schemaBounds(spec.input);
    } catch (error) {
      if (!(error instanceof Unbounded)) throw error;
      throw new Error(`${name}: ${error.message}; give the schema a maximum or the channel an INPUT_MAX_BYTES entry`, { cause: error });
    }
    const explicit = (INPUT_MAX_BYTES as Partial<Record<Channel, number>>)[name];
    built.set(name, { ...bounds, bytes: Math.max(MIN_BODY_BYTES, explicit ?? bounds.bytes) });
  }
  table = built;
  return table;
}

/** The bounds for a channel name as a transport received it (unknown names get a small one). */
export function inputBounds(channel: string): InputBounds {
  return channelBoundsTable().get(channel as Channel) ?? UNKNOWN_CHANNEL_BOUNDS;
}
