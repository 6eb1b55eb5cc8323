// A change to a meeting answers only what it changed (issue 16), never the whole meeting, and is
// not logged as a read. Merged into the page the reader held before (`applyMeetingChange`), each
// answer gives exactly what `meetings:get` answers afterwards; an answer that does not fit a page
// another window has overtaken is refused, so the page loads the meeting again.
import { afterEach, describe, expect, it } from 'vitest';
import { applyMeetingChange } from '../../shared/meetings/apply-change';
import { MeetingChange, type MeetingView } from '../../shared/meetings/model';
import { addConsent, createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import type { UnlockedVault } from '../vault/vault';
import {
  addAddendum,
  addAgendaItem,
  addGuest,
  commitItem,
  createMeeting,
  finaliseMeeting,
  getMeeting,
  removeAgendaItem,
  removeGuest,
  reorderAgenda,
  setAttendance,
  setMeetingAutoLock,
} from './repository';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

async function world() {
  const w = await teamWorld(opened);
  const { chair, team, ownOrganisationId, fk } = w;
  const anon = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
  // Consent covering FK only: the note-taker's AF, when present, is not covered (the chair is warned).
  const consentCase = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
  addConsent(writeCaps(chair.vault), { caseId: consentCase.id, organisationId: fk.id, direction: 'both', categories: ['labour-market'], purpose: 'Planering', validFrom: '2026-11-01', validTo: '2027-05-31', guardianConsent: false, paperFiledAt: 'Akten' });
  const meeting = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-11-24', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: w.noteTaker.member.id });
  const readRows = () => (w.admin.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'meeting.read'").get() as { n: number }).n;
  return { ...w, anon, consentCase, meeting, readRows };
}

/** The page as the reader holds it, the change merged in: it must equal the meeting read afresh. */
function merged(reader: UnlockedVault, page: MeetingView, change: MeetingChange): MeetingView {
  // The answer passes its channel's schema as it is (strict: nothing more than the change).
  expect(MeetingChange.parse(change)).toEqual(change);
  const next = applyMeetingChange(page, change);
  expect(next).toEqual(getMeeting(readCaps(reader), page.id, { audit: false }));
  return next ?? page;
}

describe('a change to a meeting', () => {
  it('answers only what changed — the attendee, the guest, the item, the order, the addendum — and the page merged with it equals the meeting read again', async () => {
    const { chair, noteTaker, meeting, anon, consentCase, af, fk, readRows } = await world();
    const reads = readRows();
    let page = getMeeting(readCaps(chair.vault), meeting.id, { audit: false });

    const addedConsent = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: consentCase.id });
    expect(addedConsent).toEqual({
      change: 'agenda-item-added',
      meetingId: meeting.id,
      item: {
        id: expect.any(String),
        position: 1,
        kind: 'case',
        title: '',
        caseId: consentCase.id,
        caseCode: consentCase.code,
        readable: true,
        unreadableReason: null,
        consentWarning: 'not-covering-present',
        uncoveredOrganisations: [af.name],
        item: null,
        dueActions: [],
        supervisionRecord: null,
      },
    });
    page = merged(chair.vault, page, addedConsent);
    const addedAnon = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: anon.id });
    page = merged(chair.vault, page, addedAnon);
    const addedPoint = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, title: 'Övrigt: lokalen' });
    expect(addedPoint.item).toMatchObject({ position: 3, kind: 'other', title: 'Övrigt: lokalen', caseId: null });
    page = merged(chair.vault, page, addedPoint);
    expect(page.items).toBe(3);

    // The note-taker (AF) is away: nobody uncovered is present, the warning goes.
    const absent = setAttendance(writeCaps(chair.vault), { meetingId: meeting.id, memberId: noteTaker.member.id, status: 'absent' });
    expect(absent).toEqual({
      change: 'attendance',
      meetingId: meeting.id,
      attendee: { memberId: noteTaker.member.id, name: 'Sam Sekr', organisationName: af.name, status: 'absent', leftSince: null },
      consentWarnings: [{ agendaItemId: addedConsent.item.id, consentWarning: null, uncoveredOrganisations: [] }],
      staffNames: page.staffNames,
    });
    page = merged(chair.vault, page, absent);
    // A guest from AF brings it back; removing the guest takes it away again.
    const guest = addGuest(writeCaps(chair.vault), { meetingId: meeting.id, name: 'Gästa Gäst', organisationId: af.id });
    expect(guest).toEqual({
      change: 'guest-added',
      meetingId: meeting.id,
      guest: { id: expect.any(String), name: 'Gästa Gäst', organisationId: af.id, organisationName: af.name },
      consentWarnings: [{ agendaItemId: addedConsent.item.id, consentWarning: 'not-covering-present', uncoveredOrganisations: [af.name] }],
      // A guest is the meeting's staff for the guard from now on: the page learns it with the change.
      staffNames: [...page.staffNames, 'Gästa Gäst'].sort((a, b) => a.localeCompare(b, 'sv')),
    });
    page = merged(chair.vault, page, guest);
    const other = addGuest(writeCaps(chair.vault), { meetingId: meeting.id, name: 'Annan Gäst', organisationId: fk.id });
    page = merged(chair.vault, page, other);
    const gone = removeGuest(writeCaps(chair.vault), guest.guest.id);
    expect(gone).toEqual({
      change: 'guest-removed',
      meetingId: meeting.id,
      guestId: guest.guest.id,
      consentWarnings: [{ agendaItemId: addedConsent.item.id, consentWarning: null, uncoveredOrganisations: [] }],
      staffNames: page.staffNames.filter((name) => name !== 'Gästa Gäst'),
    });
    page = merged(chair.vault, page, gone);
    expect(page.guests.map((g) => g.name)).toEqual(['Annan Gäst']);

    const committed = commitItem(writeCaps(chair.vault), {
      agendaItemId: addedAnon.item.id,
      body: { notes: 'Praktik diskuterades.', decisions: 'Studiebesök.', nextFollowUp: '2026-12-08', actions: [{ text: 'Boka besök', responsibleMemberId: noteTaker.member.id, dueDate: '2026-12-01' }] },
    });
    expect(committed).toEqual({
      change: 'item-committed',
      meetingId: meeting.id,
      item: {
        ...addedAnon.item,
        item: {
          id: expect.any(String),
          notes: 'Praktik diskuterades.',
          decisions: 'Studiebesök.',
          nextFollowUp: '2026-12-08',
          committedAt: '2026-11-23T09:00:00.000Z',
          guardOverridden: false,
          actions: [{ id: expect.any(String), caseId: anon.id, text: 'Boka besök', responsibleMemberId: noteTaker.member.id, responsibleName: 'Sam Sekr', dueDate: '2026-12-01', done: false }],
        },
      },
    });
    page = merged(chair.vault, page, committed);
    // Committed again: the kept action is updated, a new one added.
    const keptAction = committed.item.item?.actions[0]?.id ?? '';
    const again = commitItem(writeCaps(chair.vault), {
      agendaItemId: addedAnon.item.id,
      body: { notes: 'Ändrat.', decisions: '', nextFollowUp: null, actions: [{ id: keptAction, text: 'Boka besök snart', responsibleMemberId: null, dueDate: '2026-11-30' }, { text: 'Ring', responsibleMemberId: null, dueDate: '2026-12-02' }] },
    });
    expect(again.item.item?.actions.map((a) => [a.text, a.id === keptAction])).toEqual([
      ['Boka besök snart', true],
      ['Ring', false],
    ]);
    page = merged(chair.vault, page, again);

    const order = [addedPoint.item.id, addedAnon.item.id, addedConsent.item.id];
    const reordered = reorderAgenda(writeCaps(chair.vault), { meetingId: meeting.id, itemIds: order });
    expect(reordered).toEqual({ change: 'agenda-reordered', meetingId: meeting.id, order });
    page = merged(chair.vault, page, reordered);
    const removed = removeAgendaItem(writeCaps(chair.vault), addedPoint.item.id);
    expect(removed).toEqual({ change: 'agenda-item-removed', meetingId: meeting.id, agendaItemId: addedPoint.item.id });
    page = merged(chair.vault, page, removed);
    expect(page.items).toBe(2);

    const lock = setMeetingAutoLock(writeCaps(chair.vault), meeting.id, 90, { defaultMinutes: 30, maxMinutes: 120 }, () => undefined);
    expect(lock).toEqual({ change: 'auto-lock', meetingId: meeting.id, autoLockMinutes: 90 });
    page = merged(chair.vault, page, lock);

    const finalised = finaliseMeeting(writeCaps(chair.vault), meeting.id);
    expect(finalised).toEqual({ change: 'finalised', meetingId: meeting.id, minutesSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    page = merged(chair.vault, page, finalised);
    expect(page).toMatchObject({ status: 'finalised', canEdit: false, canFinalise: false });

    const addendum = addAddendum(writeCaps(chair.vault), { meetingId: meeting.id, caseItemId: again.item.item?.id ?? null, kind: 'addendum', text: 'Besöket flyttades.', reason: 'Komplettering' });
    expect(addendum).toEqual({
      change: 'addendum-added',
      meetingId: meeting.id,
      addendum: { id: expect.any(String), caseItemId: again.item.item?.id, kind: 'addendum', text: 'Besöket flyttades.', reason: 'Komplettering', createdAt: '2026-11-23T09:00:00.000Z' },
    });
    expect(merged(chair.vault, page, addendum).addenda).toEqual([addendum.addendum]);

    // Each change wrote its own row in the log; not one read the chair did not make.
    expect(readRows()).toBe(reads);
  });

  it('from a page another window overtook does not fit: the page reloads; a change made from it is refused', async () => {
    const { chair, noteTaker, meeting, anon, consentCase, fk } = await world();
    // The chair's window holds the meeting; the note-taker (another window) adds an item.
    const page = getMeeting(readCaps(chair.vault), meeting.id, { audit: false });
    const elsewhere = addAgendaItem(writeCaps(noteTaker.vault), { meetingId: meeting.id, caseId: anon.id });
    const mine = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: consentCase.id });
    expect(applyMeetingChange(page, mine)).toBeNull(); // position 2 after a page with none: overtaken
    expect(applyMeetingChange(page, commitItem(writeCaps(noteTaker.vault), { agendaItemId: elsewhere.item.id, body: { notes: 'x', decisions: '', nextFollowUp: null, actions: [] } }))).toBeNull();
    // An order made from the old page lacks the other window's item: refused, nothing moved.
    expect(() => reorderAgenda(writeCaps(chair.vault), { meetingId: meeting.id, itemIds: [mine.item.id] })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    const fresh = getMeeting(readCaps(chair.vault), meeting.id, { audit: false });
    expect(fresh.agenda.map((a) => a.id)).toEqual([elsewhere.item.id, mine.item.id]);
    // Reloaded, the page takes the next change again.
    expect(applyMeetingChange(fresh, reorderAgenda(writeCaps(chair.vault), { meetingId: meeting.id, itemIds: [mine.item.id, elsewhere.item.id] }))?.agenda.map((a) => a.id)).toEqual([mine.item.id, elsewhere.item.id]);
    // A guest removed in the other window, then removed here: refused; so is any change once the other window finalised.
    const guest = addGuest(writeCaps(chair.vault), { meetingId: meeting.id, name: 'Gästa Gäst', organisationId: fk.id });
    removeGuest(writeCaps(noteTaker.vault), guest.guest.id);
    expect(() => removeGuest(writeCaps(chair.vault), guest.guest.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
    finaliseMeeting(writeCaps(chair.vault), meeting.id);
    expect(() => commitItem(writeCaps(noteTaker.vault), { agendaItemId: elsewhere.item.id, body: { notes: 'sent', decisions: '', nextFollowUp: null, actions: [] } })).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => setAttendance(writeCaps(noteTaker.vault), { meetingId: meeting.id, memberId: chair.member.id, status: 'absent' })).toThrow(expect.objectContaining({ code: 'conflict' }));
  });
});
