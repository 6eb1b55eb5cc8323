// Regenerates shared/guard/data/*.ts — the identifier guard's shipped word lists. The output is
// committed; the app never downloads or parses any of the sources below at run time.
//
// Run: node_modules/.bin/node scripts/gen-guard-data.mjs [--barnnamn <path to a clone of evoling/barnnamn>]
//
// Sources, licences and how each list is built (docs/security.md, "The identifier guard's data"):
//
// 1. First names with their frequency — SCB (Statistics Sweden), "Nyfödda, tilltalsnamn efter
//    namngivningsår och kön", 1998–2022, as packaged in the R package barnnamn by Michael Dunn
//    (github evoling/barnnamn, licence CC0; the commit read is written into the output). Read:
//    data-raw/be0001namntab11-2020.xlsx (girls) and be0001namntab12-2020.xlsx (boys), every name
//    given to at least 10 children in some year 1998–2020, with the count per year; and
//    data-raw/namestats-2023.tsv, SCB's 2022 figures, which list every name given to at least two
//    children in some year since 2004 (".." = fewer than two that year). A name's count is the sum
//    of all of those; a name listed with no count gets 1. The xlsx files are read with the small
//    zip + XML reader below (no dependency). Newborn names cover the young people these teams meet
//    and every origin among them: Swedish, Arabic, Somali, Tigrinya, Balkan, Turkish, Persian, Polish.
// 2. More first names and surnames — @faker-js/faker (MIT, a devDependency) locales sv, fi, tr, pl,
//    hr, sr_RS_latin and ku_kmr_latin (Latin script only; fa and ar are in Arabic script and not
//    used). Turkish, Balkan and Polish names are added also as typed without their own letters (Yılmaz → Yilmaz, Petrović → Petrovic).
// 3. Swedish surnames — faker's sv list (the 100 commonest) and the proper nouns of the Swedish
//    hunspell dictionary (below) that have the shape of a Swedish surname (-son, -berg, -ström,
//    -qvist …), plus our own short lists (ADDED_* below) of surnames common in Sweden among
//    families of Arabic, Persian, Afghan, Kurdish, Somali, Eritrean and Ethiopian origin, which no
//    Latin-script package lists. Somali and Eritrean surnames are mostly a father's given name, so
//    a first name after a first name counts as a surname too (in the detector).
// 4. Swedish words — npm dictionary-sv 4.0.0 (LGPL-3.0; the LibreOffice Swedish hunspell
//    dictionary, "Den stora svenska ordlistan"), expanded at generation time with the hunspell
//    affix rules (the expander below: suffix rules with their conditions and continuation classes)
//    to every inflected form: about 800,000 lowercase forms, stored sorted and front-coded. The
//    forms that may begin a compound (hunspell flags X/U, e.g. "arbets", "ungdoms") are a second
//    list, so the detector can tell "Försörjningsstödet" from a name. The dictionary's capitalised
//    entries flagged as places (hunspell flags e and v) become known places (not names).
// 5. Places — Sweden's 290 municipalities (faker sv, which calls them counties), and the world's
//    countries and regions by their Swedish names (Node's ICU, Intl.DisplayNames('sv')).
// 6. Organisations, programmes and acronyms the teams use — our own list (ORGANISATIONS below),
//    from the cooperation agreements and project plans in shared/seeds (public documents of
//    Samordningsförbund teams) and the agencies these teams work with.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { fi, hr, ku_kmr_latin, pl, sr_RS_latin, sv, tr } from '@faker-js/faker';

const args = process.argv.slice(2);
const barnnamnAt = args[args.indexOf('--barnnamn') + 1] && args.includes('--barnnamn') ? args[args.indexOf('--barnnamn') + 1] : '/work/.mirror/evoling+barnnamn/repo';

// ---------------------------------------------------------------------------------------------
// Reading the barnnamn repository (a checkout or a bare git directory).
function readSource(path) {
  if (existsSync(join(barnnamnAt, path))) return readFileSync(join(barnnamnAt, path));
  return execFileSync('git', ['-C', barnnamnAt, 'show', `HEAD:${path}`], { maxBuffer: 64 << 20 });
}
const barnnamnCommit = execFileSync('git', ['-C', barnnamnAt, 'rev-parse', 'HEAD']).toString().trim();

