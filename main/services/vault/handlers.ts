import type { AccountView, VaultNoticeView, VaultStatus } from '../../../shared/ipc/contract';
import { AppError, type RefusalDetail, assertNever } from '../../../shared/ipc/errors';
import type { DomainHandlers } from '../../ipc/registry';
import type { Logger } from '../../runtime/log';
import { writeAuditedExport } from '../../exports/export-files';
import { ensureOrgKeys } from '../../handover/keys-repo';
import { createOwnMember } from '../../roster/first-run';
import { beginKeyRotation, changePassword } from '../../vault/accounts';
import { openRecoverySlot } from '../../vault/keys/header';
import { readHeader } from '../../vault/keys/header-store';
import { parseRecoveryKey } from '../../vault/keys/recovery-key';
import { DatabaseBusyError, VaultTooNewError } from '../../vault/db/open-vault';
import { VaultHeldError } from '../../vault/holder-lock';
import { type VaultManager, TooManyAttemptsError } from '../../vault/vault-manager';
import { type AccountInfo, type VaultNotice, VaultError } from '../../vault/vault';
import { RotationPendingError, completeRotation, confirmRecoveryKey, revealNewRecoveryKey, rolledBackRotation, rotationAwaitingConfirmation } from '../../vault/rotation';
import { writeCaps } from '../../capabilities/caps';

function view(account: AccountInfo | null): AccountView | null {
  return account ? { username: account.username, displayName: account.displayName, roles: [...account.roles], mustChangePassword: account.mustChangePassword } : null;
}

function noticeView(notice: VaultNotice): VaultNoticeView {
  switch (notice.kind) {
    case 'header-recovered': {
      const { source } = notice;
      if (source.kind === 'live') throw new Error('a recovered header comes from elsewhere');
      return { kind: notice.kind, source: source.kind, name: source.kind === 'backup' ? source.name : `vault.keys.bak${source.n}`, generation: notice.generation };
    }
    case 'rotation-completed':
    case 'rotation-rolled-back':
      return { kind: notice.kind, startedAt: notice.startedAt };
    case 'rotation-unfinished':
      return { kind: notice.kind, startedAt: notice.startedAt, problem: notice.problem };
    default:
      return assertNever(notice);
  }
}

function status(manager: VaultManager, demo: boolean): VaultStatus {
  const unlocked = manager.state === 'unlocked';
  return { state: manager.state, account: view(manager.account), auditAlarm: unlocked ? manager.auditAlarm : null, ...(unlocked ? { auditCheck: auditCheck(manager) } : {}), demo };
}

/** Where the full walk of the audit chain after unlock stands, for the page (About). */
function auditCheck(manager: VaultManager): VaultStatus['auditCheck'] {
  const state = manager.fullCheck;
  if (!state) return null;
  const progress = manager.fullCheckProgress ?? { verified: 0, total: 0 };
  return { state, verified: progress.verified, total: progress.total };
}

/**
 * Vault errors as the closed IPC codes; the messages say what to do, never what was typed.
 * Storage failures (a read-only folder, a full disk, a damaged page or header — StorageError or
 * a raw SqliteError) pass through to the router, which answers them with their own codes and the
 * newest backup's time (app-core's `explainFailure`), the same for every channel.
 */
export function translate(error: unknown): never {
  if (error instanceof RotationPendingError) throw new AppError('conflict', error.message, { reason: error.reason });
  if (error instanceof TooManyAttemptsError) throw new AppError('too_many_attempts', `Try again after ${error.retryAt.toISOString()}`);
  if (error instanceof VaultTooNewError) throw new AppError('conflict', error.message, { reason: 'vault_too_new' });
  // Who holds it and since when is what the user needs to decide on a takeover.
  if (error instanceof VaultHeldError) throw new AppError('vault_held', `${error.holder.username} on ${error.holder.host} since ${error.holder.since}`);
  if (error instanceof DatabaseBusyError) throw new AppError('vault_held', 'still in use by another program');
  if (error instanceof VaultError) {
    switch (error.code) {
      case 'bad_credentials':
        throw new AppError('unauthenticated', 'Wrong username or password');
      case 'exists':
        // The data folder's path in the message is for the CLI, not the page.
        throw new AppError('conflict', error.reason === 'vault_exists' ? 'A vault already exists here' : error.message, refusalDetail(error));
      case 'bad_setup':
        throw new AppError('invalid_input', error.message, refusalDetail(error));
      case 'not_found':
        throw new AppError('not_found', 'There is no vault here yet');
      case 'forbidden':
      case 'migration_needs_admin':
        throw new AppError('forbidden', error.message, refusalDetail(error));
      case 'migration_needs_confirmation':
        throw new AppError('needs_confirmation', error.message);
    }
  }
  throw error;
}

/** A refusing VaultError's reason or field (its constructor's overloads make one of them mandatory). */
function refusalDetail(error: VaultError): RefusalDetail {
  if (!error.detail) throw new Error(`a ${error.code} VaultError without a reason or field`);
  return error.detail;
}

