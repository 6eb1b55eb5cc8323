// Another justerare (issue 20 review) on a real encrypted vault: a justerare who leaves the team can
// no longer open the minutes to confirm; while they have not confirmed, the team's chair names
// another present member — by the finalising rules, and still in the team today — audited with
// both; the minutes and their hash do not change, and the new justerare confirms.
import { afterEach, describe, expect, it } from 'vitest';
import { readCaps, writeCaps } from '../capabilities/caps';
import { teamWorld } from '../cases/test-support/team-world';
import { endMembership, linkAccount, saveMember, setMembership } from '../roster/repository';
import { changeJusterare, confirmJustering, createMeeting, finaliseMeeting, getMeeting } from './repository';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

const DAY = 24 * 3600 * 1000;

async function world() {
  const w = await teamWorld(opened);
  // A fourth member of the team, with an account: Lo.
  const member = saveMember(writeCaps(w.admin), { displayName: 'Lo Ny', profession: 'other', professionOther: 'x', organisationId: w.fk.id, phone: '', email: '', activeFrom: '2026-01-01' });
  const vault = w.account('lo.ny');
  linkAccount(writeCaps(w.admin), { memberId: member.id, accountId: vault.account?.id ?? null });
  vault.reloadAccount();
  setMembership(writeCaps(w.admin), { memberId: member.id, teamId: w.team.id, role: 'member', from: '2026-01-01' });
  const lo = { member, vault };
  // Held on the 23rd with everyone present; finalised with Sam as justerare.
  const meeting = createMeeting(writeCaps(w.chair.vault), { teamId: w.team.id, date: '2026-11-23', time: '09:00', chairMemberId: w.chair.member.id, noteTakerMemberId: null });
  const finalised = finaliseMeeting(writeCaps(w.chair.vault), meeting.id, { futureDateAcknowledged: false, justerareMemberId: w.noteTaker.member.id });
  return { ...w, lo, meeting, finalised };
}

const refusal = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('not refused');
};

describe('another justerare', () => {
  it('the chair names another present member while the first, who left the team, has not confirmed; audited; the new one confirms', async () => {
    const w = await world();
    const { chair, noteTaker, fkMember, lo, meeting, finalised, clock } = w;
    // A week later Sam (the justerare) and Fia have left the team.
    clock.advance(7 * DAY);
    endMembership(writeCaps(w.admin), { memberId: noteTaker.member.id, teamId: w.team.id, date: '2026-11-27' });
    endMembership(writeCaps(w.admin), { memberId: fkMember.member.id, teamId: w.team.id, date: '2026-11-27' });
    // Sam can no longer open the minutes, so the justering would wait for good.
    expect(refusal(() => confirmJustering(writeCaps(noteTaker.vault), { meetingId: meeting.id, minutesSha256: finalised.minutesSha256 }))).toMatchObject({ code: 'forbidden' });
    const head = () => (w.admin.db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number }).seq;
    const before = head();
    // Only the chair names the justerare.
    expect(refusal(() => changeJusterare(writeCaps(lo.vault), { meetingId: meeting.id, justerareMemberId: lo.member.id }))).toMatchObject({ code: 'forbidden', detail: { reason: 'not_team_chair' } });
    // Not the chair, not the one named already, not someone who left the team since (Fia was present and a member that day).
    expect(refusal(() => changeJusterare(writeCaps(chair.vault), { meetingId: meeting.id, justerareMemberId: chair.member.id }))).toMatchObject({ code: 'invalid_input', detail: { reason: 'justerare_is_chair' } });
    expect(refusal(() => changeJusterare(writeCaps(chair.vault), { meetingId: meeting.id, justerareMemberId: noteTaker.member.id }))).toMatchObject({ code: 'conflict', detail: { reason: 'already_done' } });
    expect(refusal(() => changeJusterare(writeCaps(chair.vault), { meetingId: meeting.id, justerareMemberId: fkMember.member.id }))).toMatchObject({ code: 'invalid_input', detail: { reason: 'justerare_left_team', field: 'justerareMemberId' } });
    expect(head()).toBe(before);

    const changed = changeJusterare(writeCaps(chair.vault), { meetingId: meeting.id, justerareMemberId: lo.member.id });
    expect(changed).toMatchObject({ change: 'justerare-changed', meetingId: meeting.id, justering: { justerare: { memberId: lo.member.id, name: 'Lo Ny', confirmedAt: null }, canConfirm: false } });
    const rows = w.admin.db.prepare("SELECT account_id, detail FROM audit_log WHERE action = 'meeting.justerare-changed'").all() as { account_id: string; detail: string }[];
    expect(rows.map((r) => [r.account_id, JSON.parse(r.detail) as unknown])).toEqual([[chair.vault.account?.id, { meetingId: meeting.id, fromMemberId: noteTaker.member.id, justerareMemberId: lo.member.id }]]);
    // The minutes are as finalised; Lo is asked to confirm them now.
    const asLo = getMeeting(readCaps(lo.vault), meeting.id);
    expect(asLo.minutesSha256).toBe(finalised.minutesSha256);
    expect(asLo.justering?.canConfirm).toBe(true);
    confirmJustering(writeCaps(lo.vault), { meetingId: meeting.id, minutesSha256: finalised.minutesSha256 });
    expect(getMeeting(readCaps(chair.vault), meeting.id).justering?.justerare).toMatchObject({ memberId: lo.member.id, confirmedAt: expect.any(String) });
    // Justerade: no further change.
    expect(refusal(() => changeJusterare(writeCaps(chair.vault), { meetingId: meeting.id, justerareMemberId: chair.member.id }))).toMatchObject({ code: 'conflict', detail: { reason: 'already_done' } });
  });

  it('nothing to change on an open meeting or on minutes the chair finalised alone', async () => {
    const w = await teamWorld(opened);
    const open = createMeeting(writeCaps(w.chair.vault), { teamId: w.team.id, date: '2026-11-23', time: '09:00', chairMemberId: w.chair.member.id, noteTakerMemberId: null });
    expect(refusal(() => changeJusterare(writeCaps(w.chair.vault), { meetingId: open.id, justerareMemberId: w.fkMember.member.id }))).toMatchObject({ code: 'conflict', detail: { reason: 'meeting_not_finalised' } });
    finaliseMeeting(writeCaps(w.chair.vault), open.id);
    expect(refusal(() => changeJusterare(writeCaps(w.chair.vault), { meetingId: open.id, justerareMemberId: w.fkMember.member.id }))).toMatchObject({ code: 'conflict', detail: { reason: 'already_done' } });
  });
});
