import { stockholmDate } from '../../shared/time/zone';
import { addConsent, createCase, flagForSupervision } from '../cases/repository';
import { addAgendaItem, commitItem, createMeeting, finaliseMeeting } from '../meetings/repository';
import type { UnlockedVault } from './vault';

const DAY = 24 * 3600 * 1000;

/**
 * The demo vault's cases and meetings, seeded as the demo chair: invented case codes and
 * anonymised, invented notes (no names, no numbers), one finalised meeting last week and one open
 * this week with a follow-up carried over.
 */
export function seedDemoMeetings(chair: UnlockedVault): void {
  const team = chair.db.prepare("SELECT id FROM teams WHERE name = 'Team försörjningsstöd'").get() as { id: string };
  const own = (chair.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;
  const af = (chair.db.prepare("SELECT id FROM organisations WHERE short_name = 'AF'").get() as { id: string }).id;
  const soc = (chair.db.prepare("SELECT id FROM organisations WHERE short_name = 'Soc'").get() as { id: string }).id;
  const chairMember = (chair.db.prepare('SELECT id FROM members WHERE account_id = ?').get(chair.account?.id) as { id: string }).id;
  const today = chair.now().getTime();
  const lastWeek = stockholmDate(new Date(today - 7 * DAY));
  const thisWeek = stockholmDate(new Date(today));
  const inMonths = (months: number): string => stockholmDate(new Date(today + months * 30 * DAY));

  const first = createCase(chair, { teamId: team.id, ageBand: '18-20', consentMode: 'anonymous', raisedByOrganisationId: soc, ownerMemberId: chairMember });
  const second = createCase(chair, { teamId: team.id, ageBand: '21-25', consentMode: 'consent', raisedByOrganisationId: own, ownerMemberId: chairMember });
  addConsent(chair, {
    caseId: second.id,
    organisationId: af,
    direction: 'both',
    categories: ['labour-market', 'work-history'],
    purpose: 'Samordnad planering mot arbete (påhittat)',
    validFrom: lastWeek,
    validTo: inMonths(6),
    guardianConsent: false,
    paperFiledAt: 'Socialtjänstens akt (påhittat)',
  });
  const third = createCase(chair, { teamId: team.id, ageBand: '16-17', consentMode: 'anonymous', raisedByOrganisationId: af, ownerMemberId: null });
  flagForSupervision(chair, { caseId: third.id, flagged: true });

  const past = createMeeting(chair, { teamId: team.id, date: lastWeek, time: '09:00', chairMemberId: chairMember, noteTakerMemberId: null });
  const items = [first, second].map((kase) => addAgendaItem(chair, { meetingId: past.id, caseId: kase.id }).item?.id ?? '');
  commitItem(chair, {
    agendaItemId: items[0] ?? '',
    body: {
      notes: 'Ung vuxen som vill pröva praktik inom lager. Motivationen är god men dygnsrytmen ställer till det. (Påhittad anteckning.)',
      decisions: 'Arbetskonsulenten bokar ett studiebesök.',
      nextFollowUp: thisWeek,
      actions: [{ text: 'Boka studiebesök på ett lager', responsibleMemberId: chairMember, dueDate: thisWeek }],
    },
  });
  commitItem(chair, {
    agendaItemId: items[1] ?? '',
    body: { notes: 'Planering tillsammans med Arbetsförmedlingen kring en utbildningsinsats. (Påhittad anteckning.)', decisions: 'Avstämning om två veckor.', nextFollowUp: null, actions: [] },
  });
  finaliseMeeting(chair, past.id);
  // This week's meeting: the follow-up of the first case is on the agenda by itself.
  createMeeting(chair, { teamId: team.id, date: thisWeek, time: '09:00', chairMemberId: chairMember, noteTakerMemberId: null });
}