export function vaultHandlers(manager: VaultManager, dataDir: string, logger: Logger, demo: boolean): DomainHandlers {
  return {
    'vault:status': () => status(manager, demo),
    'vault:setup': async (input) => {
      if (manager.state !== 'absent') throw new AppError('conflict', 'A vault already exists here', { reason: 'vault_exists' });
      try {
        const created = await manager.setup({
          orgName: input.orgName,
          orgNumber: input.orgNumber,
          ...(input.orgKind ? { orgKind: input.orgKind } : {}),
          admin: { username: input.adminUsername, displayName: input.adminDisplayName, password: input.password },
        });
        // Setup leaves the vault open as its admin: the organisation's packet keys are made now,
        // and the admin's own member record in the roster, linked to the new account.
        if (manager.account) {
          await ensureOrgKeys(writeCaps(manager.vault));
          // Never at the cost of the recovery key, which is shown only in this answer: a member that
          // could not be made leaves the checklist's "link your own account" step open instead.
          if (input.adminMember) {
            try {
              createOwnMember(writeCaps(manager.vault), input.adminMember);
            } catch (error) {
              logger.log('warn', 'vault:setup', 'the admin’s member record was not made', { kind: error instanceof Error ? error.name : 'error' });
            }
          }
        }
        return created;
      } catch (error) {
        return translate(error);
      }
    },
    'vault:unlock': async (input) => {
      try {
        await manager.unlock(input.username, input.password, { takeover: input.takeover === true, migrate: input.migrate === true });
        // The organisation's packet keys are made once, at the first unlock after setup.
        await ensureOrgKeys(writeCaps(manager.vault));
        return status(manager, demo);
      } catch (error) {
        return translate(error);
      }
    },
    'vault:lock': () => {
      manager.lock('user');
      return status(manager, demo);
    },
    'vault:touch': () => {
      manager.touch();
      return {};
    },
    'vault:flushed': () => {
      manager.finishPendingLock();
      return {};
    },
    'vault:request-release': async (input) => {
      await manager.requestRelease(input.username);
      return {};
    },
    'vault:save-recovery-key': async (input) => {
      // Only this vault's own recovery key can be written this way: the channel is no general file writer.
      const vault = manager.vault;
      const bytes = parseRecoveryKey(input.recoveryKey);
      const opens = bytes ? openRecoverySlot(await readHeader(dataDir, logger), bytes) : null;
      bytes?.fill(0);
      if (!opens) throw new AppError('invalid_input', 'That is not this vault’s recovery key', { field: 'recoveryKey' });
      opens.fill(0);
      const text = `Teamvalv – återställningsnyckel / recovery key\r\n\r\n${input.recoveryKey}\r\n\r\nFörvara inlåst. Den öppnar valvet utan lösenord. / Keep it locked away. It opens the vault without a password.\r\n`;
      const { file } = await writeAuditedExport(input.folder, 'teamvalv-aterstallningsnyckel.txt', text, ({ sha256 }) => vault.audit('vault.recovery-key-saved', { sha256 }));
      return { file };
    },
    'vault:recover': async (input) => {
      try {
        return await manager.recover(input.recoveryKey, input.username);
      } catch (error) {
        return translate(error);
      }
    },
    'vault:change-password': async (input) => {
      try {
        await changePassword(manager.vault, dataDir, logger, input.oldPassword, input.newPassword);
        return status(manager, demo);
      } catch (error) {
        return translate(error);
      }
    },
    'vault:notices': async () => {
      const isAdmin = manager.account?.roles.includes('admin') === true;
      const notices = manager.notices.map(noticeView);
      // A rotation undone at some unlock stays an admin's business until a rotation completes.
      const rolledBack = isAdmin ? rolledBackRotation(manager.vault) : null;
      if (rolledBack && !notices.some((notice) => notice.kind === 'rotation-rolled-back')) notices.push({ kind: 'rotation-rolled-back', startedAt: rolledBack.startedAt });
      return {
        notices,
        keyRotation: isAdmin ? await rotationAwaitingConfirmation(dataDir, logger) : null,
      };
    },
    'vault:new-recovery-key': async () => {
      const recoveryKey = await revealNewRecoveryKey(manager.vault, dataDir, logger);
      if (!recoveryKey) throw new AppError('not_found', 'No new recovery key is waiting to be stored');
      return { recoveryKey };
    },
    'vault:confirm-recovery-key': async () => ({ confirmed: await confirmRecoveryKey(manager.vault, dataDir, logger) }),
    'vault:rotate-key': async () => {
      try {
        return await beginKeyRotation(manager.vault, dataDir, logger, 'admin-request');
      } catch (error) {
        return translate(error);
      }
    },
    'vault:finish-rotation': async (input) => {
      try {
        const vault = manager.vault;
        const done = await completeRotation(vault, dataDir, logger, input.rotationId);
        // The admin asked for this after writing the new recovery key down: that is its confirmation.
        await confirmRecoveryKey(vault, dataDir, logger);
        return done;
      } catch (error) {
        return translate(error);
      }
    },
  };
}
