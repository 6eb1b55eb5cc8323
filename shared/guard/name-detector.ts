import type { GuardHit } from './identifier-guard';
import { type NameData, nameData } from './name-data';

/**
 * The name detector (part of the identifier guard). Pure. Decides, word by word:
 * - a known first name or surname (SCB's newborn names 1998–2022, surnames of the origins the
 *   teams meet) blocks — capitalised, in the genitive ("Aishas"), hyphenated ("Anna-Karin",
 *   "Al-Hassan"), and typed in lowercase when the name is not also an ordinary Swedish word
 *   ("hon heter anna svensson");
 * - a name that is also a Swedish word ("Saga", "Klara", "Bo", "Per") blocks inside a sentence,
 *   where a capital letter marks a name; at the start of a sentence it blocks when the name is
 *   common and the word is not an everyday one, or when a verb follows as after a subject
 *   ("Klara har flyttat"); otherwise it warns ("Bo kvar hemma" warns, "Per månad" warns);
 * - any word after a kinship or role word ("mamma Semhar", "brodern milad", "heter …") that is not
 *   an ordinary word blocks, and a capitalised unknown word right after a first name is a surname;
 * - any other capitalised word that is not a Swedish word form (nor a compound of them), not a
 *   known place and not one of the teams' organisations, programmes and acronyms warns as a
 *   possible name, at the start of a sentence too. Municipalities warn as places.
 */

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

type Shape = 'capitalised' | 'lower' | 'upper' | 'other';

const TOKEN = /\p{L}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*/gu;

/** Family words and naming verbs: the next word is a person's name when it is not an ordinary word ("mamma Semhar", "heter anna"). */
const KIN = new Set(
  `mamma mamman mammas mammans mor modern moderns pappa pappan pappas pappans far fadern faderns bror brodern broderns brorsan brorsa lillebror
storebror lillebrodern storebrodern syster systern systerns syrran syrra lillasyster storasyster lillasystern storasystern halvbror halvbrodern
halvsyster halvsystern kusin kusinen kusinens morbror morbrodern farbror farbrodern moster mostern faster fastern mormor farmor morfar farfar
son sonen dotter dottern flickvän flickvännen pojkvän pojkvännen partner partnern sambo sambon fru frun make maken hustru hustrun exet
vän vännen kompis kompisen bästis bästisen granne grannen styvpappa styvpappan styvmamma styvmamman bonuspappa bonusmamma
styvbror styvsyster bonusbror bonussyster sonson dotterdotter barnbarn heter hette kallas kallades namnet herr fröken`.split(/\s+/),
);

/** Role words: a capitalised word after one is a name ("handläggaren Ahmed", "eleven Milad"); lowercase words after them are ordinary. */
const ROLE = new Set(
  `vårdnadshavare vårdnadshavaren handläggare handläggaren socialsekreterare socialsekreteraren kurator kuratorn mentor mentorn lärare läraren
rektor rektorn coach coachen kontaktperson kontaktpersonen arbetsgivare arbetsgivaren chef chefen handledare handledaren läkare läkaren psykolog
psykologen terapeut terapeuten tjejen killen flickan pojken eleven deltagaren klienten sökanden ungdomen barnet bebisen`.split(/\s+/),
);

/** A kinship, role or naming word ("mamma", "eleven", "heter"): the word after it names someone, so it is never taken for a staff member. */
export function isKinOrRoleWord(lower: string): boolean {
  return KIN.has(lower) || ROLE.has(lower);
}

/** Lowercase words that are listed names but in notes are something else. */
const LOWERCASE_NOT_NAMES = new Set(['link', 'happy', 'habibi', 'yalla', 'wallah']);

/** Verbs that follow a subject: a name at the start of a sentence followed by one of these is a person. */
const SUBJECT_VERBS = new Set(
  `har hade är var ska skulle vill ville kan kunde kommer kom säger sa sade berättar berättade mår mådde bor bodde går gick får fick behöver
behövde tycker tyckte verkar verkade önskar saknar jobbar jobbade arbetar arbetade studerar pluggar läser söker sökte ringde ringer
uteblev träffar träffade deltar deltog flyttade flyttar började börjar slutade slutar blev blir uppger uppgav beskriver beskrev
visar visade upplever upplevde`.split(/\s+/),
);

