import { randomInt } from 'node:crypto';
import path from 'node:path';
import { toExcelCsv } from '../../../shared/csv/excel-csv';
import { writeAuditedExport } from '../../exports/export-files';
import type { AuditRow } from '../../../shared/ipc/contract';
import type { DomainHandlers } from '../../ipc/registry';
import { AppError } from '../../../shared/ipc/errors';
import { stockholmDate, stockholmDayRange } from '../../../shared/time/zone';
import type { ReadCaps } from '../../capabilities/caps';
import { verifyAudit } from '../../vault/audit/audit-log';
import type { VaultManager } from '../../vault/vault-manager';
import { audited, reads, writes } from '../compose';
import { type AuditNames, auditNameResolver } from './describe';

interface Row {
  seq: number;
  at: string;
  username: string | null;
  actor_name: string | null;
  organisation_name: string | null;
  action: string;
  case_code: string | null;
  detail: string;
  reviewed_at: string | null;
}

const SELECT = `SELECT l.seq, l.at, a.username, a.display_name AS actor_name, o.name AS organisation_name, l.action, l.case_code, l.detail, r.reviewed_at
  FROM audit_log l
  LEFT JOIN accounts a ON a.id = l.account_id
  LEFT JOIN organisations o ON o.id = l.organisation_id
  LEFT JOIN audit_reviews r ON r.seq = l.seq`;

const toView = (row: Row, names: AuditNames = {}): AuditRow => ({
  seq: row.seq,
  at: row.at,
  username: row.username,
  actorName: row.actor_name,
  organisationName: row.organisation_name,
  action: row.action,
  caseCode: row.case_code,
  detail: row.detail,
  reviewedAt: row.reviewed_at,
  names,
});

/** The rows as the admin's page shows them: each with the names its sentence needs. */
function described(caps: ReadCaps, rows: readonly Row[]): AuditRow[] {
  const resolve = auditNameResolver(caps.db);
  return rows.map((row) => toView(row, resolve(row.action, row.detail)));
}

/**
 * Dates are whole Swedish days (Europe/Stockholm, whatever zone the process runs in); stored
 * times are UTC instants, so compare on the instant range.
 */
function range(from?: string, to?: string): [string, string] {
  const { start, end } = stockholmDayRange(from, to);
  return [start?.toISOString() ?? '0000', end?.toISOString() ?? '9999'];
}

/** The audit log for admins: list, verify, and the log follow-up sample (reads to review). */
export function auditHandlers(manager: VaultManager): DomainHandlers {
  return {
    'audit:export-csv': reads(manager, async (caps, input) => {
      const [start, end] = range(input.from, input.to);
      const rows = (caps.db.prepare(`${SELECT} WHERE l.at >= ? AND l.at < ? ORDER BY l.seq`).all(start, end) as Row[]).map((row) => toView(row));
      const csv = toExcelCsv(
        ['Nr', 'Tid (UTC)', 'Användare', 'Organisation', 'Händelse', 'Ärende', 'Detaljer', 'Granskad'],
        rows.map((r) => [r.seq, r.at, r.username, r.organisationName, r.action, r.caseCode, r.detail, r.reviewedAt]),
      );
      // A disclosure: audited, once written, with the file's hash, so the copy can be recognised later
      // (by writeAuditedExport, which takes the file away again if its row cannot be written).
      const written = await writeAuditedExport(input.folder, `granskningslogg-${stockholmDate(caps.clock.now())}.csv`, csv, ({ file, sha256 }) =>
        caps.audit.record('audit.exported', { rows: rows.length, sha256, fileName: path.basename(file) }),
      );
      return { ...written, rows: rows.length };
    }),
    'audit:list': reads(
      manager,
      audited(
        (_input, shown) => ({ action: 'audit.viewed', detail: { rows: shown.length } }),
        (caps, input) => {
          const [start, end] = range(input.from, input.to);
          const rows = caps.db.prepare(`${SELECT} WHERE l.at >= ? AND l.at < ? ORDER BY l.seq DESC LIMIT ?`).all(start, end, input.limit) as Row[];
          return described(caps, rows);
        },
      ),
    ),
    'audit:verify': reads(
      manager,
      audited(
        (_input, verdict) => ({ action: 'audit.verified', detail: { ok: verdict.ok } }),
        (caps) => {
          const verdict = verifyAudit(caps.db);
          return {
            ok: verdict.ok,
            headSeq: verdict.head.seq,
            headHash: verdict.head.hash,
            firstBrokenSeq: verdict.ok ? null : verdict.firstBrokenSeq,
            reason: verdict.ok ? null : verdict.reason,
          };
        },
      ),
    ),
    'audit:sample': reads(manager, (caps, input) => {
      const [start, end] = range(input.from, input.to);
      // Reads of sensitive records, the rows logguppföljning samples from.
      const candidates = caps.db.prepare(`${SELECT} WHERE l.at >= ? AND l.at < ? AND l.action LIKE '%.read%'`).all(start, end) as Row[];
      for (let i = candidates.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [candidates[i], candidates[j]] = [candidates[j] as Row, candidates[i] as Row];
      }
      return described(caps, candidates.slice(0, input.size).sort((a, b) => a.seq - b.seq));
    }),
    'audit:acknowledge-alarm': () => {
      // The router has checked the role; the acknowledgement is audited before the witness moves.
      if (!manager.auditAlarm) throw new AppError('conflict', 'No audit alarm stands on this PC', { reason: 'already_done' });
      return { headSeq: manager.acknowledgeAuditAlarm().head.seq };
    },
    'audit:mark-reviewed': writes(manager, (caps, input) => {
      let marked = 0;
      caps.db.transaction(() => {
        const insert = caps.db.prepare('INSERT OR IGNORE INTO audit_reviews (seq, reviewed_by, reviewed_at) SELECT seq, ?, ? FROM audit_log WHERE seq = ?');
        for (const seq of input.seqs) marked += insert.run(caps.account.id, caps.clock.now().toISOString(), seq).changes;
        caps.audit.record('audit.reviewed', { marked });
      })();
      return { marked };
    }),
  };
}
