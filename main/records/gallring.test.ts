// Early gallring over the record registry (issue 19): every table about a case says what a gallring
// decision does with its rows; the rows are read and counted before anything goes, and deleted
// children first. A probe table shows both sides: declared, its rows go with the case; left out,
// the case cannot go at all (its foreign key refuses) — the registry test names it first.
import { afterEach, describe, expect, it } from 'vitest';
import { createCase } from '../cases/repository';
import { teamWorld } from '../cases/test-support/team-world';
import { MIGRATIONS } from '../vault/db/migrations';
import { PROBE_NOTES } from './test-support/probe';
import { runMigrations } from '../vault/db/open-vault';
import { checkRegistry } from './check';
import { carryOutCaseGallring, checkGallring, planCaseGallring } from './gallring';
import { type TableDeclaration, declareRecords, isLinked } from './model';
import { RECORD_REGISTRY } from './registry';
import { writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

const probe = PROBE_NOTES;

describe('early gallring over the registry', () => {
  it('says for every table about a case what a gallring does with it, and makes every count', () => {
    expect(checkGallring(RECORD_REGISTRY)).toEqual([]);
    const silent = declareRecords('probe', [{ table: 'probe_notes', links: [{ column: 'case_id', references: 'cases' }] }]);
    expect(checkGallring([...RECORD_REGISTRY, ...silent])).toEqual(['probe_notes: its rows are about a case, but probe does not say what early gallring does with them']);
    const withoutSearch = RECORD_REGISTRY.map((d) => (isLinked(d) && d.table === 'search_entries' ? { ...d, gallring: { keeps: 'wrongly' } } : d));
    expect(checkGallring(withoutSearch)).toEqual([
      'search_entries.case_id → cases: kept rows hold a foreign key to rows an early gallring deletes — it would be refused',
      'gallring count searchEntries: no table makes it',
    ]);
  });

  it('asks the same of a table that points only at rows a gallring deletes (a supervision session), and of kept rows with a key to them', () => {
    // Linked to a session only: not "about a case" by its links, yet a gallring deletes the session.
    const attachments = declareRecords('probe', [{ table: 'session_attachments', links: [{ column: 'session_id', references: 'supervision_sessions' }] }]);
    expect(checkGallring([...RECORD_REGISTRY, ...attachments])).toEqual([
      'session_attachments.session_id → supervision_sessions: those rows go in an early gallring, but probe does not say what happens to these',
    ]);
    const kept = RECORD_REGISTRY.map((d) => (isLinked(d) && d.table === 'supervision_participants' ? { ...d, gallring: { keeps: 'wrongly' } } : d));
    expect(checkGallring(kept)).toContain('supervision_participants.session_id → supervision_sessions: kept rows hold a foreign key to rows an early gallring deletes — it would be refused');
    const silent = RECORD_REGISTRY.map((d) => (isLinked(d) && d.table === 'supervision_participants' ? { ...d, gallring: undefined } : d));
    expect(checkGallring(silent).some((problem) => problem.startsWith('supervision_participants.session_id → supervision_sessions: those rows go'))).toBe(true);
  });

  it('deletes each table before the tables it links to', async () => {
    const { chair, team, ownOrganisationId } = await teamWorld(opened);
    const kase = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    const order = planCaseGallring(chair.vault.db, { id: kase.id, code: kase.code, teamId: team.id }).deletions.map((d) => d.table);
    let pairs = 0;
    for (const t of RECORD_REGISTRY.filter(isLinked)) {
      for (const link of t.links) {
        if (link.references === t.table || !order.includes(t.table) || !order.includes(link.references)) continue;
        pairs++;
        expect(order.indexOf(t.table), `${t.table} before ${link.references}`).toBeLessThan(order.indexOf(link.references));
      }
    }
    expect(pairs).toBeGreaterThanOrEqual(20);
    expect(order.indexOf('packets_received')).toBeLessThan(order.indexOf('handovers'));
  });

  it('takes a declared probe table with the case; an undeclared one makes the deletion fail, and the registry check names it', async () => {
    const { chair, team, ownOrganisationId } = await teamWorld(opened);
    const db = chair.vault.db;
    runMigrations(db, [...MIGRATIONS, probe]);
    const gallrad = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    const kept = createCase(writeCaps(chair.vault), { teamId: team.id, ageBand: '20-24', consentMode: 'anonymous', raisedByOrganisationId: ownOrganisationId, ownerMemberId: null });
    db.prepare("INSERT INTO probe_notes (id, case_id, body) VALUES ('n1', ?, 'PROBE-MARKER'), ('n2', ?, 'other')").run(gallrad.id, kept.id);
    const kase = { id: gallrad.id, code: gallrad.code, teamId: team.id };
    const decision = { reference: 'Dnr 2026/1', date: '2026-11-20' };

    // Left out of the registry: the check names it, and the case cannot go (nothing is half done).
    expect(checkRegistry(db, RECORD_REGISTRY)).toEqual([expect.stringMatching(/^probe_notes: neither registered/)]);
    const bare = planCaseGallring(db, kase);
    expect(() => db.transaction(() => carryOutCaseGallring(writeCaps(chair.vault), kase, decision, bare))()).toThrow(/FOREIGN KEY/);
    expect(db.prepare('SELECT count(*) AS n FROM cases WHERE id = ?').get(gallrad.id)).toEqual({ n: 1 });

    // Declared with its gallring rows: they go with the case, the other case's stay.
    const declared: TableDeclaration[] = [
      ...RECORD_REGISTRY,
      ...declareRecords('probe', [{ table: 'probe_notes', links: [{ column: 'case_id', references: 'cases' }], gallring: { rows: 'SELECT rowid FROM probe_notes WHERE case_id = @id' }, extract: { forCase: () => [] } }]),
    ];
    expect(checkRegistry(db, declared)).toEqual([]);
    const plan = planCaseGallring(db, kase, declared);
    expect(plan.deletions.find((d) => d.table === 'probe_notes')?.rowids).toHaveLength(1);
    db.transaction(() => carryOutCaseGallring(writeCaps(chair.vault), kase, decision, plan))();
    expect(db.prepare('SELECT id FROM probe_notes ORDER BY id').all()).toEqual([{ id: 'n2' }]);
    expect(db.prepare('SELECT count(*) AS n FROM cases WHERE id = ?').get(gallrad.id)).toEqual({ n: 0 });
  });
});