/** Names whose ordinary-word sense is an everyday word in case notes ("Klara av", "Per månad", "Mina tider"). */
const EVERYDAY_WORD_NAMES = new Set(
  `per bo max klara liv tim lova vilda mina dina maj juni juli ben vida dag tom sol mark sten hans vilja sanna ville stig finn nick lisa karl
rita dan lina bror rosa björn fred knut frank ester lena alla man vi`.split(/\s+/),
);

/** A name is "common" at the start of a sentence from this many children given it 1998–2022. */
const COMMON_NAME = 300;
/** Fewer children than this: a listed name too rare to block when typed in lowercase or mid-sentence as a word. */
const RARE_NAME = 20;

function shapeOf(word: string): Shape {
  const first = word.charAt(0);
  const rest = word.slice(1);
  if (first !== first.toLocaleUpperCase('sv')) return word === word.toLocaleLowerCase('sv') ? 'lower' : 'other';
  if (rest === rest.toLocaleLowerCase('sv') || /^\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*$/u.test(word)) return rest === '' ? 'other' : 'capitalised';
  return word === word.toLocaleUpperCase('sv') ? 'upper' : 'other';
}

/** "anna-karin" → "Anna-Karin", "al-hassan" → "Al-Hassan". */
function titleCase(word: string): string {
  if (!word.includes('-')) return word.charAt(0).toLocaleUpperCase('sv') + word.slice(1).toLocaleLowerCase('sv');
  return word
    .toLocaleLowerCase('sv')
    .split('-')
    .map((part) => part.charAt(0).toLocaleUpperCase('sv') + part.slice(1))
    .join('-');
}

