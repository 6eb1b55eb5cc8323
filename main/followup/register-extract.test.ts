// A register extract (GDPR art. 15) on a real vault: every record that mentions the case, found by
// its code — and only for an admin, with a reason that itself identifies no one, audited.
import { afterEach, describe, expect, it } from 'vitest';
import { addConsent, createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { createHandover } from '../handover/repository';
import { addAddendum, addAgendaItem, commitItem, createMeeting, finaliseMeeting, getMeeting } from '../meetings/repository';
import type { z } from 'zod';
import type { RegisterExtract } from '../../shared/followup/model';
import { registerHandlers } from '../services/register/handlers';
import type { UnlockedVault } from '../vault/vault';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
/** The extract through the register:extract channel's own handler (main/services/register/handlers.ts), which audits it. */
function extractAsTheChannelDoes(vault: UnlockedVault, input: { caseCode: string; reason: string }): z.output<typeof RegisterExtract> {
  const handler = registerHandlers({ vault })['register:extract'];
  if (!handler) throw new Error('register:extract has no handler');
  return handler(input, { host: 'browser', sessionId: 'test', account: null }) as z.output<typeof RegisterExtract>;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

describe('register extract', () => {
  it('lists every record that mentions the case, for an admin with a reason, audited', async () => {
    const { admin, chair, team, af, ownOrganisationId } = await teamWorld(opened);
    const kase = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'consent', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    const other = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    const consent = addConsent(writeCaps(chair.vault), { caseId: kase.id, organisationId: af.id, direction: 'both', categories: ['labour-market'], purpose: 'Samordning mot arbete', validFrom: '2026-11-01', validTo: '2027-05-01', guardianConsent: false, paperFiledAt: 'Akten' }).consents[0];
    const meeting = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-11-17', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
    for (const c of [kase, other]) {
      const item = addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: c.id }).item;
      commitItem(writeCaps(chair.vault), { agendaItemId: item?.id ?? '', body: { notes: c === kase ? 'EXTRAKT-MARKÖR i anteckningen' : 'Ett annat ärende', decisions: '', nextFollowUp: null, actions: c === kase ? [{ text: 'Boka möte', responsibleMemberId: null, dueDate: '2026-12-01' }] : [] } });
    }
    // Another case whose code starts with this one's (as UT-2026-100 and UT-2026-1000 would), in a meeting of its own.
    chair.vault.db.prepare('UPDATE cases SET code = ? WHERE id = ?').run(`${kase.code}0`, other.id);
    const later = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-11-20', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
    const laterItem = addAgendaItem(writeCaps(chair.vault), { meetingId: later.id, caseId: other.id }).item;
    commitItem(writeCaps(chair.vault), { agendaItemId: laterItem?.id ?? '', body: { notes: 'Ett annat ärende igen', decisions: '', nextFollowUp: null, actions: [] } });
    finaliseMeeting(writeCaps(chair.vault), later.id);
    finaliseMeeting(writeCaps(chair.vault), meeting.id);
    // Reading the meeting is logged with the codes it showed: the extract finds that row too.
    getMeeting(readCaps(chair.vault), meeting.id);
    const itemId = (chair.vault.db.prepare('SELECT id FROM case_items WHERE case_id = ?').get(kase.id) as { id: string }).id;
    addAddendum(writeCaps(chair.vault), { meetingId: meeting.id, caseItemId: itemId, kind: 'addendum', text: 'Tillägg om mötet.', reason: 'Komplettering' });
    createHandover(writeCaps(chair.vault), { caseId: kase.id, date: '2026-11-24', fromOrganisationId: ownOrganisationId, fromFunction: 'Ungdomsteamet', toOrganisationId: af.id, toFunction: 'Ungdomsenheten', participantMemberIds: [], guests: [], reason: 'Fortsatt insats.', consentId: consent?.id ?? null, consentOverride: null, goals: 'Arbete.', insatser: [], newCaseOwner: 'Ungdomsenheten', followUpDate: null });

    expect(() => extractAsTheChannelDoes(chair.vault, { caseCode: kase.code, reason: 'Begäran 2026:14' })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => extractAsTheChannelDoes(admin, { caseCode: kase.code, reason: 'Begäran från 19900101-1239' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => extractAsTheChannelDoes(admin, { caseCode: 'UT-1999-999', reason: 'Begäran 2026:14' })).toThrow(expect.objectContaining({ code: 'not_found' }));

    const extract = extractAsTheChannelDoes(admin, { caseCode: kase.code, reason: 'Begäran 2026:14' });
    const kinds = new Set(extract.records.map((r) => r.kind));
    for (const kind of ['case', 'consent', 'case-item', 'action', 'addendum', 'minutes', 'handover', 'audit']) expect(kinds.has(kind), kind).toBe(true);
    expect(extract.records.find((r) => r.kind === 'case-item')?.text).toContain('EXTRAKT-MARKÖR');
    // Only the meeting that held this case, not the later one with the longer code.
    expect(extract.records.filter((r) => r.kind === 'minutes').map((r) => r.date)).toEqual(['2026-11-17']);
    expect(extract.records.some((r) => r.kind === 'audit' && r.text === 'Loggat: meeting.read')).toBe(true);
    // Nothing of the other case.
    expect(JSON.stringify(extract)).not.toContain('Ett annat ärende');
    expect(JSON.stringify(extract)).not.toContain(`${kase.code}0`);
    // One row, for the extract made; none for the three refused.
    const audits = admin.db.prepare("SELECT case_code, detail FROM audit_log WHERE action = 'register.extract'").all() as { case_code: string; detail: string }[];
    expect(audits).toHaveLength(1);
    const [audit = { case_code: '', detail: '{}' }] = audits;
    expect(audit.case_code).toBe(kase.code);
    expect(JSON.parse(audit.detail)).toEqual({ reason: 'Begäran 2026:14', records: extract.records.length });
  });
});
