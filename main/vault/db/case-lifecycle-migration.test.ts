import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';
import { runMigrations } from './open-vault';

/**
 * Migration 020 rebuilds `cases` (a CHECK changes no other way) on a vault made by 001–019: every
 * case keeps its rows and children, older outcomes map to the förbund's categories, and each case
 * gets its known history. The runner turns foreign keys off for the rebuild and checks them before
 * the commit, so a rebuild that orphans a row changes nothing. (An in-memory database: the schema
 * and the runner are the same as in the encrypted file; the cipher is tested in open-vault's tests.)
 */
function vault019(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  runMigrations(db, MIGRATIONS.slice(0, 19));
  db.exec(`
    INSERT INTO organisations (id, name, org_number, kind, is_own, created_at) VALUES ('o1', 'Kommunen (påhittad)', '', 'socialtjansten', 1, '2025-01-01');
    INSERT INTO accounts (id, username, display_name, organisation_id, created_at) VALUES ('a1', 'ordf', 'Ordförande (påhittad)', 'o1', '2025-01-01');
    INSERT INTO teams (id, name, created_at) VALUES ('t1', 'Teamet', '2025-01-01');
    INSERT INTO cases (id, team_id, code, age_band, consent_mode, raised_by_organisation_id, created_at, created_by)
      VALUES ('c-open', 't1', 'UT-2025-001', '18-20', 'consent', 'o1', '2025-02-03T09:00:00Z', 'a1');
    INSERT INTO cases (id, team_id, code, age_band, consent_mode, raised_by_organisation_id, status, outcome, outcome_other, closed_on, created_at, created_by)
      VALUES ('c-other', 't1', 'UT-2025-002', '21-25', 'anonymous', 'o1', 'closed', 'other', 'Flyttade (påhittat)', '2025-06-30', '2025-02-28T23:30:00Z', 'a1'),
             ('c-authority', 't1', 'UT-2025-003', '16-17', 'anonymous', 'o1', 'closed', 'annan-myndighet', '', '2025-07-01', '2025-03-02T09:00:00Z', 'a1');
    INSERT INTO case_consents (id, case_id, organisation_id, direction, categories, purpose, valid_from, valid_to, paper_filed_at, recorded_at, recorded_by)
      VALUES ('k1', 'c-open', 'o1', 'both', '["health"]', 'Planering', '2025-02-03', '2026-02-03', 'Akten', '2025-02-03T09:00:00Z', 'a1');
  `);
  return db;
}

describe('migrations 020 and 021 (the case lifecycle)', () => {
  it('rebuilds cases keeping every row and child, maps older outcomes, dates each case’s history and turns foreign keys back on', () => {
    const db = vault019();
    runMigrations(db, MIGRATIONS);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare('SELECT id, age_band, status, phase, outcome, outcome_other, closed_on FROM cases ORDER BY code').all()).toEqual([
      { id: 'c-open', age_band: '18-20', status: 'active', phase: 'aktiv', outcome: null, outcome_other: '', closed_on: null },
      { id: 'c-other', age_band: '21-25', status: 'closed', phase: 'avslutad', outcome: 'annat', outcome_other: 'Flyttade (påhittat)', closed_on: '2025-06-30' },
      { id: 'c-authority', age_band: '16-17', status: 'closed', phase: 'avslutad', outcome: 'annan-insats', outcome_other: '', closed_on: '2025-07-01' },
    ]);
    expect(db.prepare('SELECT case_id FROM case_consents').all()).toEqual([{ case_id: 'c-open' }]);
    // Each first event on the Stockholm day it was created (021): 23:30 UTC on 28 February was 1 March
    // in Stockholm. The closing event keeps the outcome's words (021), as the case row did.
    expect(db.prepare('SELECT case_id, kind, on_date, recorded_by, outcome, outcome_other FROM case_events ORDER BY case_id, on_date').all()).toEqual([
      { case_id: 'c-authority', kind: 'aktiv', on_date: '2025-03-02', recorded_by: null, outcome: null, outcome_other: '' },
      { case_id: 'c-authority', kind: 'avslutad', on_date: '2025-07-01', recorded_by: null, outcome: 'annan-insats', outcome_other: '' },
      { case_id: 'c-open', kind: 'aktiv', on_date: '2025-02-03', recorded_by: null, outcome: null, outcome_other: '' },
      { case_id: 'c-other', kind: 'aktiv', on_date: '2025-03-01', recorded_by: null, outcome: null, outcome_other: '' },
      { case_id: 'c-other', kind: 'avslutad', on_date: '2025-06-30', recorded_by: null, outcome: 'annat', outcome_other: 'Flyttade (påhittat)' },
    ]);
    // The indexes the reads rely on are back on the new table.
    const indexes = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'cases' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[]);
    expect(indexes).toEqual(['cases_team', 'cases_team_closed', 'cases_team_created', 'cases_team_phase', 'cases_team_status_closed']);
    // Foreign keys hold again: a consent for a case that does not exist is refused.
    expect(() =>
      db.prepare("INSERT INTO case_consents (id, case_id, organisation_id, direction, categories, purpose, valid_from, valid_to, paper_filed_at, recorded_at, recorded_by) VALUES ('k2', 'nope', 'o1', 'both', '[]', 'x', '2025-01-01', '2025-02-01', 'x', 'x', 'a1')").run(),
    ).toThrow(/FOREIGN KEY/);
    // The phase, the status and the outcome cannot disagree.
    expect(() => db.prepare("UPDATE cases SET phase = 'avslutad' WHERE id = 'c-open'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE cases SET age_band = 'sexton' WHERE id = 'c-open'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE cases SET age_band = '30+' WHERE id = 'c-open'").run();
  });

  it('rolls the whole step back when a rebuild leaves a child without its parent, foreign keys on again', () => {
    const db = vault019();
    const losesACase: Migration = { name: 'probe-loses-a-case', rebuildsTables: ['cases'], up: (d) => d.exec("DELETE FROM cases WHERE id = 'c-open'") };
    expect(() => runMigrations(db, [...MIGRATIONS.slice(0, 19), losesACase])).toThrow(/1 row\(s\) of case_consents without their parent; nothing was changed/);
    expect(db.pragma('user_version', { simple: true })).toBe(19);
    expect(db.prepare('SELECT count(*) AS n FROM cases').get()).toEqual({ n: 3 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
