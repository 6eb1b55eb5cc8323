/**
 * The name part of the labelled corpus: case-note lines as a chair writes them, with names of
 * young people and their families of the origins the teams meet (Swedish, Arabic, Somali,
 * Tigrinya, Balkan, Turkish, Kurdish, Persian/Afghan, Polish), capitalised and typed in lowercase,
 * after kinship and role words, in the genitive, hyphenated; and clean lines of ordinary
 * case-note language with organisations, acronyms and places. Every line is invented; the names
 * are common given names and surnames, not people. The name pools were written from knowledge of
 * names in Sweden, not taken from the guard's lists; UNLISTED_* names were checked to be absent
 * from the generated lists and are there for the warn path (names first written for it that the lists turned out
 * to have were moved to the origin pools). Deterministic.
 */
import type { CorpusLine } from './corpus';

export const FIRST_NAMES_BY_ORIGIN: Readonly<Record<string, readonly string[]>> = {
  swedish: `Jonna Ronja Tindra Kalle Hampus Melker Ebba Wilma Alva Elsa Alice Maja Saga Vera Selma Alma Ella Olivia Linnea Moa Tilda Klara Emma Frida
Hanna Julia Felicia Matilda Elin Isak Viktor Oscar Hugo Lucas William Liam Elias Noah Axel Vincent Theo Ludvig Albin Emil Filip Anton Oliver Olle
Gustav Edvin Nils Sixten Loke Ture Malte Alfred Viggo Algot Ivar Sigge Tove Tyra Stina Lovisa Astrid Signe Agnes Juni Nova Meja Tuva Hedda Majken Ines
Kevin Jimmy Dennis Robin Sandra Jessica Johanna Amanda Josefin Rasmus Jesper Linus Simon Marcus Joel Jacob Alexander Sebastian Tobias Wilmer Nellie Novalie`.split(/\s+/),
  arabic: `Aisha Fatima Mariam Amira Yasmin Nour Hala Rania Lina Sara Layla Zainab Hiba Malak Rahaf Sham Ahmed Mohammed Omar Ali Hassan Hussein Yusuf Ibrahim
Khaled Karim Tariq Bilal Hamza Mustafa Youssef Adnan Jamal Samir Walid Majd Rami Anas Amjad Zaid Ayham Qusay Mahmoud Rawan Aya Batoul Ghina Jana Maya`.split(/\s+/),
  somali: `Mahad Abdi Abdirahman Abdullahi Hodan Ifrah Hibo Sahra Ayaan Farhiya Nasra Hamdi Ikran Fartun Deeqa Sagal Liban Guled Khadar Mohamud Abdikarim
Bashir Hanad Yonis Sacdiya Ubah Najma Shukri Filsan Maryan Hawa Idil Anisa Abdiaziz Hamse Said Zakaria Sumaya Ilhan Khadra Faadumo Shamsa Hoodo Ruqiya`.split(/\s+/),
  tigrinya: `Semhar Merhawi Filmon Yonas Senait Selam Saba Luwam Yordanos Ruta Mebrat Freweyni Winta Simret Rahel Biniam Dawit Henok Robel Tesfalem Amanuel
Kibrom Yared Natnael Tsega Aklilu Mussie Efrem Helen Eden Delina Elsa Awet Meron Nahom Nardos Almaz Feven Lidya`.split(/\s+/),
  balkan: `Zoran Dragana Milica Emir Amar Edin Dino Haris Kenan Mirza Tarik Nermin Amra Lejla Ajla Elma Emina Ena Nikola Luka Marko Stefan Milan Jovana Ivana
Jelena Marija Nemanja Dejan Goran Dragan Vesna Snežana Mirela Alen Denis Armin Damir Adis Belma Irma Esma Anel Senad Dzenana Mirsada Arbnora`.split(/\s+/),
  turkish: `Emre Elif Zeynep Ayşe Merve Büşra Esra Kübra Deniz Can Burak Mehmet Murat Hakan Serkan Emirhan Eren Kerem Berk Arda Ece Defne Ela Nisa Azra
Ecrin Yağmur Gizem Cem Onur Baran Serhat Tuğba Melike Furkan`.split(/\s+/),
  kurdish: `Dilan Rojda Berfin Rojin Hevin Zilan Shiler Hana Rebin Rawand Karwan Shvan Hawre Dana Aram Sherko Bawan Lana Avin Evin`.split(/\s+/),
  persian: `Milad Arash Babak Dariush Kian Reza Amir Mehdi Navid Omid Sina Shayan Parisa Shirin Nazanin Mahsa Yasaman Negin Roya Ladan Mina Leila Niloofar Hamid
Farid Ahmad Mohammad Murtaza Sajjad Hussain Zahra Fatemeh Masoumeh Maryam Samira Setayesh Hadis Ramin Farhad Elaha Mursal Hasib Sohrab Mahtab Shahab
Nasrin Kourosh`.split(/\s+/),
  polish: `Kacper Jakub Szymon Mateusz Bartosz Wojciech Piotr Paweł Krzysztof Tomasz Michał Łukasz Dawid Oskar Zuzanna Zofia Aleksandra Natalia Weronika
Wiktoria Agnieszka Magdalena Katarzyna Małgorzata Joanna Karolina Kinga Oliwia Alicja Kamil Patryk Adrian`.split(/\s+/),
};

