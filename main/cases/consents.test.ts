// The consent overview, the samtyckesblankett and the signed paper's return (issue 20), on a real
// encrypted vault: the 30-day boundary by the injected clock in Europe/Stockholm, renewals, who sees
// which consent's details, refusals, and the audit rows.
import { afterEach, describe, expect, it } from 'vitest';
import { readCaps, writeCaps } from '../capabilities/caps';
import { pdfText } from '../test-support/pdf-text';
import { consentFormPdf } from './consent-form-pdf';
import { consentOverview, recordPaperReturned } from './consents';
import { addConsent, closeCase, createCase, getCase, withdrawConsent } from './repository';
import { teamWorld } from './test-support/team-world';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

const consentFor = (caseId: string, organisationId: string, extra: Partial<Parameters<typeof addConsent>[1]> = {}) => ({
  caseId,
  organisationId,
  direction: 'both' as const,
  categories: ['labour-market' as const, 'work-history' as const],
  purpose: 'Samordnad planering mot arbete',
  validFrom: '2026-11-01',
  validTo: '2026-12-31',
  guardianConsent: false,
  paperFiledAt: 'Socialtjänstens akt',
  ...extra,
});

/** A consent case raised by our own organisation (the chair reads it; FK only with a receiving consent). */
async function world(now?: string) {
  const w = await teamWorld(opened, now);
  const newCase = (extra: Partial<Parameters<typeof createCase>[1]> = {}) =>
    createCase(writeCaps(w.chair.vault), { teamId: w.team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: w.ownOrganisationId, ownerMemberId: null, ...extra });
  const consent = (caseId: string, organisationId: string, extra: Partial<Parameters<typeof addConsent>[1]> = {}) => {
    const before = new Set(getCase(readCaps(w.chair.vault), caseId).consents.map((k) => k.id));
    const after = addConsent(writeCaps(w.chair.vault), consentFor(caseId, organisationId, extra));
    return after.consents.find((k) => !before.has(k.id))?.id ?? '';
  };
  const states = (vault = w.chair.vault) => consentOverview(readCaps(vault), w.team.id).entries.map((e) => [e.caseCode, e.organisationName, e.validTo, e.state, e.daysLeft]);
  return { ...w, newCase, consent, states };
}

