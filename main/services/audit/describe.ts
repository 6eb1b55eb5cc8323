import type { Db } from '../../vault/db/open-vault';

/**
 * The names an audit row's sentence needs, resolved when an admin lists the log: the actor's
 * display name, and for ids in the row's detail the organisation's, team's, member's or account's
 * name. Only what the log already links: a meeting's or session's team and a handover's receiving
 * organisation are written in the rows that created them, a trusted key's organisation in its
 * import row; everything else resolved is roster data every account sees. Never note text, never a
 * meeting's or case's content. A name that no longer resolves (a purged handover) is left out and
 * the page says "an organisation".
 */
export interface AuditNames {
  readonly organisation?: string;
  readonly team?: string;
  readonly member?: string;
  readonly account?: string;
  /** A count the sentence names (rows exported, hits, members), as text. */
  readonly count?: string;
}

type Detail = Record<string, unknown>;

const COUNT_KEYS = ['rows', 'hits', 'count', 'marked', 'notes', 'records', 'actions', 'removed'] as const;

function parseDetail(text: string): Detail {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Detail) : {};
  } catch {
    return {};
  }
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** One resolver per listing: each id is looked up once, however many rows name it. */
export function auditNameResolver(db: Db): (action: string, detailText: string) => AuditNames {
  const cache = new Map<string, string | undefined>();
  const lookup = (sql: string, id: string | undefined): string | undefined => {
    if (id === undefined) return undefined;
    const key = `${sql}\u0000${id}`;
    if (!cache.has(key)) cache.set(key, (db.prepare(sql).get(id) as { name: string } | undefined)?.name);
    return cache.get(key);
  };
  // A removed organisation's name, as its removal row recorded it: the rows before still read it.
  let removed: Map<string, string> | undefined;
  const removedOrganisation = (id: string): string | undefined => {
    removed ??= new Map(
      (db.prepare("SELECT detail FROM audit_log WHERE action = 'roster.organisation-removed'").all() as { detail: string }[])
        .map((row) => parseDetail(row.detail))
        .flatMap((detail) => (str(detail.organisationId) && str(detail.name) ? [[str(detail.organisationId) as string, str(detail.name) as string] as const] : [])),
    );
    return removed.get(id);
  };
  const organisation = (id: string | undefined) => lookup('SELECT name FROM organisations WHERE id = ?', id) ?? (id === undefined ? undefined : removedOrganisation(id));
  const team = (id: string | undefined) => lookup('SELECT name FROM teams WHERE id = ?', id);
  const meetingTeam = (id: string | undefined) => lookup('SELECT t.name FROM meetings m JOIN teams t ON t.id = m.team_id WHERE m.id = ?', id);
  const sessionTeam = (id: string | undefined) => lookup('SELECT t.name FROM supervision_sessions s JOIN teams t ON t.id = s.team_id WHERE s.id = ?', id);
  const handoverOrganisation = (id: string | undefined) => lookup('SELECT o.name FROM handovers h JOIN organisations o ON o.id = h.to_organisation_id WHERE h.id = ?', id);
  const keyOrganisation = (id: string | undefined) => lookup('SELECT o.name FROM trusted_keys k JOIN organisations o ON o.id = k.organisation_id WHERE k.id = ?', id);
  const member = (id: string | undefined) => lookup('SELECT display_name AS name FROM members WHERE id = ?', id);
  const account = (id: string | undefined) => lookup('SELECT display_name AS name FROM accounts WHERE id = ?', id);

  return (action, detailText) => {
    const detail = parseDetail(detailText);
    const names: { -readonly [K in keyof AuditNames]: AuditNames[K] } = {};
    const org =
      action === 'roster.organisation-removed'
        ? str(detail.name)
        : (organisation(str(detail.organisationId) ?? str(detail.toOrganisationId)) ?? handoverOrganisation(str(detail.handoverId)) ?? (action.startsWith('trust.') ? keyOrganisation(str(detail.keyId)) : undefined));
    if (org !== undefined) names.organisation = org;
    const teamName = team(str(detail.teamId)) ?? meetingTeam(str(detail.meetingId)) ?? sessionTeam(str(detail.sessionId));
    if (teamName !== undefined) names.team = teamName;
    const memberName = member(str(detail.memberId));
    if (memberName !== undefined) names.member = memberName;
    const accountName = account(str(detail.accountId));
    if (accountName !== undefined) names.account = accountName;
    for (const key of COUNT_KEYS) {
      const value = detail[key];
      if (typeof value === 'number' && Number.isFinite(value)) {
        names.count = String(value);
        break;
      }
    }
    return names;
  };
}
