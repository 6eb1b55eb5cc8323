/**
 * A labelled corpus for the identifier guard: lines of the kind a team writes in a case note,
 * each with the detector class it must trigger (or `clean`: it must not block). Every
 * personnummer here is invented as PRODUCT.md requires — twelve digits with a birth date in the
 * future, `+` forms with a birth year of 1840 or earlier, and (sparingly) bare ten-digit forms —
 * and built with a correct check digit, so the guard must block each one. Deterministic.
 */
import { buildNameCorpus } from './name-corpus';

export type CorpusClass = 'personnummer' | 'samordningsnummer' | 'phone' | 'email' | 'address' | 'name' | 'name-lowercase' | 'name-unlisted' | 'warning' | 'clean';

export interface CorpusLine {
  readonly text: string;
  readonly label: CorpusClass;
  /** For `warning` lines: the warning kind expected. */
  readonly warning?: string;
  /** For name lines: the name as written in the line (the hit must cover it). */
  readonly target?: string;
}

/** A small deterministic generator (mulberry32), so the corpus is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function luhnCheckDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < nine.length; i++) {
    let digit = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** A personnummer nobody has (born 2045, PRODUCT.md), with a correct check digit: `20450315-123K`. */
export function inventedPersonnummer(): string {
  const nine = '450315123';
  return `20${nine.slice(0, 6)}-${nine.slice(6)}${luhnCheckDigit(nine)}`;
}

const CONTEXTS = [
  (id: string) => `Hennes personnummer är ${id} enligt handläggaren.`,
  (id: string) => `${id} har sökt försörjningsstöd igen.`,
  (id: string) => `Ärendet gäller ${id}, se akten.`,
  (id: string) => `Kontrollera (${id}) mot Försäkringskassans uppgifter.`,
  (id: string) => `Pnr: ${id}`,
];

