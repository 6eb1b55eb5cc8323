import type { AuditAction } from '../../shared/audit/events';
import { AppError } from '../../shared/ipc/errors';
import { type AuditDetail, type ReadCaps, type WriteCaps, readCaps, writeCaps } from '../capabilities/caps';
import { mayEditTeamRecords, mayFinaliseTeamRecords, mayManageTeam, mayReadTeamRecords } from '../roster/access';
import type { UnlockedVault } from '../vault/vault';

/** Where the open vault comes from (the VaultManager; throws while locked). */
export interface OpenVault {
  readonly vault: UnlockedVault;
}

/**
 * The cross-cutting rules of a channel, as wrappers around the domain function it calls (the
 * pattern of Actual Budget's `app.method('…', mutator(undoable(fn)))`), so a channel's line says
 * what it does — reads or writes, for which team role, what it audits — and the domain function
 * holds only its rule:
 *
 *   'cases:close': writes(manager, closeCase),
 *   'meetings:list': reads(manager, forTeam('read', (input) => input.teamId, (caps, input) => listMeetings(caps, input.teamId))),
 *   'register:extract': reads(manager, audited(registerExtracted, registerExtract)),
 *
 * `reads` hands the function a read-only handle (a statement that writes throws, and nothing
 * changes); `writes` checks the vault's fence first and hands a writing one. The domain function
 * owns its transactions (one per change, with its audit row). Both make the caps for one call, so
 * the asker's access context is computed once.
 */
export type NotPromise<T> = T extends PromiseLike<unknown> ? never : T;

export function reads<I, O>(manager: OpenVault, fn: (caps: ReadCaps, input: I) => O): (input: I) => O {
  return (input) => fn(readCaps(manager.vault), input);
}

export function writes<I, O>(manager: OpenVault, fn: (caps: WriteCaps, input: I) => O): (input: I) => O {
  return (input) => fn(writeCaps(manager.vault), input);
}

export type TeamRight = 'read' | 'edit' | 'finalise' | 'manage';

const TEAM_RIGHTS: Record<TeamRight, { readonly may: (caps: ReadCaps, teamId: string) => boolean; readonly refusal: () => AppError }> = {
  read: { may: (caps, teamId) => mayReadTeamRecords(caps.access, teamId), refusal: () => new AppError('forbidden', "Only the team's members see its records", { reason: 'not_team_member' }) },
  edit: { may: (caps, teamId) => mayEditTeamRecords(caps.access, teamId), refusal: () => new AppError('forbidden', "Only the team's chair or note-taker may change its records", { reason: 'not_team_editor' }) },
  finalise: { may: (caps, teamId) => mayFinaliseTeamRecords(caps.access, teamId), refusal: () => new AppError('forbidden', "Only the team's chair may do this", { reason: 'not_team_chair' }) },
  manage: { may: (caps, teamId) => mayManageTeam(caps.access, teamId), refusal: () => new AppError('forbidden', "Only an admin or the team's chair may do this", { reason: 'not_team_chair' }) },
};

/**
 * The call needs a right in the team its input names, checked against the caps' access context
 * before the function runs (the function may check rows of its own, e.g. a case's team).
 */
export function forTeam<C extends ReadCaps, I, O>(right: TeamRight, teamOf: (input: I) => string, fn: (caps: C, input: I) => O): (caps: C, input: I) => O {
  return (caps, input) => {
    const rule = TEAM_RIGHTS[right];
    if (!rule.may(caps, teamOf(input))) throw rule.refusal();
    return fn(caps, input);
  };
}

export interface AuditEvent {
  readonly action: AuditAction;
  readonly detail?: AuditDetail;
  readonly caseCode?: string;
}

/**
 * Writes one audit row once the function has succeeded (for an async function: once it has
 * resolved), described from its input and answer; a failure is not audited here (the domain
 * audits refusals it must keep). For calls whose whole effect is one event — an export written,
 * a check run — so the channel's line names the event.
 */
export function audited<C extends ReadCaps, I, O>(event: (input: I, output: Awaited<O>) => AuditEvent, fn: (caps: C, input: I) => O): (caps: C, input: I) => O {
  return (caps, input) => {
    const output = fn(caps, input);
    const record = (value: Awaited<O>): void => {
      const { action, detail, caseCode } = event(input, value);
      caps.audit.record(action, detail ?? {}, caseCode);
    };
    if (isPromiseLike(output)) {
      return Promise.resolve(output).then((value) => {
        record(value as Awaited<O>);
        return value;
      }) as O;
    }
    record(output as Awaited<O>);
    return output;
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
