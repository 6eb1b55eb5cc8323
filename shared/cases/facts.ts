import { z } from 'zod';
import { GENDERS, INCOME_SOURCES } from './codes';

/**
 * The participant's coarse facts for the förbund's follow-up (issue 20): kön and the main source of
 * income at start and at exit — categories only, never a name or a number. Each is null until
 * recorded ("ej registrerat"): nobody is made to guess, though the forms ask.
 */
export const Gender = z.enum(GENDERS);
export type Gender = z.infer<typeof Gender>;
export const IncomeSource = z.enum(INCOME_SOURCES);
export type IncomeSource = z.infer<typeof IncomeSource>;

/** What the figures call a fact that was not recorded. */
export const NOT_RECORDED = 'ej-registrerat';

/** The lowest and highest lower bound an age band may have. */
export const AGE_BAND_LOWEST = 15;
export const AGE_BAND_HIGHEST = 99;

/**
 * The vault's age bands as ascending lower bounds ([16, 20, 25, 30] → 16-19, 20-24, 25-29, 30+):
 * at least two bands, each bound between 15 and 99.
 */
export const AgeBandBounds = z
  .array(z.number().int().min(AGE_BAND_LOWEST).max(AGE_BAND_HIGHEST))
  .min(2)
  .max(12)
  .refine((bounds) => bounds.every((bound, i) => i === 0 || bound > (bounds[i - 1] ?? 0)), 'not ascending');
export type AgeBandBounds = z.infer<typeof AgeBandBounds>;

/** The configured bands: their bounds and the labels new cases take. */
export const AgeBandSettings = z.object({ bounds: z.array(z.number().int()), labels: z.array(z.string()) });
export type AgeBandSettings = z.infer<typeof AgeBandSettings>;
export const SetAgeBandsInput = z.object({ bounds: z.array(z.number().int()).max(12) }).strict();

/** A case's facts as its readers see them; `exited` says whether the income at exit may be recorded yet. */
export const ParticipantFacts = z.object({
  gender: Gender.nullable(),
  incomeAtStart: IncomeSource.nullable(),
  incomeAtExit: IncomeSource.nullable(),
  exited: z.boolean(),
});
export type ParticipantFacts = z.infer<typeof ParticipantFacts>;

/** The facts an editor's page showed: a change is written only while the stored facts are still these. */
export const SeenFacts = z
  .object({
    gender: Gender.nullable(),
    incomeAtStart: IncomeSource.nullable(),
    incomeAtExit: IncomeSource.nullable(),
  })
  .strict();
export type SeenFacts = z.infer<typeof SeenFacts>;

/**
 * Sets a case's facts. `incomeAtExit` only once the case has exited (its phase is avslutad or
 * later); left out, it stays as it is. `expected` is what the editor saw: if another editor
 * changed the facts since, nothing is written (conflict, 'facts_changed').
 */
export const SetCaseFactsInput = z
  .object({
    caseId: z.uuid(),
    gender: Gender.nullable(),
    incomeAtStart: IncomeSource.nullable(),
    incomeAtExit: IncomeSource.nullable().optional(),
    expected: SeenFacts,
  })
  .strict();
