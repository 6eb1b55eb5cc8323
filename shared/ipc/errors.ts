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
  // A request larger than anything its channel accepts (the browser host answers it with HTTP 413).
  'too_large',
  // The vault's storage (main/vault/storage-errors.ts): each says what happened and what to do.
  'storage_read_only',
  'storage_full',
  'storage_io',
  'storage_corrupt',
  'header_damaged',
  'header_mismatch',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Structured facts the UI puts into its own text for a code (never payload content). */
export interface IpcErrorDetail {
  /** The newest backup's time (ISO 8601), for "restore the newest backup from …"; null: there is none. */
  readonly newestBackupAt?: string | null;
  /** The input field a refusal is about, for the page to mark that field: 'reason', the guard's written reason. */
  readonly field?: 'reason';
}

export interface IpcError {
  readonly code: ErrorCode;
  /** A short developer-facing message; never payload content. The UI shows its own text per code. */
  readonly message: string;
  readonly detail?: IpcErrorDetail;
}

export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

/** Thrown by services to answer with a specific code. Anything else becomes `internal`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: IpcErrorDetail | undefined;
  constructor(code: ErrorCode, message: string, detail?: IpcErrorDetail) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }
}

/** The detail as the page receives it: only known fields of the right type, anything else dropped. */
export function parseErrorDetail(value: unknown): IpcErrorDetail | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const field = (value as { field?: unknown }).field === 'reason' ? ({ field: 'reason' } as const) : {};
  const at = (value as { newestBackupAt?: unknown }).newestBackupAt;
  if (at === null) return { newestBackupAt: null, ...field };
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(at) && !Number.isNaN(Date.parse(at))) return { newestBackupAt: at, ...field };
  return 'field' in field ? field : undefined;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
