import {
  type ColumnDef,
  type ColumnFiltersState,
  type ExpandedState,
  type GroupingState,
  type Row,
  type SortingState,
  flexRender,
  getCoreRowModel,
  getExpandedRowModel,
  getFilteredRowModel,
  getGroupedRowModel,
  getSortedRowModel,
  useReactTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../../shared/ipc/errors';
import type { Member } from '../../../../shared/roster/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { MemberEditor } from './MemberEditor';
import { type RosterBasics, localToday } from './use-roster';

/** One line of the roster: a member's place in a team (a member without a team has one line). */
export interface RosterLine {
  readonly key: string;
  readonly memberId: string;
  readonly name: string;
  readonly profession: string;
  readonly organisation: string;
  readonly team: string;
  readonly role: string;
  readonly phone: string;
  readonly email: string;
  readonly from: string;
  readonly to: string;
}

const ROW_HEIGHT = 37;
type Grouping = 'none' | 'organisation' | 'team';

/**
 * The roster table: sorting, a filter per column, a search over all columns, grouping by
 * organisation or team, and row virtualisation so that 10,000 lines scroll smoothly — only the
 * lines in view are in the page. Arrow keys move between lines; Enter opens the member.
 */
export function MembersView({ basics }: { basics: RosterBasics }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const ids = { team: useId(), former: useId(), group: useId(), search: useId() };
  const [members, setMembers] = useState<Member[]>([]);
  const [teamId, setTeamId] = useState('');
  const [includeFormer, setIncludeFormer] = useState(false);
  const [grouping, setGrouping] = useState<Grouping>('none');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<ExpandedState>(true);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [editing, setEditingState] = useState<Member | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const setEditing = (next: Member | 'new' | null): void => {
    setNotice(null);
    setEditingState(next);
  };
  const [focusIndex, setFocusIndex] = useState(0);

  const latest = useRef(0);
  const load = useCallback(async () => {
    // Only the newest request's answer is shown (a slow one must not overwrite a newer filter).
    const request = ++latest.current;
    const result = await bridge.invoke('roster:members', { ...(teamId ? { teamId } : {}), includeFormer });
    if (request !== latest.current) return;
    if (result.ok) {
      setMembers(result.value);
      setError(null);
    } else setError(result.error.code);
  }, [bridge, teamId, includeFormer]);
  useEffect(() => {
    void load();
  }, [load]);

  const today = localToday();
  const lines = useMemo<RosterLine[]>(() => {
    const out: RosterLine[] = [];
    for (const member of members) {
      const base = {
        memberId: member.id,
        name: member.displayName,
        profession: member.profession === 'other' ? member.professionOther : t(`roster.profession.${member.profession}`),
        organisation: member.organisationName,
        phone: member.phone,
        email: member.email,
      };
      // Current places: not ended, or ending today or later (the end date is the last day).
      const places = member.memberships.filter((place) => (!teamId || place.teamId === teamId) && (includeFormer || place.activeTo === null || place.activeTo >= today));
      if (places.length === 0) out.push({ ...base, key: member.id, team: '', role: '', from: member.activeFrom, to: member.activeTo ?? '' });
      for (const place of places) {
        out.push({ ...base, key: `${member.id}:${place.teamId}:${place.activeFrom}`, team: place.teamName, role: t(`roster.role.${place.role}`), from: place.activeFrom, to: place.activeTo ?? member.activeTo ?? '' });
      }
    }
    return out;
  }, [members, teamId, includeFormer, t, today]);

  const columns = useMemo<ColumnDef<RosterLine>[]>(
    () => [
      { id: 'name', accessorKey: 'name', header: t('roster.col.name') },
      { id: 'profession', accessorKey: 'profession', header: t('roster.col.profession') },
      { id: 'organisation', accessorKey: 'organisation', header: t('roster.col.organisation') },
      { id: 'team', accessorKey: 'team', header: t('roster.col.team') },
      { id: 'role', accessorKey: 'role', header: t('roster.col.role') },
      { id: 'phone', accessorKey: 'phone', header: t('roster.col.phone'), enableGrouping: false },
      { id: 'email', accessorKey: 'email', header: t('roster.col.email'), enableGrouping: false },
      { id: 'from', accessorKey: 'from', header: t('roster.col.from') },
      { id: 'to', accessorKey: 'to', header: t('roster.col.to') },
    ],
    [t],
  );

  const groupingState = useMemo<GroupingState>(() => (grouping === 'none' ? [] : [grouping]), [grouping]);
  const table = useReactTable({
    data: lines,
    columns,
    getRowId: (line) => line.key,
    state: { sorting, columnFilters, globalFilter: search, grouping: groupingState, expanded },
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
    onGlobalFilterChange: setSearch,
    onExpandedChange: setExpanded,
    globalFilterFn: 'includesString',
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getGroupedRowModel: getGroupedRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
  });
  const rows = table.getRowModel().rows;

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const rowRefs = useRef(new Map<number, HTMLTableRowElement>());
  const wantFocus = useRef(false);

  useEffect(() => {
    if (focusIndex >= rows.length && rows.length > 0) setFocusIndex(rows.length - 1);
  }, [rows.length, focusIndex]);
  useEffect(() => {
    if (!wantFocus.current) return;
    const element = rowRefs.current.get(focusIndex);
    if (element) {
      element.focus();
      wantFocus.current = false;
    }
  });

  const open = (row: Row<RosterLine>): void => {
    if (row.getIsGrouped()) {
      row.toggleExpanded();
      return;
    }
    const member = members.find((candidate) => candidate.id === row.original.memberId);
    if (member) setEditing(member);
  };

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: Row<RosterLine>): void => {
    const last = rows.length - 1;
    const target =
      event.key === 'ArrowDown' ? Math.min(last, index + 1) : event.key === 'ArrowUp' ? Math.max(0, index - 1) : event.key === 'Home' ? 0 : event.key === 'End' ? last : event.key === 'PageDown' ? Math.min(last, index + 10) : event.key === 'PageUp' ? Math.max(0, index - 10) : null;
    if (target !== null) {
      event.preventDefault();
      setFocusIndex(target);
      wantFocus.current = true;
      virtualizer.scrollToIndex(target);
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(row);
    }
  };

  const canAdd = basics.roles.isAdmin || basics.roles.teams.some((team) => team.role === 'chair');
  const activeTeams = basics.teams.filter((team) => !team.archived);

  return (
    <>
      <div className="toolbar form inline-form">
        <div className="field">
          <label htmlFor={ids.team}>{t('roster.showTeam')}</label>
          <select id={ids.team} value={teamId} onChange={(event) => setTeamId(event.target.value)}>
            <option value="">{t('roster.allTeams')}</option>
            {basics.teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
                {team.archived ? ` (${t('roster.archived')})` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.group}>{t('roster.groupBy')}</label>
          <select id={ids.group} value={grouping} onChange={(event) => setGrouping(event.target.value as Grouping)}>
            <option value="none">{t('roster.groupNone')}</option>
            <option value="organisation">{t('roster.col.organisation')}</option>
            <option value="team">{t('roster.col.team')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.search}>{t('roster.search')}</label>
          <input id={ids.search} type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </div>
        <label className="checkbox" htmlFor={ids.former}>
          <input id={ids.former} type="checkbox" checked={includeFormer} onChange={(event) => setIncludeFormer(event.target.checked)} />
          {t('roster.includeFormer')}
        </label>
        {canAdd && (
          <button type="button" onClick={() => setEditing('new')}>
            {t('roster.addMember')}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {errorMessage(t, error)}
        </p>
      )}
      {editing && (
        <MemberEditor
          key={editing === 'new' ? 'new' : editing.id}
          basics={basics}
          member={editing === 'new' ? null : editing}
          activeTeams={activeTeams}
          defaultTeamId={teamId}
          notice={notice}
          onClose={() => setEditing(null)}
          onSaved={async (saved, text) => {
            await load();
            setEditingState(saved);
            setNotice(text);
          }}
        />
      )}
      <p className="help" aria-live="polite" data-testid="roster-count">
        {t('roster.lines', { count: table.getFilteredRowModel().rows.length })}
      </p>
      <div ref={scroller} className="table-scroll roster-scroll" role="region" aria-label={t('roster.tableLabel')} tabIndex={-1}>
        <table className="checks roster-table" data-testid="roster-table" aria-rowcount={rows.length + 2}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} aria-rowindex={1}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th key={header.id} scope="col" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                      <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        {sorted ? ` (${t(sorted === 'asc' ? 'audit.sortAsc' : 'audit.sortDesc')})` : ''}
                      </button>
                    </th>
                  );
                })}
              </tr>
            ))}
            <tr aria-rowindex={2}>
              {table.getLeafHeaders().map((header) => (
                <td key={header.id}>
                  <input
                    type="search"
                    className="column-filter"
                    aria-label={t('roster.filterColumn', { column: String(header.column.columnDef.header) })}
                    value={(header.column.getFilterValue() as string | undefined) ?? ''}
                    onChange={(event) => header.column.setFilterValue(event.target.value || undefined)}
                  />
                </td>
              ))}
            </tr>
          </thead>
          <tbody>
            {paddingTop > 0 && (
              <tr aria-hidden="true">
                <td colSpan={columns.length} style={{ height: paddingTop, padding: 0, border: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <tr
                  key={row.id}
                  ref={(element) => {
                    if (element) {
                      rowRefs.current.set(item.index, element);
                      virtualizer.measureElement(element);
                    } else rowRefs.current.delete(item.index);
                  }}
                  data-index={item.index}
                  aria-rowindex={item.index + 3}
                  tabIndex={item.index === focusIndex ? 0 : -1}
                  className={row.getIsGrouped() ? 'group-row' : 'roster-row'}
                  aria-expanded={row.getIsGrouped() ? row.getIsExpanded() : undefined}
                  onFocus={() => setFocusIndex(item.index)}
                  onKeyDown={(event) => onRowKey(event, item.index, row)}
                  onClick={() => open(row)}
                >
                  {row.getIsGrouped() ? (
                    <td colSpan={columns.length}>
                      <strong>{String(row.groupingValue || t('roster.noTeam'))}</strong> ({row.subRows.length})
                    </td>
                  ) : (
                    row.getVisibleCells().map((cell) => <td key={cell.id}>{cell.getIsPlaceholder() ? null : flexRender(cell.column.columnDef.cell, cell.getContext())}</td>)
                  )}
                </tr>
              );
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden="true">
                <td colSpan={columns.length} style={{ height: paddingBottom, padding: 0, border: 0 }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
