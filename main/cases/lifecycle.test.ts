// The case's lifecycle (issue 20) on a real encrypted vault: every transition, the refused ones,
// the date rules, the identifier guard on the closure analysis and reasons, a reopened case's
// history, and who may change and see what.
import { afterEach, describe, expect, it } from 'vitest';
import { addMonthsClamped, stepsFrom } from '../../shared/cases/lifecycle';
import { readCaps, writeCaps } from '../capabilities/caps';
import { activateCase, archiveCase, decideCase, planCheckins, proposeCase, recordCheckin, reopenCase } from './lifecycle';
import { extractForCase } from '../records/extract';
import { storedFacts } from './facts';
import { setCaseFacts } from './set-facts';
import { addConsent, closeCase, createCase, getCase, listCases } from './repository';
import { teamWorld } from './test-support/team-world';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});
const world = () => teamWorld(opened);

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const refused = (code: string, detail: object = {}) => expect.objectContaining({ code, detail: expect.objectContaining(detail) });
const ANALYSIS = 'Deltagaren fick en anställning med lönebidrag efter praktiken. Samverkan mellan AF och kommunen bar; kontakten med arbetsgivaren var avgörande.';

async function raised() {
  const w = await world();
  const c = createCase(writeCaps(w.chair.vault), { teamId: w.team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: w.ownOrganisationId, ownerMemberId: null, phase: 'aktualiserad' });
  const actions = () => (w.admin.db.prepare('SELECT action FROM audit_log WHERE case_code = ? ORDER BY seq').all(c.code) as { action: string }[]).map((r) => r.action);
  return { ...w, c, actions };
}