export const SURNAMES_BY_ORIGIN: Readonly<Record<string, readonly string[]>> = {
  swedish: `Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson Jonsson Lindberg Lindqvist Bergström Lundgren
Sjöberg Holmberg Nyström Engström Forsberg Hedlund Sandberg Wallin Lundin Björklund Ekström Hellström Blomqvist Öberg Åkesson Lindholm Strand Norén
Sundqvist Dahlgren Wikström Nordin Söderlund Axelsson`.split(/\s+/),
  arabic: `Haddad Khalil Saleh Mansour Nasser Hamdan Aziz Jaber Kassem Abbas Mahmoud Othman Younes Khoury Al-Ahmad Al-Hassan Darwish Hamad Alsaadi Rashid Hijazi
Barakat Ghanem Shaker Sabbagh`.split(/\s+/),
  somali: `Farah Warsame Jama Abdullahi Osman Aden Egal Dirie Hersi Nur Ismail Mohamud Hussein Mahamed Elmi Samatar Gedi Yusuf Duale Abdille Hirsi Awale Barre`.split(/\s+/),
  tigrinya: `Tesfay Tesfaye Gebremedhin Gebreyesus Haile Kidane Berhane Tekle Woldemichael Ghebremariam Mehari Abraha Kahsay Negash Hagos Girmay Okbazghi Habtom
Ghebrehiwet Tewelde Asmerom Tsegay Weldu Zerai`.split(/\s+/),
  balkan: `Petrović Jovanović Nikolić Marković Đorđević Stojanović Ilić Pavlović Hodžić Hadžić Begić Mehmedović Hasanović Kovačević Popović Babić Horvat Kovač
Marić Jurić Novak Mujić Selimović Omerović Hamzić Petrovic Jovanovic Halilović Avdić Salkić`.split(/\s+/),
  turkish: `Yılmaz Yilmaz Demir Şahin Sahin Çelik Celik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat
Korkmaz Erdoğan Güler Bulut Keskin`.split(/\s+/),
  persian: `Karimi Hosseini Ahmadi Mohammadi Rahimi Rezaei Hashemi Jafari Sadeghi Moradi Hussaini Haidari Nazari Amiri Azizi Noori Sultani Rahmani Hakimi Safari
Akbari Habibi Sharifi Rostami Ebrahimi Sediqi Mirzaei`.split(/\s+/),
  polish: `Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski
Krawczyk Piotrowski Grabowski Nowakowski Pawłowski Michalski Nowicka Kowalska Wiśniewska`.split(/\s+/),
};

