import type { TFunction } from 'i18next';
import { type ErrorCode, type IpcError, assertNever } from '../../../shared/ipc/errors';
import { localDateTime } from '../format/time';

/**
 * What happened and what to do, in the user's language, for each code of the closed set. A
 * caller passes `specific` wording for the codes where the generic text would not tell the user
 * what to do on that screen (e.g. `conflict` on a gallring: look at the fresh preview again).
 * Given the whole error (not only its code), a damaged vault's text names the newest backup's time.
 */
export function errorMessage(t: TFunction, error: ErrorCode | IpcError, specific: Partial<Record<ErrorCode, string>> = {}): string {
  const code = typeof error === 'string' ? error : error.code;
  const own = specific[code];
  if (own !== undefined) return own;
  switch (code) {
    case 'unknown_channel':
    case 'invalid_input':
    case 'unauthenticated':
    case 'forbidden':
    case 'not_found':
    case 'conflict':
    case 'vault_locked':
    case 'too_many_attempts':
    case 'vault_held':
    case 'needs_confirmation':
    case 'private_notes_locked':
    case 'packet_refused':
    case 'too_large':
    case 'storage_read_only':
    case 'storage_full':
    case 'storage_io':
    case 'internal':
      return t(`errors.${code}`);
    case 'storage_corrupt':
    case 'header_damaged':
    case 'header_mismatch':
      return `${t(`errors.${code}`)} ${restoreAdvice(t, typeof error === 'string' ? undefined : error.detail?.newestBackupAt)}`;
    default:
      return assertNever(code);
  }
}

/** "Restore the newest backup, from <time>: changes after it are lost", or that there is none; without the detail, without a time. */
function restoreAdvice(t: TFunction, newestBackupAt: string | null | undefined): string {
  if (newestBackupAt === null) return t('storageAdvice.noBackup');
  if (newestBackupAt === undefined) return t('storageAdvice.restoreNewest');
  return t('storageAdvice.restoreFrom', { time: localDateTime(newestBackupAt) });
}
