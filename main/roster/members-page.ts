import type BetterSqlite from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import { AppError } from '../../shared/ipc/errors';
import type { MembersPage, MembersPageQuery, RosterColumn, RosterGrouping, RosterLine } from '../../shared/roster/model';
import type { ReadCaps } from '../capabilities/caps';
import { cachedStatement } from '../vault/db/statements';
import { foldForMatch } from '../../shared/roster/text-keys';
import type { ReadableDB } from '../vault/handles';

type Statement = BetterSqlite.Statement;

/**
 * The roster table a page at a time (`roster:members-page`): the lines — a member's place in a team,
 * or the member alone when they have no place the query shows — are made, filtered, sorted and
 * counted in one SQL statement, so the first screen needs about a hundred lines, never all 10,000.
 *
 * The statement's text depends only on the sort column, its direction and the grouping (at most
 * 54 texts); each is prepared once per connection and kept. Everything else is a parameter.
 * Case-insensitive matching and the Swedish order (… x y z å ä ö) come from two SQL functions
 * registered on every connection when the vault opens (shared/roster/text-keys.ts; SQLite's own
 * lower() and NOCASE know only ASCII).
 *
 * Access is that of `roster:members`: the roster is the staff directory, which every signed-in
 * account may read; it holds no client data.
 */

const COLUMN_SQL: Readonly<Record<RosterColumn, string>> = {
  name: 'name',
  profession: 'profession',
  organisation: 'organisation',
  team: 'team',
  role: 'role',
  phone: 'phone',
  email: 'email',
  from: 'from_date',
  to: 'to_date',
};

/**
 * The lines of the query, labelled and filtered (named parameters; `:today` is Stockholm's date).
 * Members as `listMembers` chooses them; places in the team (when one is given) that have not ended
 * before today (all of them with `includeFormer`), as the table showed them before.
 */
const FILTERED = `
WITH
  profession_labels(code, label) AS (SELECT key, value FROM json_each(:professionLabels)),
  role_labels(code, label) AS (SELECT key, value FROM json_each(:roleLabels)),
  shown AS (
    SELECT m.id, m.display_name, m.profession, m.profession_other, o.name AS organisation, m.phone, m.email, m.active_from, m.active_to
    FROM members m JOIN organisations o ON o.id = m.organisation_id
    WHERE (:includeFormer = 1 OR (m.active_from <= :today AND (m.active_to IS NULL OR m.active_to >= :today)))
      AND (:teamId IS NULL OR EXISTS (
        SELECT 1 FROM team_memberships x WHERE x.member_id = m.id AND x.team_id = :teamId
          AND (:includeFormer = 1 OR (x.active_from <= :today AND (x.active_to IS NULL OR x.active_to >= :today)))))
  ),
  places AS (
    SELECT tm.member_id, tm.team_id, t.name AS team, tm.role, tm.active_from, tm.active_to
    FROM team_memberships tm JOIN teams t ON t.id = tm.team_id
    WHERE (:teamId IS NULL OR tm.team_id = :teamId) AND (:includeFormer = 1 OR tm.active_to IS NULL OR tm.active_to >= :today)
  ),
  lines AS (
    SELECT s.id AS member_id, s.id || ':' || p.team_id || ':' || p.active_from AS key, s.display_name AS name, s.profession AS profession_code,
      s.profession_other, s.organisation, p.team, p.role AS role_code, s.phone, s.email, p.active_from AS from_date,
      coalesce(p.active_to, s.active_to, '') AS to_date
    FROM shown s JOIN places p ON p.member_id = s.id
    UNION ALL
    SELECT s.id, s.id, s.display_name, s.profession, s.profession_other, s.organisation, '', NULL, s.phone, s.email, s.active_from, coalesce(s.active_to, '')
    FROM shown s WHERE NOT EXISTS (SELECT 1 FROM places p WHERE p.member_id = s.id)
  ),
  labelled AS (
    SELECT l.member_id, l.key, l.name,
      CASE WHEN l.profession_code = 'other' THEN l.profession_other ELSE coalesce(pl.label, l.profession_code) END AS profession,
      l.organisation, l.team, coalesce(rl.label, '') AS role, l.phone, l.email, l.from_date, l.to_date
    FROM lines l LEFT JOIN profession_labels pl ON pl.code = l.profession_code LEFT JOIN role_labels rl ON rl.code = l.role_code
  ),
  filtered AS (
    SELECT * FROM labelled
    WHERE (:name IS NULL OR instr(teamvalv_fold(name), :name) > 0)
      AND (:profession IS NULL OR instr(teamvalv_fold(profession), :profession) > 0)
      AND (:organisation IS NULL OR instr(teamvalv_fold(organisation), :organisation) > 0)
      AND (:team IS NULL OR instr(teamvalv_fold(team), :team) > 0)
      AND (:role IS NULL OR instr(teamvalv_fold(role), :role) > 0)
      AND (:phone IS NULL OR instr(teamvalv_fold(phone), :phone) > 0)
      AND (:email IS NULL OR instr(teamvalv_fold(email), :email) > 0)
      AND (:from IS NULL OR instr(from_date, :from) > 0)
      AND (:to IS NULL OR instr(to_date, :to) > 0)
      AND (:search IS NULL OR instr(teamvalv_fold(name || char(31) || profession || char(31) || organisation || char(31) || team || char(31) || role
        || char(31) || phone || char(31) || email || char(31) || from_date || char(31) || to_date), :search) > 0)
  )`;