/** Names checked to be absent from the guard's generated lists: found only as unknown capitalised words (warn) or by context. */
export const UNLISTED_NAMES: readonly string[] = `Tsigereda Kidist Mehret Abrehet Ghidey Zewditu Hiwet Qendresa Xhevdet Sabahudina Hajrudin Ferhat-Ali Xhemajli
Shqipe Bekim Lumturije Shahrzad Golnoosh Behrouz Afsaneh Cawo Xaliimo Dhuuxo Cabdi Caasha Ardo Sadiyo Tsehaynesh Zufan Amleset Tirhas Yodit Hanna-Mebrat
Tekeste Gennet Weyni Abeba Tzeggai Hagosa Cigaal Xamdi Gulalai Zarghuna Hosna Zlatko Bogdanka Gülsüm Nurcan Przemysław Bożena Wiesław Mulugeta Tsegereda
Fitsum Abrhaley Hagerawit`.split(/\s+/);

/** Lines with a capitalised name, `{n}` for a first name, `{s}` for a surname. */
const CAPITALISED: readonly string[] = [
  '{n} kom till mötet med sin mamma.',
  '{n} har börjat på Komvux och trivs.',
  'Träffade {n} på Jobbtorget i tisdags.',
  'Enligt {n} fungerar det bättre hemma nu.',
  'Vi pratade med {n} om praktikplatsen.',
  '{n} uteblev från kartläggningen igen.',
  'Mamma till {n} ringde och var orolig.',
  '{n} {s} behöver stöd med ekonomin.',
  'Handläggaren har kontakt med {n} {s} varje vecka.',
  '{n} vill gärna prova arbetsträning via Lernia.',
  'BUP har remitterat {n} vidare till vuxenpsykiatrin.',
  '{n} och hennes bror bor kvar hos pappan.',
  'Kontakten med {n} har varit god under hösten.',
  'Socialsekreteraren följer upp {n} efter jul.',
  '{n} berättar att sömnen är bättre.',
  'Det är oklart om {n} fått sitt beslut från CSN.',
  'Nästa gång bjuder vi in {n} till SIP.',
  '{n} har skulder hos Kronofogden.',
  'Försäkringskassan har avslagit ansökan från {n}.',
  'Hon heter {n} {s} och är nyinskriven.',
  'Vi väntar på svar om {n} kan börja på praktiken.',
  '{n} mår sämre sedan flytten.',
  'Kuratorn har träffat {n} två gånger.',
  'Ärendet gäller {n}, som saknar sysselsättning.',
  '{n} {s} har fått beslut om aktivitetsersättning.',
  'Pappa till {n} vill vara med nästa gång.',
  'Teamet beslutade att {n} får en kontaktperson.',
  '{n} ska söka jobb inom lager och logistik.',
  'Har {n} fått tid hos vårdcentralen?',
  '{n} säger att hon inte orkar med skolan.',
  'Familjen {s} har flyttat till ett större boende.',
  'Mötet med {n} flyttas till nästa vecka.',
  '{n} har haft hög frånvaro sedan september.',
  'Ungdomen, {n}, vill inte att skolan kontaktas.',
  'Kan någon ringa {n} innan fredag?',
  '{n} har gått klart introduktionsprogrammet.',
  'Jag pratade med {n} {s} i telefon i går.',
  'Vi har inte nått {n} på tre veckor.',
  '{n} {s} och socialtjänsten har en plan.',
  'Arbetsförmedlingen har skrivit in {n} i programmet.',
  'Samtal med {n} om boende och ekonomi.',
  '{n} deltar i gruppverksamheten på onsdagar.',
  'Hur går det för {n} på praktiken?',
  '{n}: fortsatt stöd via Samordningsförbundet.',
  '– {n} har fått ett sommarjobb.',
  'Uppföljning: {n} har börjat på gymnasiet igen.',
];

