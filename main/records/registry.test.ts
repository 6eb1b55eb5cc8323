// The record registry (issue 19) held to the schema of a real encrypted vault with every migration
// applied: every table is declared by its domain, every declared link is in the schema, and a
// table added without a declaration fails here — shown by a probe migration run only in this test.
import { afterEach, describe, expect, it } from 'vitest';
import { ensureSearchPart } from '../meetings/search-index';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { useTempDirs } from '../test-support/temp-dir';
import { MIGRATIONS, type Migration } from '../vault/db/migrations';
import { runMigrations } from '../vault/db/open-vault';
import { FLOOR_KDF } from '../vault/test-support/fast-kdf';
import { type UnlockedVault, createVault, unlockVault } from '../vault/vault';
import { checkRegistry, schemaTables, subjectsOf } from './check';
import { type TableDeclaration, declareRecords, isLinked } from './model';
import { RECORD_REGISTRY } from './registry';

const tempDir = useTempDirs();
const opened: UnlockedVault[] = [];
afterEach(() => {
  for (const vault of opened.splice(0)) vault.close();
});

const admin = { username: 'admin.anna', displayName: 'Anna Admin', password: 'korrekt häst batteri häftklammer' };

/** A fresh vault (all migrations), with two search parts made as the app makes them (a positive and a negative part). */
async function vault(): Promise<UnlockedVault> {
  const dataDir = await tempDir();
  const deps = { clock: new ManualClock('2026-11-23T08:00:00Z'), logger: new MemoryLogger(), kdf: FLOOR_KDF };
  await createVault(dataDir, { orgName: 'Samordningsförbundet Umeåregionen', orgNumber: '222000-1834', admin }, deps);
  const unlocked = await unlockVault(dataDir, admin.username, admin.password, deps);
  opened.push(unlocked);
  unlocked.db.transaction(() => {
    ensureSearchPart(unlocked.db, 0);
    ensureSearchPart(unlocked.db, -1);
  })();
  return unlocked;
}

const probe: Migration = {
  name: 'probe-unregistered-table',
  up(db) {
    db.exec('CREATE TABLE probe_notes (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), body TEXT NOT NULL) STRICT');
  },
};

/** The registry with one table's declaration replaced. */
function replacing(table: string, declaration: TableDeclaration): TableDeclaration[] {
  return RECORD_REGISTRY.map((d) => ('table' in d && d.table === table ? declaration : d));
}

