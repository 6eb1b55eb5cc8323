// A case shared across organisations on a real encrypted vault, every step through the router as
// the app makes it: Försäkringskassan's note-taker raises the case and records a consent for the
// psychologist's (and chair's) organisation; the psychologist chooses it, shares a record and holds
// the session; the chair's next meeting shows the record. FK's note-taker then withdraws the
// consent: from that day `supervision:session` leaves the case's record (and themes) out for the
// psychologist, and the chair's meeting no longer shows it, while FK, which raised the case, still
// reads it.
import { describe, expect, it } from 'vitest';
import { testAppCore } from '../test-support/app-core';
import { useTempDirs } from '../test-support/temp-dir';

const tempDir = useTempDirs();
const ADMIN = 'möte varje tisdag klockan nio';
const PASSWORDS = { pia: 'ekorre sjösten gruvlampa kanelbulle', kim: 'fyrtorn blåbär vinterkappa sparris', fia: 'kanot hjortron snöplog lingonsylt' } as const;
const SUMMARY = 'Oron inför nya situationer styr mer än motivationen. (Påhittat.)';

type Call = <T = Record<string, unknown>>(channel: string, input?: unknown) => Promise<T>;
type Detail = { cases: { caseId: string; readable: boolean; unreadableReason: string | null; themeIds: string[] }[]; records: { caseId: string | null; summary: string }[] };
type Meeting = { id: string; agenda: { kind: string; caseId: string | null; readable: boolean; unreadableReason: string | null; supervisionRecord: { summary: string } | null }[] };

async function world() {
  // The clock: Monday 2026-11-23, 10:00 in Stockholm.
  const { app, call: ok } = await testAppCore(await tempDir());
  await ok('vault:setup', { orgName: 'Samordningsteamet Väst', orgNumber: '212000-2627', adminUsername: 'admin', adminDisplayName: 'Anna Admin', password: ADMIN });
  await ok('vault:unlock', { username: 'admin', password: ADMIN });
  const own = (app.vault.vault.db.prepare('SELECT id FROM organisations WHERE is_own = 1').get() as { id: string }).id;
  const fk = await ok<{ id: string }>('roster:save-organisation', { name: 'Försäkringskassan', shortName: 'FK', orgNumber: '202100-5521', kind: 'forsakringskassan' });
  const team = await ok<{ id: string }>('roster:save-team', { name: 'Team Öst', description: '', meetingWeekday: 2, meetingTime: '09:00', meetingRoom: '' });
  const oneTime: Record<string, string> = {};
  const person = async (username: keyof typeof PASSWORDS, displayName: string, organisationId: string, role: 'chair' | 'note-taker' | 'member', roles: string[]) => {
    const added = await ok<{ accountId: string; oneTimePassword: string }>('accounts:add', { username, displayName, roles });
    const member = await ok<{ id: string }>('roster:save-member', { displayName, profession: 'other', professionOther: 'Handläggare', organisationId, phone: '', email: '', activeFrom: '2026-01-01' });
    await ok('roster:link-account', { memberId: member.id, accountId: added.accountId });
    await ok('roster:set-membership', { memberId: member.id, teamId: team.id, role, from: '2026-01-01' });
    oneTime[username] = added.oneTimePassword;
    return member;
  };
  const pia = await person('pia', 'Pia Psykolog', own, 'member', ['psychologist']);
  const kim = await person('kim', 'Kim Ordförande', own, 'chair', []);
  await person('fia', 'Fia FK', fk.id, 'note-taker', []);
  await ok('vault:lock', {});
  for (const username of Object.keys(PASSWORDS) as (keyof typeof PASSWORDS)[]) {
    await ok('vault:unlock', { username, password: oneTime[username] });
    await ok('vault:change-password', { oldPassword: oneTime[username], newPassword: PASSWORDS[username] });
    await ok('vault:lock', {});
  }
  let signedIn = false;
  const as = async (username: keyof typeof PASSWORDS): Promise<Call> => {
    if (signedIn) await ok('vault:lock', {});
    signedIn = true;
    await ok('vault:unlock', { username, password: PASSWORDS[username] });
    return ok;
  };
  return { app, as, own, fk, team, pia, kim };
}