/** The files in a zip archive (an xlsx), by name: the central directory, then each local entry. */
function unzip(buffer) {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('bad zip directory');
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const raw = buffer.subarray(dataAt, dataAt + size);
    files.set(name, method === 8 ? inflateRawSync(raw) : raw);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

const unescapeXml = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The first sheet of an xlsx file as rows of cells keyed by column letter. */
function readSheet(buffer) {
  const files = unzip(buffer);
  const shared = [...(files.get('xl/sharedStrings.xml')?.toString('utf8') ?? '').matchAll(/<(?:x:)?si>([\s\S]*?)<\/(?:x:)?si>/g)].map((si) =>
    unescapeXml([...si[1].matchAll(/<(?:x:)?t(?: [^>]*)?>([\s\S]*?)<\/(?:x:)?t>/g)].map((t) => t[1]).join('')),
  );
  const sheetName = [...files.keys()].find((name) => /^xl\/worksheets\/sheet\d*\.xml$/.test(name));
  const xml = files.get(sheetName).toString('utf8');
  const rows = [];
  for (const row of xml.matchAll(/<(?:x:)?row[^>]*>([\s\S]*?)<\/(?:x:)?row>/g)) {
    const cells = {};
    for (const cell of row[1].matchAll(/<(?:x:)?c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:x:)?c>)/g)) {
      const value = /<(?:x:)?v>([\s\S]*?)<\/(?:x:)?v>/.exec(cell[3] ?? '')?.[1];
      const inline = /<(?:x:)?t[^>]*>([\s\S]*?)<\/(?:x:)?t>/.exec(cell[3] ?? '')?.[1];
      if (value === undefined && inline === undefined) continue;
      cells[cell[1]] = / t="s"/.test(cell[2]) ? shared[Number(value)] : unescapeXml(value ?? inline);
    }
    rows.push(cells);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// 1. SCB newborn first names, 1998–2022.
const firstCounts = new Map();
const addCount = (name, n) => firstCounts.set(name, (firstCounts.get(name) ?? 0) + n);
let yearsRead = 0;
for (const file of ['data-raw/be0001namntab11-2020.xlsx', 'data-raw/be0001namntab12-2020.xlsx']) {
  const rows = readSheet(readSource(file));
  const header = rows.find((row) => Object.values(row).includes('1998'));
  const yearColumns = Object.entries(header).filter(([, value]) => /^(19|20)\d\d$/.test(value)).map(([column]) => column);
  yearsRead = Math.max(yearsRead, yearColumns.length);
  for (const row of rows.slice(rows.indexOf(header) + 1)) {
    const name = row.A?.trim();
    if (!name || !/^\p{Lu}[\p{L}'-]*$/u.test(name)) continue;
    let total = 0;
    for (const column of yearColumns) total += Number(row[column]) || 0;
    addCount(name, total);
  }
}
for (const line of readSource('data-raw/namestats-2023.tsv').toString('utf8').split('\n').slice(1)) {
  const [rawName, , rawCount] = line.split('\t');
  const name = rawName?.replace(/"/g, '').trim();
  if (!name || !/^\p{Lu}[\p{L}'-]*$/u.test(name)) continue;
  addCount(name, Number(rawCount) || 0);
}
for (const [name, count] of firstCounts) if (count === 0) firstCounts.set(name, 1);
const scbNames = firstCounts.size;

// 2. faker's locales.
const fakerFirst = (locale) => Object.values(locale.person?.first_name ?? {}).flat();
const fakerLast = (locale) => Object.values(locale.person?.last_name ?? {}).flat();
const latinName = (name) => /^\p{Lu}[\p{L}'’-]+$/u.test(name) && /^[\p{Script=Latin}'’-]+$/u.test(name);
// As names are often typed (and registered) in Sweden: without Turkish, Balkan and Polish letters (Yılmaz → Yilmaz, Petrović → Petrovic).
const FOLD = { ı: 'i', İ: 'I', ş: 's', Ş: 'S', ğ: 'g', ç: 'c', Ç: 'C', ć: 'c', Ć: 'C', č: 'c', Č: 'C', š: 's', Š: 'S', ž: 'z', Ž: 'Z', đ: 'dj', Đ: 'Dj', ł: 'l', Ł: 'L', ń: 'n', ś: 's', Ś: 'S', ź: 'z', ż: 'z', Ż: 'Z', ą: 'a', ę: 'e', ó: 'o' };
const foldLetters = (name) => name.replace(/[ıİşŞğçÇćĆčČšŠžŽđĐłŁńśŚźżŻąęó]/g, (char) => FOLD[char]);
const extraFirst = new Set();
const lastNames = new Set();
for (const locale of [sv, fi, tr, pl, hr, sr_RS_latin, ku_kmr_latin]) {
  for (const entry of fakerFirst(locale)) for (const name of entry.split(/\s+/)) if (latinName(name)) extraFirst.add(name).add(foldLetters(name));
  for (const entry of fakerLast(locale)) for (const name of entry.split(/\s+/)) if (latinName(name)) lastNames.add(name).add(foldLetters(name));
}

// 3. Our additions: surnames common in Sweden among families of Arabic, Persian, Afghan, Kurdish,
// Somali, Eritrean and Ethiopian origin, as they are spelled in Swedish registers (Latin script).
const ADDED_LAST_NAMES = `
Abbas Abbasi Abdallah Abdelrahman Abdi Abdirahman Abdullah Abdullahi Abdulle Abraha Abrham Abu-Bakr Adan Aden Afrah Afshar Afzali Ahmad Ahmadi Ahmadzai
Ahmed Akbari Al-Ali Al-Hassan Al-Khalil Al-Saadi Alavi Ali Alizadeh Amin Amini Amiri Ansari Arab Asfaw Askari Assefa Awad Awale Ayele Azizi Bahrami Barzani
Berhane Berhe Bekele Daher Darwish Dirie Egal Elmi Faizi Farah Fadel Ghebremariam Ghebreyesus Ghirmay Gebreegziabher Gebremedhin Gebremichael Gebreyesus
Gedi Ghani Girma Girmay Guled Habibi Haddad Hadi Hagos Haidari Haile Hakimi Hamad Hamid Hamidi Hashemi Hassan Hassani Hersi Hosseini Husseini Hussein
Ibrahim Ismail Jafari Jama Jamal Jawad Kahsay Kamali Karimi Kassem Kaya Khalaf Khalil Khan Kidane Mahamed Mahamud Mahmoud Mansour Mehari Mohamed Mohamud
Mohammadi Mohammed Moradi Mousavi Musa Mustafa Nasser Nazari Negash Noori Nur Nuur Omar Osman Qasim Rahimi Rahmani Rashid Rezaei Saadi Sadeghi Safari Said
Saleh Salah Samatar Shafi Sharif Shirazi Sultani Tadesse Tekle Teklehaimanot Tesfay Tesfaye Tesfamariam Tewolde Warsame Woldemichael Yassin Yohannes Yousef
Yusuf Zadeh Zaher Zamani Zarei Nowak Yilmaz Nguyen Hussain Haji Kurt Demir Kaplan Aydin Öztürk Özdemir Şahin Çelik Abubakar Mohamud Hirsi Warsame
Petrović Nikolić Đorđević Stojanović Hodžić Hadžić Begić Mehmedović Hasanović Kovačević Popović Jurić Novak Avdić Alić Delić Mujić Omerović Softić
Suljić Husić Hukić Karić Salihović Mustafić Halilović Imamović Čaušević Dedić Jašarević`.split(/\s+/).filter(Boolean);
for (const name of ADDED_LAST_NAMES) lastNames.add(name).add(foldLetters(name));

// ---------------------------------------------------------------------------------------------
// 4. The Swedish dictionary, expanded with its affix rules.
const dictionaryDir = join(process.cwd(), 'node_modules', 'dictionary-sv');
const dictionaryVersion = JSON.parse(readFileSync(join(dictionaryDir, 'package.json'), 'utf8')).version;
const fakerVersion = JSON.parse(readFileSync(join(process.cwd(), 'node_modules', '@faker-js', 'faker', 'package.json'), 'utf8')).version;
const aff = readFileSync(join(dictionaryDir, 'index.aff'), 'utf8').split('\n');
const dic = readFileSync(join(dictionaryDir, 'index.dic'), 'utf8').split('\n').slice(1);
const directive = (name) => aff.find((line) => line.startsWith(`${name} `))?.split(/\s+/)[1];
const FLAG = { begin: directive('COMPOUNDBEGIN'), middle: directive('COMPOUNDMIDDLE'), onlyInCompound: directive('ONLYINCOMPOUND'), needAffix: directive('NEEDAFFIX'), forbidden: directive('FORBIDDENWORD') };
/** Suffix rules by flag: strip, add, continuation flags and the condition on the stem. */
const suffixes = new Map();
for (const line of aff) {
  const parts = line.trim().split(/\s+/);
  if (parts[0] !== 'SFX' || parts.length < 5) continue;
  const [, flag, strip, addWithFlags, condition] = parts;
  const [add, continuation = ''] = addWithFlags.split('/');
  if (!suffixes.has(flag)) suffixes.set(flag, []);
  suffixes.get(flag).push({ strip: strip === '0' ? '' : strip, add: add === '0' ? '' : add, continuation, condition: new RegExp(`${condition === '.' ? '' : condition}$`, 'u') });
}
if (aff.some((line) => /^PFX\s/.test(line))) throw new Error('dictionary-sv now has prefix rules: teach the expander about them');

const words = new Set();
const compoundBegins = new Set();
const properPlaces = new Set();
const properOther = new Map();
function addForm(form, flags) {
  if (flags.includes(FLAG.forbidden)) return;
  const lower = form.toLocaleLowerCase('sv');
  if (form === lower) {
    if (!flags.includes(FLAG.onlyInCompound) && !flags.includes(FLAG.needAffix)) words.add(form);
    if (flags.includes(FLAG.begin) || flags.includes(FLAG.middle)) compoundBegins.add(form);
  }
}
function expand(stem, flags, depth) {
  addForm(stem, depth === 0 && flags.includes(FLAG.needAffix) ? FLAG.needAffix : flags);
  if (depth > 1) return;
  for (const flag of flags) {
    for (const rule of suffixes.get(flag) ?? []) {
      if (!stem.endsWith(rule.strip) || !rule.condition.test(stem)) continue;
      const form = stem.slice(0, stem.length - rule.strip.length) + rule.add;
      if (form.length === 0) continue;
      expand(form, rule.continuation, depth + 1);
    }
  }
}
for (const entry of dic) {
  const slash = entry.indexOf('/');
  const stem = (slash < 0 ? entry : entry.slice(0, slash)).trim();
  const flags = slash < 0 ? '' : entry.slice(slash + 1).trim();
  if (!stem || /[\d\s.]/.test(stem)) continue;
  if (/^\p{Lu}/u.test(stem)) {
    // A proper noun: places (flags e, v in this dictionary) or anything else (people, brands…).
    if (/^\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)*$/u.test(stem)) {
      if (/[ev]/.test(flags)) properPlaces.add(stem);
      else properOther.set(stem, flags);
    }
    continue;
  }
  expand(stem, flags, 0);
}
// Surname-shaped proper nouns of the dictionary are surnames.
const SURNAME_SHAPE = /(?:sson|son|sen|berg|bergh|ström|strand|qvist|kvist|quist|gren|lund|lind|holm|blad|dahl|dal|stedt|stam|borg|löf|lööf|mark|bäck|sjö|hed|fors|rot|näs|ling|lin|ell|én|ér|ius|ander|man|stad|skog|vall|ås|hag|by|sten)$/u;
for (const [name] of properOther) if (SURNAME_SHAPE.test(name) && name.length >= 5 && !firstCounts.has(name)) lastNames.add(name);

// 5. Places.
const municipalities = [...new Set(sv.location.county)];
const regionNames = new Intl.DisplayNames('sv', { type: 'region' });
const countries = new Set();
for (let a = 65; a <= 90; a++) {
  for (let b = 65; b <= 90; b++) {
    const code = String.fromCharCode(a, b);
    let name;
    try {
      name = regionNames.of(code);
    } catch {
      continue;
    }
    if (name && name !== code) for (const part of name.split(/[\s,()]+/)) if (/^\p{Lu}\p{Ll}{2,}$/u.test(part)) countries.add(part);
  }
}
const ADDED_PLACES = `Afrika Asien Europa Sydamerika Nordamerika Mellanöstern Norden Skandinavien Balkan Kurdistan Somaliland Puntland Mogadishu Hargeisa Asmara Addis
Kabul Herat Mazar-e-Sharif Teheran Damaskus Aleppo Homs Bagdad Mosul Basra Erbil Istanbul Ankara Izmir Warszawa Krakow Belgrad Sarajevo Zagreb Tuzla Mostar
Norrland Svealand Götaland Skåne Småland Dalarna Värmland Lappland Halland Blekinge Gotland Öland Västerbotten Norrbotten Jämtland Härjedalen Ångermanland
Medelpad Hälsingland Gästrikland Uppland Södermanland Västmanland Närke Östergötland Västergötland Bohuslän Dalsland`.split(/\s+/).filter(Boolean);
const otherPlaces = new Set([...countries, ...ADDED_PLACES, ...properPlaces]);
for (const place of municipalities) otherPlaces.delete(place);

// 6. Organisations, programmes and acronyms the teams use (written as they are written).
const ORGANISATIONS = `
Arbetsförmedlingen Arbetsförmedling Af Försäkringskassan FK Försäkringskassa Socialtjänsten Socialtjänst Soc Socialförvaltningen Socialnämnden Individ-
och Familjeomsorgen IFO Ekonomiskt Försörjningsstöd Kommunen Kommun Regionen Region Landstinget Landsting Samordningsförbundet Samordningsförbund
Samordningsförbunden Samordningsförbunds Finsam FINSAM Komvux KOMVUX Lernia Jobbtorg Jobbtorget Jobbcenter Kronofogden Kronofogdemyndigheten Skatteverket
Migrationsverket Polisen Polismyndigheten Kriminalvården Frivården Transportstyrelsen CSN Centrala Studiestödsnämnden BankID Bankid Swish Kivra Vårdguiden
BUP Bup VUP BUM Barn- Ungdomspsykiatrin Ungdomspsykiatri Vuxenpsykiatrin Psykiatrin Psykiatri Primärvården Vårdcentralen Vårdcentral Habiliteringen
Habilitering Ungdomsmottagningen Ungdomsmottagning UMO Beroendecentrum Mini-Maria Mottagningen Akuten Närakuten Sjukhuset Region
LSS SoL LVU LVM HSL SFB SIP Sip FSAN SIUS Sius KAA Kaa DUA Dua UngKOMP Ungkomp UVAS Ungdomstorget Ungdomsteamet Ungdomsplattformen Samstart Samtal
Navigatorcentrum Navigatorcentret Unga Vuxna Viva Trisam TRISAM ESF Esf ESF-rådet Europeiska Socialfonden MUCF Skolverket Skolinspektionen IVO Socialstyrelsen
Statskontoret ISF Boverket Kommunal Folkhögskolan Folkhögskola Folkuniversitetet ABF Studiefrämjandet Vuxenutbildningen Vuxenutbildning SFI Sfi Särvux
Gymnasiesärskolan Introduktionsprogrammet IM Språkintroduktion Yrkesintroduktion Individuellt Alternativ Programinriktat Gymnasiet Högskolan Universitetet
Yrkeshögskolan YH Arbetsmarknadsenheten AME Arbetsmarknadsavdelningen Arbetsmarknad Försörjningsstöd Aktivitetsersättning Sjukersättning Etableringen
Etableringsprogrammet Jobbgarantin JOB Jobb- Utvecklingsgarantin Nystartsjobb Extratjänst Lönebidrag Introduktionsjobb Arbetsprövning Arbetsträning
Praktik Supported Employment IPS SE Kartläggning Arbetsterapeut Arbetskonsulent Coach Jobbcoach Socionom Kurator Psykolog Psykologen Läkare Sjuksköterska
Handläggare Handläggaren Koordinator Koordinatorn Samordnare Samordnaren Arbetsförmedlare Studie- Studievägledare SYV Mentor Kontaktperson God Man Förvaltare
Överförmyndaren Överförmyndarnämnden Familjerätten Familjebehandlare Fältassistenterna Fältare Socialjouren Fritidsgården Fryshuset Röda Korset Rädda Barnen
Stadsmissionen Frälsningsarmén Convictus Hela Människan Länsstyrelsen Tingsrätten Förvaltningsrätten Kammarrätten JO Inspektionen Arbetsmiljöverket
Pensionsmyndigheten AF Rusta Matcha Rusta och matcha Steg Steget Insteget Mellansteget Vägknuten Grenverket Rehabpotten Fenix Porten Kick Spira
Teams Zoom Skype Messenger WhatsApp Snapchat Instagram Facebook TikTok YouTube Discord Telegram Google Outlook Word Excel PowerPoint Netflix Spotify
ICA Coop Willys Hemköp Lidl McDonald's Systembolaget Apoteket Postnord PostNord Arbetsgivarverket SCB Ladok Lärportalen 1177 FaR AST ADHD ADD
ASD NPF Asperger Autism Autismspektrum PTSD KBT DBT MI HVB SiS SIS Statens Institutionsstyrelse Ungdomshem LVU-hem Familjehem Stödboende Jourhem
Fontänhuset Clubhouse Attention Hjärnkoll Mind Bris BRIS Tjejjouren Killfrågor Novahuset Maskrosbarn Trappan Barnahus Barnahuset Ungdomsjouren
Kvinnojouren Terrafem Migrationsdomstolen UNHCR Röda Arbetsmarknadsdepartementet Socialdepartementet Regeringen Riksdagen EU Sverige Svensk Svenska
Kommunförbundet SKR Sveriges Kommuner och Regioner Kompetenscentrum Samverkansteamet Finsamteamet Rekryteringsgruppen Styrgruppen Beredningsgruppen
Dnr Pnr Tfn Tel Mvh Ang Ref Obs Bil Kl Ca Resp Inkl Exkl Tf Avd Enh Org Nr Diarienr Övr Tex Fr Bl`.split(/\s+/).filter((word) => /^[\p{L}\d][\p{L}\d'-]*$/u.test(word));
const organisations = [...new Set(ORGANISATIONS.filter((word) => !word.endsWith('-')))];

// ---------------------------------------------------------------------------------------------
// Output. Names and places as sorted lists; the dictionary sorted and front-coded in blocks.
const bySv = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const unique = (list) => [...new Set(list)].sort(bySv);
for (const name of extraFirst) if (!firstCounts.has(name)) firstCounts.set(name, 0);
const firstPacked = [...firstCounts.entries()].sort(([a], [b]) => bySv(a, b)).map(([name, count]) => (count ? `${name}\t${count}` : name)).join('\n');
const last = unique([...lastNames]);

/** Front coding: each form as (length of the prefix shared with the one before, as one char) + rest; a fresh block every 32 forms. */
function frontCode(list) {
  const blocks = [];
  for (let i = 0; i < list.length; i += 32) {
    let previous = '';
    const block = list.slice(i, i + 32).map((word) => {
      let shared = 0;
      while (shared < previous.length && shared < word.length && shared < 60 && previous[shared] === word[shared]) shared++;
      previous = word;
      return String.fromCharCode(48 + shared) + word.slice(shared);
    });
    blocks.push(block.join(' '));
  }
  return blocks.join('|');
}
// Forms with characters outside the text the front coding uses ('|', ' ') are left out.
const wordList = [...words].filter((word) => /^[\p{Ll}\p{M}'-]+$/u.test(word)).sort(bySv);
const beginList = [...compoundBegins].filter((word) => /^[\p{Ll}\p{M}'-]+$/u.test(word) && !words.has(word)).sort(bySv);
const beginWords = [...compoundBegins].filter((word) => words.has(word)).sort(bySv);

const stamp = `// Generated by scripts/gen-guard-data.mjs — do not edit; sources and licences are listed there and in docs/security.md.\n`;
const str = (value) => JSON.stringify(value);
const arr = (values) => `${JSON.stringify(values, null, 1).replace(/\n\s*/g, ' ')}`;
writeFileSync(
  'shared/guard/data/names.ts',
  `${stamp}// First names: SCB newborn names 1998–2022 (${scbNames} names; barnnamn ${barnnamnCommit}, CC0) with the number of children given each,\n` +
    `// plus @faker-js/faker ${fakerVersion}'s sv, fi, tr, pl, hr, sr_RS_latin and ku_kmr_latin first names (MIT; count 0 = not in SCB's lists). One "name<TAB>count" or "name" a line.\n` +
    `export const FIRST_NAMES_PACKED = ${str(firstPacked)};\n` +
    `// Surnames: faker's locales above, the surname-shaped proper nouns of dictionary-sv ${dictionaryVersion} (LGPL-3.0) and our additions.\n` +
    `export const LAST_NAMES_PACKED = ${str(last.join('\n'))};\n`,
);
writeFileSync(
  'shared/guard/data/words.ts',
  `${stamp}// Swedish word forms: dictionary-sv ${dictionaryVersion} (LGPL-3.0, the LibreOffice Swedish hunspell dictionary), expanded with its affix rules.\n` +
    `// ${wordList.length} lowercase forms, sorted (code-unit order) and front-coded: blocks of 32 forms joined by '|', forms by ' ', each form\n` +
    `// = one char (48 + length of the prefix it shares with the form before) + the rest. Read by shared/guard/word-list.ts.\n` +
    `export const SWEDISH_WORDS_PACKED = ${str(frontCode(wordList))};\n` +
    `// Forms that begin (or continue) a compound but are not words on their own ("arbets", "ungdoms"), same coding; ${beginList.length} forms.\n` +
    `export const COMPOUND_BEGINNINGS_PACKED = ${str(frontCode(beginList))};\n` +
    `// Words that may also begin a compound (hunspell flags X/U), same coding; ${beginWords.length} forms.\n` +
    `export const COMPOUND_BEGIN_WORDS_PACKED = ${str(frontCode(beginWords))};\n`,
);
writeFileSync(
  'shared/guard/data/places.ts',
  `${stamp}// Sweden's 290 municipalities (faker sv, MIT, calls them counties).\n` +
    `export const MUNICIPALITIES: readonly string[] = ${arr(unique(municipalities))};\n` +
    `// Other known places (not names): countries and regions in Swedish (ICU), provinces and cities we added, and the places of dictionary-sv (LGPL-3.0).\n` +
    `export const OTHER_PLACES_PACKED = ${str(unique([...otherPlaces]).join('\n'))};\n`,
);
writeFileSync(
  'shared/guard/data/organisations.ts',
  `${stamp}// Organisations, programmes and acronyms the teams use (our own list, from shared/seeds and the agencies the teams work with).\n` +
    `export const ORGANISATIONS: readonly string[] = ${arr(unique(organisations))};\n`,
);
console.log(
  `first names ${firstCounts.size} (SCB ${scbNames}, ${yearsRead} years from the xlsx + 2022), surnames ${last.length}, words ${wordList.length}, compound beginnings ${beginList.length} + ${beginWords.length}, ` +
    `municipalities ${municipalities.length}, other places ${otherPlaces.size}, organisations ${organisations.length}`,
);
