// The code slip ("kodlapp", issue 20) on a real encrypted vault, read back with pdftotext: the case
// code, team, organisation and the day printed (Stockholm's, by the injected clock), the owning
// organisation's instruction, the lines to fill in by hand and the warning — and nothing that names
// a person. Only the team's editors who may read the case print it; read access is checked first.
import { afterEach, describe, expect, it } from 'vitest';
import { readCaps, writeCaps } from '../capabilities/caps';
import { pdfText } from '../test-support/pdf-text';
import { CODE_SLIP_INSTRUCTION, codeSlipPdf } from './code-slip-pdf';
import { createCase } from './repository';
import { teamWorld } from './test-support/team-world';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

describe('the code slip', () => {
  it('prints the code large with the team, the owning organisation, the date, the instruction, the lines and the warning', async () => {
    // 23:30 UTC on the 23rd is already the 24th in Stockholm.
    const w = await teamWorld(opened, '2026-11-23T23:30:00Z');
    const kase = createCase(writeCaps(w.chair.vault), { teamId: w.team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: w.af.id, ownerMemberId: w.chair.member.id });
    const { pdf, caseCode } = await codeSlipPdf(readCaps(w.chair.vault), kase.id);
    expect(caseCode).toBe(kase.code);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const expected of [
      'Kodlapp',
      kase.code,
      'Samverkansteam: Team Öst',
      // The owner's organisation records the code (here our own), not the one that raised it.
      'Organisation: Samordningsteamet Väst',
      'Utskriven: 2026-11-24',
      CODE_SLIP_INSTRUCTION,
      'Journal-/aktnummer i er verksamhet:',
      'Antecknad av / datum:',
      'Förvara inte kodlappen tillsammans med teamets papper',
      'Sida 1 av 1',
    ])
      expect(text).toContain(expected);
    // No person on it: not the owner, not the one who printed it.
    expect(text).not.toContain('Kim Ordf');
    // Without an owner, the organisation that raised the case records the code.
    const unowned = createCase(writeCaps(w.chair.vault), { teamId: w.team.id, ageBand: '16-19', consentMode: 'anonymous', raisedByOrganisationId: w.fk.id, ownerMemberId: null });
    expect(pdfText((await codeSlipPdf(readCaps(w.noteTaker.vault), unowned.id)).pdf).replace(/\s+/g, ' ')).toContain('Organisation: Försäkringskassan');
  });

  it('only for the team’s chair and note-taker who may read the case; the read check comes first', async () => {
    const w = await teamWorld(opened);
    // A consent case raised by our own organisation: the note-taker (AF) has no consent to read it.
    const closed = createCase(writeCaps(w.chair.vault), { teamId: w.team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: w.ownOrganisationId, ownerMemberId: null });
    const open = createCase(writeCaps(w.chair.vault), { teamId: w.team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: w.ownOrganisationId, ownerMemberId: null });
    await expect(codeSlipPdf(readCaps(w.noteTaker.vault), closed.id)).rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'consent_not_covering' } });
    await expect(codeSlipPdf(readCaps(w.noteTaker.vault), open.id)).resolves.toMatchObject({ caseCode: open.code });
    // A member reads the anonymous case but does not print its slip.
    await expect(codeSlipPdf(readCaps(w.fkMember.vault), open.id)).rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'not_team_editor' } });
    // Outside the team: refused as a non-member, never told more.
    await expect(codeSlipPdf(readCaps(w.outsider.vault), open.id)).rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'not_team_member' } });
    await expect(codeSlipPdf(readCaps(w.chair.vault), '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
  });
});
