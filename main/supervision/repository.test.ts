// Supervision on a real encrypted vault: the psychologist's preparation, themes, the shared record
// and its way into the next team meeting's agenda.
import { afterEach, describe, expect, it } from 'vitest';
import { createCase, flagForSupervision } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { addAgendaItem, commitItem, createMeeting } from '../meetings/repository';
import { linkAccount, saveMember, setMembership } from '../roster/repository';
import { errorCode } from '../test-support/error-code';
import { addTheme, chooseCases, createSession, holdSession, preparation, sessionDetail, shareRecord, tagCase, themesOverYear } from './repository';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

async function supervisionWorld() {
  const world = await teamWorld(opened);
  const { admin, account, team, ownOrganisationId, chair } = world;
  const psychologist = account('pelle', ['psychologist']);
  const member = saveMember(writeCaps(admin), { displayName: 'Pelle Psykolog', profession: 'psykolog', professionOther: '', organisationId: ownOrganisationId, phone: '', email: '', activeFrom: '2026-01-01' });
  linkAccount(writeCaps(admin), { memberId: member.id, accountId: psychologist.account?.id ?? null });
  psychologist.reloadAccount();
  setMembership(writeCaps(admin), { memberId: member.id, teamId: team.id, role: 'member', from: '2026-01-01' });
  const kase = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
  const meeting = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-11-17', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
  const item = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: kase.id }).item;
  commitItem(writeCaps(chair.vault), { agendaItemId: item?.id ?? '', body: { notes: 'Återkommande avbrott i praktiken.', decisions: 'Tas upp i handledning.', nextFollowUp: null, actions: [{ text: 'Samtal med praktikplatsen', responsibleMemberId: null, dueDate: '2026-12-15' }] } });
  flagForSupervision(writeCaps(chair.vault), { caseId: kase.id, flagged: true });
  return { ...world, psychologist, psychologistMember: member, kase };
}

