// Minutes as PDF, per reader, read back with poppler's pdftotext (.ci/run installs poppler-utils).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addConsent, createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { minutesPdf } from './minutes-pdf';
import { addAgendaItem, addGuest, commitItem, createMeeting, finaliseMeeting } from './repository';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

async function text(pdf: Buffer): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-minutes-'));
  opened.push({ close: () => fs.rm(dir, { recursive: true, force: true }) });
  const file = path.join(dir, 'protokoll.pdf');
  await fs.writeFile(file, pdf);
  const result = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (result.error) throw new Error(`pdftotext could not run (${result.error.message}). Install poppler-utils.`);
  return result.stdout;
}

describe('minutes PDF', () => {
  it("holds only what the exporter may read: another reader's copy shows the consent case by code alone", async () => {
    const world = await teamWorld(opened);
    const { chair, noteTaker, team, fk, ownOrganisationId } = world;
    const anon = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    const consent = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    addConsent(writeCaps(chair.vault), { caseId: consent.id, organisationId: fk.id, direction: 'both', categories: ['health'], purpose: 'Rehabilitering', validFrom: '2026-11-01', validTo: '2027-04-30', guardianConsent: false, paperFiledAt: 'FK:s akt' });
    const meeting = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-11-24', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: noteTaker.member.id });
    addGuest(writeCaps(chair.vault), { meetingId: meeting.id, name: 'Gästa Gäst', organisationId: fk.id });
    const a = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: anon.id }).item;
    const b = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: consent.id }).item;
    commitItem(writeCaps(chair.vault), { agendaItemId: a?.id ?? '', body: { notes: 'Öppen anteckning om praktik på lager.', decisions: 'Studiebesök bokas.', nextFollowUp: '2026-12-08', actions: [{ text: 'Boka besök', responsibleMemberId: noteTaker.member.id, dueDate: '2026-12-01' }] } });
    commitItem(writeCaps(chair.vault), { agendaItemId: b?.id ?? '', body: { notes: 'HEMLIG-MARKÖR rehabplan och läkarintyg.', decisions: '', nextFollowUp: null, actions: [] } });
    finaliseMeeting(writeCaps(chair.vault), meeting.id);

    const chairCopy = await text((await minutesPdf(readCaps(chair.vault), meeting.id)).pdf);
    expect(chairCopy).toContain('Protokoll – Team Öst, 2026-11-24');
    expect(chairCopy).toContain('Justerat.');
    expect(chairCopy).toMatch(/Gästa Gäst\s+Försäkringskassan\s+gäst/);
    expect(chairCopy).toContain('Öppen anteckning om praktik på lager.');
    expect(chairCopy).toMatch(/Boka besök\s+Sam Sekr\s+2026-12-01/);
    expect(chairCopy).toContain('HEMLIG-MARKÖR');

    // The note-taker's organisation (AF) is not covered by the consent.
    const { pdf, caseCodes } = await minutesPdf(readCaps(noteTaker.vault), meeting.id);
    const noteTakerCopy = await text(pdf);
    expect(noteTakerCopy).toContain('Öppen anteckning om praktik på lager.');
    expect(noteTakerCopy).toContain(consent.code);
    expect(noteTakerCopy).toContain('Innehållet visas inte: omfattas inte av samtycket.');
    expect(noteTakerCopy).not.toContain('HEMLIG-MARKÖR');
    expect(caseCodes).toEqual([anon.code]);
  });
});
