import { stockholmDate } from '../../shared/time/zone';
import { writeCaps } from '../capabilities/caps';
import { activateCase, decideCase, planCheckins, proposeCase, recordCheckin, reopenCase } from '../cases/lifecycle';
import { addAgendaItem } from '../meetings/repository';
import { closeCase, createCase } from '../cases/repository';
import { addDays } from './demo-dates';
import type { UnlockedVault } from './vault';

/** The demo roster's places start on this day: no demo decision is dated before it. */
const ROSTER_FROM = '2026-01-01';

/**
 * The case lifecycle in the demo vault (issue 20), seeded as the demo chair in Team
 * aktivitetsersättning: invented cases in each phase, with a dated timeline (raised weeks or months
 * ago, each step after the one before, never before the roster's first day) and invented,
 * anonymised reasons and analyses. The followed-up case has a check-in due, and goes on the team's
 * open meeting, where the check-in is shown and recorded.
 */
export function seedDemoLifecycle(chair: UnlockedVault): void {
  const today = stockholmDate(chair.now());
  const ago = (days: number): string => {
    const day = addDays(today, -days);
    return day < ROSTER_FROM ? ROSTER_FROM : day;
  };
  const team = chair.db.prepare("SELECT id FROM teams WHERE name = 'Team aktivitetsersättning'").get() as { id: string };
  const fk = (chair.db.prepare("SELECT id FROM organisations WHERE short_name = 'FK'").get() as { id: string }).id;
  const soc = (chair.db.prepare("SELECT id FROM organisations WHERE short_name = 'Soc'").get() as { id: string }).id;
  const chairMember = (chair.db.prepare('SELECT id FROM members WHERE account_id = ?').get(chair.account?.id) as { id: string }).id;
  const w = () => writeCaps(chair);
  const raise = (raisedOn: string, raisedBy: string) => createCase(w(), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: raisedBy, ownerMemberId: chairMember, phase: 'aktualiserad', raisedOn });

  // Just raised: waits for the beredningsgrupp.
  raise(ago(2), soc);
  // Proposed to the beredningsgrupp last week.
  const proposed = raise(ago(14), fk);
  proposeCase(w(), { caseId: proposed.id, date: ago(7) });
  // Not chosen, with the group's reason.
  const notChosen = raise(ago(60), soc);
  proposeCase(w(), { caseId: notChosen.id, date: ago(50) });
  decideCase(w(), { caseId: notChosen.id, date: ago(45), chosen: false, decidedByMemberId: chairMember, reason: 'Behovet möts bättre av en insats inom psykiatrin just nu (påhittat).' });

  // Chosen, worked with, closed with an analysis, followed up: its three-month check-in is due.
  const followed = raise(ago(330), fk);
  proposeCase(w(), { caseId: followed.id, date: ago(320) });
  decideCase(w(), { caseId: followed.id, date: ago(310), chosen: true, decidedByMemberId: chairMember });
  closeCase(w(), {
    caseId: followed.id,
    outcome: 'arbete-med-stod',
    outcomeOther: '',
    date: ago(120),
    analysis: 'Praktik på ett lager blev en anställning med lönebidrag. Det som bar: en kontaktperson som följde med de första veckorna och FK:s och AF:s gemensamma planering. Det som saknades: stöd kring resor i början (påhittat).',
  });
  const planned = planCheckins(w(), { caseId: followed.id, date: ago(119), months: [3, 6, 12] });

  // Taken on directly (without beredning), closed, followed up, then reopened (its open check-in cancelled).
  const reopened = raise(ago(300), soc);
  activateCase(w(), { caseId: reopened.id, date: ago(295) });
  closeCase(w(), { caseId: reopened.id, outcome: 'studier', outcomeOther: '', date: ago(200), analysis: 'Började på folkhögskola efter studiebesök; studievägledaren var avgörande (påhittat).' });
  const reopenedPlan = planCheckins(w(), { caseId: reopened.id, date: ago(199), months: [3] });
  const first = reopenedPlan.checkins[0];
  if (first && first.dueOn <= today) recordCheckin(w(), { checkinId: first.id, date: first.dueOn, status: 'studier' });
  reopenCase(w(), { caseId: reopened.id, date: ago(20), reason: 'Avbröt studierna och vill ha stöd igen (påhittat).' });

  // The followed-up case on the team's open meeting, when its check-in is due by then.
  const open = chair.db.prepare("SELECT id, date FROM meetings WHERE team_id = ? AND status = 'open' ORDER BY date DESC LIMIT 1").get(team.id) as { id: string; date: string } | undefined;
  if (open && planned.checkins.some((k) => k.dueOn <= open.date)) addAgendaItem(w(), { meetingId: open.id, caseId: followed.id });
}