/** Lines with a name right after a kinship or role word, `{n}` for the name. */
const KINSHIP: readonly string[] = [
  'Mamma {n} var med på mötet.',
  'Hon bor med brodern {n} och deras mor.',
  'Pappa {n} har sökt hjälp hos socialtjänsten.',
  'Systern {n} går på samma skola.',
  'Hans flickvän {n} följde med.',
  'Mormor {n} har hand om de yngre syskonen.',
  'Han har kontakt med kusinen {n} i Norge.',
  'Hon heter {n} och är 19 år.',
  'Killen kallas {n} av kompisarna.',
  'Sambon {n} har ett eget ärende.',
  'Lillebror {n} går i sexan.',
  'Morbror {n} hjälper till med ekonomin.',
  'Storasyster {n} tolkar ibland.',
  'Hennes pojkvän {n} är också inskriven.',
  'Kompisen {n} tipsade om Ungdomstorget.',
];

/** Lines with a name in the genitive, `{g}` for the genitive form. */
const GENITIVE: readonly string[] = [
  '{g} mamma ringde i morse.',
  'Vi har fått {g} schema från skolan.',
  '{g} ansökan om försörjningsstöd är inlämnad.',
  'Enligt {g} pappa har det gått bättre.',
  'Vi tar upp {g} ärende på nästa möte.',
  '{g} kontaktperson slutar i december.',
];

/** Lowercase lines (typed fast, in a phone or a hurry), `{n}` for a first name, `{s}` for a surname. */
const LOWERCASE: readonly string[] = [
  'hon heter {n} {s}',
  'träffade {n} i dag, gick bra',
  '{n} kom inte på mötet',
  'ringde {n} men inget svar',
  'mamma till {n} hörde av sig',
  '{n} har fått praktik på ica',
  'pratade med {n} om skulderna',
  'vi bokar ny tid med {n}',
  '{n} {s} har fått beslut från fk',
  'enligt {n} går det bättre nu',
  'brodern {n} var med',
  '{n} vill börja på komvux',
];

