import fc from 'fast-check';
import type { z } from 'zod';

/**
 * fast-check generators built from a channel's zod input schema: *valid* inputs, and *invalid*
 * ones that are a valid input broken in exactly one named way — not an object, a required field
 * missing, an unknown field (the contract's objects are strict), a field of the wrong type, a
 * string over its maximum length. Because everything else is valid, a schema that stopped
 * refusing that one thing is caught. Zod's internals (`_zod.def`) are read only here, in tests.
 */

interface Def {
  readonly type: string;
  readonly element?: z.ZodType;
  readonly entries?: Record<string, string>;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly catchall?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly values?: readonly unknown[];
  readonly keyType?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly partial?: boolean;
  readonly checks?: readonly { _zod: { def: { check?: string; format?: string; pattern?: RegExp } } }[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under optional / nullable / default / transform wrappers. */
function base(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'readonly') && def.innerType) return base(def.innerType);
  if (def.type === 'pipe' && def.in) return base(def.in);
  return schema;
}

function isOptional(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (def.type === 'optional' || def.type === 'default') return true;
  if (def.type === 'pipe' && def.in) return isOptional(def.in);
  return false;
}

/** Values whose JavaScript type the field can never accept (never null or undefined). */
function wrongType(schema: z.ZodType): fc.Arbitrary<unknown> {
  const type = defOf(base(schema)).type;
  const choices: fc.Arbitrary<unknown>[] = [];
  if (!['string', 'enum', 'literal'].includes(type)) choices.push(fc.string({ maxLength: 20 }));
  if (type !== 'number') choices.push(fc.oneof(fc.integer(), fc.double({ noNaN: false })));
  if (type !== 'boolean') choices.push(fc.boolean());
  if (type !== 'array') choices.push(fc.array(fc.integer(), { maxLength: 3 }));
  // (An empty dictionary is a valid partial record.)
  if (type !== 'object' && type !== 'record') choices.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
  return fc.oneof(...choices);
}

function maxLengthOf(schema: z.ZodType): number | null {
  const inner = base(schema) as unknown as { maxLength?: number | null };
  return defOf(base(schema)).type === 'string' && typeof inner.maxLength === 'number' ? inner.maxLength : null;
}

/** Text that satisfies the formats the contract uses: ids, dates, times, numbers, addresses. */
const TEXT_CANDIDATES = fc.oneof(
  fc.uuid({ version: 4 }),
  fc.constantFrom('2026-11-23', '2026-01-01', '09:00', '13:30', '212000-2627', '202100-2114', '', 'kim@example.se', '0510-77 00 00', 'Team Öst', '/tmp'),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** Values the schema accepts (filtered through the schema itself, so refinements hold too). */
export function validValues(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  let candidates: fc.Arbitrary<unknown>;
  switch (def.type) {
    case 'optional':
    case 'default':
      return def.innerType ? fc.oneof(fc.constant(undefined), validValues(def.innerType)) : fc.constant(undefined);
    case 'nullable':
      return def.innerType ? fc.oneof(fc.constant(null), validValues(def.innerType)) : fc.constant(null);
    case 'pipe':
      candidates = def.in ? validValues(def.in) : TEXT_CANDIDATES;
      break;
    case 'object': {
      const shape = def.shape ?? {};
      const keys = Object.keys(shape);
      candidates = fc
        .tuple(...keys.map((key) => validValues(shape[key] as z.ZodType)))
        .map((values) => Object.fromEntries(keys.map((key, i) => [key, values[i]]).filter(([, value]) => value !== undefined)));
      break;
    }
    case 'array':
      candidates = def.element ? fc.array(validValues(def.element), { maxLength: 3 }) : fc.constant([]);
      break;
    case 'record': {
      // Keyed by an enum (the contract's only kind): every key, or some of them in a partial record.
      const keys = def.keyType ? Object.values(defOf(def.keyType).entries ?? {}) : [];
      const value = def.valueType ? validValues(def.valueType) : TEXT_CANDIDATES;
      candidates = (def.partial ? fc.subarray(keys) : fc.constant(keys)).chain((chosen) =>
        fc.tuple(...chosen.map(() => value)).map((values) => Object.fromEntries(chosen.map((key, i) => [key, values[i]]))),
      );
      break;
    }
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'union':
      candidates = fc.oneof(...(def.options ?? []).map((option) => validValues(option)));
      break;
    case 'boolean':
      return fc.boolean();
    case 'number': {
      // Numbers inside the schema's own bounds (a year between 2000 and 2100, say), and some outside.
      const bounds = schema as unknown as { minValue?: number | null; maxValue?: number | null };
      const min = typeof bounds.minValue === 'number' && Number.isFinite(bounds.minValue) ? bounds.minValue : -2;
      const max = typeof bounds.maxValue === 'number' && Number.isFinite(bounds.maxValue) ? bounds.maxValue : Math.max(300, min + 300);
      candidates = fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.integer({ min: -2, max: 300 }));
      break;
    }
    case 'string': {
      // A string held to a regular expression (a fingerprint, say) gets strings made from it.
      const pattern = def.checks?.map((check) => check._zod.def).find((check) => check.format === 'regex')?.pattern;
      candidates = pattern ? fc.stringMatching(pattern) : TEXT_CANDIDATES;
      break;
    }
    default:
      candidates = fc.anything();
  }
  return candidates.filter((value) => schema.safeParse(value).success);
}

export interface InvalidInput {
  readonly why: string;
  readonly value: unknown;
}

export function invalidInputs(schema: z.ZodType): fc.Arbitrary<InvalidInput> {
  const def = defOf(base(schema));
  // A (discriminated) union: each option broken in one way is refused by the whole union, since
  // the discriminator still picks that option (or is itself what is broken).
  if (def.type === 'union' && def.options && def.options.length > 0) return fc.oneof(...def.options.map((option) => invalidInputs(option)));
  const notAnObject = fc.oneof(fc.constant(null), fc.string({ maxLength: 10 }), fc.integer(), fc.array(fc.anything(), { maxLength: 3 })).map((value) => ({ why: 'not an object', value }));
  if (def.type !== 'object' || !def.shape) return notAnObject;
  const shape = def.shape;
  const keys = Object.keys(shape);
  const valid = validValues(base(schema)) as fc.Arbitrary<Record<string, unknown>>;
  const cases: fc.Arbitrary<InvalidInput>[] = [notAnObject];
  // The contract's objects are strict: an unknown field is refused.
  cases.push(valid.map((value) => ({ why: 'unknown field', value: { ...value, zzUnknownField: 1 } })));
  const required = keys.filter((key) => !isOptional(shape[key] as z.ZodType));
  if (required.length > 0) {
    cases.push(
      fc.tuple(fc.constantFrom(...required), valid).map(([key, value]) => {
        const copy: Record<string, unknown> = { ...value };
        delete copy[key];
        return { why: `missing ${key}`, value: copy };
      }),
    );
  }
  for (const key of keys) {
    const field = shape[key] as z.ZodType;
    cases.push(fc.tuple(valid, wrongType(field)).map(([value, bad]) => ({ why: `wrong type for ${key}`, value: { ...value, [key]: bad } })));
    const max = maxLengthOf(field);
    if (max !== null) {
      cases.push(fc.tuple(valid, fc.integer({ min: 1, max: 50 })).map(([value, extra]) => ({ why: `${key} too long`, value: { ...value, [key]: 'x'.repeat(max + extra) } })));
    }
  }
  return fc.oneof(...cases);
}
