import { type Access } from '../../shared/ipc/contract';
import { AppError, assertNever } from '../../shared/ipc/errors';
import type { CallerSession } from './session';

/** The router's permission hook: throws a typed error when the caller may not use the channel. */
export function checkAccess(access: Access, session: CallerSession): void {
  switch (access) {
    case 'anyone':
      return;
    case 'account':
      if (!session.account) throw new AppError('unauthenticated', 'This needs a signed-in account');
      return;
    case 'admin':
    case 'psychologist':
      if (!session.account) throw new AppError('unauthenticated', 'This needs a signed-in account');
      if (!session.account.roles.includes(access)) throw new AppError('forbidden', `This needs the ${access} role`);
      return;
    default:
      return assertNever(access);
  }
}