/** Clean lines: ordinary case-note language, organisations, programmes, acronyms, places that are not municipalities. */
const CLEAN: readonly string[] = `
Mötet började med en kort genomgång av förra veckans ärenden.
Kartläggningen visar att den unga behöver stöd med struktur i vardagen.
Deltagaren har haft god närvaro på arbetsträningen under oktober.
Försäkringskassan har beviljat aktivitetsersättning i ett år till.
Arbetsförmedlingen ansvarar för den fortsatta planeringen.
Socialtjänsten fortsätter med försörjningsstöd under utredningstiden.
Vi kom överens om att kalla till SIP innan jul.
BUP har avslutat sin kontakt eftersom personen fyllt 18.
Ärendet lyfts till samordningsförbundets styrgrupp.
Komvux har plats till våren, men ansökan måste in före den femte.
Lernia erbjuder en yrkesutbildning inom lager som kan passa.
Ungdomen har skulder hos Kronofogden och behöver hjälp med en ansökan om skuldsanering.
CSN har krävt tillbaka studiemedel för höstterminen.
Uppföljning om fyra veckor, samma tid.
Den unga saknar BankID och behöver hjälp att skaffa ett.
Handläggaren på Jobbtorg har bokat ett trepartssamtal.
Det finns en oro för missbruk, men inget som bekräftats.
Vi behöver få ett samtycke innan vi kontaktar vården.
Psykologen föreslår en neuropsykiatrisk utredning.
KAA-handläggaren har haft kontakt med skolan.
Insatsen enligt LSS är beviljad men ännu inte verkställd.
Personen har fått en kontaktperson via socialtjänsten.
Frånvaron har minskat sedan schemat anpassades.
Han har svårt att ta sig till möten på förmiddagen.
Hon vill helst ha kontakt via sms.
Praktikplatsen har tackat nej, vi letar vidare.
Teamet bedömer att en arbetsträning på halvtid är rimlig.
Nästa steg är ett studiebesök på folkhögskolan.
Ungdomen har anmält sig till en kurs i svenska.
Vi har skickat en remiss till vuxenpsykiatrin.
Vårdcentralen har skrivit ett läkarintyg.
Ansökan om bostadstillägg är inskickad.
Den unga bor i ett stödboende sedan i somras.
Hyran betalas nu direkt av socialtjänsten.
Familjen kom till Sverige från Syrien 2016.
Han har gått ut gymnasiet men saknar betyg i matematik.
Hon har en dotter som går på förskola.
Personen har körkortstillstånd och vill ta B-körkort.
Samordningsförbundet finansierar insatsen till och med juni.
Finsam-medlen täcker en halvtidstjänst.
UngKOMP har erbjudit stöd med studier.
Ungdomstorget tar emot personen i januari.
Mötet avslutades med en sammanfattning.
Alla parter var närvarande utom skolan.
Inga nya ärenden denna vecka.
Vi noterar att uppföljningen blev försenad.
Beslutet överklagas till förvaltningsrätten.
Arbetsträningen förlängs med tre månader.
Kontakten med vården fungerar bättre nu.
Ungdomen har fått ett nystartsjobb på ett lager.
Personen uppbär försörjningsstöd och söker arbete.
Deltagaren har fått en plats i Rusta och matcha.
Han behöver stöd med att hantera sin post.
Tiden hos psykiatrin är bokad till nästa månad.
Vi avvaktar ett utlåtande från habiliteringen.
Beredningsgruppen tar ställning till ansökan.
Ungdomsmottagningen har haft samtal om relationer.
Familjebehandlaren fortsätter med hembesök varannan vecka.
Hon vill inte att föräldrarna ska vara med.
Skolan har upprättat ett åtgärdsprogram.
Elevhälsan har kallat till ett möte.
Ärendet avslutas eftersom personen flyttat från kommunen.
En ny samordnare börjar efter årsskiftet.
Han har svårt med sömnen och äter dåligt.
Hon har börjat träna på ett gym två gånger i veckan.
Vi diskuterade hur vi kan samordna insatserna bättre.
Den unga vill läsa in gymnasiet på distans.
Personen har ADHD-diagnos sedan barndomen.
Utredningen enligt SoL pågår fortfarande.
Ett LVU-ärende avslutades förra året.
Han har fått en god man.
Överförmyndaren har utsett en ny förvaltare.
Boendestödjaren kommer två gånger i veckan.
Personen har fått hjälp att öppna ett bankkonto.
Försörjningsstödet omprövas varje månad.
Ansökan om bostad är inskickad till bostadsförmedlingen.
Kontakt tas med Migrationsverket om uppehållstillståndet.
Han har tillfälligt uppehållstillstånd till nästa år.
Tolk behövs på nästa möte, arabiska.
Tolk på tigrinja är bokad.
Samtalet hölls på somaliska med tolk.
Hon pratar både dari och svenska.
Personen har gått SFI och klarat kurs D.
Han vill gärna jobba inom vården.
Hon drömmer om att bli undersköterska.
Vi har gett information om Supported Employment.
IPS-coachen har börjat leta arbetsplatser.
Arbetsgivaren är positiv till en förlängning.
Personen behöver anpassade arbetstider.
Det finns behov av stöd med kollektivtrafiken.
Busskortet betalas av Arbetsförmedlingen.
Hon har fått färdtjänst beviljad.
Vi ses i Teams nästa gång.
Mötet hölls på Zoom på grund av sjukdom.
Han har lagt ut bilder på Instagram som oroar.
Hon har blivit kontaktad på Snapchat av en okänd vuxen.
Polisen har gjort en orosanmälan.
Orosanmälan är mottagen och bedöms inom två veckor.
Socialjouren var inkopplad under helgen.
Det har varit lugnt sedan förra mötet.
Vi väntar på att Försäkringskassan ska fatta beslut.
Arbetsförmedlingens handläggare är föräldraledig.
Ny handläggare på Försäkringskassan från och med måndag.
Beslut om insats fattas på nästa teammöte.
Insatsen följs upp med en skattningsskala.
Han har svårt att koncentrera sig längre stunder.
Hon har social fobi och undviker större grupper.
Stödet behöver vara långsiktigt.
Personen har tidigare varit placerad på HVB.
Han har varit på SiS-hem i två perioder.
Frivården har kontakt en gång i veckan.
Ett nytt möte bokas när läkarintyget kommit.
Hon har fått beviljat bostadsbidrag.
Skulden till hyresvärden är betald.
Budget- och skuldrådgivningen har gjort en plan.
Han har fått ett halvtidsarbete på en restaurang.
Vi firar att praktiken ledde till anställning.
Deltagaren avslutar insatsen med arbete.
Personen skrivs ut från Ungdomstorget.
Avslut sker efter överenskommelse med den unga.
Uppföljning sker om sex månader.
Tack för i dag.
`
  .split('\n')
  .map((line) => line.trim())
  .filter(Boolean);