describe('supervision:session after a consent is withdrawn', () => {
  it('leaves the case’s record and themes out for the psychologist of the organisation the consent covered; the chair’s meeting no longer shows it; FK still reads it', async () => {
    const { app, as, own, team, pia, kim } = await world();

    // FK's note-taker raises the case and records the consent for our organisation; flags it.
    let call = await as('fia');
    const kase = await call<{ id: string; code: string }>('cases:create', { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: (await call<{ id: string; shortName: string }[]>('roster:organisations')).find((o) => o.shortName === 'FK')?.id, ownerMemberId: null });
    const consented = await call<{ consents: { id: string; organisationId: string }[] }>('cases:add-consent', {
      caseId: kase.id,
      organisationId: own,
      direction: 'both',
      categories: ['economy-social'],
      purpose: 'Samordning i teamet',
      validFrom: '2026-11-01',
      validTo: '2027-05-01',
      guardianConsent: false,
      paperFiledAt: 'FK:s akt',
    });
    const consentId = consented.consents.find((c) => c.organisationId === own)?.id ?? '';
    expect(consentId).not.toBe('');
    await call('cases:flag-supervision', { caseId: kase.id, flagged: true });

    // The psychologist (our organisation) prepares, chooses it, tags and shares, and holds the session.
    call = await as('pia');
    expect(await call('supervision:prepare', { teamId: team.id })).toEqual([expect.objectContaining({ caseId: kase.id, readable: true })]);
    const { id: sessionId } = await call<{ id: string }>('supervision:create-session', { teamId: team.id, date: '2026-11-23', form: 'case', participantMemberIds: [pia.id, kim.id] });
    await call('supervision:choose-cases', { sessionId, caseIds: [kase.id] });
    const theme = await call<{ id: string }>('supervision:add-theme', { name: 'Motivation' });
    await call('supervision:tag-case', { sessionId, caseId: kase.id, themeIds: [theme.id] });
    await call('supervision:share-record', { sessionId, caseId: kase.id, summary: SUMMARY, approach: 'Korta steg.', actions: ['Ny plan'] });
    await call('supervision:hold-session', { sessionId, acknowledgeFutureDate: false });
    const before = await call<Detail>('supervision:session', { sessionId });
    expect(before.cases).toEqual([{ caseId: kase.id, code: kase.code, readable: true, unreadableReason: null, themeIds: [theme.id] }]);
    expect(before.records).toEqual([expect.objectContaining({ caseId: kase.id, summary: SUMMARY })]);

    // The chair (our organisation) finds it on the next meeting.
    call = await as('kim');
    const meeting = await call<Meeting>('meetings:create', { teamId: team.id, date: '2026-11-24', time: '09:00', chairMemberId: kim.id, noteTakerMemberId: null });
    expect(meeting.agenda).toEqual([expect.objectContaining({ kind: 'supervision', caseId: kase.id, readable: true, supervisionRecord: expect.objectContaining({ summary: SUMMARY }) })]);

    // FK's note-taker withdraws the consent today.
    call = await as('fia');
    await call('cases:withdraw-consent', { consentId, date: '2026-11-23' });

    // The psychologist opens the session again: the case is named by its code only, its record and themes left out.
    call = await as('pia');
    const after = await call<Detail>('supervision:session', { sessionId });
    expect(after.cases).toEqual([{ caseId: kase.id, code: kase.code, readable: false, unreadableReason: 'consent-withdrawn', themeIds: [] }]);
    expect(after.records).toEqual([]);
    expect(JSON.stringify(after)).not.toContain(SUMMARY);
    expect(JSON.stringify(after)).not.toContain('Korta steg');
    // The read is logged without the case it could not read.
    const logged = app.vault.vault.db.prepare("SELECT detail FROM audit_log WHERE action = 'supervision.session-read' ORDER BY rowid DESC LIMIT 1").get() as { detail: string };
    expect(logged.detail).not.toContain(kase.code);
    // Nor can she replace what she can no longer read: sharing anew or retagging it is refused, and both stay as they were.
    expect(await app.call('supervision:share-record', { sessionId, caseId: kase.id, summary: 'Skrivet utan att se det delade.', approach: '', actions: [] }, 'page')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await app.call('supervision:tag-case', { sessionId, caseId: kase.id, themeIds: [] }, 'page')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(app.vault.vault.db.prepare('SELECT theme_id FROM supervision_case_themes WHERE session_id = ?').all(sessionId)).toEqual([{ theme_id: theme.id }]);

    // The chair's meeting: the item stays (by its code), the record is gone.
    call = await as('kim');
    const reread = await call<Meeting>('meetings:get', { meetingId: meeting.id });
    expect(reread.agenda).toEqual([expect.objectContaining({ kind: 'supervision', caseId: kase.id, readable: false, unreadableReason: 'consent-withdrawn', supervisionRecord: null })]);
    expect(JSON.stringify(reread)).not.toContain(SUMMARY);

    // FK raised the case: its note-taker still reads the record (the rule closes it to the covered organisation only).
    call = await as('fia');
    const fkView = await call<Meeting>('meetings:get', { meetingId: meeting.id });
    expect(fkView.agenda).toEqual([expect.objectContaining({ caseId: kase.id, readable: true, supervisionRecord: expect.objectContaining({ summary: SUMMARY }) })]);
    expect(JSON.stringify(fkView)).not.toContain('Skrivet utan att se det delade');
  });
});
