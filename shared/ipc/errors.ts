/**
 * The closed set of error codes an IPC call can answer with. The renderer switches on these
 * exhaustively (see `assertNever`), so adding a code is a contract change on both sides.
 */
export const ERROR_CODES = [
  'unknown_channel',
  'invalid_input',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'vault_locked',
  'too_many_attempts',
  'vault_held',
  'needs_confirmation',
  'private_notes_locked',
  'packet_refused',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface IpcError {
  readonly code: ErrorCode;
  /** A short developer-facing message; never payload content. The UI shows its own text per code. */
  readonly message: string;
}

export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

/** Thrown by services to answer with a specific code. Anything else becomes `internal`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
