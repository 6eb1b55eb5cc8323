// Who owns a team's records (issue 20), on a real encrypted vault: an admin enters the
// personuppgiftsansvarig, the arkivbildare and the gallringsbeslut (audited, guarded); the rules are a
// proposal until every team in use has a decision; the entries print on the register extract, the
// early gallring's tombstone and a purge's result, notice and log row.
import { afterEach, describe, expect, it } from 'vitest';
import { rulesAreProposal } from '../../shared/retention/ownership';
import { readCaps, writeCaps } from '../capabilities/caps';
import { registerExtract } from '../followup/register-extract';
import { archiveTeam, saveTeam } from '../roster/repository';
import { minutesPdf } from '../meetings/minutes-pdf';
import { errorCode } from '../test-support/error-code';
import { pdfText } from '../test-support/pdf-text';
import { gallringBackups } from '../vault/gallring-backups';
import { earlyGallring, gallringPreview, tombstones } from './early-gallring';
import { ownershipLines, ownershipOf, setTeamOwnership, teamOwnerships } from './ownership';
import { purgePreview, runPurge } from './purge';
import { retentionView } from './rules';
import { setRetentionSchedule, retentionStatus, runScheduledPurge } from './schedule';
import { worldWithOldRecords } from './test-support/old-records';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

const OWNED = { controller: 'Socialnämnden i Exempelby kommun (påhittad)', archiveCreator: 'Samordningsförbundet Exempel (påhittat)', decisionReference: 'Dnr KS 2025/123, 2025-03-01' };
const audited = (vault: { db: { prepare(sql: string): { all(): unknown[] } } }) =>
  (vault.db.prepare("SELECT detail FROM audit_log WHERE action = 'retention.ownership-changed' ORDER BY seq").all() as { detail: string }[]).map((row) => JSON.parse(row.detail) as Record<string, unknown>);

