import type { TFunction } from 'i18next';
import { type ErrorCode, assertNever } from '../../../shared/ipc/errors';

/**
 * What happened and what to do, in the user's language, for each code of the closed set. A
 * caller passes `specific` wording for the codes where the generic text would not tell the user
 * what to do on that screen (e.g. `conflict` on a gallring: look at the fresh preview again).
 */
export function errorMessage(t: TFunction, code: ErrorCode, specific: Partial<Record<ErrorCode, string>> = {}): string {
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
    case 'internal':
      return t(`errors.${code}`);
    default:
      return assertNever(code);
  }
}
