/**
 * The invented words the seeded vault is written in: anonymised, made-up case notes (no names, no
 * numbers, no places that point at anyone), decisions, actions and supervision records. Every note
 * ends with "(påhittad anteckning)" so nobody mistakes a bench vault for a real one (PRODUCT.md).
 */

/** A small seeded generator (mulberry32): the same seed gives the same vault content. */
export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** `count` distinct items (fewer if there are fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < count && copy.length > 0) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0] as T);
    return out;
  }
}

const BRANCHES = ['lager', 'handel', 'vård och omsorg', 'restaurang', 'bygg', 'kontor', 'fordon', 'lantbruk', 'lokalvård', 'IT-support', 'kafé', 'trädgård'];
const FREQUENCIES = ['två dagar i veckan', 'tre förmiddagar i veckan', 'halvtid', 'en dag i veckan', 'fyra timmar om dagen'];

const NOTES: readonly ((r: Random) => string)[] = [
  (r) => `Den unge vill pröva praktik inom ${r.pick(BRANCHES)}.`,
  () => 'Motivationen är god men dygnsrytmen ställer till det.',
  (r) => `Arbetsträningen har kommit i gång ${r.pick(FREQUENCIES)}.`,
  () => 'Studier på komvux diskuteras som nästa steg.',
  () => 'Kontakten med psykiatrin behöver samordnas bättre mellan myndigheterna.',
  () => 'Ekonomin är ansträngd och försörjningsstöd utgår under perioden.',
  () => 'Boendesituationen är osäker och påverkar planeringen.',
  () => 'Körkortsteori pågår med stöd av arbetskonsulenten.',
  () => 'Aktivitetsersättning är aktuell och underlag för en ny ansökan tas fram.',
  () => 'Den unge har uteblivit från två möten i rad; kontakt tas via ärendebäraren.',
  (r) => `Ett studiebesök på en arbetsplats inom ${r.pick(BRANCHES)} är genomfört och gick bra.`,
  () => 'Praktiken fungerar, handledaren på plats är nöjd med närvaron.',
  () => 'Sömnen har blivit bättre sedan förra avstämningen.',
  () => 'Behov av en neuropsykiatrisk utredning lyfts av regionen.',
  () => 'Den unge önskar en kortare dag i början av praktiken.',
  () => 'Samordnad planering med Arbetsförmedlingen kring en utbildningsinsats.',
  () => 'Ett trepartssamtal med försäkringskassan ska bokas.',
  () => 'Skolgången avbröts tidigare; intresse finns för en yrkesutbildning.',
  () => 'Oro för social isolering; en aktivitet i grupp kan vara ett första steg.',
  () => 'Arbetsträningen har pausats efter ett återfall, planeras om.',
];

const DECISIONS: readonly string[] = [
  'Arbetskonsulenten bokar ett studiebesök.',
  'Avstämning om två veckor.',
  'Ärendebäraren kontaktar Försäkringskassan inför nästa möte.',
  'Teamet föreslår praktik med handledare.',
  'Ärendet lyfts till handledning.',
  'Ingen ny insats just nu; fortsatt uppföljning.',
  'Arbetsträningen förlängs en månad.',
  'Planeringen fortsätter enligt tidigare beslut.',
  'Regionen återkommer efter bedömning.',
  'Ansökan om studiestöd förbereds tillsammans med den unge.',
];

const ACTIONS: readonly ((r: Random) => string)[] = [
  (r) => `Boka studiebesök inom ${r.pick(BRANCHES)}`,
  () => 'Kontakta handläggaren om ersättningen',
  () => 'Ta fram underlag inför praktik',
  () => 'Följ upp närvaron i arbetsträningen',
  () => 'Boka trepartssamtal',
  () => 'Skicka remiss till primärvården',
  () => 'Stäm av dygnsrytmen vid nästa träff',
  () => 'Undersök platser på komvux',
];

export const SEARCH_WORDS = ['praktik', 'arbetsträningen', 'studiebesök', 'dygnsrytmen', 'komvux', 'psykiatrin', 'försörjningsstöd', 'körkortsteori', 'lager', 'handledning'] as const;

export function noteText(r: Random): string {
  const sentences = r.sample(NOTES, r.int(2, 4)).map((make) => make(r));
  return `${sentences.join(' ')} (Påhittad anteckning.)`;
}

export function decisionText(r: Random): string {
  return r.pick(DECISIONS);
}

export function actionText(r: Random): string {
  return r.pick(ACTIONS)(r);
}

export const THEMES = ['Motivation', 'Samverkan mellan myndigheter', 'Neuropsykiatriska frågor', 'Trauma', 'Missbruk', 'Boende', 'Ekonomi', 'Gränssättning'];

export function supervisionSummary(r: Random): string {
  return r.pick([
    'Teamet såg att motivationen finns men att dygnsrytmen styr. (Påhittad sammanfattning.)',
    'Ansvaret mellan myndigheterna behöver bli tydligare för den unge. (Påhittad sammanfattning.)',
    'Små, förutsägbara steg och en kontaktperson i taget. (Påhittad sammanfattning.)',
    'Oron i teamet handlade om att den unge lämnas ensam mellan insatserna. (Påhittad sammanfattning.)',
  ]);
}

/**
 * Invented staff names: a first name and a made-up surname, marked "(påhittad)". Surnames are
 * built from syllables no real register needs to hold.
 */
const FIRST = ['Alva', 'Amir', 'Bodil', 'Cecilia', 'Dragan', 'Elsa', 'Fatima', 'Gustav', 'Hedda', 'Ismail', 'Jonna', 'Kalle', 'Leyla', 'Majken', 'Nils', 'Olle', 'Pia', 'Rut', 'Siv', 'Tore', 'Ulla', 'Vera', 'Yusuf', 'Åsa'];
const SURNAME_START = ['Bänk', 'Mät', 'Prov', 'Test', 'Påhitt', 'Exempel', 'Låtsas', 'Fikt'];
const SURNAME_END = ['ström', 'berg', 'lund', 'dal', 'vik', 'myr', 'sjö', 'holm'];

export function staffName(index: number): string {
  const first = FIRST[index % FIRST.length] ?? 'Alva';
  const start = SURNAME_START[Math.floor(index / FIRST.length) % SURNAME_START.length] ?? 'Bänk';
  const end = SURNAME_END[index % SURNAME_END.length] ?? 'ström';
  return `${first} ${start}${end} (påhittad)`;
}