describe('who owns a team’s records', () => {
  it('only an admin sets them; each change is audited old → new; nothing that identifies a person is taken; an unknown team is not found', async () => {
    const { admin, chair, team } = await worldWithOldRecords(opened);
    expect(ownershipOf(readCaps(chair.vault), team.id)).toMatchObject({ teamName: 'Team Öst', controller: null, archiveCreator: null, decisionReference: null });
    expect(errorCode(() => teamOwnerships(readCaps(chair.vault)))).toBe('forbidden');
    expect(errorCode(() => setTeamOwnership(writeCaps(chair.vault), { teamId: team.id, ...OWNED }))).toBe('forbidden');
    // The guard: a personnummer in the reference, an e-mail address as the authority.
    expect(errorCode(() => setTeamOwnership(writeCaps(admin), { teamId: team.id, ...OWNED, decisionReference: 'Begäran från 19121212-1212' }))).toBe('invalid_input');
    expect(errorCode(() => setTeamOwnership(writeCaps(admin), { teamId: team.id, ...OWNED, controller: 'kim.berg@example.se' }))).toBe('invalid_input');
    expect(errorCode(() => setTeamOwnership(writeCaps(admin), { ...OWNED, teamId: '00000000-0000-4000-8000-000000000000' }))).toBe('not_found');
    expect(audited(admin)).toEqual([]);
    expect(ownershipOf(readCaps(admin), team.id)?.controller).toBeNull();

    const set = setTeamOwnership(writeCaps(admin), { teamId: team.id, ...OWNED });
    expect(set).toMatchObject({ teamId: team.id, ...OWNED, updatedAt: '2031-12-01T09:00:00.000Z' });
    expect(teamOwnerships(readCaps(admin))).toEqual([set]);
    // The same again writes nothing; taking the reference away is a change.
    setTeamOwnership(writeCaps(admin), { teamId: team.id, ...OWNED });
    setTeamOwnership(writeCaps(admin), { teamId: team.id, ...OWNED, decisionReference: null });
    expect(audited(admin)).toEqual([
      { teamId: team.id, controller: `–→${OWNED.controller}`, archiveCreator: `–→${OWNED.archiveCreator}`, decisionReference: `–→${OWNED.decisionReference}` },
      { teamId: team.id, decisionReference: `${OWNED.decisionReference}→–` },
    ]);
  });

  it('the rules are a proposal until every team in use has a gallringsbeslut (archived teams aside, and with no team at all)', async () => {
    expect(rulesAreProposal([])).toBe(true);
    expect(rulesAreProposal([{ archived: false, decisionReference: 'Dnr 1' }, { archived: true, decisionReference: null }])).toBe(false);
    expect(rulesAreProposal([{ archived: false, decisionReference: 'Dnr 1' }, { archived: false, decisionReference: null }])).toBe(true);

    const { admin, team } = await worldWithOldRecords(opened);
    expect(retentionView(readCaps(admin))).toMatchObject({ proposal: true, decisions: [{ teamName: 'Team Öst', decisionReference: null }] });
    setTeamOwnership(writeCaps(admin), { teamId: team.id, ...OWNED });
    expect(retentionView(readCaps(admin))).toMatchObject({ proposal: false, decisions: [{ teamName: 'Team Öst', decisionReference: OWNED.decisionReference }] });
    const west = saveTeam(writeCaps(admin), { name: 'Team Väst', description: '', meetingWeekday: null, meetingTime: null, meetingRoom: '' });
    expect(retentionView(readCaps(admin)).proposal).toBe(true);
    archiveTeam(writeCaps(admin), { teamId: west.id, archived: true });
    expect(retentionView(readCaps(admin))).toMatchObject({ proposal: false, decisions: [{ teamName: 'Team Öst' }] });
  });

  it('print on the register extract and on the tombstone an early gallring leaves, as they were then', async () => {
    const { admin, old, kept, team, dataDir } = await worldWithOldRecords(opened);
    const reason = 'Begäran dnr 2031/7';
    expect(registerExtract(readCaps(admin), { caseCode: kept.code, reason }).owner).toBeNull();
    setTeamOwnership(writeCaps(admin), { teamId: team.id, ...OWNED });
    expect(registerExtract(readCaps(admin), { caseCode: kept.code, reason }).owner).toEqual({ teamName: 'Team Öst', ...OWNED });

    const preview = gallringPreview(readCaps(admin), old.code, 0);
    earlyGallring(writeCaps(admin), { caseCode: old.code, decisionReference: 'Dnr 2031/42', decisionDate: '2031-11-28', confirmed: preview.counts }, gallringBackups(admin, dataDir));
    // Entered later: the tombstone keeps what held when the case was gallrat.
    setTeamOwnership(writeCaps(admin), { teamId: team.id, ...OWNED, controller: 'Ett annat förbund (påhittat)' });
    expect(tombstones(readCaps(admin))[0]).toMatchObject({ caseCode: old.code, decisionReference: 'Dnr 2031/42', controller: OWNED.controller, archiveCreator: OWNED.archiveCreator, teamDecisionReference: OWNED.decisionReference });
    const gone = registerExtract(readCaps(admin), { caseCode: old.code, reason });
    const tombstone = gone.records.find((record) => record.kind === 'tombstone');
    expect(tombstone?.text).toContain('gallrat enligt beslut Dnr 2031/42');
    expect(tombstone?.text).toContain(`Personuppgiftsansvarig: ${OWNED.controller}`);
    expect(tombstone?.text).toContain(`Arkivbildare: ${OWNED.archiveCreator}`);
    expect(tombstone?.text).toContain(`Gallringsbeslut i informationshanteringsplanen: ${OWNED.decisionReference}`);
    // The extract names who owns the records now.
    expect(gone.owner).toMatchObject({ teamName: 'Team Öst', controller: 'Ett annat förbund (påhittat)' });
  });

  it('a purge by hand and a scheduled one say which gallringsbeslut they followed (result, notice, log row)', async () => {
    const { admin, team, clock } = await worldWithOldRecords(opened);
    const preview = purgePreview(readCaps(admin));
    const byHand = runPurge(writeCaps(admin), { confirmed: preview.counts, digest: preview.digest });
    expect(byHand.decisions).toEqual([{ teamName: 'Team Öst', decisionReference: null }]);
    setTeamOwnership(writeCaps(admin), { teamId: team.id, ...OWNED });
    setRetentionSchedule(writeCaps(admin), true);
    clock.set('2032-01-04T09:00:00Z');
    const scheduled = runScheduledPurge(writeCaps(admin));
    expect(scheduled?.decisions).toEqual([{ teamName: 'Team Öst', decisionReference: OWNED.decisionReference }]);
    expect(retentionStatus(readCaps(admin)).notice?.decisions).toEqual([{ teamName: 'Team Öst', decisionReference: OWNED.decisionReference }]);
    const rows = admin.db.prepare("SELECT detail FROM audit_log WHERE action = 'retention.purged' ORDER BY seq").all() as { detail: string }[];
    expect(rows.map((row) => (JSON.parse(row.detail) as { decisions: string }).decisions)).toEqual(['Team Öst: förslag', `Team Öst: ${OWNED.decisionReference}`]);
  });

  it('print on the minutes PDF (read back with pdftotext) once entered', async () => {
    const { admin, chair, team, oldMeeting } = await worldWithOldRecords(opened);
    const before = pdfText((await minutesPdf(readCaps(chair.vault), oldMeeting.id)).pdf);
    expect(before).not.toContain('Personuppgiftsansvarig');
    setTeamOwnership(writeCaps(admin), { teamId: team.id, ...OWNED });
    const after = pdfText((await minutesPdf(readCaps(chair.vault), oldMeeting.id)).pdf).replace(/\s+/g, ' ');
    expect(after).toContain(`Personuppgiftsansvarig: ${OWNED.controller}`);
    expect(after).toContain(`Arkivbildare: ${OWNED.archiveCreator}`);
    expect(after).toContain(`Gallringsbeslut i informationshanteringsplanen: ${OWNED.decisionReference}`);
  });

  it('lines for a printed record: nothing until something is entered; a missing decision says the rules are a proposal', () => {
    expect(ownershipLines(null)).toEqual([]);
    expect(ownershipLines({ controller: null, archiveCreator: null, decisionReference: null })).toEqual([]);
    expect(ownershipLines({ controller: 'A', archiveCreator: 'B', decisionReference: null })).toEqual([
      'Personuppgiftsansvarig: A',
      'Arkivbildare: B',
      'Gallringsbeslut i informationshanteringsplanen: inget angivet (gallringsreglerna är ett förslag)',
    ]);
  });
});
