// The roster's text keys, as SQL functions on every connection (registered when the vault opens,
// main/vault/db/open-vault.ts) and for the filters typed on the page (main/roster/members-page.ts).
// SQLite's own lower() and NOCASE know only ASCII.

/** Lower case, as the user types a filter: "öst" finds "Team Öst". */
export function foldForMatch(text: string): string {
  return text.toLowerCase();
}

/**
 * A key whose binary order is Swedish alphabetical order, case-insensitive: å, ä and ö (and æ, ø)
 * after z, other accents with their letter (é as e, ü as y), numbers as text.
 */
export function swedishSortKey(text: string): string {
  // Most names, numbers and addresses are plain ASCII: lower case is the whole key.
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .toLowerCase()
    .replace(/[åäæöø]/g, (letter) => SWEDISH_LAST[letter] ?? letter)
    .replace(/ü/g, 'y')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}
const ASCII = /^[\x20-\x7e]*$/;
// Right after "z" (U+007A) come "{", "|", "}" — in the order å, ä, ö.
const SWEDISH_LAST: Readonly<Record<string, string>> = { å: '{', ä: '|', æ: '|', ö: '}', ø: '}' };
