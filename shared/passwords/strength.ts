/**
 * A password strength estimate that knows what Swedish staff are tempted to use: months,
 * seasons, weekdays, common first names, team, place and workplace words, keyboard runs.
 * Such words count as one guess each rather than as their letters. Pure: runs in the page for
 * the meter and in main to refuse weak passwords.
 */
const SWEDISH_WORDS = [
  // months, seasons, weekdays
  'januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december',
  'vinter', 'vår', 'sommar', 'höst', 'jul', 'påsk', 'midsommar',
  'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag',
  // common first names
  'anna', 'eva', 'maria', 'karin', 'sara', 'lena', 'emma', 'kristina', 'elin', 'ida', 'johanna', 'malin', 'linnea', 'hanna', 'sofia',
  'lars', 'erik', 'anders', 'johan', 'per', 'karl', 'peter', 'mikael', 'jan', 'thomas', 'daniel', 'fredrik', 'oscar', 'william', 'lucas',
  // team and workplace words
  'team', 'teamet', 'ungdom', 'ungdomar', 'ungdomsteamet', 'ungdomstorget', 'arena', 'samverkan', 'teamvalv', 'valv', 'möte', 'handledning',
  'socialtjänsten', 'kommun', 'region', 'arbetsförmedlingen', 'försäkringskassan', 'samordningsförbund', 'finsam', 'lösenord', 'password',
  'hemlig', 'sverige', 'svenska',
  // places
  'umeå', 'haninge', 'lidköping', 'stockholm', 'göteborg', 'malmö', 'uppsala', 'västerbotten', 'skara', 'norrland',
  // keyboard and counting runs
  'qwerty', 'asdf', 'zxcv', 'qwertyuiop', 'asdfghjkl', '123456', '12345678', 'abc123', 'abcdef',
];

export type StrengthLevel = 0 | 1 | 2 | 3 | 4;

export interface Strength {
  readonly level: StrengthLevel;
  readonly bits: number;
  /** Words from the list (or from the context) that the password leans on. */
  readonly guessable: readonly string[];
}

/** Minimum level the app accepts for a new password. */
export const MIN_ACCEPTED_LEVEL: StrengthLevel = 3;

export function passwordStrength(password: string, context: readonly string[] = []): Strength {
  const lower = password.normalize('NFC').toLowerCase();
  const words = [...SWEDISH_WORDS, ...context.map((word) => word.normalize('NFC').toLowerCase()).filter((word) => word.length >= 3)];
  const guessable = words.filter((word) => lower.includes(word)).sort((a, b) => b.length - a.length);
  // Remove the longest guessable words (one guess each, ~12 bits), then count what is left.
  let rest = lower;
  let bits = 0;
  for (const word of guessable) {
    if (rest.includes(word)) {
      rest = rest.replace(word, '');
      bits += 12;
    }
  }
  rest = rest.replace(/(.)\1{2,}/g, '$1'); // aaaa counts as a
  const classes = [/[a-zåäö]/, /[0-9]/, /[^a-zåäö0-9]/].filter((re) => re.test(rest)).length;
  const alphabet = classes === 0 ? 1 : [0, 26, 36, 70][classes] ?? 70;
  bits += rest.length * Math.log2(alphabet) * 0.8;
  const level: StrengthLevel = bits >= 75 ? 4 : bits >= 55 ? 3 : bits >= 40 ? 2 : bits >= 28 ? 1 : 0;
  return { level, bits: Math.round(bits), guessable };
}
