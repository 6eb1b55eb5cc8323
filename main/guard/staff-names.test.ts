// The team's own people on a real encrypted vault: the meeting's staff names (team members on the
// meeting day, attendance, guests) reach the page with the meeting and main's check before a
// commit; they never block. A reason that names a young person is refused with field 'reason'.
import { afterEach, describe, expect, it } from 'vitest';
import type { ItemBody } from '../../shared/meetings/model';
import { createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { addAgendaItem, addGuest, commitItem, createMeeting, getMeeting } from '../meetings/repository';
import { saveMember, setMembership } from '../roster/repository';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

const body = (notes: string): ItemBody => ({ notes, decisions: '', nextFollowUp: null, actions: [] });

async function world() {
  const base = await teamWorld(opened);
  const { admin, team, ownOrganisationId, chair, fk } = base;
  const colleague = saveMember(writeCaps(admin), { displayName: 'Ahmed Hassan', profession: 'other', professionOther: 'x', organisationId: ownOrganisationId, phone: '', email: '', activeFrom: '2026-01-01' });
  setMembership(writeCaps(admin), { memberId: colleague.id, teamId: team.id, role: 'member', from: '2026-01-01' });
  // Someone who joins the team only after the meeting is not its staff yet.
  const later = saveMember(writeCaps(admin), { displayName: 'Omar Senare', profession: 'other', professionOther: 'x', organisationId: ownOrganisationId, phone: '', email: '', activeFrom: '2026-01-01' });
  setMembership(writeCaps(admin), { memberId: later.id, teamId: team.id, role: 'member', from: '2026-12-15' });
  const kase = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
  const meeting = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-11-24', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: base.noteTaker.member.id });
  addGuest(writeCaps(chair.vault), { meetingId: meeting.id, name: 'Leila Gäst', organisationId: fk.id });
  const item = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: kase.id }).item;
  return { ...base, meeting, itemId: item?.id ?? '' };
}

describe('staff names for a meeting', () => {
  it('are the team on the meeting day, the attendance list and the guests, sent with the meeting', async () => {
    const { chair, meeting } = await world();
    expect(getMeeting(readCaps(chair.vault), meeting.id).staffNames).toEqual(['Ahmed Hassan', 'Fia FK', 'Kim Ordf', 'Leila Gäst', 'Sam Sekr']);
  });

  it('let a colleague’s name and a guest’s be committed without a reason, audited with the count of names let through only', async () => {
    const { chair, itemId, admin } = await world();
    const view = commitItem(writeCaps(chair.vault), { agendaItemId: itemId, body: body('Ahmed gör kartläggning tillsammans med den unga; Leila och Ahmed Hassan var med.') });
    expect(view.item.item).toMatchObject({ guardOverridden: false });
    expect(admin.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'guard.override'").get()).toEqual({ n: 0 });
    const rows = admin.db.prepare("SELECT detail FROM audit_log WHERE action = 'guard.staff-names'").all() as { detail: string }[];
    expect(rows).toHaveLength(1);
    const detail = JSON.parse(rows[0]?.detail ?? '{}') as Record<string, unknown>;
    expect(detail).toEqual({ count: 4, meetingId: expect.any(String) });
    expect(rows[0]?.detail).not.toMatch(/Ahmed|Hassan|Leila/u);
  });

  it('write no staff audit row when no name was let through as staff', async () => {
    const { chair, itemId, admin } = await world();
    commitItem(writeCaps(chair.vault), { agendaItemId: itemId, body: body('Kartläggningen är klar.') });
    expect(admin.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'guard.staff-names'").get()).toEqual({ n: 0 });
  });

  it('still block someone who is not the meeting’s staff, and a young person’s family who share a colleague’s surname', async () => {
    const { chair, itemId } = await world();
    for (const notes of ['Omar ringde i går.', 'Familjen Hassan har flyttat.', 'Mamma Hassan ringde.', 'Hassans mamma ringde.', 'Ahmeds mamma ringde.', 'hon heter ahmed hassan']) {
      expect(() => commitItem(writeCaps(chair.vault), { agendaItemId: itemId, body: body(notes) }), notes).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
  });
});

describe('the written reason', () => {
  it('is guarded with the same options: one naming a young person is refused with field reason; a colleague in it is fine', async () => {
    const { chair, itemId, admin } = await world();
    const text = body('Fatima berättade om flytten.');
    expect(() => commitItem(writeCaps(chair.vault), { agendaItemId: itemId, body: text, guardReason: 'Anna måste kunna hittas av teamet' })).toThrow(
      expect.objectContaining({ code: 'invalid_input', detail: { field: 'reason' } }),
    );
    expect(admin.db.prepare('SELECT count(*) AS n FROM case_items').get()).toEqual({ n: 0 });
    // Without a reason the refusal is the text's (identifiers in it), not the reason field's.
    expect(() => commitItem(writeCaps(chair.vault), { agendaItemId: itemId, body: text })).toThrow(expect.objectContaining({ code: 'invalid_input', detail: { reason: 'identifiers_in_text' } }));
    const view = commitItem(writeCaps(chair.vault), { agendaItemId: itemId, body: text, guardReason: 'Ahmed behöver namnet för kartläggningen' });
    expect(view.item.item).toMatchObject({ guardOverridden: true });
  });
});