interface Statements {
  readonly page: Statement;
  readonly count: Statement;
  readonly groups: Statement | null;
}

const cache = new WeakMap<ReadableDB, Map<string, Statements>>();

/** The statements for one sort and grouping, prepared on first use on this connection and kept. */
function statementsFor(db: ReadableDB, column: RosterColumn, desc: boolean, groupBy: RosterGrouping | undefined): Statements {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  const id = `${column}|${desc}|${groupBy ?? ''}`;
  const known = perDb.get(id);
  if (known) return known;
  const direction = desc ? 'DESC' : 'ASC';
  const sortColumn = COLUMN_SQL[column];
  // Grouped: the groups in order (turned with the sort when it is on the grouping column), then
  // the lines within each. Name, team and start break ties (as the table listed them before), and
  // the line's key makes the order total, so pages never overlap or skip a line.
  const groupDirection = groupBy === column ? direction : 'ASC';
  const order = [
    ...(groupBy && groupBy !== column ? [`teamvalv_sort_key(${COLUMN_SQL[groupBy]}) ${groupDirection}`, `${COLUMN_SQL[groupBy]} ${groupDirection}`] : []),
    `teamvalv_sort_key(${sortColumn}) ${direction}`,
    `${sortColumn} ${direction}`,
    ...(column === 'name' ? [] : ['teamvalv_sort_key(name)', 'name']),
    'team',
    'from_date',
    'key',
  ].join(', ');
  const statements: Statements = {
    page: db.prepare(
      `${FILTERED} SELECT key, member_id AS memberId, name, profession, organisation, team, role, phone, email, from_date AS "from", to_date AS "to",
         count(*) OVER () AS total
       FROM filtered ORDER BY ${order} LIMIT :limit OFFSET :offset`,
    ),
    count: db.prepare(`${FILTERED} SELECT count(*) AS total FROM filtered`),
    groups: groupBy
      ? db.prepare(
          `${FILTERED} SELECT ${COLUMN_SQL[groupBy]} AS value, count(*) AS count FROM filtered GROUP BY ${COLUMN_SQL[groupBy]}
           ORDER BY teamvalv_sort_key(${COLUMN_SQL[groupBy]}) ${groupDirection}, ${COLUMN_SQL[groupBy]} ${groupDirection}`,
        )
      : null,
  };
  perDb.set(id, statements);
  return statements;
}

/** One page of the roster's lines, with how many there are in all (and the groups, when grouped). */
export function membersPage(caps: ReadCaps, query: z.output<typeof MembersPageQuery>): MembersPage {
  if (query.teamId && !cachedStatement(caps.db, 'SELECT 1 FROM teams WHERE id = ?').get(query.teamId)) throw new AppError('not_found', 'No such team');
  const filter = (text: string | undefined): string | null => (text === undefined || text.trim() === '' ? null : foldForMatch(text.trim()));
  const filters = query.filters ?? {};
  const params = {
    today: caps.access.date,
    teamId: query.teamId ?? null,
    includeFormer: query.includeFormer ? 1 : 0,
    professionLabels: JSON.stringify(query.labels.professions),
    roleLabels: JSON.stringify(query.labels.roles),
    name: filter(filters.name),
    profession: filter(filters.profession),
    organisation: filter(filters.organisation),
    team: filter(filters.team),
    role: filter(filters.role),
    phone: filter(filters.phone),
    email: filter(filters.email),
    from: filter(filters.from),
    to: filter(filters.to),
    search: filter(query.search),
  };
  const statements = statementsFor(caps.db, query.sort.column, query.sort.desc, query.groupBy);
  const rows = statements.page.all({ ...params, limit: query.limit, offset: query.offset }) as (RosterLine & { total: number })[];
  // Every line carries the total (counted over all lines before the page is cut); a page past
  // the end has no line to carry it: count.
  const total = rows[0]?.total ?? (statements.count.get(params) as { total: number }).total;
  const lines = rows.map(({ total: _total, ...line }) => line);
  const groups = statements.groups ? (statements.groups.all(params) as { value: string; count: number }[]) : null;
  return { total, offset: query.offset, lines, groups };
}
