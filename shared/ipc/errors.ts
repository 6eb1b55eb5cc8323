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

/**
 * Why a `conflict`, `forbidden` or `invalid_input` happened, when the code alone would leave the
 * user guessing: the renderer has a sentence for each (renderer/src/i18n, errors.reasons).
 */
export const ERROR_REASONS = [
  // What was heard on the phone is not the end of this key's fingerprint: do not trust the key.
  'key_mismatch',
  // An admin removing (or taking the admin role from) her own account: another admin does it.
  'own_account',
  // A team or organisation with that name (folded as people read it) exists already.
  'name_taken',
  // An organisation with that organisationsnummer exists already.
  'org_number_taken',
  // The organisation cannot be removed while something refers to it (`uses` says what).
  'organisation_in_use',
  // The home organisation is never removed.
  'own_organisation',
  // The account is already linked to another member of the roster.
  'account_linked',
  // Who may do it: sits in the team, edits its records, chairs it, is an admin or the psychologist, has their own password.
  'not_team_member',
  'not_team_editor',
  'not_team_chair',
  'admin_only',
  'psychologist_only',
  'change_password_first',
  // The consent does not cover the reader's organisation today.
  'consent_not_covering',
  // What the user confirmed (a preview) changed since.
  'changed_since_preview',
  // The minutes are finalised: only addenda.
  'meeting_finalised',
  // Done already (closed, withdrawn, confirmed, held, left, on the agenda).
  'already_done',
  // The guard found identifiers in a text that must have none.
  'identifiers_in_text',
  // An övrig punkt (every member reads it) names a case by its code: a case is discussed as a case item.
  'case_code_in_other_item',
  // Dates in the wrong order, or outside what is possible.
  'date_order',
  // Handover keys: none confirmed for the receiver; a key file damaged, not a key file, or another organisation's.
  'no_confirmed_key',
  'key_file_damaged',
  'not_a_key_file',
  'key_file_other_organisation',
  // Our own organisation's key: it is never imported as a partner's.
  'own_key',
  // A packet addressed to another home organisation than the reader's: someone from it receives it.
  'packet_other_organisation',
  // The file chosen as a packet is empty or larger than any packet.
  'packet_file_size',
  // The demo vault (invented data) never sends packets.
  'demo_vault',
  // An anonymous case has no consents.
  'anonymous_case',
  // The case belongs to another team than the meeting, session or packet.
  'case_other_team',
  // Process supervision is never linked to a case.
  'process_no_case',
  // The case is not one of the supervision session's chosen cases.
  'case_not_in_session',
  // The agenda changed since the page listed it (another window added or removed an item).
  'agenda_changed',
  // An agenda item discussed and committed to the minutes stays.
  'item_committed',
  // Only a case item has a next follow-up (an övrig punkt holds notes, decisions and actions, issue 20).
  'not_a_case_item',
  // The action was done or removed since (another window): it no longer changes.
  'action_closed',
  // An addendum is for finalised minutes; until then the meeting itself is changed.
  'meeting_not_finalised',
  // A roster file: not the roster's columns, no rows, rows with errors.
  'csv_columns',
  'csv_empty',
  'csv_row_errors',
  // A new place in a team would overlap an earlier place in the same team.
  'membership_overlap',
  // A retention time shorter than the minimum for that kind of record.
  'retention_minimum',
  // The stored retention rules cannot be read: nothing is purged until an admin saves them again.
  'retention_rules_damaged',
  // Accounts and setup: the username taken or not in the allowed form; a password too short or too easy to guess.
  'username_taken',
  'username_format',
  'password_too_short',
  'password_too_weak',
  // The vault: one exists here already; written by a newer Teamvalv; a key rotation waits to be finished; it must be updated by an admin first.
  'vault_exists',
  'vault_too_new',
  'rotation_pending',
  'migration_needs_admin',
  // Justering: the justerare must be a member present at the meeting, not the chair, with an account to confirm with; only the named justerare confirms.
  'justerare_not_present',
  'justerare_is_chair',
  'justerare_no_account',
  'not_justerare',
  // The case's phase does not allow this change (issue 20: e.g. closing a case not yet active).
  'wrong_phase',
  // Another justerare (named while the first has not confirmed) must still be in the team to confirm.
  'justerare_left_team',
  // A consent without the guardian's for a case whose age band straddles 18 (16-19): say whether the participant is 18 or older.
  'age_unclear',
  // A case's participant facts were changed by someone else since the editor's page showed them: nothing was written.
  'facts_changed',
  // A team's reports of a year to the förbund hide small counts below one threshold, fixed by the first one sent (issue 20).
  'threshold_fixed',
  // Another report of the year was sent while this one was written: the file is removed, nothing recorded.
  'report_sent_meanwhile',
  // The report to the förbund counts every case of the team's year: its exporter must be able to read them all.
  'not_all_cases_covered',
  // A period is reported to the förbund once it is over.
  'period_not_over',
] as const;