describe('supervision', () => {
  it('flag in a meeting → the psychologist prepares with the timeline → session held → the shared summary is on the next agenda', async () => {
    const { psychologist, psychologistMember, chair, team, kase, clock } = await supervisionWorld();
    const prepared = preparation(readCaps(psychologist), team.id);
    expect(prepared).toEqual([
      expect.objectContaining({ code: kase.code, readable: true, timeline: [expect.objectContaining({ meetingDate: '2026-11-17', decisions: 'Tas upp i handledning.', openActions: ['Samtal med praktikplatsen'] })], earlierThemes: [] }),
    ]);
    const session = createSession(writeCaps(psychologist), { teamId: team.id, date: '2026-11-20', form: 'case', participantMemberIds: [chair.member.id, psychologistMember.id] });
    expect(session.week).toBe(47);
    chooseCases(writeCaps(psychologist), session.id, [kase.id]);
    const theme = addTheme(writeCaps(psychologist), 'Motivation');
    tagCase(writeCaps(psychologist), session.id, kase.id, [theme.id]);
    shareRecord(writeCaps(psychologist), { sessionId: session.id, caseId: kase.id, summary: 'Avbrotten hänger ihop med oro inför nya situationer.', approach: 'Kortare praktikdagar i början.', actions: ['Ny plan med praktikplatsen'] });
    holdSession(writeCaps(psychologist), session.id);
    expect(preparation(readCaps(psychologist), team.id)).toEqual([]); // the flag is used up

    const next = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-11-24', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
    expect(next.agenda).toEqual([
      expect.objectContaining({ kind: 'supervision', caseCode: kase.code, supervisionRecord: expect.objectContaining({ summary: 'Avbrotten hänger ihop med oro inför nya situationer.', actions: ['Ny plan med praktikplatsen'] }) }),
      // The open action from the meeting before is still followed up when due; it is not yet.
    ]);
    clock.advance(24 * 3600 * 1000); // flagged again the next day
    flagForSupervision(writeCaps(chair.vault), { caseId: kase.id, flagged: true });
    expect(preparation(readCaps(psychologist), team.id)[0]?.earlierThemes).toEqual(['Motivation']);
    expect(themesOverYear(readCaps(psychologist), team.id)).toEqual([{ theme: 'Motivation', month: '2026-11', count: 1 }]);
  });

  it('is the psychologist’s: others are refused; process supervision is never linked to a case; the guard applies', async () => {
    const { psychologist, chair, team, kase } = await supervisionWorld();
    expect(() => preparation(readCaps(chair.vault), team.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    const process = createSession(writeCaps(psychologist), { teamId: team.id, date: '2026-11-20', form: 'process', participantMemberIds: [] });
    expect(() => chooseCases(writeCaps(psychologist), process.id, [kase.id])).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => shareRecord(writeCaps(psychologist), { sessionId: process.id, caseId: kase.id, summary: 'x', approach: 'y', actions: [] })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => shareRecord(writeCaps(psychologist), { sessionId: process.id, caseId: null, summary: 'Ring Anna på 070-123 45 67', approach: '', actions: [] })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    shareRecord(writeCaps(psychologist), { sessionId: process.id, caseId: null, summary: 'Samarbetet mellan myndigheterna fungerar bättre.', approach: 'Fortsatt gemensam planering.', actions: [] });
  });

  it('an unknown theme is not_found, and the themes the case had stay', async () => {
    const { psychologist, psychologistMember, chair, team, kase } = await supervisionWorld();
    const session = createSession(writeCaps(psychologist), { teamId: team.id, date: '2026-11-20', form: 'case', participantMemberIds: [chair.member.id, psychologistMember.id] });
    chooseCases(writeCaps(psychologist), session.id, [kase.id]);
    const theme = addTheme(writeCaps(psychologist), 'Motivation');
    tagCase(writeCaps(psychologist), session.id, kase.id, [theme.id]);
    expect(() => tagCase(writeCaps(psychologist), session.id, kase.id, [theme.id, '7d0c7c8e-33a4-4f55-9d4b-3f2c1a0e9b11'])).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(psychologist.db.prepare('SELECT theme_id FROM supervision_case_themes WHERE session_id = ?').all(session.id)).toEqual([{ theme_id: theme.id }]);
  });

  it('a planned session opens again with its cases, themes and what was shared; it is completed later and its record can still be shared after', async () => {
    const { psychologist, psychologistMember, chair, team, kase } = await supervisionWorld();
    const session = createSession(writeCaps(psychologist), { teamId: team.id, date: '2026-11-20', form: 'case', participantMemberIds: [chair.member.id, psychologistMember.id] });
    chooseCases(writeCaps(psychologist), session.id, [kase.id]);
    const theme = addTheme(writeCaps(psychologist), 'Motivation');
    tagCase(writeCaps(psychologist), session.id, kase.id, [theme.id]);
    // She leaves; opened again it is all there, still planned, nothing shared yet.
    expect(sessionDetail(readCaps(psychologist), session.id)).toEqual({
      id: session.id,
      teamId: team.id,
      date: '2026-11-20',
      week: 47,
      form: 'case',
      status: 'planned',
      heldAt: null,
      datedAhead: false,
      participants: expect.arrayContaining([{ memberId: chair.member.id, displayName: 'Kim Ordf' }, { memberId: psychologistMember.id, displayName: 'Pelle Psykolog' }]),
      cases: [{ caseId: kase.id, code: kase.code, readable: true, unreadableReason: null, themeIds: [theme.id] }],
      records: [],
    });
    shareRecord(writeCaps(psychologist), { sessionId: session.id, caseId: kase.id, summary: 'Oro inför nya situationer.', approach: 'Korta steg.', actions: ['Ny plan'] });
    holdSession(writeCaps(psychologist), session.id);
    const held = sessionDetail(readCaps(psychologist), session.id);
    expect(held).toMatchObject({ status: 'held', heldAt: '2026-11-23T09:00:00.000Z', records: [{ caseId: kase.id, summary: 'Oro inför nya situationer.', approach: 'Korta steg.', actions: ['Ny plan'] }] });
    // Shared again after it was held: the team sees the newer text, once.
    shareRecord(writeCaps(psychologist), { sessionId: session.id, caseId: kase.id, summary: 'Oro inför nya situationer; mer struktur hjälper.', approach: 'Korta steg.', actions: [] });
    expect(sessionDetail(readCaps(psychologist), session.id).records).toEqual([expect.objectContaining({ summary: 'Oro inför nya situationer; mer struktur hjälper.', actions: [] })]);
    // Only the team's psychologist opens it.
    expect(errorCode(() => sessionDetail(readCaps(chair.vault), session.id))).toBe('forbidden');
    expect(errorCode(() => sessionDetail(readCaps(psychologist), '7d0c7c8e-33a4-4f55-9d4b-3f2c1a0e9b11'))).toBe('not_found');
  });

  it('a session dated after today is not marked held without her confirmation; today’s is', async () => {
    const { psychologist, psychologistMember, team, kase } = await supervisionWorld();
    // The clock says 2026-11-23 (Stockholm); the session is dated the day after.
    const ahead = createSession(writeCaps(psychologist), { teamId: team.id, date: '2026-11-24', form: 'case', participantMemberIds: [psychologistMember.id] });
    chooseCases(writeCaps(psychologist), ahead.id, [kase.id]);
    expect(sessionDetail(readCaps(psychologist), ahead.id).datedAhead).toBe(true);
    expect(errorCode(() => holdSession(writeCaps(psychologist), ahead.id))).toBe('needs_confirmation');
    expect(errorCode(() => holdSession(writeCaps(psychologist), ahead.id, { acknowledgeFutureDate: false }))).toBe('needs_confirmation');
    // Refused means unchanged: still planned, the case still waits in the preparation.
    expect(sessionDetail(readCaps(psychologist), ahead.id).status).toBe('planned');
    expect(preparation(readCaps(psychologist), team.id).map((c) => c.caseId)).toEqual([kase.id]);
    holdSession(writeCaps(psychologist), ahead.id, { acknowledgeFutureDate: true });
    expect(sessionDetail(readCaps(psychologist), ahead.id).status).toBe('held');
    expect(preparation(readCaps(psychologist), team.id)).toEqual([]);

    const todays = createSession(writeCaps(psychologist), { teamId: team.id, date: '2026-11-23', form: 'process', participantMemberIds: [] });
    expect(sessionDetail(readCaps(psychologist), todays.id).datedAhead).toBe(false);
    holdSession(writeCaps(psychologist), todays.id);
    expect(sessionDetail(readCaps(psychologist), todays.id).status).toBe('held');
    expect(errorCode(() => holdSession(writeCaps(psychologist), todays.id, { acknowledgeFutureDate: true }))).toBe('conflict');
  });
});
