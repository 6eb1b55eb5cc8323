import { stockholmDate } from '../../shared/time/zone';
import { addConsent, createCase, flagForSupervision } from '../cases/repository';
import { addAgendaItem, commitItem, createMeeting, finaliseMeeting } from '../meetings/repository';
import { addDays, onOrAfter } from './demo-dates';
import type { UnlockedVault } from './vault';
import { writeCaps } from '../capabilities/caps';
import { addDemoOtherPoint, demoJustering } from './demo-year';

const DAY = 24 * 3600 * 1000;

/** A demo team's meeting days: the next one on its weekday (today or later) and the one a week before. */
function meetingDays(chair: UnlockedVault, name: string): { id: string; time: string; previous: string; next: string } {
  const team = chair.db.prepare('SELECT id, meeting_weekday, meeting_time FROM teams WHERE name = ?').get(name) as { id: string; meeting_weekday: number | null; meeting_time: string | null };
  // Tuesday 09:00 when the team has no meeting day of its own.
  const next = onOrAfter(stockholmDate(chair.now()), team.meeting_weekday ?? 2);
  return { id: team.id, time: team.meeting_time ?? '09:00', previous: addDays(next, -7), next };
}

/**
 * The demo vault's cases and meetings, seeded as the demo chair: invented case codes and
 * anonymised, invented notes (no names, no numbers). Each team has data, on its own meeting
 * weekday: a finalised meeting the week before and the next one open (today or ahead). Team
 * försörjningsstöd carries a follow-up and a case flagged for supervision onto its next meeting.
 */
export function seedDemoMeetings(chair: UnlockedVault): void {
  const fs = meetingDays(chair, 'Team försörjningsstöd');
  const team = { id: fs.id };
  const own = (chair.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;
  const af = (chair.db.prepare("SELECT id FROM organisations WHERE short_name = 'AF'").get() as { id: string }).id;
  const fk = (chair.db.prepare("SELECT id FROM organisations WHERE short_name = 'FK'").get() as { id: string }).id;
  const soc = (chair.db.prepare("SELECT id FROM organisations WHERE short_name = 'Soc'").get() as { id: string }).id;
  const chairMember = (chair.db.prepare('SELECT id FROM members WHERE account_id = ?').get(chair.account?.id) as { id: string }).id;
  const today = chair.now().getTime();
  const lastWeek = fs.previous;
  const thisWeek = fs.next;
  const inMonths = (months: number): string => stockholmDate(new Date(today + months * 30 * DAY));

  const first = createCase(writeCaps(chair), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: soc, ownerMemberId: chairMember });
  const second = createCase(writeCaps(chair), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: own, ownerMemberId: chairMember });
  addConsent(writeCaps(chair), {
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
  // A consent that ends within 30 days, its signed paper not yet back: the consent overview on the chair's start page (issue 20).
  addConsent(writeCaps(chair), {
    caseId: second.id,
    organisationId: soc,
    direction: 'share',
    categories: ['economy-social'],
    purpose: 'Samordnat stöd kring ekonomin (påhittat)',
    validFrom: lastWeek,
    validTo: stockholmDate(new Date(today + 20 * DAY)),
    guardianConsent: false,
    paperFiledAt: 'Socialtjänstens akt (påhittat)',
  });
  const third = createCase(writeCaps(chair), { teamId: team.id, ageBand: '16-19', consentMode: 'anonymous', raisedByOrganisationId: af, ownerMemberId: null });
  flagForSupervision(writeCaps(chair), { caseId: third.id, flagged: true });

  const past = createMeeting(writeCaps(chair), { teamId: team.id, date: lastWeek, time: fs.time, chairMemberId: chairMember, noteTakerMemberId: null });
  const items = [first, second].map((kase) => addAgendaItem(writeCaps(chair), { meetingId: past.id, caseId: kase.id }).item?.id ?? '');
  commitItem(writeCaps(chair), {
    agendaItemId: items[0] ?? '',
    body: {
      notes: 'Ung vuxen som vill pröva praktik inom lager. Motivationen är god men dygnsrytmen ställer till det. (Påhittad anteckning.)',
      decisions: 'Arbetskonsulenten bokar ett studiebesök.',
      nextFollowUp: thisWeek,
      actions: [{ text: 'Boka studiebesök på ett lager', responsibleMemberId: chairMember, dueDate: thisWeek }],
    },
  });
  commitItem(writeCaps(chair), {
    agendaItemId: items[1] ?? '',
    body: { notes: 'Planering tillsammans med Arbetsförmedlingen kring en utbildningsinsats. (Påhittad anteckning.)', decisions: 'Avstämning om två veckor.', nextFollowUp: null, actions: [] },
  });
  addDemoOtherPoint(chair, past.id);
  finaliseMeeting(writeCaps(chair), past.id, demoJustering(chair));
  // The next meeting: the follow-up of the first case is on the agenda by itself.
  createMeeting(writeCaps(chair), { teamId: team.id, date: thisWeek, time: fs.time, chairMemberId: chairMember, noteTakerMemberId: null });

  // Team aktivitetsersättning (the team listed first): a case discussed last week, and its next meeting.
  const ae = meetingDays(chair, 'Team aktivitetsersättning');
  const aeCase = createCase(writeCaps(chair), { teamId: ae.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: fk, ownerMemberId: chairMember });
  const aePast = createMeeting(writeCaps(chair), { teamId: ae.id, date: ae.previous, time: ae.time, chairMemberId: chairMember, noteTakerMemberId: null });
  commitItem(writeCaps(chair), {
    agendaItemId: addAgendaItem(writeCaps(chair), { meetingId: aePast.id, caseId: aeCase.id }).item?.id ?? '',
    body: {
      notes: 'Ung vuxen med aktivitetsersättning som vill pröva en arbetsträning några timmar i veckan. (Påhittad anteckning.)',
      decisions: 'Rehabkoordinatorn tar fram ett förslag på arbetsträning.',
      nextFollowUp: ae.next,
      actions: [{ text: 'Ta fram förslag på arbetsträning', responsibleMemberId: chairMember, dueDate: ae.next }],
    },
  });
  finaliseMeeting(writeCaps(chair), aePast.id, demoJustering(chair));
  createMeeting(writeCaps(chair), { teamId: ae.id, date: ae.next, time: ae.time, chairMemberId: chairMember, noteTakerMemberId: null });
}
