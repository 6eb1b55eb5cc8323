// Gallring from indexed queries (issue 16): the plan behind the preview and every purge finds its
// rows through indexes, set-based — checked on the plans SQLite makes for every statement a
// preview and a purge run (never by timing them) — and it trusts no walk of the audit chain that
// let an acknowledged break through.
import { afterEach, describe, expect, it } from 'vitest';
import { type AcceptedBreak, GENESIS_HASH, auditChainIntact, verifyAudit, verifyAuditRange } from '../vault/audit/audit-log';
import type { Db } from '../vault/db/open-vault';
import { PLAN_SQL, purgePreview, runPurge } from './purge';
import { teamWorld } from '../cases/test-support/team-world';
import { stockholmDate } from '../../shared/time/zone';
import { worldWithOldRecords } from './test-support/old-records';
import { madeUpAction } from '../test-support/audit-action';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

/** EXPLAIN QUERY PLAN of a statement, its parameters bound to empty values (named ones by name). */
function queryPlan(db: Db, sql: string): string[] {
  const named = [...new Set(Array.from(sql.matchAll(/@(\w+)/g), (m) => m[1] ?? ''))];
  const params = named.length > 0 ? [Object.fromEntries(named.map((name) => [name, '[]']))] : Array.from(sql.matchAll(/\?/g), () => '');
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail);
}

/** Every SQL text the connection prepares while `run` runs (the statement cache prepares each once per connection). */
function statementsRun(db: Db, run: () => void): string[] {
  const seen = new Set<string>();
  const prepare = db.prepare.bind(db);
  const spy = (sql: string) => {
    seen.add(sql);
    return prepare(sql);
  };
  Object.assign(db, { prepare: spy });
  try {
    run();
  } finally {
    Object.assign(db, { prepare });
  }
  return [...seen];
}

/** A table read row by row (not a virtual table, not only a covering index). */
const tableScan = (line: string): boolean => line.startsWith('SCAN ') && !line.includes('VIRTUAL TABLE') && !line.includes('COVERING INDEX');

