import type { AuditAction } from '../../shared/audit/events';
import { AppError } from '../../shared/ipc/errors';
import type { TeamRole } from '../../shared/roster/model';
import { stockholmDate } from '../../shared/time/zone';
import type { Clock } from '../runtime/clock';
import { cachedStatement } from '../vault/db/statements';
import { type ReadableDB, type WritableDB, readableHandle, writableHandle } from '../vault/handles';
import type { AccountInfo, UnlockedVault } from '../vault/vault';

/**
 * What a domain function is given instead of the vault (issue 19; VS Code's services receive the
 * narrow interfaces they declare): a database handle that says whether it may write
 * (main/vault/handles.ts), an audit sink, the clock, and who is asking — the signed-in account
 * and their access context, computed once per call. Never the key, the header, the backups or
 * the connection's other powers: those stay in main/vault/.
 *
 * `ReadCaps` reads (its handle refuses any statement that writes); `WriteCaps` also writes. A
 * `WriteCaps` is a `ReadCaps`, so a writing function may call a reading one.
 */
export interface ReadCaps {
  readonly db: ReadableDB;
  readonly clock: Clock;
  /** Appends to the tamper-evident audit log: the one write a read makes (a `case.read` row). */
  readonly audit: AuditSink;
  /** Who is asking. */
  readonly account: AccountInfo;
  /** The asker's roles, organisation and the day, computed once (on first use) for this call. */
  readonly access: AccessContext;
}

export interface WriteCaps extends ReadCaps {
  readonly db: WritableDB;
}

export type AuditDetail = Record<string, string | number | boolean | null>;

export interface AuditSink {
  /** One audit row: who (the caps' account), what, a case code if it concerns one; never the content. */
  record(action: AuditAction, detail?: AuditDetail, caseCode?: string): void;
}

export interface Actor {
  readonly accountId: string;
  readonly isAdmin: boolean;
}

/** The reader, as every rule of one call sees them: their team roles today, their organisation, the day. */
export interface AccessContext {
  readonly actor: Actor;
  /** Today in Europe/Stockholm (ISO), fixed for the call. */
  readonly date: string;
  readonly organisationId: string | null;
  /** Teams whose records the reader reads today (an archived team's too), with the role. */
  readonly readTeams: ReadonlyMap<string, TeamRole>;
  /** Roles that change things: active today, in teams not archived. */
  readonly activeRoles: ReadonlyMap<string, TeamRole>;
}

const ROLES_INCLUDING_ARCHIVED = `SELECT tm.team_id, tm.role FROM team_memberships tm JOIN members m ON m.id = tm.member_id JOIN teams t ON t.id = tm.team_id
  WHERE m.account_id = ? AND tm.active_from <= ? AND (tm.active_to IS NULL OR tm.active_to >= ?)
    AND m.active_from <= ? AND (m.active_to IS NULL OR m.active_to >= ?)`;
const ROLES = `${ROLES_INCLUDING_ARCHIVED} AND t.archived_at IS NULL`;

/**
 * An account's active roles per team on `date` (a role counts while both it and the member are
 * active). An archived team gives no roles that change anything; `includeArchived` is for reading
 * its records, which its members keep.
 */
export function rolesOn(db: ReadableDB, accountId: string, date: string, options: { includeArchived?: boolean } = {}): Map<string, TeamRole> {
  const rows = cachedStatement(db, options.includeArchived ? ROLES_INCLUDING_ARCHIVED : ROLES).all(accountId, date, date, date, date) as { team_id: string; role: TeamRole }[];
  return new Map(rows.map((row) => [row.team_id, row.role]));
}

/** The access context of `account` on the clock's day. */
export function accessContextOf(db: ReadableDB, account: AccountInfo, clock: Clock): AccessContext {
  const date = stockholmDate(clock.now());
  return {
    actor: { accountId: account.id, isAdmin: account.roles.includes('admin') },
    date,
    organisationId: account.organisationId,
    readTeams: rolesOn(db, account.id, date, { includeArchived: true }),
    activeRoles: rolesOn(db, account.id, date),
  };
}

/** Today (Europe/Stockholm) by the caps' clock — the access context's day when it was computed. */
export function todayOf(caps: Pick<ReadCaps, 'access'>): string {
  return caps.access.date;
}

class Caps implements WriteCaps {
  #access: AccessContext | null = null;
  constructor(
    readonly db: WritableDB,
    readonly clock: Clock,
    readonly audit: AuditSink,
    readonly account: AccountInfo,
  ) {}

  get access(): AccessContext {
    this.#access ??= accessContextOf(this.db, this.account, this.clock);
    return this.#access;
  }
}

class ReadOnlyCaps implements ReadCaps {
  #access: AccessContext | null = null;
  constructor(
    readonly db: ReadableDB,
    readonly clock: Clock,
    readonly audit: AuditSink,
    readonly account: AccountInfo,
  ) {}

  get access(): AccessContext {
    this.#access ??= accessContextOf(this.db, this.account, this.clock);
    return this.#access;
  }
}

function signedIn(vault: UnlockedVault): AccountInfo {
  const account = vault.account;
  if (!account) throw new AppError('unauthenticated', 'This needs a signed-in account');
  return account;
}

function sinkOf(vault: UnlockedVault): AuditSink {
  return { record: (action, detail, caseCode) => vault.audit(action, detail, caseCode) };
}

function clockOf(vault: UnlockedVault): Clock {
  return { now: () => vault.now() };
}

/**
 * Capabilities to read, for one call by the vault's signed-in account. Made by the channel
 * wrappers (main/services/compose.ts), the CLI, the seed and tests — never by a domain.
 */
export function readCaps(vault: UnlockedVault): ReadCaps {
  return new ReadOnlyCaps(readableHandle(vault.db), clockOf(vault), sinkOf(vault), signedIn(vault));
}

/**
 * Capabilities to write, for one call. The vault's fence is checked first: an instance that lost
 * the vault to another (a takeover) starts no write.
 */
export function writeCaps(vault: UnlockedVault): WriteCaps {
  vault.fence();
  return new Caps(writableHandle(vault.db), clockOf(vault), sinkOf(vault), signedIn(vault));
}