describe('the consent overview', () => {
  it('lists a consent as expiring on the 30th day ahead and not on the 31st, by the Stockholm date', async () => {
    // 2026-11-23 22:59 UTC is 23:59 in Stockholm: still the 23rd.
    const w = await world('2026-11-23T22:59:00Z');
    const c = w.newCase();
    w.consent(c.id, w.af.id, { validTo: '2026-11-22' }); // ended yesterday
    w.consent(c.id, w.fk.id, { validTo: '2026-11-23' }); // last day today
    const d = w.newCase();
    w.consent(d.id, w.af.id, { validTo: '2026-12-23' }); // 30 days ahead
    w.consent(d.id, w.fk.id, { validTo: '2026-12-24' }); // 31 days ahead
    const overview = consentOverview(readCaps(w.chair.vault), w.team.id);
    expect([overview.today, overview.horizon]).toEqual(['2026-11-23', '2026-12-23']);
    expect(w.states()).toEqual([
      [c.code, 'Försäkringskassan', '2026-11-23', 'expiring', 0],
      [d.code, 'Arbetsförmedlingen', '2026-12-23', 'expiring', 30],
      [c.code, 'Arbetsförmedlingen', '2026-11-22', 'expired', -1],
      // Beyond the horizon: listed only because its signed paper has not come back.
      [d.code, 'Försäkringskassan', '2026-12-24', 'current', 31],
    ]);
    // Two minutes later it is the 24th in Stockholm (23:01 UTC): the 31st day is now the 30th.
    w.clock.advance(2 * 60_000);
    expect(w.states()).toEqual([
      [d.code, 'Arbetsförmedlingen', '2026-12-23', 'expiring', 29],
      [d.code, 'Försäkringskassan', '2026-12-24', 'expiring', 30],
      [c.code, 'Arbetsförmedlingen', '2026-11-22', 'expired', -2],
      [c.code, 'Försäkringskassan', '2026-11-23', 'expired', -1],
    ]);
  });

  it('a renewed consent drops off; withdrawn ones are listed; a closed case’s are not', async () => {
    const w = await world();
    const c = w.newCase();
    w.consent(c.id, w.af.id, { validTo: '2026-11-20' }); // expired …
    w.consent(c.id, w.af.id, { validFrom: '2026-11-21', validTo: '2027-06-30' }); // … and renewed
    const soon = w.consent(c.id, w.fk.id, { validTo: '2026-12-01' }); // expiring …
    expect(w.states().map((s) => s[3])).toEqual(['expiring', 'current']);
    w.consent(c.id, w.fk.id, { validFrom: '2026-12-02', validTo: '2027-06-30' }); // … renewed ahead of time
    const withdrawn = w.consent(w.newCase().id, w.fk.id, { validTo: '2027-03-01' });
    withdrawConsent(writeCaps(w.chair.vault), { consentId: withdrawn, date: '2026-11-23' });
    const closed = w.newCase();
    w.consent(closed.id, w.fk.id, { validTo: '2026-11-25' });
    closeCase(writeCaps(w.chair.vault), { caseId: closed.id, outcome: 'arbete', outcomeOther: '', date: '2026-11-23' });
    const overview = consentOverview(readCaps(w.chair.vault), w.team.id);
    expect(overview.entries.map((e) => [e.state, e.consentId === soon])).toEqual([
      ['withdrawn', false],
      ['current', false],
      ['current', false],
    ]);
    expect(overview.entries[0]?.withdrawnOn).toBe('2026-11-23');
  });

  it('details only of cases the reader may read; the rest as counts; nothing outside the team', async () => {
    const w = await world();
    const c = w.newCase(); // raised by our own organisation: FK reads it only with a receiving consent
    w.consent(c.id, w.af.id, { validTo: '2026-12-01' });
    w.consent(c.id, w.fk.id, { direction: 'share', validTo: '2026-11-10' });
    const readable = w.newCase();
    w.consent(readable.id, w.fk.id, { direction: 'receive', validTo: '2026-12-10' });
    const fk = consentOverview(readCaps(w.fkMember.vault), w.team.id);
    expect(fk.entries.map((e) => [e.caseCode, e.state])).toEqual([[readable.code, 'expiring']]);
    expect(fk.hidden).toEqual({ expiring: 1, expired: 1, withdrawn: 0, paperMissing: 1 });
    expect(JSON.stringify(fk)).not.toContain(c.code);
    const chair = consentOverview(readCaps(w.chair.vault), w.team.id);
    expect(chair.entries).toHaveLength(3);
    expect(chair.hidden).toEqual({ expiring: 0, expired: 0, withdrawn: 0, paperMissing: 0 });
    expect(() => consentOverview(readCaps(w.outsider.vault), w.team.id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });
});

describe("the signed paper's return", () => {
  it("is recorded once by the team's editors, never ahead of today, audited; the overview stops flagging it", async () => {
    const w = await world();
    // Raised by AF (the note-taker's), owned by the chair: both read it.
    const c = w.newCase({ raisedByOrganisationId: w.af.id, ownerMemberId: w.chair.member.id });
    const id = w.consent(c.id, w.fk.id, { direction: 'receive', validTo: '2027-06-30' });
    expect(w.states()).toEqual([[c.code, 'Försäkringskassan', '2027-06-30', 'current', 219]]);
    // FK reads the case (its receiving consent) but is no editor.
    expect(() => recordPaperReturned(writeCaps(w.fkMember.vault), { consentId: id, date: '2026-11-23' })).toThrow(expect.objectContaining({ code: 'forbidden', detail: { reason: 'not_team_editor' } }));
    expect(() => recordPaperReturned(writeCaps(w.outsider.vault), { consentId: id, date: '2026-11-23' })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => recordPaperReturned(writeCaps(w.noteTaker.vault), { consentId: id, date: '2026-11-24' })).toThrow(expect.objectContaining({ code: 'invalid_input', detail: { reason: 'date_order' } }));
    expect(() => recordPaperReturned(writeCaps(w.noteTaker.vault), { consentId: crypto.randomUUID(), date: '2026-11-23' })).toThrow(expect.objectContaining({ code: 'not_found' }));
    // Not before the consent existed: its first valid day (2026-11-01) is earlier than the day it was recorded (today).
    expect(() => recordPaperReturned(writeCaps(w.noteTaker.vault), { consentId: id, date: '2026-10-31' })).toThrow(expect.objectContaining({ code: 'invalid_input', detail: { reason: 'date_order', field: 'date' } }));
    const after = recordPaperReturned(writeCaps(w.noteTaker.vault), { consentId: id, date: '2026-11-20' });
    expect(after.consents.map((k) => k.paperReturnedOn)).toEqual(['2026-11-20']);
    expect(() => recordPaperReturned(writeCaps(w.chair.vault), { consentId: id, date: '2026-11-23' })).toThrow(expect.objectContaining({ code: 'conflict', detail: { reason: 'already_done' } }));
    expect(getCase(readCaps(w.chair.vault), c.id).consents[0]?.paperReturnedOn).toBe('2026-11-20');
    expect(w.states()).toEqual([]);
    const rows = w.admin.db.prepare("SELECT account_id, case_code, detail FROM audit_log WHERE action = 'case.consent-paper-returned'").all() as { account_id: string; case_code: string; detail: string }[];
    expect(rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as unknown }))).toEqual([{ account_id: w.noteTaker.vault.account?.id, case_code: c.code, detail: { consentId: id, organisationId: w.fk.id, date: '2026-11-20' } }]);
  });
});