/** The word and, if it may be a genitive, the word without its -s ("Aishas", "Aisha's"). */
function bases(word: string): string[] {
  if (/['’]s$/u.test(word)) return [word, word.slice(0, -2)];
  if (word.length > 3 && word.endsWith('s')) return [word, word.slice(0, -1)];
  return [word];
}

interface NameInfo {
  /** Children given the name 1998–2022 (0 for names from the other lists); undefined: not a first name. */
  readonly first: number | undefined;
  readonly last: boolean;
}

/** The name, or the name whose genitive the word is — unless the word is itself a Swedish word ("finns" is not Finn's). */
function lookupName(data: NameData, titled: string, genitiveEvenIfWord = false): NameInfo | null {
  const candidates = bases(titled);
  for (const [k, base] of candidates.entries()) {
    if (k > 0 && !genitiveEvenIfWord && data.words.has(titled.toLocaleLowerCase('sv'))) break;
    const first = data.firstNames.get(base);
    const last = data.lastNames.has(base);
    if (first !== undefined || last) return { first, last };
  }
  // The genitive of a two-letter first name ("Bos mamma"): only a first name, and only where a genitive is likely.
  if (titled.length === 3 && titled.endsWith('s') && (genitiveEvenIfWord || !data.words.has(titled.toLocaleLowerCase('sv')))) {
    const first = data.firstNames.get(titled.slice(0, 2));
    if (first !== undefined) return { first, last: false };
  }
  return null;
}

function isWord(data: NameData, lower: string): boolean {
  if (data.words.has(lower)) return true;
  if (lower.includes('-')) return lower.split('-').every((part) => part === '' || data.words.has(part) || data.compoundBeginnings.has(part) || data.compoundBeginWords.has(part));
  return false;
}

/** A compound of Swedish word forms ("försörjningsstödet" = "försörjnings" + "stödet"). */
function isCompound(data: NameData, lower: string, depth = 0): boolean {
  for (let i = 3; i <= lower.length - 3; i++) {
    const head = lower.slice(0, i);
    if (!data.compoundBeginnings.has(head) && !data.compoundBeginWords.has(head)) continue;
    const tail = lower.slice(i);
    if (data.words.has(tail) || (depth < 2 && isCompound(data, tail, depth + 1))) return true;
  }
  return false;
}

function isOrganisation(data: NameData, word: string): boolean {
  for (const base of bases(word)) {
    if (data.organisations.has(base) || data.organisations.has(titleCase(base)) || data.organisations.has(base.toLocaleUpperCase('sv'))) return true;
  }
  return false;
}

function isPlace(set: ReadonlySet<string>, word: string): boolean {
  return bases(titleCase(word)).some((base) => set.has(base));
}

function atSentenceStart(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0) {
    const char = text.charAt(i);
    if (char === '\n') return true;
    if (!/[\s"'“”«»([–—•*-]/u.test(char)) break;
    i--;
  }
  return i < 0 || /[.!?:…]/u.test(text.charAt(i));
}

/** Only spaces between the two words (no punctuation). */
function adjacent(text: string, a: Token | undefined, b: Token | undefined): boolean {
  return a !== undefined && b !== undefined && /^[ \t\u00a0]+$/u.test(text.slice(a.end, b.start));
}

export function nameHits(text: string, extra: ReadonlySet<string>): GuardHit[] {
  const data = nameData();
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    tokens.push({ text: match[0], start, end: start + match[0].length });
  }
  const hits: GuardHit[] = [];
  /** Tokens found to be first names, so the word after can be taken for a surname. */
  const firstNameAt = new Set<number>();
  /** Tokens hit as names (block or warn), so a lowercase unknown word right after one is its surname. */
  const nameAt = new Set<number>();
  for (const [i, token] of tokens.entries()) {
    const word = token.text;
    const hit = (kind: GuardHit['kind'], severity: 'block' | 'warn'): void => {
      hits.push({ kind, severity, start: token.start, end: token.end, text: word });
      if (kind === 'name' || kind === 'possible-name') nameAt.add(i);
    };
    const lower = word.toLocaleLowerCase('sv');
    if (extra.has(lower) || bases(lower).some((base) => extra.has(base))) {
      hit('name', 'block');
      continue;
    }
    const shape = shapeOf(word);
    if (shape === 'upper' || shape === 'other' || word.length < 2) continue;
    const previous = tokens[i - 1];
    const next = tokens[i + 1];
    const previousWord = adjacent(text, previous, token) && previous !== undefined ? previous.text.toLocaleLowerCase('sv') : '';
    const afterKin = KIN.has(previousWord);
    const afterRole = ROLE.has(previousWord);
    const afterName = nameAt.has(i - 1) && previousWord !== '';
    const afterFirst = adjacent(text, previous, token) && firstNameAt.has(i - 1);
    const titled = titleCase(word);
    const nextWord = adjacent(text, token, next) && next !== undefined ? next.text.toLocaleLowerCase('sv') : '';
    // A capital letter inside a sentence marks a name: "Klaras ärende" is Klara's even though
    // "klaras" is a word; so does a kinship word after it ("Enas mamma").
    const name = lookupName(data, titled, shape === 'capitalised' && (KIN.has(nextWord) || !atSentenceStart(text, token.start)));
    const isFirstName = name?.first !== undefined;
    if (shape === 'lower') {
      if (word.length < 3 || LOWERCASE_NOT_NAMES.has(lower)) continue;
      // Most lowercase words are neither names nor next to one: leave them before any dictionary lookup.
      const nextIsSurname = nextWord !== '' && data.lastNames.has(titleCase(nextWord)) && !data.words.has(nextWord);
      if (!name && !afterKin && !afterFirst && !afterName && !nextIsSurname) continue;
      if (isOrganisation(data, word)) continue;
      const ordinary = isWord(data, lower);
      const count = name?.first ?? 0;
      const baseIsWord = bases(lower).some((base) => data.words.has(base));
      const notAWord = !ordinary && !baseIsWord && !isCompound(data, lower);
      // A listed name that is not a word blocks; names given to very few children only when long enough not to be a typo's chance.
      const known = name !== null && (name.last || name.first === 0 || count >= RARE_NAME || (count >= 1 && word.length >= 4));
      if (name && notAWord && (known || afterKin || afterName)) {
        hit('name', 'block');
        if (isFirstName) firstNameAt.add(i);
      } else if (name && isFirstName) {
        // A name that is also a word ("oliver", "ebba", "klara"): a name when a kinship word comes
        // before, a surname after, or a verb after at the start of a sentence; otherwise a common
        // name whose word is not an everyday one warns.
        const everyday = EVERYDAY_WORD_NAMES.has(lower) || SUBJECT_VERBS.has(lower);
        const subject = atSentenceStart(text, token.start) && SUBJECT_VERBS.has(nextWord);
        if (nextIsSurname || (!everyday && ((afterKin && count >= RARE_NAME) || (subject && count >= RARE_NAME)))) {
          hit('name', 'block');
          firstNameAt.add(i);
        } else if (count >= COMMON_NAME && !everyday) hit('possible-name', 'warn');
      } else if (name?.last === true && afterFirst) hit('name', 'block'); // "jesper björklund"
      else if (notAWord && (afterKin || afterFirst || nextIsSurname)) hit('name', 'block');
      else if (notAWord && afterName) hit('possible-name', 'warn');
      continue;
    }

    // Capitalised.
    if (isOrganisation(data, word)) continue;
    const ordinary = isWord(data, lower);
    const sentenceStart = atSentenceStart(text, token.start);
    const municipality = isPlace(data.municipalities, word);
    // A genitive before a kinship word ("Enas mamma", "Danas pappa") is a person.
    const genitiveOfKin = name !== null && /s$/u.test(word) && KIN.has(nextWord);
    if (name) {
      if (isFirstName) firstNameAt.add(i);
      const count = name.first ?? 0;
      if (municipality && !afterFirst && !afterKin) hit('place', 'warn');
      else if (!ordinary || afterKin || afterRole || afterFirst || genitiveOfKin) hit('name', 'block');
      else if (!sentenceStart) {
        // A capital letter inside a sentence marks a name — also an older one given to few children
        // since 1998 ("Ann", "Britt", "Inger", "Mats") — unless the name is an everyday word, or the
        // word follows an acronym as part of a shop's or service's name ("ICA Maxi").
        const afterAcronym = previous !== undefined && adjacent(text, previous, token) && shapeOf(previous.text) === 'upper';
        if (isFirstName && (count >= RARE_NAME || (!EVERYDAY_WORD_NAMES.has(lower) && !afterAcronym))) hit('name', 'block');
        else hit('possible-name', 'warn');
      } else {
        const nextIsVerb = SUBJECT_VERBS.has(nextWord);
        const nextIsSurname = adjacent(text, token, next) && next !== undefined && shapeOf(next.text) === 'capitalised' && lookupName(data, next.text)?.last === true;
        // At the start of a sentence the word sense of a rarer name ("Oro finns …") wins.
        if (isFirstName && ((count >= COMMON_NAME && !EVERYDAY_WORD_NAMES.has(lower)) || nextIsVerb || nextIsSurname)) hit('name', 'block');
        else if (count >= COMMON_NAME || (nextWord === 'och' && count >= RARE_NAME && !EVERYDAY_WORD_NAMES.has(lower))) hit('possible-name', 'warn');
        else firstNameAt.delete(i);
      }
      continue;
    }
    if (municipality) {
      if (afterFirst || afterKin || afterRole) hit('name', 'block');
      else hit('place', 'warn');
      continue;
    }
    // A capitalised word right after a first name, inside a sentence, is a surname even when it is also a word ("Jacob Strand").
    if (afterFirst && !sentenceStart && !isPlace(data.otherPlaces, word)) {
      hit('name', 'block');
      continue;
    }
    if (ordinary || isPlace(data.otherPlaces, word) || isCompound(data, lower)) continue;
    // The first part of a compound written apart: "Hälso- och sjukvård", "Arbets- och …".
    if (text.charAt(token.end) === '-' && (data.compoundBeginnings.has(lower) || data.compoundBeginWords.has(lower))) continue;
    // Not a word we know: after a kinship word or a first name it is a name; otherwise maybe one.
    if (afterKin || afterRole || afterFirst || /(?:sson|son)s?$/u.test(word)) hit('name', 'block');
    else hit('possible-name', 'warn');
  }
  return hits;
}
