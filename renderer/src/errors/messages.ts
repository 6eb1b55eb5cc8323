import type { TFunction } from 'i18next';
import { type ErrorCode, type ErrorReason, type IpcError, type OrganisationUse, assertNever } from '../../../shared/ipc/errors';
import { localDateTime } from '../format/time';

/**
 * What happened and what to do, in the user's language, for each code of the closed set. A
 * caller passes `specific` wording for the codes where the generic text would not tell the user
 * what to do on that screen (e.g. `conflict` on a gallring: look at the fresh preview again).
 * Given the whole error (not only its code), a damaged vault's text names the newest backup's time.
 */
export function errorMessage(t: TFunction, error: ErrorCode | IpcError, specific: Partial<Record<ErrorCode, string>> = {}): string {
  const code = typeof error === 'string' ? error : error.code;
  const detail = typeof error === 'string' ? undefined : error.detail;
  // A screen's own text for the code knows its context best (a gallring's fresh preview); then why main said it happened.
  const own = specific[code];
  if (own !== undefined) return own;
  if (detail?.reason) return reasonMessage(t, detail.reason, detail.uses);
  if (code === 'invalid_input' && detail?.field) {
    const field = fieldLabel(t, detail.field);
    if (field) return t('errors.invalidField', { field });
  }
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

/** The sentence for a refusal's reason; for an organisation in use, what refers to it, in the user's language. */
export function reasonMessage(t: TFunction, reason: ErrorReason, uses: readonly OrganisationUse[] = []): string {
  switch (reason) {
    case 'organisation_in_use':
      return t('errors.reasons.organisation_in_use', { uses: listOf(t, uses.map((use) => t(`errors.uses.${use}`))) });
    case 'key_mismatch':
    case 'own_account':
    case 'name_taken':
    case 'org_number_taken':
    case 'own_organisation':
    case 'account_linked':
    case 'not_team_member':
    case 'not_team_editor':
    case 'not_team_chair':
    case 'admin_only':
    case 'psychologist_only':
    case 'change_password_first':
    case 'consent_not_covering':
    case 'changed_since_preview':
    case 'meeting_finalised':
    case 'already_done':
    case 'identifiers_in_text':
    case 'date_order':
    case 'no_confirmed_key':
    case 'key_file_damaged':
    case 'not_a_key_file':
    case 'key_file_other_organisation':
    case 'own_key':
    case 'packet_other_organisation':
    case 'packet_file_size':
    case 'demo_vault':
    case 'anonymous_case':
    case 'case_other_team':
    case 'process_no_case':
    case 'case_not_in_session':
    case 'agenda_changed':
    case 'item_committed':
    case 'not_a_case_item':
    case 'action_closed':
    case 'meeting_not_finalised':
    case 'csv_columns':
    case 'csv_empty':
    case 'csv_row_errors':
    case 'membership_overlap':
    case 'retention_minimum':
    case 'retention_rules_damaged':
    case 'username_taken':
    case 'username_format':
    case 'password_too_short':
    case 'password_too_weak':
    case 'vault_exists':
    case 'vault_too_new':
    case 'rotation_pending':
    case 'migration_needs_admin':
    case 'justerare_not_present':
    case 'justerare_is_chair':
    case 'justerare_no_account':
    case 'not_justerare':
    case 'wrong_phase':
    case 'justerare_left_team':
    case 'age_unclear':
    case 'facts_changed':
    case 'case_code_in_other_item':
    case 'threshold_fixed':
    case 'report_sent_meanwhile':
    case 'not_all_cases_covered':
    case 'period_not_over':
      return t(`errors.reasons.${reason}`);
    default:
      return assertNever(reason);
  }
}

/** The field's name as the page labels it, or null when this page has no label for that input key. */
export function fieldLabel(t: TFunction, field: string): string | null {
  const label = t(`errors.fields.${field}`, { defaultValue: '' });
  return label === '' ? null : label;
}

/** "a, b and c" in the user's language (Intl.ListFormat). */
function listOf(t: TFunction, items: readonly string[]): string {
  const language = t('errors.listLocale', { defaultValue: 'sv-SE' });
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
}
