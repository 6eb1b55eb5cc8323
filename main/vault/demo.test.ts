import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/demo';
import { parseOrganisationsnummer } from '../../shared/identifiers/organisationsnummer';
import { listMembers, listOrganisations, listTeams } from '../roster/repository';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { ensureDemoVault } from './demo';
import { inventedOrgNumber } from './demo-roster';
import { FLOOR_KDF } from './test-support/fast-kdf';
import { unlockVault } from './vault';
import { readCaps, rolesOn, writeCaps } from '../capabilities/caps';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

describe('the demo vault', () => {
  it('opens with the known password and holds an invented roster: organisations, two teams, members with roles, one who left', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-demo-'));
    dirs.push(dir);
    const deps = { clock: new ManualClock('2026-11-23T09:00:00Z'), logger: new MemoryLogger(), kdf: FLOOR_KDF };
    await ensureDemoVault(dir, deps);
    const chair = await unlockVault(dir, 'ordforande', DEMO_PASSWORD, deps);
    try {
      const organisations = listOrganisations(readCaps(chair));
      expect(organisations).toHaveLength(5);
      for (const org of organisations) {
        expect(parseOrganisationsnummer(org.orgNumber)).toBe(org.orgNumber);
        expect(org.name).toMatch(/påhitta/);
      }
      const teams = listTeams(readCaps(chair));
      expect(teams.map((team) => team.name)).toEqual(['Team aktivitetsersättning', 'Team försörjningsstöd']);
      // The demo chair really chairs both teams, so every chair's view can be tried.
      const roles = rolesOn(readCaps(chair).db, chair.account?.id ?? '', '2026-11-23');
      expect([...roles.values()]).toEqual(['chair', 'chair']);
      const current = listMembers(readCaps(chair));
      expect(current.every((member) => member.displayName.endsWith('(påhittad)'))).toBe(true);
      expect(current.map((member) => member.displayName)).not.toContain('Tore Tidigare (påhittad)');
      expect(listMembers(readCaps(chair), { includeFormer: true }).map((member) => member.displayName)).toContain('Tore Tidigare (påhittad)');
      // Cases and meetings: one finalised meeting last week, this week's with the follow-up on it.
      const { listMeetings, getMeeting } = await import('../meetings/repository');
      const meetings = listMeetings(readCaps(chair), teams[1]?.id ?? '');
      expect(meetings.map((m) => m.status)).toEqual(['open', 'finalised']);
      expect(getMeeting(readCaps(chair), meetings[0]?.id ?? '').agenda).toEqual([expect.objectContaining({ kind: 'follow-up' }), expect.objectContaining({ kind: 'supervision' })]);
    } finally {
      chair.close();
    }
    // Supervision, as the demo psychologist: a held session with themes, the next one planned with
    // a private note under her own key, and the case flagged since then waiting in the preparation.
    const psychologist = await unlockVault(dir, 'psykolog', DEMO_PASSWORD, deps);
    try {
      const { listSessions, preparation, themesOverYear } = await import('../supervision/repository');
      const { readPrivateNotes } = await import('../supervision/private-notes');
      const { noteCipherOf } = await import('./note-key');
      const team = listTeams(readCaps(psychologist)).find((t) => t.name === 'Team försörjningsstöd')?.id ?? '';
      const sessions = listSessions(readCaps(psychologist), team);
      expect(sessions.map((s) => s.status).sort()).toEqual(['held', 'planned']);
      expect(themesOverYear(readCaps(psychologist), team).map((c) => c.theme).sort()).toEqual(['Motivation', 'Samverkan mellan myndigheter']);
      expect(preparation(readCaps(psychologist), team)).toHaveLength(1);
      const planned = sessions.find((s) => s.status === 'planned')?.id ?? '';
      expect(readPrivateNotes(readCaps(psychologist), noteCipherOf(psychologist), planned).preparation?.text).toMatch(/Påhittad privat anteckning/);
    } finally {
      psychologist.close();
    }
    // A second start opens the same vault rather than making another.
    const before = await fs.readFile(path.join(dir, 'vault.keys'));
    await ensureDemoVault(dir, deps);
    expect(await fs.readFile(path.join(dir, 'vault.keys'))).toEqual(before);
  });

  it('on a Sunday: meetings on each team’s weekday (both teams have data), sessions on working days, and the planned session can be completed', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-demo-'));
    dirs.push(dir);
    // Sunday 2026-12-06, 11:00 in Stockholm.
    const deps = { clock: new ManualClock('2026-12-06T10:00:00Z'), logger: new MemoryLogger(), kdf: FLOOR_KDF };
    await ensureDemoVault(dir, deps);
    const { listMeetings } = await import('../meetings/repository');
    const { listSessions, sessionDetail, shareRecord, holdSession, preparation } = await import('../supervision/repository');
    const { errorCode } = await import('../test-support/error-code');
    const chair = await unlockVault(dir, 'ordforande', DEMO_PASSWORD, deps);
    try {
      const [ae, fsTeam] = listTeams(readCaps(chair));
      // Team försörjningsstöd meets on Tuesdays 09:00, Team aktivitetsersättning on Thursdays 13:00.
      expect(listMeetings(readCaps(chair), fsTeam?.id ?? '').map((m) => [m.date, m.time, m.status])).toEqual([
        ['2026-12-08', '09:00', 'open'],
        ['2026-12-01', '09:00', 'finalised'],
      ]);
      // The team listed first (where the chair lands) has data too.
      expect(ae?.name).toBe('Team aktivitetsersättning');
      expect(listMeetings(readCaps(chair), ae?.id ?? '').map((m) => [m.date, m.time, m.status])).toEqual([
        ['2026-12-10', '13:00', 'open'],
        ['2026-12-03', '13:00', 'finalised'],
      ]);
    } finally {
      chair.close();
    }
    const psychologist = await unlockVault(dir, 'psykolog', DEMO_PASSWORD, deps);
    try {
      const team = listTeams(readCaps(psychologist)).find((t) => t.name === 'Team försörjningsstöd')?.id ?? '';
      const sessions = listSessions(readCaps(psychologist), team);
      // Friday three weeks back (not the Sunday), and the Monday a week ahead.
      expect(sessions.map((s) => [s.date, s.status])).toEqual([
        ['2026-12-14', 'planned'],
        ['2026-11-13', 'held'],
      ]);
      const planned = sessionDetail(readCaps(psychologist), sessions[0]?.id ?? '');
      const [flagged] = preparation(readCaps(psychologist), team);
      expect(planned).toMatchObject({ datedAhead: true, cases: [{ caseId: flagged?.caseId, code: flagged?.code, readable: true }] });
      shareRecord(writeCaps(psychologist), { sessionId: planned.id, caseId: flagged?.caseId ?? '', summary: 'Teamet enades om små steg. (Påhittat.)', approach: 'En kontaktperson.', actions: [] });
      expect(errorCode(() => holdSession(writeCaps(psychologist), planned.id))).toBe('needs_confirmation');
      holdSession(writeCaps(psychologist), planned.id, { acknowledgeFutureDate: true });
      expect(sessionDetail(readCaps(psychologist), planned.id).status).toBe('held');
      expect(preparation(readCaps(psychologist), team)).toEqual([]);
    } finally {
      psychologist.close();
    }
  });

  it('holds the year’s landed features: an övrig punkt justerad by chair and justerare, minutes waiting for theirs, a handover answered by a receipt, a consent ending soon and one withdrawn, ownership for one team', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-demo-'));
    dirs.push(dir);
    const deps = { clock: new ManualClock('2026-11-23T09:00:00Z'), logger: new MemoryLogger(), kdf: FLOOR_KDF };
    await ensureDemoVault(dir, deps);
    const { listMeetings, getMeeting, decisionLog } = await import('../meetings/repository');
    const { listHandovers } = await import('../handover/repository');
    const { consentOverview } = await import('../cases/consents');
    const { teamOwnerships, retentionDecisions } = await import('../retention/ownership');
    const { minutesPdf } = await import('../meetings/minutes-pdf');
    const { pdfText } = await import('../test-support/pdf-text');
    const chair = await unlockVault(dir, 'ordforande', DEMO_PASSWORD, deps);
    try {
      const [ae, fsTeam] = listTeams(readCaps(chair));
      const finalisedOf = (teamId: string) => getMeeting(readCaps(chair), listMeetings(readCaps(chair), teamId).find((m) => m.status === 'finalised')?.id ?? '');
      // Team försörjningsstöd's minutes: an övrig punkt with notes and a decision, justerade by the chair and the psychologist.
      const fsMinutes = finalisedOf(fsTeam?.id ?? '');
      const point = fsMinutes.agenda.find((item) => item.kind === 'other');
      expect(point?.title).toBe('Rutin för samtycken (påhittad)');
      // With an action for the team, followed up on the team's next (open) meeting.
      const teamAction = 'Skriva ut nya samtyckesblanketter till alla organisationer (påhittad åtgärd)';
      expect(point?.item?.actions.map((a) => [a.text, a.responsibleName, a.done])).toEqual([[teamAction, 'Alva Ordförande (påhittad)', false]]);
      const nextMeeting = listMeetings(readCaps(chair), fsTeam?.id ?? '').find((m) => m.status === 'open');
      expect(getMeeting(readCaps(chair), nextMeeting?.id ?? '').teamActionsDue?.map((a) => a.text)).toEqual([teamAction]);
      expect(fsMinutes.justering).toMatchObject({ chair: { name: 'Alva Ordförande (påhittad)' }, justerare: { name: 'Pelle Psykolog (påhittad)', confirmedAt: expect.any(String) } });
      expect(decisionLog(readCaps(chair), { teamId: fsTeam?.id ?? '' }).entries.map((d) => [d.title, d.caseCode === null])).toContainEqual(['Rutin för samtycken (påhittad)', true]);
      const pdf = pdfText((await minutesPdf(readCaps(chair), fsMinutes.id)).pdf).replace(/\s+/g, ' ');
      for (const expected of ['Rutin för samtycken (påhittad)', 'Ordföranden går igenom samtyckena', 'Skriva ut nya samtyckesblanketter', 'Alva Ordförande (påhittad)', 'Pelle Psykolog (påhittad)']) expect(pdf).toContain(expected);
      // Team aktivitetsersättning's minutes wait for the justerare.
      expect(finalisedOf(ae?.id ?? '').justering).toMatchObject({ justerare: { name: 'Pelle Psykolog (påhittad)', confirmedAt: null } });
      // The consent case's handover to Arbetsförmedlingen: its packet answered "mottaget och övertaget".
      const consentCase = chair.db.prepare("SELECT DISTINCT case_id FROM case_consents cc JOIN cases c ON c.id = cc.case_id WHERE c.team_id = ?").get(fsTeam?.id) as { case_id: string };
      const [handover] = listHandovers(readCaps(chair), consentCase.case_id);
      expect(handover?.sent.map((p) => p.receipt?.outcome)).toEqual(['taken-over']);
      // The chair's consent overviews: one ending within 30 days, one withdrawn.
      expect(consentOverview(readCaps(chair), fsTeam?.id ?? '').entries.map((e) => e.state)).toContain('expiring');
      expect(consentOverview(readCaps(chair), ae?.id ?? '').entries.map((e) => [e.state, e.organisationName])).toEqual([['withdrawn', 'Försäkringskassan Demostad (påhittad)']]);
    } finally {
      chair.close();
    }
    const admin = await unlockVault(dir, 'demo', DEMO_PASSWORD, deps);
    try {
      // Ownership entered for one team; the other's rules are still a proposal ("Förslag").
      expect(teamOwnerships(readCaps(admin)).map((o) => [o.teamName, o.decisionReference])).toEqual([
        ['Team aktivitetsersättning', 'Dnr SF 2026/7, 2026-02-01 (påhittat)'],
        ['Team försörjningsstöd', null],
      ]);
      expect(retentionDecisions(readCaps(admin)).proposal).toBe(true);
    } finally {
      admin.close();
    }
  });

  it('invents organisationsnummer that pass the check digit', () => {
    expect(parseOrganisationsnummer(inventedOrgNumber('559901001'))).not.toBeNull();
    expect(inventedOrgNumber('212000262')).toBe('212000-2627');
  });
});