export type ErrorReason = (typeof ERROR_REASONS)[number];

/** What still refers to an organisation that was to be removed. */
export const ORGANISATION_USES = ['accounts', 'members', 'cases', 'consents', 'guests', 'keys', 'handovers', 'audit'] as const;
export type OrganisationUse = (typeof ORGANISATION_USES)[number];

/** Structured facts the UI puts into its own text for a code (never payload content). */
export interface IpcErrorDetail {
  /** The newest backup's time (ISO 8601), for "restore the newest backup from …"; null: there is none. */
  readonly newestBackupAt?: string | null;
  /**
   * The input field a refusal is about, for the page to mark that field and name it: the name of
   * the input's key ('reason', the guard's written reason; 'name'; 'date' …), never a value.
   */
  readonly field?: string;
  /** Why, for the renderer's own sentence. */
  readonly reason?: ErrorReason;
  /** For `organisation_in_use`: what refers to it. */
  readonly uses?: readonly OrganisationUse[];
}

export interface IpcError {
  readonly code: ErrorCode;
  /** A short developer-facing message; never payload content. The UI shows its own text per code. */
  readonly message: string;
  readonly detail?: IpcErrorDetail;
}

export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

/** The codes that refuse what the user asked: each says why (a reason) or which input is wrong (a field). */
export const REFUSAL_CODES = ['conflict', 'forbidden', 'invalid_input'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** A refusal's detail: a reason, a field, or both — never neither, or the user is left guessing. */
export type RefusalDetail = IpcErrorDetail & ({ readonly reason: ErrorReason } | { readonly field: string });

export function isRefusalCode(code: ErrorCode): code is RefusalCode {
  return (REFUSAL_CODES as readonly ErrorCode[]).includes(code);
}

/**
 * Thrown by services to answer with a specific code. Anything else becomes `internal`. A
 * `conflict`, `forbidden` or `invalid_input` must say why or which input (the overloads make tsc
 * refuse one without); the other codes say enough on their own.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: IpcErrorDetail | undefined;
  constructor(code: RefusalCode, message: string, detail: RefusalDetail);
  constructor(code: Exclude<ErrorCode, RefusalCode>, message: string, detail?: IpcErrorDetail);
  constructor(code: ErrorCode, message: string, detail?: IpcErrorDetail) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }
}

/** An input key's name as the router sends it: letters and digits, never a value. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/**
 * The input key the first refused part of the input sits under (`displayName` for
 * `{ member: { displayName } }`), for the page to name that field in its own language: a key of
 * the channel's schema, never a value. None for the input as a whole. The router answers a zod
 * failure with it; renderer/src/errors/field-labels.test.ts checks that each key it can name has a label.
 */
export function fieldOf(issues: readonly { readonly path: readonly PropertyKey[] }[]): IpcErrorDetail | undefined {
  for (const issue of issues) {
    const key = [...issue.path].reverse().find((part): part is string => typeof part === 'string' && FIELD_NAME.test(part));
    if (key) return { field: key };
  }
  return undefined;
}

/** The detail as the page receives it: only known fields of the right type, anything else dropped. */
export function parseErrorDetail(value: unknown): IpcErrorDetail | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const raw = value as { field?: unknown; reason?: unknown; uses?: unknown; newestBackupAt?: unknown };
  const detail: { -readonly [K in keyof IpcErrorDetail]: IpcErrorDetail[K] } = {};
  if (typeof raw.field === 'string' && FIELD_NAME.test(raw.field)) detail.field = raw.field;
  if (typeof raw.reason === 'string' && (ERROR_REASONS as readonly string[]).includes(raw.reason)) detail.reason = raw.reason as ErrorReason;
  if (Array.isArray(raw.uses)) {
    const uses = raw.uses.filter((use): use is OrganisationUse => typeof use === 'string' && (ORGANISATION_USES as readonly string[]).includes(use));
    if (uses.length > 0) detail.uses = [...new Set(uses)];
  }
  const at = raw.newestBackupAt;
  if (at === null) detail.newestBackupAt = null;
  else if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(at) && !Number.isNaN(Date.parse(at))) detail.newestBackupAt = at;
  return Object.keys(detail).length > 0 ? detail : undefined;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
