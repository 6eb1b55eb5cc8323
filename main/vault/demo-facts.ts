import type { Gender, IncomeSource } from '../../shared/cases/facts';
import type { Outcome } from '../../shared/cases/model';
import { stockholmDate } from '../../shared/time/zone';
import { writeCaps } from '../capabilities/caps';
import { storedFacts } from '../cases/facts';
import { closeCase, createCase } from '../cases/repository';
import { setCaseFacts } from '../cases/set-facts';
import { addDays } from './demo-dates';
import type { UnlockedVault } from './vault';

/**
 * The demo's participant facts (issue 20), seeded as the demo chair after the meetings: kön and
 * income at start on the demo's open cases, and a few invented participants of Team
 * försörjningsstöd who left earlier (status and income at exit), so the follow-up's tables by kön
 * and age band, the exits and the income transitions have real-looking figures. Anonymous cases,
 * categories only: nothing in them names anyone.
 */
export function seedDemoFacts(chair: UnlockedVault): void {
  const caps = () => writeCaps(chair);
  const facts = (caseId: string, gender: Gender | null, incomeAtStart: IncomeSource | null, incomeAtExit?: IncomeSource | null) =>
    setCaseFacts(caps(), { caseId, gender, incomeAtStart, ...(incomeAtExit === undefined ? {} : { incomeAtExit }), expected: storedFacts(caps(), caseId) });
  const open = chair.db.prepare("SELECT c.id FROM cases c JOIN teams t ON t.id = c.team_id WHERE c.status = 'active' ORDER BY t.name, c.code").all() as { id: string }[];
  const started: [Gender | null, IncomeSource | null][] = [
    ['man', 'ingen-ersattning'],
    ['kvinna', 'forsorjningsstod'],
    ['kvinna', 'forsorjningsstod'],
    ['man', 'forsorjningsstod'],
  ];
  open.forEach((kase, i) => {
    const [gender, income] = started[i % started.length] ?? [null, null];
    facts(kase.id, gender, income);
  });

  // Participants who left earlier: started and closed on days before today (backdated as the demo's invented history).
  const team = chair.db.prepare("SELECT id FROM teams WHERE name = 'Team försörjningsstöd'").get() as { id: string } | undefined;
  const soc = chair.db.prepare("SELECT id FROM organisations WHERE short_name = 'Soc'").get() as { id: string } | undefined;
  if (!team || !soc) return;
  const today = stockholmDate(chair.now());
  const left: { band: string; gender: Gender | null; start: IncomeSource | null; exit: IncomeSource | null; outcome: Outcome; from: number; to: number }[] = [
    { band: '20-24', gender: 'kvinna', start: 'forsorjningsstod', exit: 'arbete', outcome: 'arbete', from: 150, to: 40 },
    { band: '25-29', gender: 'man', start: 'forsorjningsstod', exit: 'arbete', outcome: 'arbete-med-stod', from: 140, to: 30 },
    { band: '16-19', gender: 'kvinna', start: 'ingen-ersattning', exit: 'studier', outcome: 'studier', from: 120, to: 50 },
    { band: '20-24', gender: 'man', start: 'forsorjningsstod', exit: 'forsorjningsstod', outcome: 'avbrott', from: 100, to: 20 },
    { band: '30+', gender: 'annat', start: 'aktivitetsersattning', exit: null, outcome: 'annan-insats', from: 90, to: 15 },
  ];
  for (const person of left) {
    const kase = createCase(caps(), { teamId: team.id, ageBand: person.band, consentMode: 'anonymous', raisedByOrganisationId: soc.id, ownerMemberId: null, gender: person.gender, incomeAtStart: person.start });
    const from = addDays(today, -person.from);
    chair.db.prepare('UPDATE cases SET created_at = ? WHERE id = ?').run(`${from}T08:00:00.000Z`, kase.id);
    chair.db.prepare("UPDATE case_events SET on_date = ?, recorded_at = ? WHERE case_id = ? AND kind = 'aktiv'").run(from, `${from}T08:00:00.000Z`, kase.id);
    closeCase(caps(), { caseId: kase.id, outcome: person.outcome, outcomeOther: '', date: addDays(today, -person.to) });
    facts(kase.id, person.gender, person.start, person.exit);
  }
}
