// The register extract over the record registry (issue 19): every table about a case says how the
// extract lists its rows, and a table that does not fails here; what the registry's tables list
// on a real vault, the rows the old hand-written extract left out included.
import { afterEach, describe, expect, it } from 'vitest';
import { createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { registerExtract } from '../followup/register-extract';
import { createHandover } from '../handover/repository';
import { addAgendaItem, createMeeting } from '../meetings/repository';
import { checkExtracts, extractForCase } from './extract';
import { type TableDeclaration, declareRecords } from './model';
import { RECORD_REGISTRY } from './registry';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

describe('the register extract over the registry', () => {
  it('has an extract for every table whose rows are about a case', () => {
    expect(checkExtracts(RECORD_REGISTRY)).toEqual([]);
  });

  it('fails on a case-linked table declared without an extract, or listed with a table that lists nothing', () => {
    const probe = declareRecords('probe', [{ table: 'probe_notes', links: [{ column: 'case_id', references: 'cases' }] }]);
    expect(checkExtracts([...RECORD_REGISTRY, ...probe])).toEqual(['probe_notes: its rows are about a case, but probe declares no extract for them (forCase, or with the table that lists them)']);
    const withNothing = declareRecords('probe', [{ table: 'probe_notes', links: [{ column: 'case_id', references: 'cases' }], extract: { with: 'search_parts', why: 'wrongly' } }]);
    expect(checkExtracts([...RECORD_REGISTRY, ...withNothing])).toEqual(['probe_notes: listed with search_parts, which lists no rows of its own for a case']);
    // A table about a meeting or a member only needs none.
    const meetingOnly: TableDeclaration[] = declareRecords('probe', [{ table: 'probe_seats', links: [{ column: 'meeting_id', references: 'meetings' }] }]);
    expect(checkExtracts([...RECORD_REGISTRY, ...meetingOnly])).toEqual([]);
  });

  it('lists an agenda entry not discussed yet, a supervision session that took the case up, and a packet received unlinked in its conversation', async () => {
    const { admin, chair, team, af, ownOrganisationId } = await teamWorld(opened);
    const kase = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    const db = admin.db;
    // Rows as the supervision domain writes them (a session that took the case up, no record shared).
    const accountId = admin.account?.id ?? '';
    db.prepare("INSERT INTO supervision_sessions (id, team_id, date, form, created_at, created_by) VALUES ('s1', ?, '2026-11-20', 'case', '2026-11-20T08:00:00Z', ?)").run(team.id, accountId);
    db.prepare("INSERT INTO supervision_cases (session_id, case_id, position) VALUES ('s1', ?, 0)").run(kase.id);
    // A handover of the case, and a reply received in its conversation that nobody linked to the case.
    createHandover(writeCaps(chair.vault), { caseId: kase.id, date: '2026-11-21', fromOrganisationId: ownOrganisationId, fromFunction: 'Ungdomsteamet', toOrganisationId: af.id, toFunction: 'Ungdomsenheten', participantMemberIds: [], guests: [], reason: 'Fortsatt insats.', consentId: null, consentOverride: 'Akut behov, beslut av enhetschef.', goals: 'Arbete.', insatser: [], newCaseOwner: 'Ungdomsenheten', followUpDate: null });
    const { conversation_id: conversation } = db.prepare('SELECT conversation_id FROM handovers WHERE case_id = ?').get(kase.id) as { conversation_id: string };
    db.prepare("INSERT INTO trusted_keys (id, organisation_id, age_recipient, fingerprint, file_organisation, file_org_number, imported_at, imported_by) VALUES ('k1', ?, 'age1x', 'fp1', 'AF', '202100-2114', '2026-11-21T08:00:00Z', ?)").run(af.id, accountId);
    db.prepare(
      "INSERT INTO packets_received (id, team_id, signer_key_id, conversation_id, manifest, content, pdf, packet, sha256, encrypted, received_at, received_by) VALUES ('p1', ?, 'k1', ?, '{}', '{}', x'00', x'00', 'abc123', 1, '2026-11-22T08:00:00Z', ?)",
    ).run(team.id, conversation, accountId);
    // On a meeting's agenda, not discussed yet.
    const meeting = createMeeting(writeCaps(chair.vault), { teamId: team.id, date: '2026-11-24', time: '09:00', chairMemberId: chair.member.id, noteTakerMemberId: null });
    addAgendaItem(writeCaps(chair.vault), { meetingId: meeting.id, caseId: kase.id });
    const records = extractForCase(db, { id: kase.id, code: kase.code, teamId: team.id });
    expect(records.filter((r) => r.kind !== 'audit').map((r) => [r.kind, r.date, r.text])).toEqual([
      ['case', expect.any(String), expect.stringContaining(`Ärende ${kase.code}`)],
      // The case's timeline (migration 020): created straight into aktiv.
      ['case-event', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), 'Ärendet: aktiv'],
      ['case-item', '2026-11-24', 'Teammöte 2026-11-24: ärendet står på dagordningen, inte behandlat ännu'],
      ['supervision-record', '2026-11-20', 'Ärendet togs upp i handledningen 2026-11-20'],
      ['handover', '2026-11-21', expect.stringContaining('Överlämning till Arbetsförmedlingen')],
      ['packet-received', '2026-11-22T08:00:00Z', 'Mottaget paket i en av ärendets överlämningar, inte kopplat till ärendet, SHA-256 abc123'],
    ]);
    expect(records.filter((r) => r.kind === 'audit').map((r) => r.text)).toEqual(['Loggat: case.created', 'Loggat: handover.created-with-consent-override', 'Loggat: meeting.agenda-added']);
    // The channel's extract is the registry's (its audit row: main/followup/register-extract.test.ts).
    const extract = registerExtract(readCaps(admin), { caseCode: kase.code, reason: 'Begäran 2026:14' });
    expect(extract.records.map((r) => r.kind)).toEqual(['case', 'case-event', 'case-item', 'supervision-record', 'handover', 'packet-received', 'audit', 'audit', 'audit']);
  });
});