export function buildCorpus(): CorpusLine[] {
  const next = random(20261123);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const lines: CorpusLine[] = [];
  const idNumber = (year: number, month: number, day: number, samordning: boolean): { ten: string; century: string } => {
    const nine = `${pad(year % 100)}${pad(month)}${pad(samordning ? day + 60 : day)}${pad(Math.floor(next() * 1000), 3)}`;
    return { ten: `${nine}${luhnCheckDigit(nine)}`, century: pad(Math.floor(year / 100)) };
  };
  const date = (): [number, number] => {
    const month = 1 + Math.floor(next() * 12);
    return [month, 1 + Math.floor(next() * 28)];
  };
  for (const samordning of [false, true]) {
    const label: CorpusClass = samordning ? 'samordningsnummer' : 'personnummer';
    const count = samordning ? 40 : 60;
    for (let i = 0; i < count; i++) {
      const [month, day] = date();
      const form = i % 5;
      let written: string;
      if (form <= 1) {
        // Twelve digits, birth date in the future: never anyone's.
        const { ten, century } = idNumber(2030 + Math.floor(next() * 60), month, day, samordning);
        written = form === 0 ? `${century}${ten.slice(0, 6)}-${ten.slice(6)}` : `${century}${ten}`;
      } else if (form <= 3) {
        // The + form: 100 or older, born 1840 or earlier — before personnummer existed.
        const { ten } = idNumber(1800 + Math.floor(next() * 41), month, day, samordning);
        written = `${ten.slice(0, 6)}+${ten.slice(6)}`;
      } else {
        // The bare ten-digit form (ambiguous century), sparingly.
        const { ten } = idNumber(2040 + Math.floor(next() * 40), month, day, samordning);
        // As typed: plain, with a hyphen, or with the en dash or non-breaking space a word processor puts in.
        written = [`${ten.slice(0, 6)}-${ten.slice(6)}`, ten, `${ten.slice(0, 6)}\u2013${ten.slice(6)}`, `${ten.slice(0, 6)}\u00a0${ten.slice(6)}`][i % 4] ?? ten;
      }
      lines.push({ text: pick(CONTEXTS)(written), label });
    }
  }
  const phones = ['070-123 45 67', '0701234567', '+46 70 123 45 67', '08-123 456 78', '0510-77 00 00', '031-12 34 56', '0046 8 123 456 78', '073 - 987 65 43', '(08) 555 123 45', '0920-123 45', '0311234567', '0211234567', '0101234567'];
  for (const [i, phone] of [...phones, ...phones].entries()) lines.push({ text: i % 2 ? `Ring honom på ${phone} efter lunch.` : `Mammans nummer: ${phone}`, label: 'phone' });
  const emails = ['kim.berg@example.se', 'ung22@exempel.nu', 'a.b-c@post.example.com', 'namn_efternamn@skola.example.se', 'x@y.se'];
  for (const [i, email] of [...emails, ...emails, ...emails, ...emails].entries()) lines.push({ text: i % 2 ? `Skicka papperen till ${email}.` : `Hon mejlar från ${email}`, label: 'email' });
  const addresses = ['Storgatan 12', 'Kungsvägen 3B', 'Björkgränden 7', 'Skolgatan 44', 'Östra Ringvägen 2', '531 30 Lidköping', '901 87 Umeå', '41319 Göteborg', 'Idrottsvägen 15 A', 'Järnvägsgatan 1'];
  for (const [i, address] of [...addresses, ...addresses].entries()) lines.push({ text: i % 2 ? `Familjen bor på ${address}.` : `Han har flyttat till ${address} i höstas.`, label: 'address' });
  const names = ['Anna', 'Erik Johansson', 'Hugo', 'Maja Lindqvist', 'Mohammed', 'Fatima', 'Lars Nilsson', 'Elsa', 'Noah', 'Astrid Persson', 'Omar', 'Wilma', 'Karl-Johan', 'Ann-Christin', 'Zeynep', 'Johan Andersson', 'Saga', 'Bo Svensson', 'Leo', 'Nova'];
  for (const [i, name] of [...names, ...names].entries()) {
    const template = [`Träffade ${name} i veckan.`, `Mamman sa att ${name} inte vill.`, `Enligt ${name} går det bättre nu.`, `Vi ringde till ${name} igen.`][i % 4] ?? '';
    lines.push({ text: template, label: 'name' });
  }
  const warnings: [string, string][] = [
    ['Hon är 17 år och bor hemma.', 'exact-age'],
    ['En 19-åring med lång frånvaro.', 'exact-age'],
    ['Han fyller 20 i mars.', 'exact-age'],
    ['Killen är 24 år gammal.', 'exact-age'],
    ['Han blev 18 år i somras.', 'exact-age'],
    ['Född 2009, flyttade hit 2015.', 'birth-date'],
    ['Hon är född den 14 mars 2008.', 'birth-date'],
    ['f. 2007-04-02 enligt mamman.', 'birth-date'],
    ['Går på Vasagymnasiet.', 'school-or-workplace'],
    ['Har praktik på ICA Maxi.', 'school-or-workplace'],
    ['Gick ut Katedralskolan 2022.', 'school-or-workplace'],
    ['Har arbetat på Byggbolaget AB.', 'school-or-workplace'],
    ['Läser på Folkuniversitetets folkhögskola, Kvinnofolkhögskolan.', 'school-or-workplace'],
    ['Bor i Lidköping med sin pappa.', 'place'],
    ['Har släkt i Arjeplog.', 'place'],
    ['Flyttade från Åre i våras.', 'place'],
    ['Familjen kommer från Sorsele.', 'place'],
  ];
  for (const [text, warning] of [...warnings, ...warnings]) lines.push({ text, label: 'warning', warning });
  // Date-shaped numbers with a wrong check digit: a mistyped personnummer, warned, not blocked.
  for (let i = 0; i < 12; i++) {
    const [month, day] = date();
    const { ten, century } = idNumber(2035 + i, month, day, false);
    const wrong = `${ten.slice(0, 9)}${(Number(ten[9]) + 1 + (i % 8)) % 10}`;
    lines.push({ text: `Numret ${century}${wrong.slice(0, 6)}-${wrong.slice(6)} stämmer inte.`, label: 'warning', warning: 'possible-personnummer' });
  }
  const clean = [
    'Mötet hölls 2026-11-23, v. 48, klockan 09:00.',
    'Nästa uppföljning 2027-01-12.',
    'Försörjningsstöd 12 500 kr per månad sedan 2025-09-01.',
    'Skulden är 1 250 000 kronor, avbetalning 3 000 kr.',
    'Diarienummer SN 2026/00123 och Dnr 2026-4711.',
    'Ärende UT-2026-014 togs upp igen.',
    'Försäkringskassan (202100-5521) och Arbetsförmedlingen (202100-2114) deltog.',
    'Umeå kommun 212000-2627 står för insatsen.',
    'Ordernummer 4711-2026-0042 gäller arbetskläderna.',
    'Tre av fem insatser är klara, 60 procent.',
    'Aktivitetsersättning i 2 år, prövas igen om 6 månader.',
    'Praktik 20 timmar i veckan från vecka 3.',
    'Vi ses igen om 14 dagar.',
    'Kostnaden blev 4 200,50 kr inklusive moms.',
    'Beslut enligt 4 kap. 1 § SoL.',
    'Region Västerbotten 232100-0222 deltar i planeringen.',
    'Samordningsförbundet 222000-1834 finansierar.',
    'Remiss skickad 2026-10-02, svar väntas inom 30 dagar.',
    'Målet: 75 % närvaro under perioden.',
    'Fakturanummer 2026110001 är betald.',
    'Per månad blir det ungefär 900 kr mer.',
    'Bo kvar hemma tills vidare, sa socialsekreteraren.',
    'Insatsen pågår till och med 2027-06-30.',
    'Körkortsteori 3 gånger i veckan.',
    'Samtal 45 minuter, uppföljning om 2 veckor.',
    'Version 2.3 av planen gäller.',
    'Team försörjningsstöd, möte nummer 12.',
    'Kontakt med vården: 2 besök, 1 uteblivet.',
    'Tidsbokning 10:30–11:15.',
    'Det gäller en ung person i åldersgruppen 18–20.',
    'Perioden 2026-01-15 - 2026-03-31 gäller insatsen.',
    'Skulden är 12500 Kronor enligt beslutet.',
    'Ärendet hos 45000 Kronofogden är avslutat.',
    'Bidraget 10000 Försörjningsstöd betalas ut.',
  ];
  for (const text of [...clean, ...clean.map((line) => line.replace(/\.$/, ' (anteckning).'))]) lines.push({ text, label: 'clean' });
  lines.push(...ruleLines());
  // Names of many origins, lowercase names, clean case-note prose (shared/guard/test-support/name-corpus.ts).
  lines.push(...buildNameCorpus());
  return lines;
}

