import { AppError } from '../../../shared/ipc/errors';

/**
 * A foreign-key failure met by a channel — an id in the input that names nothing (the handlers
 * check their references first; this is the net under those checks): `not_found`, not
 * `internal`. The statement failed, so its transaction changed nothing. Any other error: null.
 */
export function referenceAppError(error: unknown): AppError | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' ? new AppError('not_found', 'Something the call refers to does not exist') : null;
}
