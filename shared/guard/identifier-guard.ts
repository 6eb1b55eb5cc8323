import { MUNICIPALITIES } from './data/places';
import { nameHits } from './name-detector';
import { classifyIdNumber } from './swedish-ids';

/**
 * The identifier guard: finds what would identify a young person in a case note. It runs in the
 * editor as the user types (hits are highlighted) and again in main before every commit, where
 * a blocking hit without a written reason refuses the save. Pure: no I/O, no DOM, no Node.
 *
 * Blocks: valid personnummer and samordningsnummer, phone numbers, e-mail addresses, street
 * addresses and postal codes with a town, and names from the shipped lists (and the admin's own
 * additions). Warns: a date-shaped number with a wrong check digit (a mistyped personnummer?),
 * and details that identify when few match — exact ages, birth dates, named schools and
 * workplaces, and places (the 290 municipalities) — which the user may accept.
 */
export const BLOCKING_KINDS = ['personnummer', 'samordningsnummer', 'phone', 'email', 'address', 'name'] as const;
export const WARNING_KINDS = ['possible-personnummer', 'possible-name', 'exact-age', 'birth-date', 'school-or-workplace', 'place'] as const;
export type BlockingKind = (typeof BLOCKING_KINDS)[number];
export type WarningKind = (typeof WARNING_KINDS)[number];
export type GuardKind = BlockingKind | WarningKind;

export interface GuardHit {
  readonly kind: GuardKind;
  readonly severity: 'block' | 'warn';
  /** UTF-16 offsets into the text, for highlighting. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface GuardOptions {
  /** The admin's own additions: names of people and places the team knows are sensitive. */
  readonly extraNames?: readonly string[];
}

/** Which detector wins when two hits overlap: the earlier in this list. */
// A possible name is the vaguest warning: a school, a place or an age over the same words says more.
const PRIORITY: readonly GuardKind[] = [...BLOCKING_KINDS, ...WARNING_KINDS.filter((kind) => kind !== 'possible-name'), 'possible-name'];

// Personnummer shapes: 12 digits (century) or 10, with '-', '+', a space or nothing before the last four.
// Dashes as word processors write them (en and em dash, non-breaking hyphen) and a non-breaking
// space count as the separator too.
const ID_NUMBER = /(?<![\d-])(?:(\d{2})(?=\d{6}[-+ \u2010-\u2014\u00a0\u202f]?\d{4}(?!\d)))?(\d{6})([-+ \u2010-\u2014\u00a0\u202f]?)(\d{4})(?![\d])/g;
// Swedish phone numbers: +46/0046 or a leading 0, area code, then groups; 8 to 12 digits in all.
// Word edges that know å, ä and ö (`\b` is ASCII-only even with the u flag).
const L = '(?<![\\p{L}\\p{N}])';
const R = '(?![\\p{L}\\p{N}])';
const re = (source: string, flags = 'gu'): RegExp => new RegExp(source, flags);

// Swedish phone numbers: +46/0046 or a leading 0, area code, then groups; 8 to 12 digits in all.
// Not inside a date or a range of dates: nothing right before it but a space or an opening mark.
const PHONE = /(?<![\w+\-/.:])(?:\+46|0046|0)(?:\s?-\s?|\s)?\(?\d{1,3}\)?(?:(?:\s?-\s?|\s)?\d){5,9}(?![\d-])/g;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const STREET = re(`${L}\\p{Lu}\\p{Ll}+(?:gatan|vägen|väg|gata|gränd|gränden|stigen|torget|torg|backen|allén|plan|leden|esplanaden|promenaden|gärdet)\\s+\\d{1,4}(?:\\s?[A-Za-z])?${R}`);
// A postal code as written on letters (NNN NN Town); run together (NNNNN Town) only before a
// known municipality, since "12500 Kronor" is an amount.
const POSTAL = /(?<!\d[\s.]?)\d{3}\s\d{2}\s+\p{Lu}\p{Ll}+/gu;
const POSTAL_TIGHT = /(?<!\d)\d{5}\s+(\p{Lu}\p{Ll}+)/gu;
const AGE = re(
  `${L}(?:(?:är|blir|blev|var|nyss|bara)\\s+\\d{1,2}\\s?år|\\d{1,2}\\s?år\\s+(?:gammal|gamla)|\\d{1,2}-?åri(?:g|ga|ge)|\\d{1,2}-?åring(?:en|ar|arna)?|(?:fyller|fyllde)\\s+\\d{1,2})${R}`,
  'giu',
);
const BIRTH = re(`${L}(?:född|födda|f\\.)\\s+(?:den\\s+)?(?:\\d{4}-\\d{2}-\\d{2}|\\d{1,2}\\s+\\p{L}+\\s+\\d{4}|\\d{4}|\\d{6})`, 'giu');
const SCHOOL_OR_WORK = re(
  `${L}\\p{Lu}[\\p{L}-]*(?:skolan|skola|gymnasiet|gymnasium|gymnasieskola|folkhögskola|folkhögskolan|högskolan|universitet(?:et)?)${R}|${L}(?:ICA|Coop|Willys|Hemköp|Lidl|McDonald's|Max|Systembolaget)\\s+\\p{Lu}\\p{L}+|${L}\\p{Lu}[\\p{L}&-]+\\s+(?:AB|HB|KB)${R}`,
);