// ── Issue 17 (rules): numbers with an unknown birth month or day, date-shaped numbers that are not
// phone numbers, schools with a lowercase school word, addresses that end at the number, ages
// after a name. Its own generator, so lines added elsewhere do not change these.
function ruleLines(): CorpusLine[] {
  const next = random(17_2026);
  const lines: CorpusLine[] = [];
  const digits = (count: number): string => pad(Math.floor(next() * 10 ** count), count);
  // Samordningsnummer whose birth month (00) or day (written 60) is unknown, invented as above:
  // twelve digits born in the future, '+' forms born before 1841, a few bare ten-digit forms.
  const contexts = [
    (id: string) => `Samordningsnumret ${id} står på beslutet.`,
    (id: string) => `Hon har fått ${id} av Skatteverket.`,
    (id: string) => `Ärendet gäller ${id}.`,
    (id: string) => `Snr: ${id}`,
  ];
  for (let i = 0; i < 40; i++) {
    const unknownMonth = i % 3 !== 1;
    const unknownDay = i % 3 !== 0;
    const month = unknownMonth ? '00' : pad(1 + Math.floor(next() * 12));
    const day = unknownDay ? '60' : pad(61 + Math.floor(next() * 28));
    const form = i % 5;
    const year = form <= 1 ? 2030 + Math.floor(next() * 60) : form <= 3 ? 1800 + Math.floor(next() * 41) : 2040 + Math.floor(next() * 40);
    const nine = `${pad(year % 100)}${month}${day}${digits(3)}`;
    const ten = `${nine}${luhnCheckDigit(nine)}`;
    const century = pad(Math.floor(year / 100));
    const written = [`${century}${ten.slice(0, 6)}-${ten.slice(6)}`, `${century}${ten}`, `${ten.slice(0, 6)}+${ten.slice(6)}`, `${ten.slice(0, 6)}+${ten.slice(6)}`, i % 2 ? ten : `${ten.slice(0, 6)}-${ten.slice(6)}`][form] ?? ten;
    lines.push({ text: contexts[i % contexts.length]?.(written) ?? written, label: 'samordningsnummer' });
  }
  // Date-shaped numbers with a leading 0 and a wrong check digit: a mistyped personnummer (a warning),
  // never a phone number. Bare ten digits that begin like a mobile number (07x) or a two- or three-digit area code
  // (08, 031, 011…: RUN_TOGETHER_PHONE in identifier-guard.ts) are left out: those block as phones.
  const wrongCheck = ['011108-3629', '0510269170'];
  for (let i = 0; wrongCheck.length < 24; i++) {
    const yy = Math.floor(next() * 10);
    const nine = `${pad(yy)}${pad(1 + Math.floor(next() * 12))}${pad(1 + Math.floor(next() * 28))}${digits(3)}`;
    const ten = `${nine}${(luhnCheckDigit(nine) + 1 + Math.floor(next() * 9)) % 10}`;
    const bare = i % 2 === 1;
    if (bare && /^(?:07[02369]|08|01[013689]|02[0136]|03[1356]|04[0246]|054|06[03]|090)/.test(ten)) continue;
    wrongCheck.push(bare ? ten : `${ten.slice(0, 6)}-${ten.slice(6)}`);
  }
  const numberContexts = [(n: string) => `Numret ${n} stämmer inte med Försäkringskassans.`, (n: string) => `Hon uppgav ${n} men det ser felskrivet ut.`, (n: string) => `Kontrollera ${n} igen.`];
  for (const [i, number] of wrongCheck.entries()) lines.push({ text: numberContexts[i % numberContexts.length]?.(number) ?? number, label: 'warning', warning: 'possible-personnummer' });
  // Schools named with a lowercase school word after the name.
  const schools = ['Norrviks gymnasium', 'Ekdalens skola', 'Vallby friskola', 'Tornets folkhögskola', 'Stensjö gymnasieskola', 'Bäckdala grundskola', 'Solbackens särskola', 'Hagalunds gymnasiet'];
  for (const [i, school] of [...schools, ...schools].entries()) {
    lines.push({ text: i % 2 ? `Hon går på ${school} sedan i höstas.` : `${school} har hört av sig om frånvaron.`, label: 'warning', warning: 'school-or-workplace' });
  }
  // Addresses followed by a lowercase word (the hit must end at the number; see rules.test.ts).
  for (const [i, address] of ['Storgatan 12', 'Kvarngränd 4', 'Parkvägen 31', 'Torggatan 2B', 'Skolvägen 9 A'].entries()) {
    lines.push({ text: i % 2 ? `Familjen bor på ${address} i Lidköping.` : `Han flyttade till ${address} i våras.`, label: 'address' });
  }
  // An age written between commas after the person it belongs to.
  for (const text of ['Killen, 19, har flyttat hemifrån.', 'Systern, 15, går i nian.', 'Hon, 17, bor kvar hemma.', 'Brodern, 22 år, jobbar extra.', 'Den unga, 18, vill byta handläggare.', 'Kusinen (16) bor också där.']) {
    lines.push({ text, label: 'warning', warning: 'exact-age' });
  }
  // Clean lines close to the rules above: none of them may block.
  const clean = [
    'Hennes skola ringde i morse om frånvaron.',
    'Den nya skolan börjar i augusti.',
    'Deras gymnasium har en ny rektor.',
    'Punkt 3, 4 och 5 är klara.',
    'Vi bokar 2 tider, 14 och 21 januari.',
    'Han bor i en etta i centrum sedan i våras.',
    'Anteckningarna från möte 12 i serien finns i akten.',
    'Kostnaden 1 200 kr, 12 månader, beviljas.',
  ];
  for (const text of clean) lines.push({ text, label: 'clean' });
  return lines;
}