describe('the record registry', () => {
  it('accounts for every table of the schema, FTS5 search parts and their shadow tables included', async () => {
    const { db } = await vault();
    const names = schemaTables(db).map((t) => t.name);
    // The parts and FTS5's shadow tables are really there, so the pattern entry is really tested.
    expect(names).toEqual(expect.arrayContaining(['search_fts_p0', 'search_fts_m1', 'search_fts_p0_data', 'search_fts_p0_idx', 'search_fts_p0_content', 'search_fts_p0_docsize', 'search_fts_p0_config', 'search_fts_m1_data']));
    expect(names.length).toBeGreaterThanOrEqual(35 + 2 * 6);
    expect(checkRegistry(db, RECORD_REGISTRY)).toEqual([]);
  });

  it('fails on a table a migration adds without declaring it, naming the table', async () => {
    const { db } = await vault();
    runMigrations(db, [...MIGRATIONS, probe]);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    expect(checkRegistry(db, RECORD_REGISTRY)).toEqual([
      'probe_notes: neither registered nor marked as holding no case-linked data (columns: id, case_id, body; foreign keys: case_id → cases) — declare it in its domain\'s records.ts (docs/architecture.md, "How to add a table")',
    ]);
    // Declared with its link, the probe passes; marked as holding nothing about a case, it does not.
    const linked = [...RECORD_REGISTRY, ...declareRecords('probe', [{ table: 'probe_notes', links: [{ column: 'case_id', references: 'cases' }] }])];
    expect(checkRegistry(db, linked)).toEqual([]);
    const unlinked = [...RECORD_REGISTRY, ...declareRecords('probe', [{ table: 'probe_notes', noCaseData: 'says nothing about a case' }])];
    expect(checkRegistry(db, unlinked)).toEqual(['probe_notes: marked as holding no case-linked data, but case_id references cases']);
  });

  it('fails when a declared link is not what the schema has', async () => {
    const { db } = await vault();
    const wrongTarget = replacing('case_consents', declareRecords('cases', [{ table: 'case_consents', links: [{ column: 'case_id', references: 'meetings' }] }])[0] as TableDeclaration);
    expect(checkRegistry(db, wrongTarget)).toEqual([
      'case_consents.case_id → meetings: no such foreign key in the schema (case_id references cases(id)) — declared by cases',
      'case_consents.case_id → cases: a foreign key towards case-linked data that cases does not declare as a link',
    ]);
    const noColumn = replacing('packets_sent', declareRecords('handover', [{ table: 'packets_sent', links: [{ column: 'handover', references: 'handovers' }] }])[0] as TableDeclaration);
    expect(checkRegistry(db, noColumn)).toEqual([
      'packets_sent.handover → handovers: packets_sent has no column handover',
      'packets_sent.handover → handovers: no such foreign key in the schema (handover has none) — declared by handover',
      'packets_sent.handover_id → handovers: a foreign key towards case-linked data that handover does not declare as a link',
    ]);
    const tombstones = RECORD_REGISTRY.find((d) => 'table' in d && d.table === 'gallring_tombstones');
    if (!tombstones || !isLinked(tombstones)) throw new Error('gallring_tombstones is declared with links');
    const unsaid = replacing('gallring_tombstones', { ...tombstones, links: tombstones.links.map((l) => (l.column === 'case_id' ? { column: l.column, references: l.references, enforced: false as const } : l)) });
    expect(checkRegistry(db, unsaid)).toEqual(['gallring_tombstones.case_id → cases: a link without a foreign key must say why']);
  });

  it('fails when a link the schema has is left out, or a declared table is not in the schema', async () => {
    const { db } = await vault();
    const actions = RECORD_REGISTRY.find((d) => 'table' in d && d.table === 'actions');
    if (!actions || !isLinked(actions)) throw new Error('actions is declared with links');
    const withoutCase = replacing('actions', { ...actions, links: actions.links.filter((l) => l.column !== 'case_id') });
    expect(checkRegistry(db, withoutCase)).toEqual(['actions.case_id → cases: a foreign key towards case-linked data that meetings does not declare as a link']);
    const extra = [...RECORD_REGISTRY, ...declareRecords('probe', [{ table: 'gone_table', noCaseData: 'never made' }])];
    expect(checkRegistry(db, extra)).toEqual(['gone_table: declared by probe but not in the schema']);
    const twice = [...RECORD_REGISTRY, ...declareRecords('probe', [{ table: 'teams', noCaseData: 'again' }])];
    expect(checkRegistry(db, twice)).toEqual(['teams: declared twice (by roster and probe)']);
  });

  it('says what each table is about, through its links', () => {
    expect(subjectsOf(RECORD_REGISTRY, 'actions')).toEqual(['case', 'meeting', 'member']);
    expect(subjectsOf(RECORD_REGISTRY, 'item_drafts')).toEqual(['case', 'meeting']);
    expect(subjectsOf(RECORD_REGISTRY, 'packets_sent')).toEqual(['case', 'handover']);
    expect(subjectsOf(RECORD_REGISTRY, 'private_notes')).toEqual(['supervision-session']);
    expect(subjectsOf(RECORD_REGISTRY, 'search_fts_p3')).toEqual(['case', 'meeting']);
    expect(subjectsOf(RECORD_REGISTRY, 'teams')).toEqual([]);
  });
});
