// Issue 17 (rules): numbers that are not phone numbers, unknown birth month or day, schools with a
// lowercase school word, addresses ending at the number, ages after a name, the team's own people.
import { describe, expect, it } from 'vitest';
import { type GuardOptions, blockingHits, scanText, staffReplacedCount } from './identifier-guard';
import { classifyIdNumber } from './swedish-ids';
import { luhnCheckDigit } from './test-support/corpus';

const kinds = (text: string, options?: GuardOptions) => scanText(text, options).map((hit) => [hit.kind, hit.severity, hit.text]);
const valid = (nine: string): string => `${nine}${luhnCheckDigit(nine)}`;

describe('samordningsnummer with an unknown birth month or day', () => {
  it('takes month 00 and day 60 as unknown, and blocks them in every written form', () => {
    for (const nine of ['400060123', '400075123', '401260123', '000260987']) {
      const ten = valid(nine);
      expect(classifyIdNumber('20', ten, '-')).toBe('samordningsnummer');
      for (const written of [`20${ten}`, `20${ten.slice(0, 6)}-${ten.slice(6)}`, `${ten.slice(0, 6)}-${ten.slice(6)}`, `${ten.slice(0, 6)}+${ten.slice(6)}`, ten, `${ten.slice(0, 6)} ${ten.slice(6)}`]) {
        const text = `Hon fick ${written} i dag.`;
        expect(scanText(text).filter((hit) => hit.severity === 'block')).toEqual([expect.objectContaining({ kind: 'samordningsnummer', start: 9, end: 9 + written.length })]);
      }
    }
  });

  it('still refuses a month past 12, a day past 31 (+60) and a personnummer with month 00 or day 00', () => {
    expect(classifyIdNumber('20', valid('401360123'), '-')).toBeNull();
    expect(classifyIdNumber('20', valid('400192123'), '-')).toBeNull();
    expect(classifyIdNumber('20', valid('400015123'), '-')).toBeNull();
    expect(classifyIdNumber('20', valid('400100123'), '-')).toBeNull();
  });
});

describe('date-shaped numbers are never phone numbers', () => {
  it('warns on a date-shaped number with a leading 0 and a wrong check digit', () => {
    expect(kinds('Numret 011108-3629 stämmer inte.')).toEqual([['possible-personnummer', 'warn', '011108-3629']]);
    expect(kinds('Hon uppgav 0510269170.')).toEqual([['possible-personnummer', 'warn', '0510269170']]);
  });

  it('keeps phone numbers written as phone numbers, and a bare mobile number, as phones', () => {
    expect(kinds('Ring 0510-26 91 70 i morgon.')).toEqual([['phone', 'block', '0510-26 91 70']]);
    expect(kinds('Mammans nummer: 0701234567')).toEqual([['phone', 'block', '0701234567']]);
    // Landlines with a two- or three-digit area code run together, even when they look like a date.
    for (const phone of ['0311234567', '0211234567', '0101234567', '0811234567', '0111234567', '0401012345']) {
      expect(kinds(`Mammans nummer: ${phone}`), phone).toEqual([['phone', 'block', phone]]);
    }
    expect(kinds('Ring 070-123 45 67.')).toEqual([['phone', 'block', '070-123 45 67']]);
  });
});

describe('schools, addresses and ages', () => {
  it('warns on a school named before a lowercase school word, not on "her school"', () => {
    expect(kinds('Hon går på Norrviks gymnasium sedan i höstas.')).toEqual([['school-or-workplace', 'warn', 'Norrviks gymnasium']]);
    expect(kinds('Ekdalens skola har ringt.')).toEqual([['school-or-workplace', 'warn', 'Ekdalens skola']]);
    expect(kinds('Hennes skola ringde. Den nya skolan börjar snart. Deras gymnasium har lov.').filter(([kind]) => kind === 'school-or-workplace')).toEqual([]);
  });

  it('ends an address at its number (or an entrance letter)', () => {
    expect(kinds('Familjen bor på Storgatan 12 i Lidköping.')[0]).toEqual(['address', 'block', 'Storgatan 12']);
    expect(kinds('Bor på Idrottsvägen 15 A nu, och Kungsvägen 3B.').filter(([kind]) => kind === 'address')).toEqual([
      ['address', 'block', 'Idrottsvägen 15 A'],
      ['address', 'block', 'Kungsvägen 3B'],
    ]);
  });

  it('warns on an age written after a name, between commas or in brackets, and marks only the age', () => {
    const text = 'Jonna, 19, har flyttat.';
    const hits = scanText(text);
    const age = hits.find((hit) => hit.kind === 'exact-age');
    expect(age).toEqual(expect.objectContaining({ severity: 'warn', text: '19', start: 7, end: 9 }));
    expect(kinds('Kusinen (16) bor där.')).toEqual([['exact-age', 'warn', '(16)']]);
    expect(kinds('Punkt 3, 4 och 5 är klara.')).toEqual([]);
  });
});