describe('check-in days', () => {
  it('are calendar months after the closing day, clamped to the month end', () => {
    expect(addMonthsClamped('2026-11-23', 3)).toBe('2027-02-23');
    expect(addMonthsClamped('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonthsClamped('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonthsClamped('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsClamped('2026-12-15', 12)).toBe('2027-12-15');
    expect(addMonthsClamped('2026-10-31', 2)).toBe('2026-12-31');
  });

  it('the steps each phase offers', () => {
    expect(stepsFrom('aktualiserad')).toEqual(['propose', 'activate']);
    expect(stepsFrom('beredning')).toEqual(['choose', 'not-chosen']);
    expect(stepsFrom('aktiv')).toEqual(['close']);
    expect(stepsFrom('avslutad')).toEqual(['plan-checkins', 'archive', 'reopen']);
    expect(stepsFrom('uppfoljning')).toEqual(['archive', 'reopen']);
    expect(stepsFrom('arkiverad')).toEqual(['reopen']);
    expect(stepsFrom('ej-vald')).toEqual(['reopen']);
  });
});

describe('a case from aktualiserad to arkiverad and back', () => {
  it('walks every state, each change dated, recorded and audited; a reopened case keeps its whole history', async () => {
    const { chair, noteTaker, c, clock, actions, admin } = await raised();
    expect(c).toMatchObject({ phase: 'aktualiserad', status: 'active', timeline: [expect.objectContaining({ kind: 'aktualiserad', onDate: '2026-11-23', recordedBy: 'kim.ordf' })] });
    const w = () => writeCaps(chair.vault);
    expect(proposeCase(w(), { caseId: c.id, date: '2026-11-23' }).phase).toBe('beredning');
    clock.advance(7 * DAY); // 2026-11-30
    const chosen = decideCase(writeCaps(noteTaker.vault), { caseId: c.id, date: '2026-11-30', chosen: true, decidedByMemberId: chair.member.id });
    expect(chosen).toMatchObject({ phase: 'aktiv', status: 'active' });
    expect(chosen.timeline.at(-1)).toMatchObject({ kind: 'aktiv', onDate: '2026-11-30', decidedBy: { id: chair.member.id, name: 'Kim Ordf' }, recordedBy: 'sam.sekr' });
    clock.set('2027-03-10T10:00:00Z');
    const closed = closeCase(w(), { caseId: c.id, outcome: 'arbete-med-stod', outcomeOther: '', date: '2027-03-01', analysis: ANALYSIS });
    expect(closed).toMatchObject({ phase: 'avslutad', status: 'closed', outcome: 'arbete-med-stod', closedOn: '2027-03-01', closureAnalysis: ANALYSIS });
    expect(closed.timeline.at(-1)).toMatchObject({ kind: 'avslutad', outcome: 'arbete-med-stod', reason: ANALYSIS });
    // The register extract's case line carries the analysis (it is case text the person may ask for).
    expect(extractForCase(admin.db, { id: c.id, code: c.code, teamId: c.teamId }).find((r) => r.kind === 'case')?.text).toContain(`fas avslutad, analys vid avslut: ${ANALYSIS}`);

    const planned = planCheckins(w(), { caseId: c.id, date: '2027-03-10', months: [12, 3, 6, 3] });
    expect(planned.phase).toBe('uppfoljning');
    expect(planned.checkins.map((k) => [k.months, k.dueOn, k.doneOn])).toEqual([
      [3, '2027-06-01', null],
      [6, '2027-09-01', null],
      [12, '2028-03-01', null],
    ]);
    clock.set('2027-06-03T10:00:00Z');
    const three = planned.checkins[0]?.id ?? '';
    const recorded = recordCheckin(w(), { checkinId: three, date: '2027-06-02', status: 'arbete-med-stod' });
    expect(recorded.checkins[0]).toMatchObject({ doneOn: '2027-06-02', status: 'arbete-med-stod' });
    expect(() => recordCheckin(w(), { checkinId: three, date: '2027-06-02', status: 'arbete' })).toThrow(refused('conflict', { reason: 'already_done' }));

    clock.set('2027-09-20T10:00:00Z');
    const archived = archiveCase(w(), { caseId: c.id, date: '2027-09-20' });
    expect(archived.phase).toBe('arkiverad');
    // The check-ins not done are cancelled on the archiving day; the done one stays done.
    expect(archived.checkins.map((k) => [k.months, k.doneOn, k.cancelledOn])).toEqual([
      [3, '2027-06-02', null],
      [6, null, '2027-09-20'],
      [12, null, '2027-09-20'],
    ]);

    clock.set('2027-10-04T10:00:00Z');
    const reopened = reopenCase(w(), { caseId: c.id, date: '2027-10-04', reason: 'Anställningen upphörde; teamet tar upp arbetet igen.' });
    expect(reopened).toMatchObject({ phase: 'aktiv', status: 'active', outcome: null, closedOn: null, closureAnalysis: '' });
    expect(reopened.timeline.map((e) => [e.kind, e.onDate])).toEqual([
      ['aktualiserad', '2026-11-23'],
      ['beredning', '2026-11-23'],
      ['aktiv', '2026-11-30'],
      ['avslutad', '2027-03-01'],
      ['uppfoljning', '2027-03-10'],
      ['arkiverad', '2027-09-20'],
      ['ateroppnad', '2027-10-04'],
    ]);
    // History keeps what the case row no longer holds: the outcome and the analysis at exit.
    expect(reopened.timeline[3]).toMatchObject({ outcome: 'arbete-med-stod', reason: ANALYSIS });
    expect(reopened.timeline[6]?.reason).toBe('Anställningen upphörde; teamet tar upp arbetet igen.');
    expect(actions()).toEqual(['case.created', 'case.proposed', 'case.chosen', 'case.closed', 'case.checkins-planned', 'case.checkin-recorded', 'case.archived', 'case.reopened']);
    // The audit rows hold no text of the case: phases, dates and ids only.
    const details = (admin.db.prepare('SELECT detail FROM audit_log WHERE case_code = ?').all(c.code) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(details).not.toContain('lönebidrag');
    expect(details).not.toContain('Anställningen');
    // Reopened, it closes again with a new analysis; the old one stays in the history.
    const again = closeCase(w(), { caseId: c.id, outcome: 'studier', outcomeOther: '', date: '2027-10-04', analysis: 'Börjar på folkhögskola.' });
    expect(again.timeline.filter((e) => e.kind === 'avslutad').map((e) => e.reason)).toEqual([ANALYSIS, 'Börjar på folkhögskola.']);
  });

  it('a reopening loses nothing of the exit: the outcome’s words and the income at exit stay in the history and the extract (review)', async () => {
    const { chair, c, clock, admin } = await raised();
    const w = () => writeCaps(chair.vault);
    activateCase(w(), { caseId: c.id, date: '2026-11-23' });
    clock.set('2027-01-20T10:00:00Z');
    closeCase(w(), { caseId: c.id, outcome: 'annat', outcomeOther: 'Folkhögskola på annan ort', date: '2027-01-15', analysis: ANALYSIS });
    setCaseFacts(w(), { caseId: c.id, gender: 'kvinna', incomeAtStart: 'forsorjningsstod', incomeAtExit: 'studier', expected: storedFacts(w(), c.id) });
    const reopened = reopenCase(w(), { caseId: c.id, date: '2027-01-20', reason: 'Skolplatsen föll bort; teamet tar upp arbetet igen.' });
    expect(admin.db.prepare('SELECT outcome, outcome_other, income_at_exit, closure_analysis FROM cases WHERE id = ?').get(c.id)).toEqual({ outcome: null, outcome_other: '', income_at_exit: null, closure_analysis: '' });
    expect(reopened.timeline.find((e) => e.kind === 'avslutad')).toMatchObject({ outcome: 'annat', outcomeOther: 'Folkhögskola på annan ort', reason: ANALYSIS });
    expect(admin.db.prepare("SELECT income_at_exit FROM case_events WHERE case_id = ? AND kind = 'ateroppnad'").get(c.id)).toEqual({ income_at_exit: 'studier' });
    const extract = extractForCase(admin.db, { id: c.id, code: c.code, teamId: c.teamId }).filter((r) => r.kind === 'case-event').map((r) => r.text);
    expect(extract).toContain(`Ärendet: avslutad (annat: Folkhögskola på annan ort): ${ANALYSIS}`);
    expect(extract).toContain('Ärendet: ateroppnad (försörjning vid avslut då: studier): Skolplatsen föll bort; teamet tar upp arbetet igen.');
  });

  it('archiving or reopening is not dated before a check-in already recorded (review)', async () => {
    const { chair, c, clock } = await raised();
    const w = () => writeCaps(chair.vault);
    activateCase(w(), { caseId: c.id, date: '2026-11-23' });
    closeCase(w(), { caseId: c.id, outcome: 'studier', outcomeOther: '', date: '2026-11-23', analysis: ANALYSIS });
    const planned = planCheckins(w(), { caseId: c.id, date: '2026-11-23', months: [3] });
    clock.set('2027-03-01T10:00:00Z');
    recordCheckin(w(), { checkinId: planned.checkins[0]?.id ?? '', date: '2027-02-23', status: 'studier' });
    expect(() => archiveCase(w(), { caseId: c.id, date: '2027-01-10' })).toThrow(refused('invalid_input', { reason: 'date_order' }));
    expect(() => reopenCase(w(), { caseId: c.id, date: '2027-01-10', reason: 'Ny kontakt med teamet efter avslut.' })).toThrow(refused('invalid_input', { reason: 'date_order' }));
    expect(archiveCase(w(), { caseId: c.id, date: '2027-02-23' }).phase).toBe('arkiverad');
  });

  it('not chosen by the beredningsgrupp: a reason and who decided; reopened, it goes back to beredning and its check-ins stay none', async () => {
    const { chair, c, team } = await raised();
    const w = () => writeCaps(chair.vault);
    proposeCase(w(), { caseId: c.id, date: '2026-11-23' });
    expect(() => decideCase(w(), { caseId: c.id, date: '2026-11-23', chosen: false, decidedByMemberId: chair.member.id })).toThrow(refused('invalid_input', { field: 'reason' }));
    const notChosen = decideCase(w(), { caseId: c.id, date: '2026-11-23', chosen: false, decidedByMemberId: chair.member.id, reason: 'Behovet möts bättre av en annan insats just nu.' });
    expect(notChosen).toMatchObject({ phase: 'ej-vald', status: 'closed', closedOn: '2026-11-23', outcome: null });
    expect(notChosen.timeline.at(-1)).toMatchObject({ kind: 'ej-vald', decidedBy: { name: 'Kim Ordf' }, reason: 'Behovet möts bättre av en annan insats just nu.' });
    expect(listCases(readCaps(chair.vault), team.id, { status: 'closed' }).map((s) => s.phase)).toEqual(['ej-vald']);
    const back = reopenCase(w(), { caseId: c.id, date: '2026-11-23', reason: 'Ny information från socialtjänsten.' });
    expect(back).toMatchObject({ phase: 'beredning', status: 'active', closedOn: null });
    expect(back.timeline.map((e) => e.kind)).toEqual(['aktualiserad', 'beredning', 'ej-vald', 'ateroppnad']);
  });

  it('a team without beredning takes a raised case on directly; a case created without a phase starts active', async () => {
    const { chair, c, team, ownOrganisationId } = await raised();
    expect(activateCase(writeCaps(chair.vault), { caseId: c.id, date: '2026-11-23' }).timeline.map((e) => e.kind)).toEqual(['aktualiserad', 'aktiv']);
    const plain = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    expect(plain.phase).toBe('aktiv');
    expect(plain.timeline.map((e) => e.kind)).toEqual(['aktiv']);
    // Closed and archived without a follow-up.
    closeCase(writeCaps(chair.vault), { caseId: plain.id, outcome: 'avbrott', outcomeOther: '', date: '2026-11-23', analysis: 'Avbröt efter flytt.' });
    expect(archiveCase(writeCaps(chair.vault), { caseId: plain.id, date: '2026-11-23' }).phase).toBe('arkiverad');
  });
});

describe('refused', () => {
  it('steps the phase does not allow, nothing written', async () => {
    const { chair, c, actions } = await raised();
    const w = () => writeCaps(chair.vault);
    const wrong = refused('conflict', { reason: 'wrong_phase' });
    expect(() => closeCase(w(), { caseId: c.id, outcome: 'arbete', outcomeOther: '', date: '2026-11-23', analysis: 'x' })).toThrow(wrong);
    expect(() => decideCase(w(), { caseId: c.id, date: '2026-11-23', chosen: true, decidedByMemberId: chair.member.id })).toThrow(wrong);
    expect(() => planCheckins(w(), { caseId: c.id, date: '2026-11-23', months: [3] })).toThrow(wrong);
    expect(() => archiveCase(w(), { caseId: c.id, date: '2026-11-23' })).toThrow(wrong);
    expect(() => reopenCase(w(), { caseId: c.id, date: '2026-11-23', reason: 'Ingen anledning alls.' })).toThrow(wrong);
    activateCase(w(), { caseId: c.id, date: '2026-11-23' });
    expect(() => proposeCase(w(), { caseId: c.id, date: '2026-11-23' })).toThrow(wrong);
    expect(() => activateCase(w(), { caseId: c.id, date: '2026-11-23' })).toThrow(wrong);
    closeCase(w(), { caseId: c.id, outcome: 'arbete', outcomeOther: '', date: '2026-11-23', analysis: 'Fick arbete.' });
    expect(() => closeCase(w(), { caseId: c.id, outcome: 'arbete', outcomeOther: '', date: '2026-11-23', analysis: 'Fick arbete.' })).toThrow(refused('conflict', { reason: 'already_done' }));
    const planned = planCheckins(w(), { caseId: c.id, date: '2026-11-23', months: [3] });
    expect(() => planCheckins(w(), { caseId: c.id, date: '2026-11-23', months: [6] })).toThrow(wrong);
    archiveCase(w(), { caseId: c.id, date: '2026-11-23' });
    expect(() => archiveCase(w(), { caseId: c.id, date: '2026-11-23' })).toThrow(wrong);
    // A cancelled check-in is not recorded.
    expect(() => recordCheckin(w(), { checkinId: planned.checkins[0]?.id ?? '', date: '2026-11-23', status: 'studier' })).toThrow(refused('conflict', { reason: 'already_done' }));
    expect(actions()).toEqual(['case.created', 'case.activated', 'case.closed', 'case.checkins-planned', 'case.archived']);
  });

  it('dates in the future or before the previous event; Stockholm days, not UTC days', async () => {
    const { chair, c, clock } = await raised();
    const w = () => writeCaps(chair.vault);
    const order = refused('invalid_input', { reason: 'date_order', field: 'date' });
    expect(() => proposeCase(w(), { caseId: c.id, date: '2026-11-24' })).toThrow(order);
    expect(() => proposeCase(w(), { caseId: c.id, date: '2026-11-22' })).toThrow(order);
    // 23:30 UTC is already the 24th in Stockholm: that day is today.
    clock.set('2026-11-23T23:30:00Z');
    expect(proposeCase(w(), { caseId: c.id, date: '2026-11-24' }).timeline.at(-1)?.onDate).toBe('2026-11-24');
    clock.advance(10 * DAY);
    expect(() => decideCase(w(), { caseId: c.id, date: '2026-11-23', chosen: true, decidedByMemberId: chair.member.id })).toThrow(order);
    decideCase(w(), { caseId: c.id, date: '2026-11-25', chosen: true, decidedByMemberId: chair.member.id });
    expect(() => closeCase(w(), { caseId: c.id, outcome: 'arbete', outcomeOther: '', date: '2026-11-24', analysis: 'Fick arbete.' })).toThrow(order);
    closeCase(w(), { caseId: c.id, outcome: 'arbete', outcomeOther: '', date: '2026-12-01', analysis: 'Fick arbete.' });
    const planned = planCheckins(w(), { caseId: c.id, date: '2026-12-02', months: [1] });
    // A check-in lies between the closing day and today.
    expect(() => recordCheckin(w(), { checkinId: planned.checkins[0]?.id ?? '', date: '2026-11-30', status: 'arbete' })).toThrow(order);
    expect(() => recordCheckin(w(), { checkinId: planned.checkins[0]?.id ?? '', date: '2026-12-31', status: 'arbete' })).toThrow(order);
  });

  it('who decided must be a member of the team on that day', async () => {
    const { chair, outsider, c } = await raised();
    proposeCase(writeCaps(chair.vault), { caseId: c.id, date: '2026-11-23' });
    expect(() => decideCase(writeCaps(chair.vault), { caseId: c.id, date: '2026-11-23', chosen: true, decidedByMemberId: outsider.member.id })).toThrow(refused('invalid_input', { field: 'decidedByMemberId' }));
  });
});

describe('the identifier guard on the lifecycle text', () => {
  it('refuses a personnummer in the analysis even with a reason; a name needs a reason, kept; the team members are staff', async () => {
    const { chair, c, admin, actions } = await raised();
    const w = () => writeCaps(chair.vault);
    activateCase(w(), { caseId: c.id, date: '2026-11-23' });
    const close = (analysis: string, guardReason?: string) => closeCase(w(), { caseId: c.id, outcome: 'arbete', outcomeOther: '', date: '2026-11-23', analysis, ...(guardReason === undefined ? {} : { guardReason }) });
    const identifiers = refused('invalid_input', { reason: 'identifiers_in_text', field: 'analysis' });
    expect(() => close('Pnr 19900101-0017 fick arbete.', 'Behövs för uppföljningen hos FK.')).toThrow(identifiers);
    expect(() => close('Ring 070-123 45 67 om uppföljning.')).toThrow(identifiers);
    expect(() => close('Johanna fick jobb via kontakten.')).toThrow(identifiers);
    expect(() => close('Johanna fick jobb via kontakten.', 'kort')).toThrow(identifiers);
    expect(() => close('Johanna fick jobb via kontakten.', 'Johanna är arbetsgivarens namn')).toThrow(refused('invalid_input', { field: 'guardReason' }));
    expect(admin.db.prepare('SELECT phase FROM cases WHERE id = ?').get(c.id)).toEqual({ phase: 'aktiv' });
    // The chair's own name is the team's, not a young person's: no reason needed.
    expect(close('Kim Ordf höll i kontakten med arbetsgivaren.').closureAnalysis).toBe('Kim Ordf höll i kontakten med arbetsgivaren.');
    reopenCase(w(), { caseId: c.id, date: '2026-11-23', reason: 'Kontrollerar en rättelse.' });
    const kept = close('Johanna fick jobb via kontakten.', 'Namnet är arbetsplatsens, inte deltagarens.');
    expect(kept.closureAnalysis).toBe('Johanna fick jobb via kontakten.');
    expect(admin.db.prepare('SELECT closure_guard_reason FROM cases WHERE id = ?').get(c.id)).toEqual({ closure_guard_reason: 'Namnet är arbetsplatsens, inte deltagarens.' });
    expect(actions()).toContain('guard.override');
    // A reopening's reason is guarded the same way.
    expect(() => reopenCase(w(), { caseId: c.id, date: '2026-11-23', reason: 'Ring 19900101-0017 igen.' })).toThrow(refused('invalid_input', { reason: 'identifiers_in_text', field: 'reason' }));
  });
});

describe('who may change and see the lifecycle', () => {
  it('only the chair or note-taker who may read the case changes it; an unreadable reader sees the code and status only', async () => {
    const { chair, noteTaker, fkMember, outsider, team, fk, c } = await raised();
    const forbidden = refused('forbidden');
    expect(() => proposeCase(writeCaps(fkMember.vault), { caseId: c.id, date: '2026-11-23' })).toThrow(forbidden);
    expect(() => proposeCase(writeCaps(outsider.vault), { caseId: c.id, date: '2026-11-23' })).toThrow(forbidden);
    // A consent case raised by the chair's organisation: the note-taker (AF) is not covered.
    const consentCase = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: chair.vault.account?.organisationId ?? '', ownerMemberId: null, phase: 'aktualiserad' });
    expect(() => proposeCase(writeCaps(noteTaker.vault), { caseId: consentCase.id, date: '2026-11-23' })).toThrow(refused('forbidden', { reason: 'consent_not_covering' }));
    proposeCase(writeCaps(chair.vault), { caseId: consentCase.id, date: '2026-11-23' });
    decideCase(writeCaps(chair.vault), { caseId: consentCase.id, date: '2026-11-23', chosen: false, decidedByMemberId: chair.member.id, reason: 'Inte aktuell för teamet nu.' });
    const seen = listCases(readCaps(fkMember.vault), team.id).find((s) => s.id === consentCase.id);
    // The status only: the phase would tell a beredning's decision, which is the case's content (review).
    expect(seen).toMatchObject({ phase: null, status: 'closed', readable: false, outcome: null, closedOn: null });
    expect(() => getCase(readCaps(fkMember.vault), consentCase.id)).toThrow(forbidden);
    // Covered by a consent, FK reads the timeline with its reason.
    addConsent(writeCaps(chair.vault), { caseId: consentCase.id, organisationId: fk.id, direction: 'both', categories: ['labour-market'], purpose: 'Samordning', validFrom: '2026-11-01', validTo: '2027-11-30', guardianConsent: false, paperFiledAt: 'Akten' });
    expect(getCase(readCaps(fkMember.vault), consentCase.id).timeline.at(-1)?.reason).toBe('Inte aktuell för teamet nu.');
  });
});
