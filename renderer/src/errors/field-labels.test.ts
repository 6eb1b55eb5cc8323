// Every input key a refused call can name (the router answers a zod failure with `fieldOf` of its
// issues) has a label the user reads, in Swedish and English — or is one the page fills in itself
// (an id of what is on screen, paging, a flag), for which the general text is said. A new key in
// the contract fails here until it has a label or is listed below with its kind.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type Channel, contract } from '../../../shared/ipc/contract';
import { fieldOf } from '../../../shared/ipc/errors';
import { resources } from '../i18n';
import en from '../i18n/en.json';
import sv from '../i18n/sv.json';
import { errorMessage } from './messages';

/** Keys no form lets the user type or pick: a failure there is the page's own mistake, and the general invalid_input text is said. */
const FILLED_BY_THE_PAGE: Readonly<Record<string, readonly string[]>> = {
  // Ids of what is on screen (the meeting open, the item, the session, the key in its row), never chosen in a field.
  ids: ['id', 'rotationId', 'meetingId', 'guestId', 'agendaItemId', 'actionId', 'caseItemId', 'sessionId', 'handoverId', 'packetId', 'keyId', 'itemIds', 'seqs'],
  // Paging, sorting and grouping of lists, and the page's own words for codes it sends along.
  lists: ['limit', 'offset', 'before', 'sort', 'groupBy', 'labels', 'filters'],
  // Flags a button sets (take over, migrate, the future-date acknowledgement, include archived …).
  flags: ['takeover', 'migrate', 'includeArchived', 'archived', 'includeFormer', 'done', 'futureDateAcknowledged', 'acknowledgeFutureDate', 'includeMinutes', 'encrypt', 'flagged'],
  // What the user confirmed from a preview (counts, digest, the content's hash): the page sends back what it showed.
  confirmations: ['confirmed', 'digest', 'contentSha256', 'minutesSha256', 'expected'],
  // The projector's slide, drawn by the page.
  slide: ['blank', 'heading', 'counter', 'lines'],
};

/** Keys whose whole subtree the page fills in: what lies under them is never typed either. */
const SUBTREES_FILLED_BY_THE_PAGE = new Set(['sort', 'labels', 'confirmed', 'expected']);

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

interface Reach {
  readonly channel: Channel;
  readonly path: readonly string[];
}

/**
 * Every object key of a schema, at any depth, with where it sits. `fieldOf` names the deepest key
 * of a failure's path that looks like a name, so every such key can be named.
 */
function inputKeys(schema: z.ZodType, channel: Channel): Map<string, Reach[]> {
  const found = new Map<string, Reach[]>();
  const seen = new Set<unknown>();
  const walk = (node: unknown, path: readonly string[]): void => {
    if (seen.has(node)) return;
    seen.add(node);
    // zod 4's definition of each schema kind: the walk only reads which schemas a node holds.
    const def = (node as { _zod: { def: { type: string } & Record<string, unknown> } })._zod.def;
    switch (def.type) {
      case 'object':
        for (const [key, child] of Object.entries(def['shape'] as Record<string, unknown>)) {
          if (SUBTREES_FILLED_BY_THE_PAGE.has(key)) continue;
          if (FIELD_NAME.test(key)) found.set(key, [...(found.get(key) ?? []), { channel, path: [...path, key] }]);
          walk(child, [...path, key]);
        }
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'readonly':
      case 'catch':
        return walk(def['innerType'], path);
      case 'array':
        return walk(def['element'], path);
      case 'pipe':
        walk(def['in'], path);
        return walk(def['out'], path);
      case 'union':
        for (const option of def['options'] as unknown[]) walk(option, path);
        return;
      case 'intersection':
        walk(def['left'], path);
        return walk(def['right'], path);
      case 'record':
        throw new Error(`${channel}: a record at ${path.join('.') || '(root)'} names its keys from the input; fieldOf would name a value`);
      case 'lazy':
        return walk((def['getter'] as () => unknown)(), path);
      default:
        return;
    }
  };
  walk(schema, []);
  return found;
}

