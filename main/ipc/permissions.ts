import type { Access, Channel } from '../../shared/ipc/contract';
import { AppError, assertNever } from '../../shared/ipc/errors';
import type { CallerSession } from './session';

/** What an account whose password must be changed may still do. */
const WHILE_PASSWORD_CHANGE_REQUIRED: ReadonlySet<Channel> = new Set(['vault:change-password', 'vault:lock', 'vault:touch']);

/** The router's permission hook: throws a typed error when the caller may not use the channel. */
export function checkAccess(access: Access, session: CallerSession, channel?: Channel): void {
  if (access !== 'anyone' && session.account?.mustChangePassword && !(channel && WHILE_PASSWORD_CHANGE_REQUIRED.has(channel))) {
    throw new AppError('forbidden', 'Change your password first', { reason: 'change_password_first' });
  }
  switch (access) {
    case 'anyone':
      return;
    case 'account':
      if (!session.account) throw new AppError('unauthenticated', 'This needs a signed-in account');
      return;
    case 'admin':
    case 'psychologist':
      if (!session.account) throw new AppError('unauthenticated', 'This needs a signed-in account');
      if (!session.account.roles.includes(access)) throw new AppError('forbidden', `This needs the ${access} role`, { reason: access === 'admin' ? 'admin_only' : 'psychologist_only' });
      return;
    default:
      return assertNever(access);
  }
}