/** Clean lines put together from parts, as notes are: who, what, with whom, when. */
const CLEAN_WHO = ['Ungdomen', 'Den unga', 'Deltagaren', 'Personen', 'Hon', 'Han', 'Vi', 'Teamet', 'Handläggaren', 'Socialsekreteraren', 'Kuratorn', 'Arbetskonsulenten', 'Koordinatorn', 'Samordnaren', 'Studievägledaren', 'Arbetsterapeuten'];
const CLEAN_WHAT = [
  'har haft kontakt med',
  'väntar på besked från',
  'har bokat ett möte med',
  'skickar en förfrågan till',
  'har fått ett beslut från',
  'behöver hjälp att kontakta',
  'följer upp samarbetet med',
  'har lämnat in papper till',
  'har kallats till ett samtal hos',
  'vill ha ett trepartssamtal med',
];
const CLEAN_WITH = [
  'Arbetsförmedlingen',
  'Försäkringskassan',
  'socialtjänsten',
  'Komvux',
  'Lernia',
  'BUP',
  'vuxenpsykiatrin',
  'vårdcentralen',
  'CSN',
  'Kronofogden',
  'Jobbtorg',
  'Migrationsverket',
  'ungdomsmottagningen',
  'habiliteringen',
  'skolan',
  'elevhälsan',
  'folkhögskolan',
  'Samordningsförbundet',
  'frivården',
  'budget- och skuldrådgivningen',
];
const CLEAN_WHEN = ['i dag.', 'i veckan.', 'före jul.', 'efter lovet.', 'nästa vecka.', 'under hösten.', 'i början av månaden.', 'inom två veckor.', 'igen.', 'så snart det går.'];

/** Lines that mention a municipality: a place, warned, not blocked. */
const PLACES_LINES: readonly string[] = [
  'Familjen har flyttat till Botkyrka.',
  'Hon pendlar till Uppsala för praktiken.',
  'Han har en lägenhet i Skellefteå via kommunen.',
  'Praktiken ligger i Sundsvall.',
  'Ungdomen vill flytta till Göteborg efter sommaren.',
  'Mötet hålls i Haninge i stället.',
  'Hon har släkt i Malmö.',
  'Han läser på folkhögskolan i Lycksele.',
];

/** Lines with a parent's older first name that is also a Swedish word ("Ann", "Inger"), or a short name's genitive ("Bos"), and the name. */
const OLDER_AND_SHORT: readonly (readonly [string, string])[] = [
  ['Vi ringde Ann i går om boendet.', 'Ann'],
  ['Hon bor hos Britt sedan sommaren.', 'Britt'],
  ['Efter mötet pratade vi med Inger om skolan.', 'Inger'],
  ['Pappan heter egentligen inte Mats, sa hon.', 'Mats'],
  ['Han vill att Mats följer med till läkaren.', 'Mats'],
  ['Socialsekreteraren har träffat Ann och Mats hemma.', 'Ann'],
  ['Bos mamma ringde i morse.', 'Bos'],
  ['Vi har träffat Bos pappa två gånger.', 'Bos'],
  ['Enligt Jos bror har det gått bättre.', 'Jos'],
];

