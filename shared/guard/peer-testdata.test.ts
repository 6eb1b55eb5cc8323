// The personnummer projects' shared test data (Skatteverket's published test numbers, see
// test-support/personnummer-meta/README.md): every written form of every number must block.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scanText } from './identifier-guard';

const load = (name: string): string[] => JSON.parse(readFileSync(new URL(`./test-support/personnummer-meta/${name}`, import.meta.url), 'utf8')) as string[];

/** The year the forms are written in: '+' from the year a person turns 100 (fixed, so the test never depends on the clock). */
const WRITTEN_IN = 2026;

/**
 * The forms Skatteverket's rules give a twelve-digit number: with the century, run together or with
 * '-'; without it, with '-' (or '+' from the year one turns 100), and run together — except for
 * those 100 or older, whose ten digits without the '+' would be someone else's number.
 */
export function writtenForms(twelve: string): string[] {
  const ten = twelve.slice(2);
  const hundred = WRITTEN_IN - Number(twelve.slice(0, 4)) >= 100;
  return [twelve, `${twelve.slice(0, 8)}-${twelve.slice(8)}`, `${ten.slice(0, 6)}${hundred ? '+' : '-'}${ten.slice(6)}`, ...(hundred ? [] : [ten])];
}

/** As people also type them: a space before the last four. */
function spacedForms(twelve: string): string[] {
  const ten = twelve.slice(2);
  const hundred = WRITTEN_IN - Number(twelve.slice(0, 4)) >= 100;
  return [`${twelve.slice(0, 8)} ${twelve.slice(8)}`, ...(hundred ? [] : [`${ten.slice(0, 6)} ${ten.slice(6)}`])];
}

/** Forms per scanned line: a note with many numbers, each of which must be blocked on its own span. */
const PER_LINE = 20;

function missed(numbers: readonly string[], forms: (twelve: string) => string[], kind: string): { forms: number; missed: string[] } {
  const all = numbers.flatMap(forms);
  const misses: string[] = [];
  for (let at = 0; at < all.length; at += PER_LINE) {
    const line = all.slice(at, at + PER_LINE);
    let text = 'Pnr';
    const spans = line.map((form) => {
      text += ' ';
      const start = text.length;
      text += form;
      text += ',';
      return { form, start, end: start + form.length };
    });
    text += ' enligt akten.';
    const hits = scanText(text);
    // Blocked as exactly this number, over exactly its span.
    for (const span of spans) if (!hits.some((hit) => hit.kind === kind && hit.severity === 'block' && hit.start === span.start && hit.end === span.end)) misses.push(span.form);
  }
  return { forms: all.length, missed: misses };
}

describe('the personnummer projects’ test data (Skatteverket’s test numbers)', () => {
  const pins = load('allPins.json');
  const coords = load('allCoords.json');

  it('blocks every written form of every test personnummer and samordningsnummer', () => {
    const started = performance.now();
    const results = {
      personnummer: missed(pins, writtenForms, 'personnummer'),
      samordningsnummer: missed(coords, writtenForms, 'samordningsnummer'),
      'personnummer (space)': missed(pins, spacedForms, 'personnummer'),
      'samordningsnummer (space)': missed(coords, spacedForms, 'samordningsnummer'),
    };
    console.table(Object.entries(results).map(([label, result]) => ({ numbers: label, forms: result.forms, blocked: result.forms - result.missed.length, missed: result.missed.slice(0, 4).join(' ') })));
    console.log(`peer test data: ${Math.round(performance.now() - started)} ms`);
    expect(pins).toHaveLength(41_129);
    expect(coords).toHaveLength(2_264);
    // The counts the issue names: 156,586 forms of personnummer and 8,893 of samordningsnummer.
    expect(results.personnummer.forms).toBe(156_586);
    expect(results.samordningsnummer.forms).toBe(8_893);
    for (const [label, result] of Object.entries(results)) expect({ label, missed: result.missed.slice(0, 10), count: result.missed.length }).toEqual({ label, missed: [], count: 0 });
  });
});
