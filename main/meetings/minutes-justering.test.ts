// Minutes (issue 20) on a real encrypted vault: an "övrig punkt" holds notes and decisions; justering
// by the chair and a chosen justerare, each confirming; the team's decision log across meetings.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inventedPersonnummer } from '../../shared/guard/test-support/corpus';
import { readCaps, writeCaps } from '../capabilities/caps';
import { addConsent, createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { minutesPdf } from './minutes-pdf';
import {
  addAgendaItem,
  commitItem,
  confirmJustering,
  createMeeting,
  decisionLog,
  finaliseMeeting,
  getDraft,
  getMeeting,
  listMeetings,
  minutesRecord,
  removeAgendaItem,
  resumePoint,
  saveDraft,
  setAttendance,
} from './repository';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-justering-'));
  opened.push({ close: () => fs.rm(dir, { recursive: true, force: true }) });
  const file = path.join(dir, 'protokoll.pdf');
  await fs.writeFile(file, pdf);
  const result = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (result.error) throw new Error(`pdftotext could not run (${result.error.message}). Install poppler-utils.`);
  return result.stdout;
}

const body = (notes: string, decisions = '') => ({ notes, decisions, nextFollowUp: null, actions: [] });
const auditRows = (world: Awaited<ReturnType<typeof teamWorld>>, action: string) =>
  world.admin.db.prepare('SELECT account_id AS actor, detail, at FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { actor: string; detail: string; at: string }[];

async function world() {
  const w = await teamWorld(opened);
  const meeting = createMeeting(writeCaps(w.chair.vault), { teamId: w.team.id, date: '2026-11-24', time: '09:00', chairMemberId: w.chair.member.id, noteTakerMemberId: w.noteTaker.member.id });
  return { ...w, meeting };
}

describe('an övrig punkt', () => {
  it('holds notes and decisions: drafted, guarded, committed, read by every member, in the recorded minutes and the PDF', async () => {
    const w = await world();
    const { chair, noteTaker, fkMember, meeting, admin } = w;
    const point = addAgendaItem(writeCaps(noteTaker.vault), { meetingId: meeting.id, title: 'Rutin för överlämningar' }).item;
    // A draft, as a case item's: its author's own.
    saveDraft(writeCaps(noteTaker.vault), { agendaItemId: point.id, body: body('Utkast om rutinen') });
    expect(getDraft(readCaps(noteTaker.vault), point.id)?.body.notes).toBe('Utkast om rutinen');
    expect(getDraft(readCaps(chair.vault), point.id)).toBeNull();
    // Unlocking returns its author to it.
    expect(resumePoint(readCaps(noteTaker.vault))).toMatchObject({ meetingId: meeting.id, agendaItemId: point.id });
    expect(resumePoint(readCaps(chair.vault))).toBeNull();
    // The guard: an identifier without a reason is refused and nothing is written.
    expect(() => commitItem(writeCaps(noteTaker.vault), { agendaItemId: point.id, body: body(`Gäller ${inventedPersonnummer()}`) })).toThrow(expect.objectContaining({ code: 'invalid_input', detail: expect.objectContaining({ reason: 'identifiers_in_text' }) }));
    // Not even with a reason: an övrig punkt belongs to no case, so nothing would ever extract or gallra an identifier in it.
    expect(() => commitItem(writeCaps(noteTaker.vault), { agendaItemId: point.id, body: body(`Gäller ${inventedPersonnummer()}`), guardReason: 'Behövs för att hitta rätt akt' })).toThrow(
      expect.objectContaining({ code: 'invalid_input', detail: expect.objectContaining({ reason: 'identifiers_in_text' }) }),
    );
    expect(noteTaker.vault.db.prepare('SELECT count(*) AS n FROM other_items').get()).toEqual({ n: 0 });
    expect(admin.db.prepare('SELECT count(*) AS n FROM other_items').get()).toEqual({ n: 0 });
    // A next follow-up belongs to a case: refused on an övrig punkt (its actions: other-item-actions.test.ts).
    expect(() => commitItem(writeCaps(noteTaker.vault), { agendaItemId: point.id, body: { ...body('x'), nextFollowUp: '2026-12-01' } })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    // A plain member does not edit the meeting.
    expect(() => commitItem(writeCaps(fkMember.vault), { agendaItemId: point.id, body: body('x') })).toThrow(expect.objectContaining({ code: 'forbidden' }));

    const committed = commitItem(writeCaps(noteTaker.vault), { agendaItemId: point.id, body: body('Vi gick igenom rutinen.', 'Rutinen gäller från januari.') });
    expect(committed.item.item).toMatchObject({ notes: 'Vi gick igenom rutinen.', decisions: 'Rutinen gäller från januari.', actions: [], nextFollowUp: null, guardOverridden: false });
    expect(getDraft(readCaps(noteTaker.vault), point.id)).toBeNull(); // the draft went with the commit
    // Committed again: the same row, changed.
    commitItem(writeCaps(chair.vault), { agendaItemId: point.id, body: body('Vi gick igenom rutinen.', 'Rutinen gäller från 1 januari.') });
    expect(admin.db.prepare('SELECT count(*) AS n FROM other_items').get()).toEqual({ n: 1 });
    expect(getMeeting(readCaps(fkMember.vault), meeting.id).agenda.find((a) => a.id === point.id)?.item).toMatchObject({ decisions: 'Rutinen gäller från 1 januari.' });
    expect(() => removeAgendaItem(writeCaps(chair.vault), point.id)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(auditRows(w, 'meeting.item-committed')).toHaveLength(2);

    finaliseMeeting(writeCaps(chair.vault), meeting.id);
    const record = minutesRecord(readCaps(chair.vault), meeting.id) as { agenda: { title: string; notes: string | null; decisions: string | null; caseCode: string | null }[] };
    expect(record.agenda).toEqual([expect.objectContaining({ title: 'Rutin för överlämningar', caseCode: null, notes: 'Vi gick igenom rutinen.', decisions: 'Rutinen gäller från 1 januari.' })]);
    const text = await pdfText((await minutesPdf(readCaps(fkMember.vault), meeting.id)).pdf);
    expect(text).toContain('1. Rutin för överlämningar');
    expect(text).toContain('Vi gick igenom rutinen.');
    expect(text).toMatch(/Beslut:\s*Rutinen gäller från 1 januari\./);
  });
});

describe('justering by the chair and a justerare', () => {
  it('refuses a justerare who is not a member present, or is the chair; nothing is finalised then', async () => {
    const { chair, fkMember, outsider, noteTaker, meeting, admin } = await world();
    const refused = (memberId: string, reason: string) =>
      expect(() => finaliseMeeting(writeCaps(chair.vault), meeting.id, { futureDateAcknowledged: true, justerareMemberId: memberId })).toThrow(
        expect.objectContaining({ code: 'invalid_input', detail: expect.objectContaining({ reason, field: 'justerareMemberId' }) }),
      );
    refused(outsider.member.id, 'justerare_not_present'); // not in the team
    refused(chair.member.id, 'justerare_is_chair');
    setAttendance(writeCaps(chair.vault), { meetingId: meeting.id, memberId: fkMember.member.id, status: 'absent' });
    refused(fkMember.member.id, 'justerare_not_present');
    expect(admin.db.prepare('SELECT status, justerare_member_id FROM meetings WHERE id = ?').get(meeting.id)).toEqual({ status: 'open', justerare_member_id: null });
    // Only the chair finalises (and so names the justerare).
    expect(() => finaliseMeeting(writeCaps(noteTaker.vault), meeting.id, { futureDateAcknowledged: true, justerareMemberId: fkMember.member.id })).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });

  it('is justerat only when the justerare has confirmed too: each confirmation recorded with its time and audited; strangers and a second confirmation refused; the PDF names both', async () => {
    const w = await world();
    const { chair, noteTaker, fkMember, outsider, meeting, clock } = w;
    const point = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, title: 'Arbetsformer' }).item;
    commitItem(writeCaps(chair.vault), { agendaItemId: point.id, body: body('Diskussion om arbetsformer.', 'Vi provar digitala möten i december.') });
    clock.set('2026-11-24T10:15:00Z');
    const finalised = finaliseMeeting(writeCaps(chair.vault), meeting.id, { futureDateAcknowledged: true, justerareMemberId: fkMember.member.id });
    const waiting = { chair: { name: 'Kim Ordf', confirmedAt: '2026-11-24T10:15:00.000Z' }, justerare: { memberId: fkMember.member.id, name: 'Fia FK', confirmedAt: null } };
    expect(finalised).toEqual({ change: 'finalised', meetingId: meeting.id, minutesSha256: expect.stringMatching(/^[0-9a-f]{64}$/), justering: { ...waiting, canConfirm: false } });
    expect(getMeeting(readCaps(fkMember.vault), meeting.id).justering).toEqual({ ...waiting, canConfirm: true });
    expect(getMeeting(readCaps(noteTaker.vault), meeting.id).justering).toEqual({ ...waiting, canConfirm: false });
    expect(JSON.parse(auditRows(w, 'meeting.finalised')[0]?.detail ?? '{}')).toEqual({ meetingId: meeting.id, sha256: finalised.minutesSha256, justerareMemberId: fkMember.member.id });

    // Until the justerare confirms, the PDF says whom it waits for, and the decision log leaves the minutes out.
    const before = await pdfText((await minutesPdf(readCaps(chair.vault), meeting.id)).pdf);
    expect(before).toContain('Väntar på justering av Fia FK.');
    expect(before).not.toContain('Justerat.');
    expect(decisionLog(readCaps(chair.vault), { teamId: w.team.id })).toEqual({ entries: [], before: null });
    expect(listMeetings(readCaps(noteTaker.vault), w.team.id)).toEqual([expect.objectContaining({ id: meeting.id, status: 'finalised', waitingFor: 'Fia FK' })]);

    const sha = finalised.minutesSha256;
    // A stranger (not in the team), another member, the chair: refused; a wrong hash: refused.
    expect(() => confirmJustering(writeCaps(outsider.vault), { meetingId: meeting.id, minutesSha256: sha })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => confirmJustering(writeCaps(noteTaker.vault), { meetingId: meeting.id, minutesSha256: sha })).toThrow(expect.objectContaining({ code: 'forbidden', detail: expect.objectContaining({ reason: 'not_justerare' }) }));
    expect(() => confirmJustering(writeCaps(chair.vault), { meetingId: meeting.id, minutesSha256: sha })).toThrow(expect.objectContaining({ code: 'forbidden', detail: expect.objectContaining({ reason: 'not_justerare' }) }));
    expect(() => confirmJustering(writeCaps(fkMember.vault), { meetingId: meeting.id, minutesSha256: '0'.repeat(64) })).toThrow(expect.objectContaining({ code: 'conflict', detail: expect.objectContaining({ reason: 'changed_since_preview' }) }));
    expect(auditRows(w, 'meeting.justerad')).toEqual([]);

    clock.set('2026-11-25T08:30:00Z');
    const justerad = confirmJustering(writeCaps(fkMember.vault), { meetingId: meeting.id, minutesSha256: sha });
    expect(justerad).toEqual({ change: 'justerad', meetingId: meeting.id, justering: { ...waiting, justerare: { ...waiting.justerare, confirmedAt: '2026-11-25T08:30:00.000Z' }, canConfirm: false } });
    expect(auditRows(w, 'meeting.justerad')).toEqual([{ actor: fkMember.vault.account?.id, detail: JSON.stringify({ meetingId: meeting.id, sha256: sha }), at: '2026-11-25T08:30:00.000Z' }]);
    // Twice: refused, the first time stands.
    clock.set('2026-11-26T08:30:00Z');
    expect(() => confirmJustering(writeCaps(fkMember.vault), { meetingId: meeting.id, minutesSha256: sha })).toThrow(expect.objectContaining({ code: 'conflict', detail: expect.objectContaining({ reason: 'already_done' }) }));
    expect(getMeeting(readCaps(chair.vault), meeting.id).justering?.justerare.confirmedAt).toBe('2026-11-25T08:30:00.000Z');
    expect(auditRows(w, 'meeting.justerad')).toHaveLength(1);
    expect(listMeetings(readCaps(noteTaker.vault), w.team.id)[0]).not.toHaveProperty('waitingFor');

    const after = await pdfText((await minutesPdf(readCaps(chair.vault), meeting.id)).pdf);
    expect(after).toContain('Justerat.');
    expect(after).toContain('Ordförande: Kim Ordf, bekräftat 2026-11-24 kl. 11:15.');
    expect(after).toContain('Justerare: Fia FK, bekräftat 2026-11-25 kl. 09:30.');
    expect(after).not.toContain('Väntar på justering');
  });

  it('without a justerare named (as every older vault) the chair alone justerar, as before', async () => {
    const { chair, fkMember, meeting } = await world();
    const finalised = finaliseMeeting(writeCaps(chair.vault), meeting.id);
    expect(finalised).toEqual({ change: 'finalised', meetingId: meeting.id, minutesSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(getMeeting(readCaps(chair.vault), meeting.id).justering).toBeNull();
    expect(() => confirmJustering(writeCaps(fkMember.vault), { meetingId: meeting.id, minutesSha256: finalised.minutesSha256 })).toThrow(expect.objectContaining({ code: 'forbidden', detail: expect.objectContaining({ reason: 'not_justerare' }) }));
    const text = await pdfText((await minutesPdf(readCaps(chair.vault), meeting.id)).pdf);
    expect(text).toContain('Justerat.');
    expect(text).not.toContain('Justerare:');
  });
});

describe('the decision log', () => {
  it("lists the decisions of the team's justerade minutes, newest first; a case item by its code only, and only to readers the consent covers", async () => {
    const w = await world();
    const { chair, noteTaker, fkMember, outsider, team, fk, ownOrganisationId, meeting, admin } = w;
    const consent = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    addConsent(writeCaps(chair.vault), { caseId: consent.id, organisationId: fk.id, direction: 'both', categories: ['health'], purpose: 'Rehabilitering', validFrom: '2026-11-01', validTo: '2027-04-30', guardianConsent: false, paperFiledAt: 'FK:s akt' });
    const first = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: consent.id }).item;
    commitItem(writeCaps(chair.vault), { agendaItemId: first.id, body: body('HEMLIG anteckning.', 'Arbetsträning hos FK.') });
    const quiet = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, title: 'Inget beslut' }).item;
    commitItem(writeCaps(chair.vault), { agendaItemId: quiet.id, body: body('Bara information.') });
    finaliseMeeting(writeCaps(chair.vault), meeting.id);

    const later = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-12-01', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: noteTaker.member.id });
    const routine = addAgendaItem(writeCaps(chair.vault), { meetingId: later.id, title: 'Rutin för sekretess' }).item;
    commitItem(writeCaps(chair.vault), { agendaItemId: routine.id, body: body('', 'Sekretessrutinen antas.') });
    const sha = finaliseMeeting(writeCaps(chair.vault), later.id, { futureDateAcknowledged: true, justerareMemberId: fkMember.member.id }).minutesSha256;
    // A third meeting still open: none of its decisions.
    const open = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-12-08', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
    commitItem(writeCaps(chair.vault), { agendaItemId: addAgendaItem(writeCaps(chair.vault), { meetingId: open.id, title: 'Öppet' }).item.id, body: body('', 'Inte justerat än.') });

    const fromCase = { meetingId: meeting.id, date: '2026-11-24', position: 1, title: consent.code, caseCode: consent.code, decisions: 'Arbetsträning hos FK.' };
    expect(decisionLog(readCaps(chair.vault), { teamId: team.id }).entries).toEqual([fromCase]); // the later minutes wait for their justerare
    confirmJustering(writeCaps(fkMember.vault), { meetingId: later.id, minutesSha256: sha });
    const fromRoutine = { meetingId: later.id, date: '2026-12-01', position: 1, title: 'Rutin för sekretess', caseCode: null, decisions: 'Sekretessrutinen antas.' };
    expect(decisionLog(readCaps(chair.vault), { teamId: team.id }).entries).toEqual([fromRoutine, fromCase]);
    expect(decisionLog(readCaps(fkMember.vault), { teamId: team.id }).entries).toEqual([fromRoutine, fromCase]);
    // The note-taker's organisation (AF) is not covered by the consent: the case's decision is not listed.
    expect(decisionLog(readCaps(noteTaker.vault), { teamId: team.id }).entries).toEqual([fromRoutine]);
    expect(JSON.stringify(decisionLog(readCaps(noteTaker.vault), { teamId: team.id }))).not.toContain(consent.code);
    expect(() => decisionLog(readCaps(outsider.vault), { teamId: team.id })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    // Audited as a read, with the cases shown to that reader.
    const reads = admin.db.prepare("SELECT account_id AS actor, detail FROM audit_log WHERE action = 'meeting.decisions-read' ORDER BY seq").all() as { actor: string; detail: string }[];
    expect(reads.map((r) => JSON.parse(r.detail) as unknown)).toEqual([
      { teamId: team.id, cases: consent.code },
      { teamId: team.id, cases: consent.code },
      { teamId: team.id, cases: consent.code },
      { teamId: team.id, cases: '' },
      { teamId: team.id, cases: '' },
    ]);
  });
});
