import type { TFunction } from 'i18next';
import { type AuditAction, isAuditAction } from '../../../shared/audit/events';
import type { AuditRow } from '../../../shared/ipc/contract';

type Detail = Readonly<Record<string, unknown>>;

/** The row's raw detail as fields, for the disclosure; an unreadable detail shows as it is stored. */
export function auditDetail(row: Pick<AuditRow, 'detail'>): Detail {
  try {
    const value: unknown = JSON.parse(row.detail);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Detail) : { detail: row.detail };
  } catch {
    return { detail: row.detail };
  }
}

/** Which wording of an action's sentence a row's detail calls for (i18next context: key_new, key_off …). */
function variant(action: AuditAction, detail: Detail): string | undefined {
  switch (action) {
    case 'roster.organisation-saved':
    case 'roster.team-saved':
    case 'roster.member-saved':
      return detail.created === true ? 'new' : undefined;
    case 'roster.team-archived':
      return detail.archived === false ? 'restored' : undefined;
    case 'case.supervision-flag':
      return detail.flagged === false ? 'off' : undefined;
    case 'action.done':
    case 'meeting.team-action-done':
      return detail.done === false ? 'undone' : undefined;
    case 'audit.verified':
      return detail.ok === false ? 'broken' : undefined;
    default:
      return undefined;
  }
}

/**
 * The row in words: "Anna Berg exporterade ett överlämningspaket för UT-2026-014 till
 * Försäkringskassan". Names main resolved (the actor's display name, the organisation's, the
 * team's); what no longer resolves reads "en organisation". An action this version does not
 * know (a newer version's) is named by its code.
 */
export function auditSentence(t: TFunction, row: AuditRow): string {
  const actor = row.actorName ?? row.username ?? t('audit.system');
  if (!isAuditAction(row.action)) return t('audit.unknownEvent', { actor, action: row.action });
  const context = variant(row.action, auditDetail(row));
  return t(`audit.events.${row.action}`, {
    actor,
    case: row.caseCode ?? t('audit.aCase'),
    organisation: row.names.organisation ?? t('audit.anOrganisation'),
    team: row.names.team ?? t('audit.aTeam'),
    member: row.names.member ?? t('audit.aMember'),
    account: row.names.account ?? t('audit.anAccount'),
    count: row.names.count ?? t('audit.someCount'),
    ...(context ? { context } : {}),
  });
}