export function buildNameCorpus(): CorpusLine[] {
  let seed = 17171;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const lines: CorpusLine[] = [];
  const origins = Object.keys(FIRST_NAMES_BY_ORIGIN);
  const genitive = (name: string): string => (/[sxz]$/.test(name) ? name : `${name}s`);
  let t = 0;
  for (const origin of origins) {
    const firsts = FIRST_NAMES_BY_ORIGIN[origin] ?? [];
    const surnames = SURNAMES_BY_ORIGIN[origin] ?? SURNAMES_BY_ORIGIN.arabic ?? [];
    for (const [i, first] of firsts.entries()) {
      const template = CAPITALISED[t++ % CAPITALISED.length] ?? '';
      const surname = pick(surnames);
      lines.push({ text: template.replace('{n}', first).replace('{s}', surname), label: 'name', target: template.includes('{n}') ? first : surname });
      // Every third name also after a kinship word, every fourth in the genitive.
      if (i % 3 === 0) lines.push({ text: (KINSHIP[t % KINSHIP.length] ?? '').replace('{n}', first), label: 'name', target: first });
      if (i % 4 === 1) {
        const g = genitive(first);
        lines.push({ text: (GENITIVE[t % GENITIVE.length] ?? '').replace('{g}', g), label: 'name', target: g });
      }
      if (i % 3 === 1) {
        const lower = first.toLocaleLowerCase('sv');
        const template = LOWERCASE[t % LOWERCASE.length] ?? '';
        lines.push({ text: template.replace('{n}', lower).replace('{s}', surname.toLocaleLowerCase('sv')), label: 'name-lowercase', target: lower });
      }
    }
    // Each surname once, after a first name of the same origin or alone after "familjen".
    for (const [i, surname] of surnames.entries()) {
      const first = pick(firsts);
      const text = i % 4 === 3 ? `Familjen ${surname} har fått en ny handläggare.` : (CAPITALISED.filter((line) => line.includes('{s}'))[i % 8] ?? '').replace('{n}', first).replace('{s}', surname);
      lines.push({ text, label: 'name', target: surname });
      if (i % 5 === 0) lines.push({ text: `hon heter ${first.toLocaleLowerCase('sv')} ${surname.toLocaleLowerCase('sv')}`, label: 'name-lowercase', target: surname.toLocaleLowerCase('sv') });
    }
  }
  for (const [i, name] of UNLISTED_NAMES.entries()) {
    const withFirst = CAPITALISED.filter((line) => line.includes('{n}'));
    lines.push({ text: (withFirst[(i * 7) % withFirst.length] ?? '').replace('{n}', name).replace('{s}', pick(SURNAMES_BY_ORIGIN.somali ?? [])), label: 'name-unlisted', target: name });
    if (i % 2 === 0) lines.push({ text: (KINSHIP[i % KINSHIP.length] ?? '').replace('{n}', name), label: 'name-unlisted', target: name });
  }
  // Parents' older first names that are also Swedish words, mid-sentence, and genitives of short names.
  for (const [text, target] of OLDER_AND_SHORT) lines.push({ text, label: 'name', target });
  for (const text of CLEAN) lines.push({ text, label: 'clean' });
  const made = new Set<string>();
  while (made.size < 420) made.add(`${pick(CLEAN_WHO)} ${pick(CLEAN_WHAT)} ${pick(CLEAN_WITH)} ${pick(CLEAN_WHEN)}`);
  for (const text of made) lines.push({ text, label: 'clean' });
  for (const text of PLACES_LINES) lines.push({ text, label: 'warning', warning: 'place' });
  return lines;
}