describe('the gallring plan and purge use indexes', () => {
  it('finds what is due through indexes: dates from covering indexes, the audit log’s due run from `audit_log_at`, held-back cases by their ids', async () => {
    const { admin } = await worldWithOldRecords(opened);
    const db = admin.db;
    const expected: Record<keyof typeof PLAN_SQL, RegExp> = {
      meetings: /SEARCH meetings USING COVERING INDEX meetings_date \(date<\?\)/,
      sessions: /SEARCH supervision_sessions USING COVERING INDEX supervision_sessions_date \(date<\?\)/,
      handovers: /SEARCH handovers USING COVERING INDEX handovers_date \(date<\?\)/,
      packets: /SEARCH packets_received USING COVERING INDEX packets_received_at \(received_at<\?\)/,
      caseLastEntries: /SCAN case_items USING COVERING INDEX case_items_case_committed/,
      heldBack: /SEARCH a USING INDEX agenda_items_case \(case_id=\?\)[\s\S]*SEARCH c USING (COVERING )?INDEX case_items_case(_committed)? \(case_id=\?\)[\s\S]*SEARCH p USING INDEX packets_received_case \(case_id=\?\)/,
      auditFirst: /SEARCH audit_log USING INTEGER PRIMARY KEY \(rowid=\?\)/,
      auditNewest: /SEARCH audit_log/,
      auditBefore: /SEARCH audit_log USING COVERING INDEX audit_log_at \(at<\?\)/,
      auditFirstFrom: /SEARCH audit_log USING INTEGER PRIMARY KEY \(rowid>\?\)/,
    };
    for (const [name, sql] of Object.entries(PLAN_SQL) as [keyof typeof PLAN_SQL, string][]) {
      const lines = queryPlan(db, sql);
      expect(lines.join('\n'), name).toMatch(expected[name]);
      // Never the log's or the discussions' rows, nor the minutes' or packets' (their dates are in indexes).
      expect(lines.filter((line) => tableScan(line) && /^SCAN (audit_log|case_items|meetings|packets_received|supervision_sessions)\b/.test(line)), name).toEqual([]);
    }
  });

  it('runs no statement that reads the audit log or the discussions row by row, and deletes only through indexes (preview, purge, preview again)', async () => {
    const { admin } = await worldWithOldRecords(opened);
    const db = admin.db;
    let counts: ReturnType<typeof purgePreview>['counts'] | null = null;
    const statements = statementsRun(db, () => {
      const preview = purgePreview(readCaps(admin));
      counts = preview.counts;
      runPurge(writeCaps(admin), { confirmed: preview.counts, digest: preview.digest });
      purgePreview(readCaps(admin));
    });
    // The run did purge every kind (so every delete was prepared and planned here).
    expect(counts).toMatchObject({ 'case-records': 1, minutes: 2, supervision: 1, handovers: 2 });
    expect((counts as { 'audit-log': number } | null)?.['audit-log']).toBeGreaterThan(0);
    expect(statements.some((sql) => sql.startsWith('DELETE FROM audit_log'))).toBe(true);
    const problems: string[] = [];
    for (const sql of statements.filter((s) => !s.startsWith('PRAGMA'))) {
      const lines = queryPlan(db, sql);
      for (const line of lines) {
        if (tableScan(line) && /^SCAN (audit_log|case_items)\b/.test(line)) problems.push(`${sql}\n  → ${line}`);
        if (/^\s*(DELETE|INSERT OR IGNORE)/.test(sql) && tableScan(line)) problems.push(`${sql}\n  → ${line}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('what the connection has walked of the chain is not walked again by a preview through its read-only handle (the same connection)', async () => {
    const { admin } = await worldWithOldRecords(opened);
    const db = admin.db;
    // The walk after unlock goes through the connection itself.
    expect(auditChainIntact(db)).toBe(true);
    const head = (db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number }).seq;
    // Where each walk of the chain starts (the row after which it reads).
    const starts: unknown[] = [];
    const prepare = db.prepare.bind(db);
    Object.assign(db, {
      prepare: (sql: string) => {
        const statement = prepare(sql);
        if (!sql.startsWith('SELECT * FROM audit_log WHERE seq >')) return statement;
        const iterate = statement.iterate.bind(statement);
        return Object.assign(statement, { iterate: (...args: unknown[]) => (starts.push(args[0]), iterate(...args)) });
      },
    });
    try {
      purgePreview(readCaps(admin));
    } finally {
      Object.assign(db, { prepare });
    }
    // It walked, and only the rows after the head it had walked: none.
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.every((start) => start === head)).toBe(true);
  });

  it('a walk that finds a break drops what the connection had walked, and one that let an acknowledged break through vouches for nothing: no audit rows are purged', async () => {
    const { admin } = await worldWithOldRecords(opened);
    const db = admin.db;
    expect(auditChainIntact(db)).toBe(true);
    db.prepare("UPDATE audit_log SET action = 'nothing.happened' WHERE seq = 2").run();
    // The full check (or any walk) comes upon the changed row.
    const broken = verifyAuditRange(db, { seq: 0, hash: GENESIS_HASH });
    if (broken.ok) throw new Error('the changed row should break the chain');
    const accepted: AcceptedBreak[] = [broken.brokenRow];
    // The full check lets an acknowledged row pass as it stands…
    expect(verifyAuditRange(db, { seq: 0, hash: GENESIS_HASH }, { accepted })).toMatchObject({ ok: true });
    // …but a purge asks whether the chain itself verifies, as a full walk says.
    expect(auditChainIntact(db)).toBe(false);
    expect(purgePreview(readCaps(admin)).counts['audit-log']).toBe(0);
    expect(verifyAudit(db).ok).toBe(false);
  });

  it('takes the same audit rows as the row-by-row rule: the oldest unbroken run before the Stockholm day the cut-off begins, a clock set back included', async () => {
    const { admin, clock } = await teamWorld(opened, '2026-11-30T20:00:00Z');
    const db = admin.db;
    // The last instant of 30 November in Stockholm, then its first of 1 December (23:00 UTC in winter).
    clock.set('2026-11-30T22:59:59.999Z');
    admin.audit(madeUpAction('test.before-cutoff'), {});
    clock.set('2026-11-30T23:00:00.000Z');
    admin.audit(madeUpAction('test.at-cutoff'), {});
    // A PC whose clock was behind: due by its date, but after a row that is not — the run ends before it.
    clock.set('2026-06-01T08:00:00Z');
    admin.audit(madeUpAction('test.clock-behind'), {});
    clock.set('2031-12-01T09:00:00Z');
    // The rule as the plan used to apply it: row by row from the oldest, until one is not due (never the newest).
    const reference = (): number => {
      const rows = db.prepare('SELECT seq, at FROM audit_log ORDER BY seq').all() as { seq: number; at: string }[];
      const newest = rows[rows.length - 1]?.seq ?? 0;
      let n = 0;
      for (const row of rows) {
        if (row.seq >= newest || stockholmDate(new Date(row.at)) >= '2026-12-01') break;
        n += 1;
      }
      return n;
    };
    const preview = purgePreview(readCaps(admin));
    expect(preview.groups.find((g) => g.kind === 'audit-log')).toMatchObject({ cutoff: '2026-12-01', count: reference() });
    const lastDue = db.prepare("SELECT seq FROM audit_log WHERE action = 'test.before-cutoff'").get() as { seq: number };
    expect(preview.counts['audit-log']).toBe(lastDue.seq);
    runPurge(writeCaps(admin), { confirmed: preview.counts, digest: preview.digest });
    expect(db.prepare('SELECT action FROM audit_log ORDER BY seq LIMIT 2').all()).toEqual([{ action: 'test.at-cutoff' }, { action: 'test.clock-behind' }]);
    expect(verifyAudit(db)).toMatchObject({ ok: true });
    // The row at the cut-off now heads the log: nothing more is due (the set-back row waits behind it).
    expect(purgePreview(readCaps(admin)).counts['audit-log']).toBe(0);
    expect(reference()).toBe(0);
  });
});
