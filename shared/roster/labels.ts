import type { OrganisationKind, Profession, TeamRole } from './model';

/**
 * Swedish words for the roster's codes in files that leave the app (CSV, PDF) and in the CSV
 * import, which also accepts the English words. The UI has its own translations (i18n).
 */
export const PROFESSION_SV: Readonly<Record<Profession, string>> = {
  arbetsformedlare: 'Arbetsförmedlare',
  'personlig-handlaggare': 'Personlig handläggare',
  socialsekreterare: 'Socialsekreterare',
  arbetskonsulent: 'Arbetskonsulent',
  'sius-konsulent': 'SIUS-konsulent',
  arbetsterapeut: 'Arbetsterapeut',
  psykolog: 'Psykolog',
  rehabkoordinator: 'Rehabkoordinator',
  processledare: 'Processledare',
  utvecklingsledare: 'Utvecklingsledare',
  other: 'Annan',
};

export const ROLE_SV: Readonly<Record<TeamRole, string>> = { chair: 'Ordförande', 'note-taker': 'Sekreterare', member: 'Medlem' };

export const ORGANISATION_KIND_SV: Readonly<Record<OrganisationKind, string>> = {
  arbetsformedlingen: 'Arbetsförmedlingen',
  forsakringskassan: 'Försäkringskassan',
  socialtjansten: 'Socialtjänsten',
  region: 'Region',
  arbetsmarknadsenhet: 'Kommunal arbetsmarknadsenhet',
  primarvarden: 'Primärvården',
  other: 'Annan',
};

/** Lower case, no diacritics, single spaces: how import cells are compared with names and words. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const ROLE_WORDS: Readonly<Record<string, TeamRole>> = {
  ordforande: 'chair',
  chair: 'chair',
  sekreterare: 'note-taker',
  antecknare: 'note-taker',
  'note-taker': 'note-taker',
  'note taker': 'note-taker',
  ledamot: 'member',
  medlem: 'member',
  member: 'member',
};

/** A role word from a file (Swedish or English); empty means an ordinary member; null if unknown. */
export function roleFromWord(word: string): TeamRole | null {
  const folded = foldText(word);
  if (folded === '') return 'member';
  return ROLE_WORDS[folded] ?? null;
}

/** A profession word from a file: one of ours (Swedish label or code), otherwise free text. */
export function professionFromWord(word: string): { profession: Profession; other: string } {
  const folded = foldText(word);
  for (const [code, label] of Object.entries(PROFESSION_SV) as [Profession, string][]) {
    if (code !== 'other' && (foldText(label) === folded || code === folded.replace(/ /g, '-'))) return { profession: code, other: '' };
  }
  return { profession: 'other', other: word.trim() };
}
