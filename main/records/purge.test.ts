// A retention purge over the record registry (issue 19): every table about a case, a meeting, a
// supervision session or a handover says what a purge by the rules does with its rows. A probe
// table shows both sides: declared, its rows go with their due case and the kept case's stay;
// left out, the check names it and the purge cannot go through (its foreign key refuses, nothing
// is half done) — and the registry test names it first.
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../vault/db/migrations';
import { PROBE_NOTES } from './test-support/probe';
import { runMigrations } from '../vault/db/open-vault';
import { purgePreview, runPurge } from '../retention/purge';
import { worldWithOldRecords } from '../retention/test-support/old-records';
import { checkRegistry } from './check';
import { type TableDeclaration, declareRecords, isLinked } from './model';
import { checkPurge, purgeSql } from './purge';
import { RECORD_REGISTRY } from './registry';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

const probe = PROBE_NOTES;

describe('a retention purge over the registry', () => {
  it('says for every table about a case, meeting, session or handover what a purge does with it, and what it names exists', () => {
    expect(checkPurge(RECORD_REGISTRY)).toEqual([]);
    const silent = declareRecords('probe', [{ table: 'probe_notes', links: [{ column: 'case_id', references: 'cases' }] }]);
    expect(checkPurge([...RECORD_REGISTRY, ...silent])).toEqual(['probe_notes: its rows are about case, but probe does not say what a retention purge does with them']);
    const guests = RECORD_REGISTRY.map((d) => (isLinked(d) && d.table === 'meeting_guests' ? { ...d, purge: undefined } : d));
    expect(checkPurge(guests)).toEqual(['meeting_guests: its rows are about meeting, but meetings does not say what a retention purge does with them']);
    const wrongRoot = declareRecords('probe', [{ table: 'probe_notes', links: [{ column: 'case_id', references: 'cases' }], purge: { goes: [{ with: 'case_consents', delete: 'DELETE FROM probe_notes' }] } }]);
    expect(checkPurge([...RECORD_REGISTRY, ...wrongRoot])).toEqual([
      'probe_notes: goes with case_consents, whose rows no rule makes due',
      'probe_notes.case_id → cases: those rows go with cases, these neither go with it nor hold it back — a purge would be refused by the foreign key',
    ]);
    const undeleted = RECORD_REGISTRY.map((d) => (isLinked(d) && d.table === 'handovers' ? { ...d, purge: { due: { name: 'handovers' as const, rule: 'handovers' as const, sql: 'SELECT 1', bound: 'day' as const }, holdsBack: '0' } } : d));
    expect(checkPurge(undeleted)).toEqual(['handovers: a rule makes its rows due, but it does not say they go']);
    // Going with a meeting while pointing at a case that may go first: refused by the key at run time, named here.
    const unheld = RECORD_REGISTRY.map((d) => (isLinked(d) && d.table === 'actions' ? { ...d, purge: { goes: [{ with: 'meetings', delete: 'DELETE FROM actions' }] } } : d));
    expect(checkPurge(unheld)).toEqual(['actions.case_id → cases: those rows go with cases, these neither go with it nor hold it back — a purge would be refused by the foreign key']);
  });

  it('assembles its plan from the declarations: every due query, and every case-linked table that holds a case back', () => {
    const sql = purgeSql(RECORD_REGISTRY);
    expect(sql.due.map((d) => [d.table, d.name, d.rule, d.bound])).toEqual([
      ['meetings', 'meetings', 'minutes', 'day'],
      ['supervision_sessions', 'sessions', 'supervision', 'day'],
      ['handovers', 'handovers', 'handovers', 'day'],
      ['packets_received', 'packets', 'handovers', 'instant'],
    ]);
    const holding = [...sql.heldBack.matchAll(/EXISTS \(SELECT 1 FROM (\w+)/g)].map((m) => m[1]);
    expect(holding).toEqual(['agenda_items', 'case_items', 'supervision_records', 'supervision_cases', 'supervision_case_themes', 'handovers', 'packets_received']);
  });

  it('takes a declared probe table with its due case; an undeclared one makes the purge fail whole, and the registry check names it', async () => {
    const { admin, old, kept } = await worldWithOldRecords(opened);
    const db = admin.db;
    runMigrations(db, [...MIGRATIONS, probe]);
    db.prepare("INSERT INTO probe_notes (id, case_id, body) VALUES ('n1', ?, 'PROBE-MARKER'), ('n2', ?, 'kept')").run(old.id, kept.id);

    // Left out of the registry: the check names it, and the purge refuses on its foreign key — nothing goes.
    expect(checkRegistry(db, RECORD_REGISTRY)).toEqual([expect.stringMatching(/^probe_notes: neither registered/)]);
    const bare = purgePreview(readCaps(admin));
    expect(bare.counts['case-records']).toBe(1);
    expect(() => runPurge(writeCaps(admin), { confirmed: bare.counts, digest: bare.digest })).toThrow(/FOREIGN KEY/);
    expect(db.prepare('SELECT count(*) AS n FROM cases WHERE id = ?').get(old.id)).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM meetings').get()).toEqual({ n: 3 });

    // Declared with its purge: its rows go with the due case, the kept case's stay.
    const declared: TableDeclaration[] = [
      ...RECORD_REGISTRY,
      ...declareRecords('probe', [
        {
          table: 'probe_notes',
          links: [{ column: 'case_id', references: 'cases' }],
          gallring: { rows: 'SELECT rowid FROM probe_notes WHERE case_id = @id' },
          extract: { forCase: () => [] },
          purge: { goes: [{ with: 'cases', delete: 'DELETE FROM probe_notes WHERE case_id IN (SELECT value FROM json_each(?))' }] },
        },
      ]),
    ];
    expect(checkRegistry(db, declared)).toEqual([]);
    expect(checkPurge(declared)).toEqual([]);
    const preview = purgePreview(readCaps(admin), declared);
    expect(preview.counts).toEqual(bare.counts);
    runPurge(writeCaps(admin), { confirmed: preview.counts, digest: preview.digest }, declared);
    expect(db.prepare('SELECT id FROM probe_notes ORDER BY id').all()).toEqual([{ id: 'n2' }]);
    expect(db.prepare('SELECT count(*) AS n FROM cases WHERE id = ?').get(old.id)).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM cases WHERE id = ?').get(kept.id)).toEqual({ n: 1 });
  });
});
