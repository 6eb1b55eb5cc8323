import { MUNICIPALITIES } from './data/places';
import { isKinOrRoleWord, nameHits } from './name-detector';
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
/** Information only: never blocks, needs no reason (the team's own people, see GuardOptions.staffNames). */
export const INFO_KINDS = ['staff'] as const;
export type BlockingKind = (typeof BLOCKING_KINDS)[number];
export type WarningKind = (typeof WARNING_KINDS)[number];
export type InfoKind = (typeof INFO_KINDS)[number];
export type GuardKind = BlockingKind | WarningKind | InfoKind;
export type GuardSeverity = 'block' | 'warn' | 'info';

export interface GuardHit {
  readonly kind: GuardKind;
  readonly severity: GuardSeverity;
  /** UTF-16 offsets into the text, for highlighting. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface GuardOptions {
  /** The admin's own additions: names of people and places the team knows are sensitive. */
  readonly extraNames?: readonly string[];
  /**
   * The team's own people for this text (the meeting team's current members, the meeting's
   * attendees and guests): a word that is one of their names — full name, first name or surname
   * alone — is shown as kind 'staff' (severity 'info') instead of a name hit. A young person who
   * shares a name with a staff member is the editor's call. The admin's own names still block.
   */
  readonly staffNames?: readonly string[];
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
const STREET = re(`${L}\\p{Lu}\\p{Ll}+(?:gatan|vägen|väg|gata|gränd|gränden|stigen|torget|torg|backen|allén|plan|leden|esplanaden|promenaden|gärdet)\\s+\\d{1,4}(?:[A-Za-z]|\\s[A-Z])?${R}`);
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
  return scanWithStaff(text, options).hits;
}

/** How many blocking name hits in the text the staff names (GuardOptions.staffNames) turned into 'staff' hits: main audits this count, never the names. */
export function staffReplacedCount(text: string, options: GuardOptions = {}): number {
  return scanWithStaff(text, options).replaced;
}

function scanWithStaff(text: string, options: GuardOptions): { hits: GuardHit[]; replaced: number } {
  const extra = new Set((options.extraNames ?? []).map((name) => name.trim().toLocaleLowerCase('sv')).filter(Boolean));
  const all: GuardHit[] = [
    ...idHits(text),
    ...notIdShaped(phoneHits(text), text),
    ...collect(EMAIL, text, () => ({ kind: 'email', severity: 'block' })),
    ...collect(STREET, text, () => ({ kind: 'address', severity: 'block' })),
    ...collect(POSTAL, text, () => ({ kind: 'address', severity: 'block' })),
    ...collect(POSTAL_TIGHT, text, (match) => (PLACES.has(match[1] ?? '') ? { kind: 'address', severity: 'block' } : null)),
    ...collect(AGE, text, () => ({ kind: 'exact-age', severity: 'warn' })),
    ...collect(BIRTH, text, () => ({ kind: 'birth-date', severity: 'warn' })),
    ...collect(SCHOOL_OR_WORK, text, () => ({ kind: 'school-or-workplace', severity: 'warn' })),
    ...schoolAfterNameHits(text),
    ...collect(AGE_AFTER_NAME, text, () => ({ kind: 'exact-age', severity: 'warn' })),
    ...nameHits(text, extra),
  ].sort((a, b) => a.start - b.start || PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind));
  const kept: GuardHit[] = [];
  for (const hit of all) {
    const overlapping = kept.findIndex((other) => hit.start < other.end && other.start < hit.end);
    const other = kept[overlapping];
    if (!other) kept.push(hit);
    else if (PRIORITY.indexOf(hit.kind) < PRIORITY.indexOf(other.kind)) kept[overlapping] = hit;
  }
  return withStaff(kept, text, options.staffNames ?? [], extra);
}

export function blockingHits(hits: readonly GuardHit[]): GuardHit[] {
  return hits.filter((hit) => hit.severity === 'block');
}

// ── Issue 17 (rules): numbers that are not phone numbers, schools, ages after a name, and the
// team's own people. Kept in their own functions; scanText calls each once.

/**
 * Prefixes of a bare ten-digit number that is a whole phone number even when it is date-shaped:
 * mobile (07x + 7 digits), Stockholm (08 + 8 digits) and the two- and three-digit area codes of the
 * larger towns and the nationwide 010/020 numbers (0xx + 7 digits: `0311234567` is Göteborg). Swedish
 * area codes are prefix-free, so `0510269170` (Lidköping's four-digit 0510 + six digits) is not
 * among them: a four-digit area code with six digits cannot be told from a mistyped personnummer
 * born 2000–2009, and stays a warning, as the issue asks.
 */
const RUN_TOGETHER_PHONE = /^(?:07[02369]|08|01[013689]|02[0136]|03[1356]|04[0246]|054|06[03]|090)/;

/**
 * Phone hits that are not a personnummer-shaped number. A date with four digits after it, written
 * `ÅÅMMDD-NNNN` or run together (`011108-3629`, `0510269170`), is a personnummer — valid, or a
 * possibly mistyped one that warns — and never a phone number; phone numbers' dashes follow the
 * area code. Only a bare ten-digit number with a mobile prefix or a two- or three-digit area code
 * (`0701234567`, `0311234567`, see RUN_TOGETHER_PHONE) stays a phone number: it blocks either way.
 */
