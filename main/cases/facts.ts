import { EXITED_PHASES, ageBandLabels } from '../../shared/cases/codes';
import { AgeBandBounds, type AgeBandSettings, type Gender, type IncomeSource, type ParticipantFacts, type SeenFacts } from '../../shared/cases/facts';
import { AppError } from '../../shared/ipc/errors';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { requireAdmin } from '../roster/access';
import { cachedStatement } from '../vault/db/statements';
import { AGE_BAND_BOUNDS, getSetting, setSetting } from '../vault/settings';

/**
 * The participant's facts for the förbund's follow-up (issue 20): kön, the main source of income
 * at start and at exit, and the vault's configurable age bands. Coarse categories only — the
 * columns' CHECKs (migration 020) hold the same vocabularies — never a name or a number.
 */

/** The vault's age bands: the admin's bounds, or the defaults (16–19, 20–24, 25–29, 30+). */
export function ageBandSettings(caps: Pick<ReadCaps, 'db'>): AgeBandSettings {
  const bounds = getSetting(caps.db, AGE_BAND_BOUNDS);
  return { bounds, labels: ageBandLabels(bounds) };
}

/** An admin sets the bands new cases take; older cases keep the band they were given. */
export function setAgeBands(caps: WriteCaps, input: { bounds: readonly number[] }): AgeBandSettings {
  requireAdmin(caps.access.actor);
  const parsed = AgeBandBounds.safeParse(input.bounds);
  if (!parsed.success) throw new AppError('invalid_input', 'At least two bands, each bound 15–99, ascending', { field: 'bounds' });
  caps.db.transaction(() => {
    setSetting(caps.db, AGE_BAND_BOUNDS, parsed.data);
    caps.audit.record('case.age-bands-set', { bounds: parsed.data.join(',') });
  })();
  return ageBandSettings(caps);
}

/** A new case's band must be one of the configured ones (older cases keep theirs, e.g. '18-20'). */
export function requireConfiguredBand(caps: Pick<ReadCaps, 'db'>, band: string): void {
  if (!ageBandSettings(caps).labels.includes(band)) throw new AppError('invalid_input', 'Choose one of the configured age bands', { field: 'ageBand' });
}

/** Writes a new case's facts at start (inside createCase's transaction). */
export function recordStartFacts(caps: WriteCaps, caseId: string, input: { gender?: Gender | null | undefined; incomeAtStart?: IncomeSource | null | undefined }): void {
  caps.db.prepare('UPDATE cases SET gender = ?, income_at_start = ? WHERE id = ?').run(input.gender ?? null, input.incomeAtStart ?? null, caseId);
}

const EXITED = new Set<string>(EXITED_PHASES);

/** The facts of a case its reader sees (CaseDetail.facts). */
export function factsOf(caps: Pick<ReadCaps, 'db'>, caseId: string): ParticipantFacts {
  const row = cachedStatement(caps.db, 'SELECT gender, income_at_start, income_at_exit, phase FROM cases WHERE id = ?').get(caseId) as
    | { gender: Gender | null; income_at_start: IncomeSource | null; income_at_exit: IncomeSource | null; phase: string }
    | undefined;
  if (!row) throw new AppError('not_found', 'No such case');
  return { gender: row.gender, incomeAtStart: row.income_at_start, incomeAtExit: row.income_at_exit, exited: EXITED.has(row.phase) };
}

/** The stored facts as an editor's page shows them: what `setCaseFacts` expects to find (its `expected`). */
export function storedFacts(caps: Pick<ReadCaps, 'db'>, caseId: string): SeenFacts {
  const { gender, incomeAtStart, incomeAtExit } = factsOf(caps, caseId);
  return { gender, incomeAtStart, incomeAtExit };
}