describe("the signed paper's earliest day", () => {
  it('is the earlier of the consent’s first valid day and the day it was recorded (Stockholm’s), both inclusive', async () => {
    // 2026-11-22 23:30 UTC is already the 23rd in Stockholm: recorded on the 23rd.
    const w = await world('2026-11-22T23:30:00Z');
    const c = w.newCase();
    // Valid from ahead of the day it is recorded: the form can come back from the day it was recorded.
    const ahead = w.consent(c.id, w.af.id, { validFrom: '2026-12-01', validTo: '2027-03-31' });
    expect(() => recordPaperReturned(writeCaps(w.chair.vault), { consentId: ahead, date: '2026-11-22' })).toThrow(expect.objectContaining({ code: 'invalid_input', detail: { reason: 'date_order', field: 'date' } }));
    expect(recordPaperReturned(writeCaps(w.chair.vault), { consentId: ahead, date: '2026-11-23' }).consents.find((k) => k.id === ahead)?.paperReturnedOn).toBe('2026-11-23');
    // Recorded after it began (a paper signed first): back from its first valid day, not the day before.
    const earlier = w.consent(c.id, w.fk.id, { validFrom: '2026-11-10', validTo: '2027-03-31' });
    expect(() => recordPaperReturned(writeCaps(w.chair.vault), { consentId: earlier, date: '2026-11-09' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(recordPaperReturned(writeCaps(w.chair.vault), { consentId: earlier, date: '2026-11-10' }).consents.find((k) => k.id === earlier)?.paperReturnedOn).toBe('2026-11-10');
  });
});

describe('the samtyckesblankett', () => {
  it('prints the consent’s terms under the case code, with signature lines for the guardians under 18', async () => {
    const w = await world();
    const young = w.newCase({ ageBand: '16-19' });
    const id = w.consent(young.id, w.fk.id, { direction: 'receive', categories: ['health', 'economy-social'], purpose: 'Planera stöd inför studier', validFrom: '2026-11-23', validTo: '2027-05-31', guardianConsent: true });
    const { pdf, caseCode } = await consentFormPdf(readCaps(w.chair.vault), id);
    expect(caseCode).toBe(young.code);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const expected of [
      'Samtycke till att uppgifter lämnas mellan myndigheter',
      `Ärendekod: ${young.code}`,
      'Team Öst',
      'Försäkringskassan får ta emot uppgifter om mig',
      'Fysisk och psykisk hälsa',
      'Ekonomi och social situation',
      'Planera stöd inför studier',
      'Från och med 2026-11-23 till och med 2027-05-31',
      'Den unga',
      'Vårdnadshavare (vid gemensam vårdnad)',
      'Underskrift',
      'Ort och datum',
      'Sida 1 av',
    ])
      expect(text).toContain(expected);
    // An adult signs alone.
    const adult = w.newCase();
    const adultConsent = w.consent(adult.id, w.af.id);
    const adultText = pdfText((await consentFormPdf(readCaps(w.chair.vault), adultConsent)).pdf);
    expect(adultText).toContain('Den unga');
    expect(adultText).not.toContain('Vårdnadshavare');
    expect(adultText).toContain('Arbetsmarknadssituation');
  });

  it('only for readers of the case, and not for a withdrawn consent', async () => {
    const w = await world();
    const c = w.newCase();
    const id = w.consent(c.id, w.af.id);
    await expect(consentFormPdf(readCaps(w.fkMember.vault), id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(consentFormPdf(readCaps(w.outsider.vault), id)).rejects.toMatchObject({ code: 'forbidden' });
    withdrawConsent(writeCaps(w.chair.vault), { consentId: id, date: '2026-11-23' });
    await expect(consentFormPdf(readCaps(w.chair.vault), id)).rejects.toMatchObject({ code: 'conflict', detail: { reason: 'already_done' } });
  });
});

describe('the guardian’s consent and the age band (review)', () => {
  it('is needed under 18; a band across 18 asks whether the participant is an adult instead of assuming; an adult band asks nothing', async () => {
    const w = await world();
    const refusedAge = expect.objectContaining({ code: 'invalid_input', detail: expect.objectContaining({ field: 'participantIsAdult', reason: 'age_unclear' }) });
    // 16-19: an 18- or 19-year-old consents alone, once the recorder says so; nothing is written before.
    const across = w.newCase({ ageBand: '16-19' });
    expect(() => w.consent(across.id, w.fk.id, { guardianConsent: false })).toThrow(refusedAge);
    expect(() => w.consent(across.id, w.fk.id, { guardianConsent: false, participantIsAdult: false })).toThrow(refusedAge);
    expect(getCase(readCaps(w.chair.vault), across.id).consents).toEqual([]);
    const adult = w.consent(across.id, w.fk.id, { guardianConsent: false, participantIsAdult: true });
    // Under 18 in the same band: the guardian consents too, and the form prints their lines.
    const withGuardian = w.consent(across.id, w.af.id, { guardianConsent: true });
    const adultForm = pdfText((await consentFormPdf(readCaps(w.chair.vault), adult)).pdf);
    expect(adultForm).not.toContain('Vårdnadshavare');
    expect(pdfText((await consentFormPdf(readCaps(w.chair.vault), withGuardian)).pdf)).toContain('Vårdnadshavare');
    // The older band 16-17: always the guardian's consent.
    const young = w.newCase({ ageBand: '16-19' });
    w.admin.db.prepare("UPDATE cases SET age_band = '16-17' WHERE id = ?").run(young.id); // a case from an older vault
    expect(() => w.consent(young.id, w.fk.id, { guardianConsent: false, participantIsAdult: true })).toThrow(expect.objectContaining({ code: 'invalid_input', detail: expect.objectContaining({ field: 'guardianConsent' }) }));
    // 20-24: no question.
    const older = w.newCase({ ageBand: '20-24' });
    expect(() => w.consent(older.id, w.fk.id, { guardianConsent: false })).not.toThrow();
  });
});
