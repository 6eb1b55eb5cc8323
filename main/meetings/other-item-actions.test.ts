// An "övrig punkt"'s actions (issue 20) on a real encrypted vault: the team's own work ("a new
// routine for joint visits by February") is minuted with actions as a case item is — guarded,
// kept by id, a done one is history — listed in the recorded minutes and the PDF, followed up on
// the team's next meeting and marked done there by the team's editors; every answer merged into
// the page equals the meeting read again. They are not about young people: the follow-up's case
// figures leave them out.
import { afterEach, describe, expect, it } from 'vitest';
import { applyMeetingChange } from '../../shared/meetings/apply-change';
import { MeetingChange, type MeetingView } from '../../shared/meetings/model';
import { inventedPersonnummer } from '../../shared/guard/test-support/corpus';
import { readCaps, writeCaps } from '../capabilities/caps';
import { createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { followUpStats } from '../followup/stats';
import { saveTeam, setMembership } from '../roster/repository';
import { pdfText } from '../test-support/pdf-text';
import type { UnlockedVault } from '../vault/vault';
import { minutesPdf } from './minutes-pdf';
import { addAgendaItem, commitItem, createMeeting, finaliseMeeting, getMeeting, minutesRecord, setTeamActionDone } from './repository';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

const ROUTINE = 'Ta fram en ny rutin för gemensamma besök';
const body = (actions: { id?: string; text: string; responsibleMemberId: string | null; dueDate: string }[], decisions = 'Rutinen ses över.') => ({
  notes: 'Teamet pratade om hur gemensamma besök planeras.',
  decisions,
  nextFollowUp: null,
  actions,
});

async function world() {
  const w = await teamWorld(opened);
  const meeting = createMeeting(writeCaps(w.chair.vault), { teamId: w.team.id, date: '2026-11-24', time: '09:00', chairMemberId: w.chair.member.id, noteTakerMemberId: w.noteTaker.member.id });
  const point = addAgendaItem(writeCaps(w.chair.vault), { meetingId: meeting.id, title: 'Gemensamma besök' }).item;
  const auditRows = (action: string) => w.admin.db.prepare('SELECT detail, case_code FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { detail: string; case_code: string | null }[];
  const count = (sql: string) => (w.admin.db.prepare(sql).get() as { n: number }).n;
  return { ...w, meeting, point, auditRows, count };
}

/** The page as the reader holds it, the change merged in: it must equal the meeting read afresh. */
function merged(reader: UnlockedVault, page: MeetingView, change: MeetingChange): MeetingView {
  expect(MeetingChange.parse(change)).toEqual(change);
  const next = applyMeetingChange(page, change);
  expect(next).toEqual(getMeeting(readCaps(reader), page.id, { audit: false }));
  return next ?? page;
}

describe("an övrig punkt's actions", () => {
  it('are committed as a case item’s are: guarded, by a team member responsible, kept by id, a done one kept; audited with their count, never their text', async () => {
    const { chair, noteTaker, fkMember, outsider, meeting, point, auditRows, count, ownOrganisationId } = await world();
    // The guard reads the action's text as on a case item: an identifier is refused, nothing is written.
    expect(() => commitItem(writeCaps(chair.vault), { agendaItemId: point.id, body: body([{ text: `Ring ${inventedPersonnummer()}`, responsibleMemberId: null, dueDate: '2026-12-01' }]) })).toThrow(
      expect.objectContaining({ code: 'invalid_input', detail: expect.objectContaining({ reason: 'identifiers_in_text' }) }),
    );
    // Nor a case's code (review): every member reads an övrig punkt, a consent case's code only those it covers.
    const code = createCase(writeCaps(chair.vault), { teamId: (await import('./repository')).getMeeting(readCaps(chair.vault), meeting.id).teamId, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null }).code;
    for (const [field, b] of [
      ['actions', body([{ text: `Ring FK om ${code}`, responsibleMemberId: null, dueDate: '2026-12-01' }])],
      ['notes', { ...body([]), notes: `Vi pratade om ${code.toLowerCase()}.` }],
      ['decisions', body([], `${code} tas upp nästa vecka.`)],
    ] as const) {
      expect(() => commitItem(writeCaps(chair.vault), { agendaItemId: point.id, body: b })).toThrow(expect.objectContaining({ code: 'invalid_input', detail: expect.objectContaining({ reason: 'case_code_in_other_item', field }) }));
    }
    expect(() => addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, title: `Om ${code}` })).toThrow(expect.objectContaining({ code: 'invalid_input', detail: expect.objectContaining({ reason: 'case_code_in_other_item', field: 'title' }) }));
    expect(count('SELECT count(*) AS n FROM other_items') + count('SELECT count(*) AS n FROM other_item_actions')).toBe(0);
    // The one responsible is a member of the team on the meeting's day.
    expect(() => commitItem(writeCaps(chair.vault), { agendaItemId: point.id, body: body([{ text: ROUTINE, responsibleMemberId: outsider.member.id, dueDate: '2026-12-01' }]) })).toThrow(
      expect.objectContaining({ code: 'invalid_input', detail: expect.objectContaining({ field: 'responsibleMemberId' }) }),
    );
    // A next follow-up still belongs to a case.
    expect(() => commitItem(writeCaps(chair.vault), { agendaItemId: point.id, body: { ...body([]), nextFollowUp: '2026-12-01' } })).toThrow(
      expect.objectContaining({ code: 'invalid_input', detail: expect.objectContaining({ reason: 'not_a_case_item', field: 'nextFollowUp' }) }),
    );
    expect(count('SELECT count(*) AS n FROM other_items')).toBe(0);
    expect(count('SELECT count(*) AS n FROM other_item_actions')).toBe(0);

    const first = commitItem(writeCaps(chair.vault), {
      agendaItemId: point.id,
      body: body([
        { text: ROUTINE, responsibleMemberId: noteTaker.member.id, dueDate: '2026-12-01' },
        { text: 'Boka lokal för nästa planeringsdag', responsibleMemberId: null, dueDate: '2026-12-15' },
      ]),
    });
    expect(first.item.item?.actions).toEqual([
      { id: expect.any(String), caseId: null, text: ROUTINE, responsibleMemberId: noteTaker.member.id, responsibleName: 'Sam Sekr', dueDate: '2026-12-01', done: false },
      { id: expect.any(String), caseId: null, text: 'Boka lokal för nästa planeringsdag', responsibleMemberId: null, responsibleName: null, dueDate: '2026-12-15', done: false },
    ]);
    // Every member of the team reads them (an övrig punkt is the team's).
    expect(getMeeting(readCaps(fkMember.vault), meeting.id).agenda[0]?.item?.actions.map((a) => a.text)).toEqual([ROUTINE, 'Boka lokal för nästa planeringsdag']);
    const [routine, room] = first.item.item?.actions ?? [];

    // Committed again: the kept one is updated, the dropped one removed, a new one added.
    const again = commitItem(writeCaps(noteTaker.vault), {
      agendaItemId: point.id,
      body: body([
        { id: routine?.id ?? '', text: `${ROUTINE} till februari`, responsibleMemberId: noteTaker.member.id, dueDate: '2026-12-08' },
        { text: 'Skicka rutinen till cheferna', responsibleMemberId: chair.member.id, dueDate: '2027-01-10' },
      ]),
    });
    expect(again.item.item?.actions.map((a) => [a.text, a.id === routine?.id, a.dueDate])).toEqual([
      [`${ROUTINE} till februari`, true, '2026-12-08'],
      ['Skicka rutinen till cheferna', false, '2027-01-10'],
    ]);
    expect(count(`SELECT count(*) AS n FROM other_item_actions WHERE id = '${room?.id ?? ''}'`)).toBe(0);
    // Marked done (from the meeting's own page): then it is history — it stays when dropped, and does not change.
    setTeamActionDone(writeCaps(chair.vault), { meetingId: meeting.id, actionId: routine?.id ?? '', done: true });
    expect(() =>
      commitItem(writeCaps(chair.vault), { agendaItemId: point.id, body: body([{ id: routine?.id ?? '', text: 'Ändrad i efterhand', responsibleMemberId: null, dueDate: '2026-12-08' }]) }),
    ).toThrow(expect.objectContaining({ code: 'conflict', detail: expect.objectContaining({ reason: 'action_closed' }) }));
    const dropped = commitItem(writeCaps(chair.vault), { agendaItemId: point.id, body: body([]) });
    expect(dropped.item.item?.actions.map((a) => [a.text, a.done])).toEqual([[`${ROUTINE} till februari`, true]]);

    // Audited as a case item is: the action count, and no free text in any row.
    expect(auditRows('meeting.item-committed').map((r) => JSON.parse(r.detail) as unknown)).toEqual([
      { meetingId: meeting.id, actions: 2 },
      { meetingId: meeting.id, actions: 2 },
      { meetingId: meeting.id, actions: 0 },
    ]);
    expect(auditRows('meeting.item-committed').every((r) => r.case_code === null)).toBe(true);
    const all = JSON.stringify(auditRows('meeting.item-committed').concat(auditRows('meeting.team-action-done')));
    for (const text of [ROUTINE, 'Boka lokal', 'Skicka rutinen', 'gemensamma besök']) expect(all).not.toContain(text);
  });

  it('are in the recorded minutes and the PDF read back with pdftotext: text, responsible and due date', async () => {
    const { chair, noteTaker, fkMember, meeting, point } = await world();
    commitItem(writeCaps(chair.vault), { agendaItemId: point.id, body: body([{ text: ROUTINE, responsibleMemberId: noteTaker.member.id, dueDate: '2026-12-01' }], 'Ny rutin tas fram.') });
    // The open meeting's PDF (a draft) lists it too.
    expect(pdfText((await minutesPdf(readCaps(chair.vault), meeting.id)).pdf)).toMatch(new RegExp(`${ROUTINE}\\s+Sam Sekr\\s+2026-12-01`));
    finaliseMeeting(writeCaps(chair.vault), meeting.id);
    const record = minutesRecord(readCaps(chair.vault), meeting.id) as { agenda: { title: string; caseCode: string | null; decisions: string | null; actions: unknown[] }[] };
    expect(record.agenda).toEqual([expect.objectContaining({ title: 'Gemensamma besök', caseCode: null, decisions: 'Ny rutin tas fram.', actions: [{ text: ROUTINE, responsible: 'Sam Sekr', due: '2026-12-01' }] })]);
    const text = pdfText((await minutesPdf(readCaps(fkMember.vault), meeting.id)).pdf);
    expect(text).toContain('1. Gemensamma besök');
    expect(text).toMatch(/Beslut:\s*Ny rutin tas fram\./);
    expect(text).toMatch(/Åtgärd\s+Ansvarig\s+Klart senast/);
    expect(text).toMatch(new RegExp(`${ROUTINE}\\s+Sam Sekr\\s+2026-12-01`));
  });

  it("are followed up on the team's next meetings when due by their day, and marked done there by an editor; each answer merged equals the meeting read again", async () => {
    const { chair, noteTaker, fkMember, outsider, meeting, point, team, admin, auditRows } = await world();
    const committed = commitItem(writeCaps(chair.vault), {
      agendaItemId: point.id,
      body: body([
        { text: ROUTINE, responsibleMemberId: noteTaker.member.id, dueDate: '2026-12-01' },
        { text: 'Skicka rutinen till cheferna', responsibleMemberId: null, dueDate: '2026-12-20' },
      ]),
    });
    const [routine, later] = committed.item.item?.actions ?? [];
    // Not on the meeting that decided them.
    expect(getMeeting(readCaps(chair.vault), meeting.id).teamActionsDue).toBeUndefined();

    const next = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-12-01', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
    // Due by the meeting's day: the routine, not the one due later; every member sees the list.
    const due = { ...routine, meetingId: meeting.id, meetingDate: '2026-11-24', itemTitle: 'Gemensamma besök' };
    expect(getMeeting(readCaps(fkMember.vault), next.id).teamActionsDue).toEqual([due]);
    expect(getMeeting(readCaps(chair.vault), createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-11-30', time: '09:00', chairMemberId: null, noteTakerMemberId: null }).id).teamActionsDue).toBeUndefined();
    const last = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-12-22', time: '09:00', chairMemberId: null, noteTakerMemberId: null });

    // A later meeting's action is not yet to be followed up on an earlier meeting, though due by its day (review).
    const after = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-12-15', time: '09:00', chairMemberId: null, noteTakerMemberId: null });
    const afterPoint = addAgendaItem(writeCaps(chair.vault), { meetingId: after.id, title: 'Lokaler' }).item;
    commitItem(writeCaps(chair.vault), { agendaItemId: afterPoint.id, body: body([{ text: 'Boka lokal till december', responsibleMemberId: null, dueDate: '2026-11-30' }]) });
    expect(getMeeting(readCaps(fkMember.vault), next.id).teamActionsDue).toEqual([due]);
    expect(getMeeting(readCaps(chair.vault), last.id).teamActionsDue?.map((a) => a.text)).toEqual(['Boka lokal till december', ROUTINE, 'Skicka rutinen till cheferna']);

    // Refused: a member who does not edit the team's records (for any id: which ids exist is not told); someone outside the team; an id that is no action of the team's.
    expect(() => setTeamActionDone(writeCaps(fkMember.vault), { meetingId: next.id, actionId: routine?.id ?? '', done: true })).toThrow(expect.objectContaining({ code: 'forbidden', detail: expect.objectContaining({ reason: 'not_team_editor' }) }));
    expect(() => setTeamActionDone(writeCaps(fkMember.vault), { meetingId: next.id, actionId: '00000000-0000-4000-8000-000000000000', done: true })).toThrow(expect.objectContaining({ code: 'forbidden', detail: expect.objectContaining({ reason: 'not_team_editor' }) }));
    expect(() => setTeamActionDone(writeCaps(outsider.vault), { meetingId: next.id, actionId: routine?.id ?? '', done: true })).toThrow(expect.objectContaining({ code: 'forbidden', detail: expect.objectContaining({ reason: 'not_team_member' }) }));
    expect(() => setTeamActionDone(writeCaps(chair.vault), { meetingId: next.id, actionId: '00000000-0000-4000-8000-000000000000', done: true })).toThrow(expect.objectContaining({ code: 'not_found' }));
    // Another team's action, from this team's page: not this team's.
    const other = saveTeam(writeCaps(admin), { name: 'Team Väst', description: '', meetingWeekday: 3, meetingTime: '10:00', meetingRoom: '' });
    setMembership(writeCaps(admin), { memberId: outsider.member.id, teamId: other.id, role: 'chair', from: '2026-01-01' });
    const west = createMeeting(writeCaps(outsider.vault), { teamId: other.id, date: '2026-11-25', time: '10:00', chairMemberId: outsider.member.id, noteTakerMemberId: null });
    const westPoint = addAgendaItem(writeCaps(outsider.vault), { meetingId: west.id, title: 'Lokaler' }).item;
    const westAction = commitItem(writeCaps(outsider.vault), { agendaItemId: westPoint.id, body: body([{ text: 'Boka lokal', responsibleMemberId: null, dueDate: '2026-11-30' }]) }).item.item?.actions[0];
    expect(() => setTeamActionDone(writeCaps(chair.vault), { meetingId: next.id, actionId: westAction?.id ?? '', done: true })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(getMeeting(readCaps(chair.vault), next.id).teamActionsDue?.map((a) => a.text)).toEqual([ROUTINE]);
    expect(auditRows('meeting.team-action-done')).toEqual([]);

    // The chair marks it done on the next meeting's page: it leaves the list; the answer merged equals the meeting read again.
    let page = getMeeting(readCaps(chair.vault), next.id, { audit: false });
    const done = setTeamActionDone(writeCaps(chair.vault), { meetingId: next.id, actionId: routine?.id ?? '', done: true });
    expect(done).toEqual({ change: 'team-action-done', meetingId: next.id, action: { ...routine, done: true } });
    page = merged(chair.vault, page, done);
    expect(page.teamActionsDue).toBeUndefined();
    // Marked done again: nothing changes, nothing more is logged.
    page = merged(chair.vault, page, setTeamActionDone(writeCaps(chair.vault), { meetingId: next.id, actionId: routine?.id ?? '', done: true }));
    // Not done after all (the note-taker, an editor too): back on the list.
    const undone = setTeamActionDone(writeCaps(noteTaker.vault), { meetingId: next.id, actionId: routine?.id ?? '', done: false });
    expect(undone.teamActionsDue).toEqual([due]);
    page = merged(chair.vault, page, undone);
    expect(page.teamActionsDue).toEqual([due]);
    expect(auditRows('meeting.team-action-done').map((r) => [JSON.parse(r.detail) as unknown, r.case_code])).toEqual([
      [{ meetingId: meeting.id, actionId: routine?.id, done: true }, null],
      [{ meetingId: meeting.id, actionId: routine?.id, done: false }, null],
    ]);

    // On the deciding meeting's own page, the action under its övrig punkt changes with the answer.
    let own = getMeeting(readCaps(chair.vault), meeting.id, { audit: false });
    own = merged(chair.vault, own, setTeamActionDone(writeCaps(chair.vault), { meetingId: meeting.id, actionId: later?.id ?? '', done: true }));
    expect(own.agenda[0]?.item?.actions.map((a) => [a.text, a.done])).toEqual([
      [ROUTINE, false],
      ['Skicka rutinen till cheferna', true],
    ]);

    // Finalised, the next meeting's minutes no longer follow the team's actions: the list goes with the answer too.
    page = merged(chair.vault, page, finaliseMeeting(writeCaps(chair.vault), next.id, { futureDateAcknowledged: true }));
    expect(page.teamActionsDue).toBeUndefined();
  });

  it("stay out of the follow-up's case figures: they are not about young people", async () => {
    const { chair, noteTaker, point, team } = await world();
    const before = followUpStats(readCaps(chair.vault), team.id, { kind: 'year', year: 2026 }).actions;
    commitItem(writeCaps(chair.vault), { agendaItemId: point.id, body: body([{ text: ROUTINE, responsibleMemberId: noteTaker.member.id, dueDate: '2026-12-01' }]) });
    expect(followUpStats(readCaps(chair.vault), team.id, { kind: 'year', year: 2026 }).actions).toEqual(before);
  });
});
