// Every field name main puts in a refusal has a label in both languages, so the page can say
// which field to correct (renderer/src/errors/messages.ts falls back to the general text otherwise).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

function labels(language: 'sv' | 'en'): Record<string, string> {
  const text = fs.readFileSync(path.resolve(root, '..', 'renderer', 'src', 'i18n', `${language}.json`), 'utf8');
  return (JSON.parse(text) as { errors: { fields: Record<string, string> } }).errors.fields;
}

describe('refused fields', () => {
  it('have a label in Swedish and English for every field main names in a refusal', () => {
    const fields = new Set(sources(root).flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(/\bfield: '([A-Za-z][A-Za-z0-9]*)'/g)].map((match) => match[1] ?? '')));
    expect(fields.size).toBeGreaterThan(10);
    const sv = labels('sv');
    const en = labels('en');
    expect([...fields].filter((field) => !sv[field] || !en[field])).toEqual([]);
  });
});