function allInputKeys(): Map<string, Reach[]> {
  const all = new Map<string, Reach[]>();
  for (const channel of Object.keys(contract) as Channel[]) {
    for (const [key, reaches] of inputKeys(contract[channel].input, channel)) all.set(key, [...(all.get(key) ?? []), ...reaches]);
  }
  return all;
}

const labels = { sv: sv.errors.fields as Record<string, string>, en: en.errors.fields as Record<string, string> };
const filledByThePage = new Set(Object.values(FILLED_BY_THE_PAGE).flat());

describe('every input key a refusal can name has a label', () => {
  const keys = allInputKeys();

  it('finds the keys of the whole contract, nested ones included', () => {
    // Top level, inside a nested object, inside an array of objects, inside a union's option.
    expect(keys.get('heard')?.map((r) => r.channel)).toEqual(['keys:confirm']);
    expect(keys.get('profession')?.some((r) => r.channel === 'vault:setup' && r.path.join('.') === 'adminMember.profession')).toBe(true);
    expect(keys.get('dueDate')?.some((r) => r.channel === 'meetings:commit-item' && r.path.join('.') === 'body.actions.dueDate')).toBe(true);
    expect(keys.get('tertial')?.some((r) => r.channel === 'followup:stats')).toBe(true);
    expect(keys.size).toBeGreaterThan(100);
  });

  it('labels each key in Swedish and English, or lists it as one the page fills in', () => {
    const missing = [...keys]
      .filter(([key]) => !filledByThePage.has(key) && (!labels.sv[key] || !labels.en[key]))
      .map(([key, reaches]) => `${key} (${reaches.map((r) => `${r.channel} ${r.path.join('.')}`).join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('lists as filled by the page only keys that exist and have no label', () => {
    expect([...filledByThePage].filter((key) => !keys.has(key) && !SUBTREES_FILLED_BY_THE_PAGE.has(key))).toEqual([]);
    expect([...filledByThePage].filter((key) => labels.sv[key] !== undefined || labels.en[key] !== undefined)).toEqual([]);
  });

  it('names, for a call with every required key missing, only keys with a label or filled by the page (the router’s own fieldOf)', () => {
    const named = new Set<string>();
    for (const channel of Object.keys(contract) as Channel[]) {
      const parsed = contract[channel].input.safeParse({});
      for (const issue of parsed.success ? [] : parsed.error.issues) {
        const field = fieldOf([issue])?.field;
        if (field) named.add(field);
      }
    }
    // What the walk found covers what zod really names.
    expect([...named].filter((field) => !keys.has(field) && !filledByThePage.has(field))).toEqual([]);
    expect([...named].filter((field) => !filledByThePage.has(field) && !labels.sv[field])).toEqual([]);
    expect(named.size).toBeGreaterThan(50);
  });

  it('says the field by its label, in the user’s language; a key the page fills in gets the general text', async () => {
    const translator = async (language: 'sv' | 'en') => {
      const instance = i18next.createInstance();
      await instance.init({ resources, lng: language, interpolation: { escapeValue: false } });
      return instance.t;
    };
    const [tsv, ten] = [await translator('sv'), await translator('en')];
    expect(errorMessage(tsv, { code: 'invalid_input', message: 'Invalid input', detail: { field: 'teamId' } })).toMatch(/^Fältet ”Team” är inte rätt ifyllt/);
    expect(errorMessage(ten, { code: 'invalid_input', message: 'Invalid input', detail: { field: 'approach' } })).toMatch(/^The field “Agreed approach” is not filled in correctly/);
    expect(errorMessage(tsv, { code: 'invalid_input', message: 'Invalid input', detail: { field: 'meetingId' } })).toBe(tsv('errors.invalid_input'));
  });
});