describe('the team’s own people', () => {
  const staffNames = ['Ahmed Hassan', 'Anna-Karin Wikström'];

  it('shows a staff member’s full name or first name as staff, which never blocks', () => {
    expect(blockingHits(scanText('Ahmed gör kartläggning tillsammans med den unga.'))).not.toEqual([]);
    expect(kinds('Ahmed gör kartläggning tillsammans med den unga.', { staffNames })).toEqual([['staff', 'info', 'Ahmed']]);
    expect(kinds('Ahmed Hassan och Ahmeds kollega Anna-Karin Wikströms grupp ringde Anna-Karin.', { staffNames })).toEqual([
      ['staff', 'info', 'Ahmed Hassan'],
      ['staff', 'info', 'Ahmeds'],
      ['staff', 'info', 'Anna-Karin Wikströms'],
      ['staff', 'info', 'Anna-Karin'],
    ]);
    expect(staffReplacedCount('Ahmed Hassan ringde Anna-Karin.', { staffNames })).toBe(3);
    expect(staffReplacedCount('Ahmed Hassan ringde Anna-Karin.')).toBe(0);
  });

  it('never lets a young person’s family through as staff: surnames alone, kinship, role and naming words, genitives before kinship, lowercase', () => {
    const team = ['Maria Andersson', 'Ahmed Hassan'];
    for (const line of [
      'Familjen Andersson har flyttat.',
      'Mamma Hassan ringde.',
      'Hassans mamma ringde.',
      'hon heter maria andersson',
      'Hon heter Maria Andersson.',
      'Hon hette Maria.',
      'Ahmeds mamma ringde.',
      'Maria Anderssons pappa ringde.',
      'Eleven Ahmed kom inte.',
      'Vi pratade med mamma Maria.',
      'Hon kallas Maria Andersson.',
      'Vi träffade familjen Maria Andersson.',
      'Andersson har flyttat.',
      'Han har pratat med maria andersson.',
    ]) {
      const without = scanText(line);
      const withTeam = scanText(line, { staffNames: team });
      expect(withTeam.filter((hit) => hit.kind === 'staff'), line).toEqual([]);
      expect(blockingHits(withTeam), line).toEqual(blockingHits(without));
      expect(blockingHits(withTeam), line).not.toEqual([]);
      expect(staffReplacedCount(line, { staffNames: team }), line).toBe(0);
    }
  });

  it('shows the e2e scenario’s roster member as staff (guard-staff.e2e.ts)', () => {
    const text = 'Alva gör kartläggning tillsammans med den unga. Alvas förslag: Alva Berg bokar nästa möte.';
    const hits = scanText(text, { staffNames: ['Alva Berg', 'Kim Ordf'] });
    expect(blockingHits(hits)).toEqual([]);
    expect(hits.filter((hit) => hit.kind === 'staff').map((hit) => hit.text)).toEqual(['Alva', 'Alvas', 'Alva Berg']);
  });

  it('does not take a young person’s surname for a colleague’s first name', () => {
    expect(blockingHits(scanText('Mohammed Hassan kom.', { staffNames: ['Hassan Ali'] })).map((hit) => hit.text)).toEqual(['Mohammed', 'Hassan']);
  });

  it('keeps a name that only starts like a staff member’s, the admin’s own names, and every hit that is not a name', () => {
    expect(kinds('Ahmed Johansson var där.', { staffNames })).toEqual([
      ['staff', 'info', 'Ahmed'],
      ['name', 'block', 'Johansson'],
    ]);
    expect(kinds('Ahmed kom.', { staffNames, extraNames: ['Ahmed'] })).toEqual([['name', 'block', 'Ahmed']]);
    expect(kinds('Storgatan 12', { staffNames: ['Storgatan'] })).toEqual([['address', 'block', 'Storgatan 12']]);
    // A place stays a place (the young person may live there), even when it is also a colleague's surname.
    expect(kinds('Hon bor i Kiruna.', { staffNames: ['Eva Kiruna'] })).toEqual([['place', 'warn', 'Kiruna']]);
  });

  it('ignores a lowercase word that is also a staff name unless it stood for a name', () => {
    expect(kinds('Vi gick upp på ett berg.', { staffNames })).toEqual([]);
  });
});

describe('the team’s own people next to other hits', () => {
  it('shows the first name as staff and keeps a hit that is not a name on the surname', () => {
    expect(kinds('Alva Storgatan 12 kommer.', { staffNames: ['Alva Storgatan'] })).toEqual([
      ['staff', 'info', 'Alva'],
      ['address', 'block', 'Storgatan 12'],
    ]);
    // Where the young person lives stays a place; the colleague's own name never blocks.
    const hits = scanText('Hon bor i Kiruna, sa Eva Kiruna.', { staffNames: ['Eva Kiruna'] });
    expect(hits[0]).toMatchObject({ kind: 'place', severity: 'warn', text: 'Kiruna' });
    expect(blockingHits(hits)).toEqual([]);
    expect(hits.some((hit) => hit.kind === 'staff' && hit.text.startsWith('Eva'))).toBe(true);
  });
});
