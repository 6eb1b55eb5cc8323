/** The case vocabularies, without zod (the renderer imports these). */
/**
 * The age bands older vaults recorded (before issue 20). A case keeps the band it was given; new
 * cases take one of the vault's configured bands (`ageBandLabels`), by default 16–19, 20–24,
 * 25–29 and 30+, the förbund's groups.
 */
export const LEGACY_AGE_BANDS = ['16-17', '18-20', '21-25', '26-29'] as const;
/** The lower bounds of the default age bands; the last band is open ("30+"). */
export const DEFAULT_AGE_BAND_BOUNDS = [16, 20, 25, 30] as const;
/** A band as stored: "16-19" or an open last band "30+". */
export const AGE_BAND_PATTERN = /^(\d{2})-(\d{2})$|^(\d{2})\+$/;

/** The band labels for ascending lower bounds: [16, 20, 25, 30] → 16-19, 20-24, 25-29, 30+. */
export function ageBandLabels(bounds: readonly number[]): string[] {
  return bounds.map((lower, i) => {
    const next = bounds[i + 1];
    return next === undefined ? `${lower}+` : `${lower}-${next - 1}`;
  });
}

/**
 * How an age band stands to 18, for the guardian's consent (PRODUCT.md: under 18, a guardian
 * consents too): `under` when everyone in it is under 18 (the older 16-17), `straddles` when some
 * are and some are not (the default 16-19: the band alone cannot say, so the consent form asks),
 * `adult` when no one is. An unreadable band is treated as straddling: it asks rather than guesses.
 */
export function bandAgainstEighteen(band: string): 'under' | 'straddles' | 'adult' {
  const match = AGE_BAND_PATTERN.exec(band);
  if (!match) return 'straddles';
  const lower = Number(match[1] ?? match[3]);
  const upper = match[2] === undefined ? Number.POSITIVE_INFINITY : Number(match[2]);
  if (upper < 18) return 'under';
  return lower >= 18 ? 'adult' : 'straddles';
}

/** Whether everyone in the band is under 18 (a consent then needs the guardian's too). */
export function bandIsUnderEighteen(band: string): boolean {
  return bandAgainstEighteen(band) === 'under';
}
export const CONSENT_MODES = ['anonymous', 'consent'] as const;
/**
 * How a case ended: the participant's status at exit (issue 20), the förbund's categories —
 * arbete without subsidy, arbete with a subsidy (lönebidrag, nystartsjobb, introduktionsjobb…),
 * studier, arbetssökande, another authority's insats, avbrott (left the work without an exit
 * status), annat (said in words). Older vaults' `annan-myndighet` became `annan-insats` and
 * `other` became `annat` (migration 020).
 */
export const OUTCOMES = ['arbete', 'arbete-med-stod', 'studier', 'arbetssokande', 'annan-insats', 'avbrott', 'annat'] as const;
/** The participant's status at a check-in after exit; `ej-nadd` when the participant could not be reached. */
export const CHECKIN_STATUSES = ['arbete', 'arbete-med-stod', 'studier', 'arbetssokande', 'annan-insats', 'annat', 'ej-nadd'] as const;
/** Kön as the förbund's follow-up counts it; `annat` covers "annat / vill inte ange". */
export const GENDERS = ['kvinna', 'man', 'annat'] as const;
/**
 * The main source of income (försörjning) at start and at exit: arbete (egen försörjning),
 * studier (studiemedel), aktivitetsersättning/sjukersättning, försörjningsstöd,
 * arbetslöshetsersättning/aktivitetsstöd, ingen ersättning, annat.
 */
export const INCOME_SOURCES = ['arbete', 'studier', 'aktivitetsersattning', 'forsorjningsstod', 'arbetsloshetsersattning', 'ingen-ersattning', 'annat'] as const;
/**
 * Where a case is (issue 20): aktualiserad (raised) → beredning (proposed to the beredningsgrupp)
 * → aktiv (chosen) or ej-vald (not chosen) → avslutad (exit) → uppfoljning (check-ins after exit)
 * → arkiverad. A case that is not active any more (ej-vald and after) has status 'closed'.
 */
export const CASE_PHASES = ['aktualiserad', 'beredning', 'aktiv', 'ej-vald', 'avslutad', 'uppfoljning', 'arkiverad'] as const;
/** The phases in which a case is closed (status 'closed', a closing date). */
export const CLOSED_PHASES = ['ej-vald', 'avslutad', 'uppfoljning', 'arkiverad'] as const;
/** The phases that carry an outcome (the exit was recorded). */
export const EXITED_PHASES = ['avslutad', 'uppfoljning', 'arkiverad'] as const;
/** What a case's timeline records: each change of phase, and a reopening (with its reason). */
export const CASE_EVENT_KINDS = ['aktualiserad', 'beredning', 'aktiv', 'ej-vald', 'avslutad', 'uppfoljning', 'arkiverad', 'ateroppnad'] as const;
/** The default check-ins after exit, in months from the closing day. */
export const DEFAULT_CHECKIN_MONTHS = [3, 6, 12] as const;
/** receive: the organisation may receive information from the others; share: it may give; both. */
export const CONSENT_DIRECTIONS = ['receive', 'share', 'both'] as const;
/** The categories of information a secrecy-lifting consent names (PRODUCT.md). */
export const CONSENT_CATEGORIES = ['economy-social', 'health', 'work-history', 'labour-market'] as const;
/** Why a team member cannot read a case's content today. */
export const UNREADABLE_REASONS = ['not-in-team', 'no-consent', 'consent-expired', 'consent-withdrawn'] as const;