const PLACES = new Set(MUNICIPALITIES);

function collect(regex: RegExp, text: string, make: (match: RegExpExecArray) => Omit<GuardHit, 'start' | 'end' | 'text'> | null): GuardHit[] {
  const hits: GuardHit[] = [];
  for (const match of text.matchAll(regex)) {
    const index = match.index ?? 0;
    const made = make(match as RegExpExecArray);
    if (made) hits.push({ ...made, start: index, end: index + match[0].length, text: match[0] });
  }
  return hits;
}

function idHits(text: string): GuardHit[] {
  return collect(ID_NUMBER, text, (match) => {
    const [, century, six = '', separator = '', four = ''] = match;
    const verdict = classifyIdNumber(century ?? null, `${six}${four}`, separator);
    if (verdict === 'personnummer' || verdict === 'samordningsnummer') return { kind: verdict, severity: 'block' };
    // A space-separated pair of numbers is too often something else to warn about.
    if (verdict === 'date-shaped' && separator !== ' ') return { kind: 'possible-personnummer', severity: 'warn' };
    return null;
  });
}

function phoneHits(text: string): GuardHit[] {
  return collect(PHONE, text, (match) => {
    const digits = match[0].replace(/\D/g, '').replace(/^(0046|46)/, '0');
    return digits.length >= 8 && digits.length <= 12 ? { kind: 'phone', severity: 'block' } : null;
  });
}

/** Every hit in the text, sorted by position; overlapping hits keep the blocking one. */
export function scanText(text: string, options: GuardOptions = {}): GuardHit[] {
  const extra = new Set((options.extraNames ?? []).map((name) => name.trim().toLocaleLowerCase('sv')).filter(Boolean));
  const all: GuardHit[] = [
    ...idHits(text),
    ...phoneHits(text),
    ...collect(EMAIL, text, () => ({ kind: 'email', severity: 'block' })),
    ...collect(STREET, text, () => ({ kind: 'address', severity: 'block' })),
    ...collect(POSTAL, text, () => ({ kind: 'address', severity: 'block' })),
    ...collect(POSTAL_TIGHT, text, (match) => (PLACES.has(match[1] ?? '') ? { kind: 'address', severity: 'block' } : null)),
    ...collect(AGE, text, () => ({ kind: 'exact-age', severity: 'warn' })),
    ...collect(BIRTH, text, () => ({ kind: 'birth-date', severity: 'warn' })),
    ...collect(SCHOOL_OR_WORK, text, () => ({ kind: 'school-or-workplace', severity: 'warn' })),
    ...nameHits(text, extra),
  ].sort((a, b) => a.start - b.start || PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind));
  const kept: GuardHit[] = [];
  for (const hit of all) {
    const overlapping = kept.findIndex((other) => hit.start < other.end && other.start < hit.end);
    const other = kept[overlapping];
    if (!other) kept.push(hit);
    else if (PRIORITY.indexOf(hit.kind) < PRIORITY.indexOf(other.kind)) kept[overlapping] = hit;
  }
  return kept;
}

export function blockingHits(hits: readonly GuardHit[]): GuardHit[] {
  return hits.filter((hit) => hit.severity === 'block');
}
