/** The case vocabularies, without zod (the renderer imports these). */
export const AGE_BANDS = ['16-17', '18-20', '21-25', '26-29'] as const;
export const CONSENT_MODES = ['anonymous', 'consent'] as const;
export const OUTCOMES = ['arbete', 'studier', 'annan-myndighet', 'avbrott', 'other'] as const;
/** receive: the organisation may receive information from the others; share: it may give; both. */
export const CONSENT_DIRECTIONS = ['receive', 'share', 'both'] as const;
/** The categories of information a secrecy-lifting consent names (PRODUCT.md). */
export const CONSENT_CATEGORIES = ['economy-social', 'health', 'work-history', 'labour-market'] as const;
/** Why a team member cannot read a case's content today. */
export const UNREADABLE_REASONS = ['not-in-team', 'no-consent', 'consent-expired', 'consent-withdrawn'] as const;
