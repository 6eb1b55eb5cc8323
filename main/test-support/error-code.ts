import { AppError } from '../../shared/ipc/errors';

/** The typed error code a call fails with (`other` for an untyped error), or null when it succeeds. */
export function errorCode(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : 'other';
  }
}