function notIdShaped(phones: GuardHit[], text: string): GuardHit[] {
  if (phones.length === 0) return phones;
  const spans: { start: number; end: number }[] = [];
  for (const match of text.matchAll(ID_NUMBER)) {
    const [whole, century, six = '', separator = '', four = ''] = match;
    if (separator === ' ' || separator === '\u00a0' || separator === '\u202f') continue;
    const verdict = classifyIdNumber(century ?? null, `${six}${four}`, separator);
    if (verdict === null) continue;
    if (verdict === 'date-shaped' && century === undefined && separator === '' && RUN_TOGETHER_PHONE.test(six)) continue;
    const start = match.index ?? 0;
    spans.push({ start, end: start + whole.length });
  }
  return phones.filter((phone) => !spans.some((span) => phone.start < span.end && span.start < phone.end));
}

// A school named by a capitalised word before a lowercase school word: "Norrviks gymnasium",
// "Ekdalens skola". Not when the first word only says whose or which ("Hennes skola", "Nya gymnasiet").
const SCHOOL_AFTER_NAME = re(
  `${L}(\\p{Lu}\\p{Ll}+(?:-\\p{Lu}\\p{Ll}+)?)\\s+(?:gymnasium|gymnasiet|gymnasieskola|gymnasieskolan|skola|skolan|grundskola|grundskolan|friskola|friskolan|folkhögskola|folkhögskolan|särskola|särskolan|högstadieskola|högstadieskolan)${R}`,
);
const NOT_A_SCHOOL_NAME = new Set(
  (
    'hennes hans deras dess vår vårt våra er ert era min mitt mina din ditt dina sin sitt sina den det de denna detta dessa samma ny nya nytt gamla gammal annan annat andra ' +
    'vilken vilket vilka ingen inget inga någon något några varje egen eget egna kommunens kommunal kommunala kommunalt privat privata vanlig vanliga stor stora liten lilla hela ' +
    'första sista nästa förra ordinarie särskild särskilda anpassad anpassade en ett från till på i om med efter före utan av vid hos ur under mot som när där då men och eller ' +
    'bytt byter börjat börjar gick går gått slutat slutar ny- närmaste lokala lokal allmän allmänna statlig statliga fristående svensk svenska'
  ).split(' '),
);

function schoolAfterNameHits(text: string): GuardHit[] {
  return collect(SCHOOL_AFTER_NAME, text, (match) => (NOT_A_SCHOOL_NAME.has((match[1] ?? '').toLocaleLowerCase('sv')) ? null : { kind: 'school-or-workplace', severity: 'warn' }));
}

// An age written after a name, between commas or in brackets: "Jonna, 19, har flyttat",
// "Jonna (19)". Only the number is marked, so the name keeps its own hit.
const AGE_AFTER_NAME = re(`(?<=\\p{L}[\\p{L}-]*,\\s?)\\d{1,2}(?:\\s?år)?(?=\\s?,)|(?<=\\p{Lu}\\p{Ll}+\\s)\\(\\d{1,2}(?:\\s?år)?\\)`);

const STAFF_WORD = re(`${L}\\p{L}+(?:-\\p{L}+)*${R}`);

/** Words after which a staff member's name is someone else's ("familjen Maria Andersson"), beside the name detector's kinship and role words. */
const NOT_STAFF_AFTER = new Set(['familjen', 'familj', 'fam']);

interface StaffName {
  /** The first word, lower-cased ("anna-karin"). */
  readonly first: string;
  /** The words after it, lower-cased ("wikström"). */
  readonly rest: readonly string[];
}

function staffNameList(names: readonly string[]): StaffName[] {
  const list: StaffName[] = [];
  for (const name of names) {
    const words = name
      .trim()
      .toLocaleLowerCase('sv')
      .split(/[\s,]+/u)
      .filter((word) => /^\p{L}[\p{L}-]*\p{L}$/u.test(word));
    const [first, ...rest] = words;
    if (first !== undefined) list.push({ first, rest });
  }
  return list;
}

/**
 * Where the text names the team's own people. Staff are written capitalised in notes: every word
 * of a match starts with a capital letter. A staff member's full name matches ("Maria Andersson",
 * its last word also in the genitive), and so does a first name alone ("Ahmed", "Alvas") — but a
 * surname alone never does ("Familjen Andersson" is a young person's family). No match right after a
 * kinship, role or naming word ("mamma Maria", "eleven Ahmed", "heter Maria Andersson"), nor a
 * genitive before a kinship word ("Ahmeds mamma"), nor a first name in a surname's place (right
 * after another capitalised name that is not staff). Returns the words of each match.
 */
