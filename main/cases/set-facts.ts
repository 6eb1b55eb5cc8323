import type { z } from 'zod';
import type { SetCaseFactsInput } from '../../shared/cases/facts';
import type { CaseDetail } from '../../shared/cases/model';
import { AppError } from '../../shared/ipc/errors';
import type { WriteCaps } from '../capabilities/caps';
import { factsOf } from './facts';
import { detail, getCaseRow, requireEditableCase } from './repository';

/**
 * The team's editors who may read the case set its facts; the income at exit only once the case
 * has exited. Audited with which facts changed (the categories are the case's content: the log
 * says what changed, not to what).
 *
 * A compare-and-set: the input carries the facts the editor's page showed (`expected`), and the
 * write happens only if the stored facts are still those. The form sends every fact, so without
 * it an editor whose page showed older facts would silently write them back over another
 * editor's change (review). Refused with `conflict` / 'facts_changed', nothing written, no audit row.
 */
export function setCaseFacts(caps: WriteCaps, input: z.output<typeof SetCaseFactsInput>): CaseDetail {
  const row = requireEditableCase(caps, input.caseId);
  caps.db.transaction(() => {
    const before = factsOf(caps, row.id);
    const { expected } = input;
    if (before.gender !== expected.gender || before.incomeAtStart !== expected.incomeAtStart || before.incomeAtExit !== expected.incomeAtExit) {
      throw new AppError('conflict', "The case's facts changed since the page showed them", { reason: 'facts_changed' });
    }
    const incomeAtExit = input.incomeAtExit === undefined ? before.incomeAtExit : input.incomeAtExit;
    if (!before.exited && incomeAtExit !== before.incomeAtExit) throw new AppError('invalid_input', 'The income at exit is recorded once the case has exited', { field: 'incomeAtExit' });
    const changed = [
      ...(input.gender !== before.gender ? ['gender'] : []),
      ...(input.incomeAtStart !== before.incomeAtStart ? ['incomeAtStart'] : []),
      ...(incomeAtExit !== before.incomeAtExit ? ['incomeAtExit'] : []),
    ];
    if (changed.length === 0) return;
    caps.db.prepare('UPDATE cases SET gender = ?, income_at_start = ?, income_at_exit = ? WHERE id = ?').run(input.gender, input.incomeAtStart, incomeAtExit, row.id);
    caps.audit.record('case.facts-set', { changed: changed.join(',') }, row.code);
  })();
  return detail(caps, getCaseRow(caps, row.id), false);
}
