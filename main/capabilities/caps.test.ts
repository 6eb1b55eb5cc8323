import { afterEach, describe, expect, it } from 'vitest';
import { teamWorld } from '../cases/test-support/team-world';
import { ReadOnlyHandleError, unsafeWritable } from '../vault/handles';
import { readCaps, writeCaps } from './caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((fixture) => fixture.close()));
});

const count = (db: { prepare(sql: string): { get(): unknown } }): number => (db.prepare('SELECT count(*) AS n FROM organisations').get() as { n: number }).n;

describe('capabilities', () => {
  it('a read-only handle reads, refuses every way to write, and changes nothing', async () => {
    const world = await teamWorld(opened);
    const caps = readCaps(world.chair.vault);
    const before = count(caps.db);
    expect(before).toBeGreaterThan(0);
    expect(caps.db.prepare('SELECT name FROM organisations ORDER BY name').all().length).toBe(before);
    expect(caps.db.pragma('user_version', { simple: true })).toBeTypeOf('number');
    // The schema's shape may be read (the record registry's check does).
    expect(caps.db.prepare('PRAGMA table_xinfo("organisations")').all().length).toBeGreaterThan(3);
    expect(caps.db.prepare('  -- the keys\n  PRAGMA foreign_key_list("organisations")').all()).toEqual([]);
    expect(caps.db.prepare('EXPLAIN QUERY PLAN SELECT * FROM organisations').all().length).toBeGreaterThan(0);

    const refused = [
      () => caps.db.prepare("INSERT INTO organisations (id, name, org_number, kind, is_own, created_at) VALUES ('x', 'X', '', 'other', 0, '2026-01-01')"),
      () => caps.db.prepare("UPDATE organisations SET name = 'Y'"),
      () => caps.db.prepare('DELETE FROM organisations'),
      () => caps.db.prepare('CREATE TABLE sneaky (id TEXT)'),
      () => caps.db.exec("UPDATE organisations SET name = 'Y'"),
      () => caps.db.transaction(() => undefined),
      () => caps.db.pragma('foreign_keys = OFF'),
      () => caps.db.pragma('journal_mode(DELETE)'),
      () => caps.db.pragma('incremental_vacuum'),
      () => caps.db.pragma('wal_checkpoint(TRUNCATE)'),
      // Statements SQLite calls read-only that change the connection or act while compiling
      // (preparing `PRAGMA rekey` re-keys the file): refused on their text, before SQLite sees them.
      () => caps.db.prepare("PRAGMA rekey = 'x'"),
      () => caps.db.prepare("PRAGMA key = 'x'"),
      () => caps.db.prepare("/* a comment first */ PRAGMA rekey = 'x'"),
      () => caps.db.prepare("EXPLAIN PRAGMA rekey = 'x'"),
      () => caps.db.prepare('PRAGMA secure_delete = OFF'),
      () => caps.db.prepare('PRAGMA foreign_keys = OFF'),
      () => caps.db.prepare('PRAGMA writable_schema = ON'),
      () => caps.db.prepare("ATTACH ':memory:' AS x"),
      () => caps.db.prepare('BEGIN'),
      () => caps.db.prepare('ROLLBACK'),
      () => caps.db.prepare('SAVEPOINT s'),
      () => caps.db.prepare('VACUUM'),
      () => caps.db.prepare("WITH gone AS (SELECT 1) DELETE FROM organisations WHERE id = 'none'"),
      () => caps.db.function('f', () => 1),
      () => caps.db.close(),
    ];
    for (const attempt of refused) expect(attempt).toThrow(ReadOnlyHandleError);
    // The connection is open and the data unchanged.
    expect(world.chair.vault.db.open).toBe(true);
    expect(count(world.admin.db)).toBe(before);
    expect(world.admin.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(world.admin.db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(world.admin.db.prepare("SELECT count(*) AS n FROM pragma_database_list WHERE name = 'x'").get()).toEqual({ n: 0 });
    expect(world.admin.db.inTransaction).toBe(false);
  });

  it('the same guard serves every call on a connection (its statement cache lasts), and a writing handle writes', async () => {
    const world = await teamWorld(opened);
    expect(readCaps(world.chair.vault).db).toBe(readCaps(world.noteTaker.vault).db);
    const caps = writeCaps(world.admin);
    const before = count(caps.db);
    caps.db.prepare("INSERT INTO organisations (id, name, org_number, kind, is_own, created_at) VALUES ('x', 'Xtra', '', 'other', 0, '2026-01-01')").run();
    expect(count(caps.db)).toBe(before + 1);
  });

  it('the escape hatch needs a reason a reviewer can read, and then gives the connection back', async () => {
    const world = await teamWorld(opened);
    const caps = readCaps(world.admin);
    expect(() => unsafeWritable(caps.db, 'because')).toThrow(/reason/);
    const writable = unsafeWritable(caps.db, 'a test of the escape hatch itself');
    expect(writable).toBe(world.admin.db);
    expect(() => writable.prepare('DELETE FROM organisations WHERE id = ?').run('nothing-such')).not.toThrow();
  });

  it('the access context is the asker’s: roles per team today, organisation, date — computed once per call', async () => {
    const world = await teamWorld(opened);
    const chair = readCaps(world.chair.vault);
    expect(chair.access.actor).toEqual({ accountId: world.chair.vault.account?.id, isAdmin: false });
    expect(chair.access.date).toBe('2026-11-23');
    expect(chair.access.organisationId).toBe(world.ownOrganisationId);
    expect([...chair.access.activeRoles]).toEqual([[world.team.id, 'chair']]);
    expect([...readCaps(world.fkMember.vault).access.readTeams]).toEqual([[world.team.id, 'member']]);
    expect([...readCaps(world.outsider.vault).access.readTeams]).toEqual([]);
    // Once per call: the same object while the caps live; the next call's caps see the next day.
    expect(chair.access).toBe(chair.access);
    world.clock.advance(24 * 3_600_000);
    expect(chair.access.date).toBe('2026-11-23');
    expect(readCaps(world.chair.vault).access.date).toBe('2026-11-24');
  });

  it('caps need a signed-in account; writing ones check the fence first', async () => {
    const world = await teamWorld(opened);
    expect(() => readCaps(world.admin.as(null))).toThrow(expect.objectContaining({ code: 'unauthenticated' }));
    const fenced = world.admin.as(world.admin.account);
    fenced.fence = () => {
      throw new Error('fenced: another instance holds the vault');
    };
    expect(() => writeCaps(fenced)).toThrow(/fenced/);
    expect(() => readCaps(fenced)).not.toThrow();
  });

  it('the audit sink writes one row as the asker', async () => {
    const world = await teamWorld(opened);
    const caps = readCaps(world.chair.vault);
    caps.audit.record('case.read', {}, 'UT-2026-999');
    const row = world.admin.db.prepare("SELECT account_id, action, case_code FROM audit_log WHERE case_code = 'UT-2026-999'").get();
    expect(row).toEqual({ account_id: world.chair.vault.account?.id, action: 'case.read', case_code: 'UT-2026-999' });
  });
});