function staffMatches(text: string, names: readonly string[], kept: readonly GuardHit[]): { start: number; end: number }[][] {
  const staff = staffNameList(names);
  if (staff.length === 0) return [];
  const tokens = [...text.matchAll(STAFF_WORD)].map((match) => ({ word: match[0], lower: match[0].toLocaleLowerCase('sv'), start: match.index ?? 0, end: (match.index ?? 0) + match[0].length }));
  const spaced = (a: { end: number }, b: { start: number }): boolean => /^[ \t\u00a0]+$/u.test(text.slice(a.end, b.start));
  const capital = (word: string): boolean => /^\p{Lu}/u.test(word);
  const isGenitiveOf = (lower: string, base: string): boolean => lower === `${base}s` || lower === `${base}'s` || lower === `${base}’s`;
  const matches: { start: number; end: number }[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined || !capital(token.word)) continue;
    const previous = i > 0 ? tokens[i - 1] : undefined;
    if (previous !== undefined && spaced(previous, token)) {
      if (isKinOrRoleWord(previous.lower) || NOT_STAFF_AFTER.has(previous.lower)) continue;
      // A first name in a surname's place ("Ahmed Hassan" with a colleague called Hassan Ali) is the young person's.
      if (capital(previous.word) && kept.some((hit) => (hit.kind === 'name' || hit.kind === 'possible-name') && hit.start <= previous.start && previous.end <= hit.end)) continue;
    }
    let best: { last: number; genitive: boolean } | null = null;
    for (const name of staff) {
      if (token.lower === name.first && name.rest.length > 0) {
        // The full name, every word capitalised and one space apart; only its last word may be a genitive.
        let k = 0;
        let genitive = false;
        for (; k < name.rest.length; k++) {
          const next = tokens[i + 1 + k];
          const before = tokens[i + k];
          const part = name.rest[k] ?? '';
          if (next === undefined || before === undefined || !spaced(before, next) || !capital(next.word)) break;
          if (next.lower === part) continue;
          if (k === name.rest.length - 1 && isGenitiveOf(next.lower, part)) {
            genitive = true;
            continue;
          }
          break;
        }
        if (k === name.rest.length && (best === null || i + k > best.last)) best = { last: i + k, genitive };
      }
      if (best === null && token.lower === name.first) best = { last: i, genitive: false };
      if (best === null && isGenitiveOf(token.lower, name.first)) best = { last: i, genitive: true };
    }
    if (best === null) continue;
    const last = tokens[best.last];
    const after = tokens[best.last + 1];
    // "Ahmeds mamma", "Maria Anderssons pappa": the family of someone who shares a colleague's name.
    if (best.genitive && last !== undefined && after !== undefined && spaced(last, after) && isKinOrRoleWord(after.lower)) {
      i = best.last;
      continue;
    }
    matches.push(tokens.slice(i, best.last + 1).map(({ start, end }) => ({ start, end })));
    i = best.last;
  }
  return matches;
}

/**
 * The team's own people: where the text names a staff member (see staffMatches), a name hit over
 * those words is shown as 'staff' (information) instead. A name hit is replaced only when every word
 * in it is a staff word (a young person's full name that merely starts like a colleague's keeps
 * its surname's hit). A staff word under any other hit — an address, a place, the admin's own
 * names — stays that hit. `replaced` counts the blocking name hits the staff names took away (main
 * audits that count).
 */
function withStaff(kept: GuardHit[], text: string, names: readonly string[], extra: ReadonlySet<string>): { hits: GuardHit[]; replaced: number } {
  if (names.length === 0) return { hits: kept, replaced: 0 };
  const matches = staffMatches(text, names, kept)
    .map((match) => match.filter((word) => !extra.has(text.slice(word.start, word.end).toLocaleLowerCase('sv'))))
    .filter((match) => match.length > 0);
  if (matches.length === 0) return { hits: kept, replaced: 0 };
  const words = matches.flat();
  const isStaffWord = (start: number, end: number): boolean => words.some((word) => word.start === start && word.end === end);
  const allStaff = (hit: GuardHit): boolean =>
    [...hit.text.matchAll(STAFF_WORD)].every((match) => isStaffWord(hit.start + (match.index ?? 0), hit.start + (match.index ?? 0) + match[0].length));
  const replaced = kept.filter((hit) => (hit.kind === 'name' || hit.kind === 'possible-name') && allStaff(hit));
  const remaining = kept.filter((hit) => !replaced.includes(hit));
  const overlaps = (hits: readonly GuardHit[], word: { start: number; end: number }): boolean => hits.some((hit) => hit.start < word.end && word.start < hit.end);
  // The words of one match one space apart are one staff hit ("Ahmed Hassan").
  const spans: { start: number; end: number }[] = [];
  for (const match of matches) {
    let open = false;
    for (const word of match) {
      if (overlaps(remaining, word)) {
        open = false;
        continue;
      }
      const last = spans[spans.length - 1];
      if (open && last) last.end = word.end;
      else spans.push({ ...word });
      open = true;
    }
  }
  const staffHits: GuardHit[] = spans.map((span) => ({ kind: 'staff', severity: 'info', start: span.start, end: span.end, text: text.slice(span.start, span.end) }));
  return { hits: [...remaining, ...staffHits].sort((a, b) => a.start - b.start), replaced: replaced.filter((hit) => hit.severity === 'block').length };
}
