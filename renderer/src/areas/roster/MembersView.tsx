import { type ColumnDef, type ColumnFiltersState, type SortingState, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type FocusEvent, type KeyboardEvent, type MouseEvent, memo, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../../shared/ipc/errors';
import { PROFESSIONS, ROSTER_COLUMNS, TEAM_ROLES } from '../../../../shared/roster/codes';
import type { Member, MembersPage, MembersPageQuery, RosterColumn, RosterGrouping, RosterLine } from '../../../../shared/roster/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { EmptyState } from '../../ui/EmptyState';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { useInvoke } from '../../ui/use-invoke';
import { MemberEditor, type MemberNotice } from './MemberEditor';
import type { RosterBasics } from './use-roster';

export type { RosterLine };

const ROW_HEIGHT = 37;
/** Lines per `roster:members-page` call: a few screens. */
const PAGE_SIZE = 100;
/** Page calls at once: while scrolling fast, later pages wait and are skipped if scrolled past. */
const MAX_IN_FLIGHT = 2;
type Grouping = 'none' | RosterGrouping;
type Group = NonNullable<MembersPage['groups']>[number];

/** What one query has answered so far: its total and groups, and the pages that have come. */
interface View {
  readonly generation: number;
  readonly total: number;
  readonly groups: readonly Group[] | null;
  readonly pages: ReadonlyMap<number, readonly RosterLine[]>;
}

/** A row of the table: a group's heading, or a line (loaded or still on its way). */
type Slot = { readonly kind: 'group'; readonly group: Group; readonly expanded: boolean } | { readonly kind: 'line'; readonly offset: number };

/** Where each group's heading sits among the table's rows, and where its lines start among the lines. */
interface Layout {
  readonly count: number;
  readonly segments: readonly { readonly row: number; readonly firstLine: number; readonly group: Group; readonly expanded: boolean }[] | null;
}

function layoutOf(view: View | null, collapsed: ReadonlySet<string>): Layout {
  if (!view) return { count: 0, segments: null };
  if (!view.groups) return { count: view.total, segments: null };
  const segments: { row: number; firstLine: number; group: Group; expanded: boolean }[] = [];
  let row = 0;
  let firstLine = 0;
  for (const group of view.groups) {
    const expanded = !collapsed.has(group.value);
    segments.push({ row, firstLine, group, expanded });
    row += 1 + (expanded ? group.count : 0);
    firstLine += group.count;
  }
  return { count: row, segments };
}

function slotAt(layout: Layout, index: number): Slot {
  const segments = layout.segments;
  if (!segments) return { kind: 'line', offset: index };
  // The last segment whose heading is at or before `index`.
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((segments[middle]?.row ?? 0) <= index) low = middle;
    else high = middle - 1;
  }
  const segment = segments[low];
  if (!segment) return { kind: 'line', offset: index };
  return index === segment.row ? { kind: 'group', group: segment.group, expanded: segment.expanded } : { kind: 'line', offset: segment.firstLine + index - segment.row - 1 };
}

const lineAt = (view: View | null, offset: number): RosterLine | undefined => view?.pages.get(Math.floor(offset / PAGE_SIZE))?.[offset % PAGE_SIZE];

const sameGroups = (a: readonly Group[] | null, b: readonly Group[] | null): boolean =>
  a === b || (a !== null && b !== null && a.length === b.length && a.every((group, i) => group.value === b[i]?.value && group.count === b[i]?.count));

/** The row handlers, one set for the whole table (rows find their index in `data-index`). */
interface RowHandlers {
  readonly onFocus: (event: FocusEvent<HTMLTableRowElement>) => void;
  readonly onKeyDown: (event: KeyboardEvent<HTMLTableRowElement>) => void;
  readonly onClick: (event: MouseEvent<HTMLTableRowElement>) => void;
  readonly register: (element: HTMLTableRowElement | null) => (() => void) | undefined;
}

interface RowProps {
  readonly index: number;
  /** A group's heading (with its value, count and whether it is open), else a line. */
  readonly group: Group | null;
  readonly expanded: boolean;
  /** The line's data; undefined while its page is on its way. */
  readonly line: RosterLine | undefined;
  readonly focused: boolean;
  readonly handlers: RowHandlers;
  readonly noTeam: string;
  readonly loading: string;
  /** The columns shown (a narrow area leaves out the less-used ones). */
  readonly columns: readonly RosterColumn[];
}

/**
 * One row on screen. Memoised, and every prop is stable between renders: a scroll renders only the
 * rows that come into view, a page that arrives only the rows it fills, a focus change only the
 * two rows it moves between.
 */
const RosterRow = memo(function RosterRow({ index, group, expanded, line, focused, handlers, noTeam, loading, columns }: RowProps) {
  const common = {
    ref: handlers.register,
    'data-index': index,
    'aria-rowindex': index + 3,
    tabIndex: focused ? 0 : -1,
    onFocus: handlers.onFocus,
    onKeyDown: handlers.onKeyDown,
    onClick: handlers.onClick,
  };
  if (group) {
    return (
      <tr {...common} className="group-row" aria-expanded={expanded}>
        <td colSpan={columns.length}>
          <strong>{group.value || noTeam}</strong> ({group.count})
        </td>
      </tr>
    );
  }
  if (!line) {
    return (
      <tr {...common} className="roster-pending" aria-busy="true">
        <td colSpan={columns.length}>{loading}</td>
      </tr>
    );
  }
  return (
    <tr {...common} className="roster-row">
      {columns.map((column) => (
        // Truncated cells keep their whole text for a pointer (the member opens with all of it).
        <td key={column} title={line[column] || undefined}>
          {line[column]}
        </td>
      ))}
    </tr>
  );
});

/**
 * The roster table: sorting, a filter per column, a search over all columns, grouping by
 * organisation or team. Main sorts, filters and groups (`roster:members-page`) and answers a page
 * of lines at a time: the table asks only for the pages of the rows in view, so 10,000 members
 * cost the first screen about a hundred lines. Rows are virtualised and memoised. Arrow keys,
 * Page Up/Down, Home and End move between rows; Enter opens the member (or folds a group).
 */
export function MembersView({ basics }: { basics: RosterBasics }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const formerId = useId();
  const [teamId, setTeamId] = useState('');
  const [includeFormer, setIncludeFormer] = useState(false);
  const [grouping, setGrouping] = useState<Grouping>('none');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [search, setSearch] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<ErrorCode | null>(null);
  const [editing, setEditingState] = useState<Member | 'new' | null>(null);
  const [notice, setNotice] = useState<MemberNotice>(null);
  // Opening members: the latest one asked for is the one opened (an earlier answer arriving late is
  // dropped), and so is one still on its way when she opens the new-member form or closes the editor.
  const { invoke: invokeOpen, cancel: cancelOpen } = useInvoke();
  const setEditing = useCallback(
    (next: Member | 'new' | null): void => {
      cancelOpen();
      setNotice(null);
      setEditingState(next);
    },
    [cancelOpen],
  );
  const [focusIndex, setFocusIndex] = useState(0);
  const [view, setView] = useState<View | null>(null);
  // Where the area is narrower than the whole table (1366×768, and the content's width cap on
  // larger screens), phone and dates are left out unless asked for: the page never scrolls sideways.
  const [roomy, setRoomy] = useState(false);
  const [allColumns, setAllColumns] = useState(false);
  const visibleColumns = useMemo<readonly RosterColumn[]>(() => (roomy || allColumns ? ROSTER_COLUMNS : ROSTER_COLUMNS.filter((column) => !COMPACT_HIDDEN.has(column))), [roomy, allColumns]);
  const columnVisibility = useMemo(() => Object.fromEntries(ROSTER_COLUMNS.map((column) => [column, visibleColumns.includes(column)])), [visibleColumns]);

  // The words the user sees for the codes: main sorts and filters by them.
  const labels = useMemo(
    () => ({
      professions: Object.fromEntries(PROFESSIONS.map((code) => [code, t(`roster.profession.${code}`)])) as MembersPageQuery['labels']['professions'],
      roles: Object.fromEntries(TEAM_ROLES.map((code) => [code, t(`roster.role.${code}`)])) as MembersPageQuery['labels']['roles'],
    }),
    [t],
  );
  const query = useMemo<Omit<MembersPageQuery, 'offset' | 'limit'>>(() => {
    const first = sorting[0];
    const filters: Partial<Record<RosterColumn, string>> = {};
    for (const filter of columnFilters) {
      if (typeof filter.value === 'string' && filter.value.trim() !== '') filters[filter.id as RosterColumn] = filter.value;
    }
    return {
      ...(teamId ? { teamId } : {}),
      includeFormer,
      sort: { column: (first?.id ?? 'name') as RosterColumn, desc: first?.desc ?? false },
      filters,
      ...(search.trim() !== '' ? { search } : {}),
      ...(grouping !== 'none' ? { groupBy: grouping } : {}),
      labels,
    };
  }, [teamId, includeFormer, sorting, columnFilters, search, grouping, labels]);

  // Each query (and each reload after a change) is a generation; answers to older ones are dropped.
  // The rows on screen stay until the first answer of the new one replaces them.
  const generation = useRef(0);
  const queryRef = useRef(query);
  const wanted = useRef<number[]>([0]);
  const inFlight = useRef(new Set<string>());
  const viewRef = useRef(view);
  viewRef.current = view;

  const pump = useCallback((): void => {
    const current = generation.current;
    for (const page of wanted.current) {
      if (inFlight.current.size >= MAX_IN_FLIGHT) return;
      const key = `${current}:${page}`;
      const shown = viewRef.current;
      if (inFlight.current.has(key) || (shown?.generation === current && shown.pages.has(page))) continue;
      inFlight.current.add(key);
      void bridge.invoke('roster:members-page', { ...queryRef.current, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then((result) => {
        inFlight.current.delete(key);
        if (current === generation.current) {
          if (result.ok) {
            const answer = result.value;
            const old = viewRef.current;
            // The first answer of a generation, or the roster changed under us: start afresh.
            const next: View =
              !old || old.generation !== current || old.total !== answer.total || !sameGroups(old.groups, answer.groups)
                ? { generation: current, total: answer.total, groups: answer.groups, pages: new Map([[page, answer.lines]]) }
                : { ...old, pages: new Map(old.pages).set(page, answer.lines) };
            // Known at once (not only after the render): the pump below does not ask for this page again.
            viewRef.current = next;
            setError(null);
            setView(next);
          } else setError(result.error.code);
        }
        pump();
      });
    }
  }, [bridge]);

  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = scroller.current;
    if (!element || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(([entry]) => setRoomy((entry?.contentRect.width ?? 0) >= ROOMY_WIDTH));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const reload = useCallback((): void => {
    generation.current++;
    pump();
  }, [pump]);
  const shownTeam = useRef(teamId);
  useEffect(() => {
    queryRef.current = query;
    // Another team: its members are not the last team's, so the last team's lines go at once
    // (a new sort or search keeps the lines on screen until the first answer replaces them).
    if (shownTeam.current !== teamId) {
      shownTeam.current = teamId;
      viewRef.current = null;
      setView(null);
    }
    if (scroller.current) scroller.current.scrollTop = 0;
    setFocusIndex(0);
    wanted.current = [0];
    reload();
  }, [query, reload, teamId]);

  const layout = useMemo(() => layoutOf(view, collapsed), [view, collapsed]);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  // Every row has one height (one line of text, no wrapping): read once from the first row on screen
  // (larger text makes taller rows), never per row, so scrolling forces no layout.
  const [rowHeight, setRowHeight] = useState(ROW_HEIGHT);
  const measured = useRef(false);
  // The rows a scroll brings into view render in React's own task, not inside the scroll event
  // (flushSync there made one long task of the event, the render and the frame's layout).
  const virtualizer = useVirtualizer({ count: layout.count, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 8, useFlushSync: false });
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  // The pages of the lines in view, top to bottom, asked for after each render.
  const pagesInView = new Set<number>();
  for (const item of items) {
    const slot = slotAt(layout, item.index);
    if (slot.kind === 'line') pagesInView.add(Math.floor(slot.offset / PAGE_SIZE));
  }
  if (view === null || view.generation !== generation.current) pagesInView.add(0);
  const pagesKey = [...pagesInView].join(',');
  useEffect(() => {
    wanted.current = pagesKey === '' ? [] : pagesKey.split(',').map(Number);
    pump();
  }, [pagesKey, view, pump]);

  const rowRefs = useRef(new Map<number, HTMLTableRowElement>());
  const wantFocus = useRef(false);
  useEffect(() => {
    if (focusIndex >= layout.count && layout.count > 0) setFocusIndex(layout.count - 1);
  }, [layout.count, focusIndex]);
  useEffect(() => {
    if (!wantFocus.current) return;
    const element = rowRefs.current.get(focusIndex);
    if (element) {
      element.focus();
      wantFocus.current = false;
    }
  });

  const openMember = useCallback(
    async (memberId: string): Promise<void> => {
      const result = await invokeOpen('roster:member', { memberId });
      if (!result) return;
      if (result.ok) {
        setNotice(null);
        setEditingState(result.value);
      } else setError(result.error.code);
    },
    [invokeOpen],
  );
  const open = useCallback(
    (index: number): void => {
      const slot = slotAt(layoutRef.current, index);
      if (slot.kind === 'group') {
        setCollapsed((old) => {
          const next = new Set(old);
          if (next.has(slot.group.value)) next.delete(slot.group.value);
          else next.add(slot.group.value);
          return next;
        });
        return;
      }
      const line = lineAt(viewRef.current, slot.offset);
      if (line) void openMember(line.memberId);
    },
    [openMember],
  );

  const handlers = useMemo<RowHandlers>(() => {
    const indexOf = (element: HTMLElement): number => Number(element.dataset.index);
    return {
      onFocus: (event) => setFocusIndex(indexOf(event.currentTarget)),
      onClick: (event) => open(indexOf(event.currentTarget)),
      onKeyDown: (event) => {
        const index = indexOf(event.currentTarget);
        const last = layoutRef.current.count - 1;
        const keys: Record<string, number> = { ArrowDown: Math.min(last, index + 1), ArrowUp: Math.max(0, index - 1), Home: 0, End: last, PageDown: Math.min(last, index + 10), PageUp: Math.max(0, index - 10) };
        const target = keys[event.key];
        if (target !== undefined) {
          event.preventDefault();
          setFocusIndex(target);
          wantFocus.current = true;
          virtualizer.scrollToIndex(target);
          return;
        }
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open(index);
        }
      },
      register: (element) => {
        if (!element) return undefined;
        const index = indexOf(element);
        rowRefs.current.set(index, element);
        if (!measured.current) {
          measured.current = true;
          const height = element.getBoundingClientRect().height;
          if (height > 0) setRowHeight(height);
        }
        return () => {
          if (rowRefs.current.get(index) === element) rowRefs.current.delete(index);
        };
      },
    };
  }, [open, virtualizer]);

  const columns = useMemo<ColumnDef<RosterLine>[]>(() => ROSTER_COLUMNS.map((id) => ({ id, accessorKey: id, header: t(`roster.col.${id}`) })), [t]);
  // The table keeps the header's state (sort, column filters); main does the work.
  const table = useReactTable<RosterLine>({
    data: NO_LINES,
    columns,
    state: { sorting, columnFilters, columnVisibility },
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
    manualSorting: true,
    manualFiltering: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    getCoreRowModel: getCoreRowModel(),
  });

  const canAdd = basics.roles.isAdmin || basics.roles.teams.some((team) => team.role === 'chair');
  const activeTeams = basics.teams.filter((team) => !team.archived);
  // The toolbar and the table's head do not change while scrolling: made once per change of their state.
  const toolbar = useMemo(
    () => (
      <div className="toolbar form inline-form">
        <SelectField
          label={t('roster.showTeam')}
          value={teamId}
          onChange={setTeamId}
          placeholder={t('roster.allTeams')}
          options={basics.teams.map((team) => ({ value: team.id, label: team.archived ? `${team.name} (${t('roster.archived')})` : team.name }))}
        />
        <SelectField
          label={t('roster.groupBy')}
          value={grouping}
          onChange={(value) => {
            setGrouping(value as Grouping);
            setCollapsed(new Set());
          }}
          options={[
            { value: 'none', label: t('roster.groupNone') },
            { value: 'organisation', label: t('roster.col.organisation') },
            { value: 'team', label: t('roster.col.team') },
          ]}
        />
        <Field label={t('roster.search')} type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        <label className="checkbox" htmlFor={formerId}>
          <input id={formerId} type="checkbox" checked={includeFormer} onChange={(event) => setIncludeFormer(event.target.checked)} />
          {t('roster.includeFormer')}
        </label>
        {!roomy && (
          <button type="button" aria-pressed={allColumns} onClick={() => setAllColumns(!allColumns)} data-testid="roster-all-columns">
            {t('roster.allColumns')}
          </button>
        )}
        {canAdd && (
          <button type="button" onClick={() => setEditing('new')}>
            {t('roster.addMember')}
          </button>
        )}
      </div>
    ),
    [t, formerId, teamId, basics.teams, grouping, search, includeFormer, canAdd, setEditing, roomy, allColumns],
  );
  const head = useMemo(
    () => (
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
          {table.getLeafHeaders().filter((header) => header.column.getIsVisible()).map((header) => (
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
    ),
    // The table instance is stable; its header state is sorting and columnFilters.
    [table, sorting, columnFilters, columnVisibility, t],
  );
  const noTeam = t('roster.noTeam');
  const loading = t('roster.loadingLine');

  // Nobody in the list (not a search or filter that found no one): say so, with the next step.
  const shownTeamOf = basics.teams.find((team) => team.id === teamId);
  const nobody = view !== null && view.generation === generation.current && view.total === 0 && search.trim() === '' && columnFilters.length === 0 && !editing;
  const canAddHere = shownTeamOf ? basics.manages(shownTeamOf.id) && !shownTeamOf.archived : canAdd;
  const empty = nobody ? (
    <EmptyState
      testId="roster-empty"
      message={shownTeamOf ? t(canAddHere ? 'roster.teamHasNoMembers' : 'roster.teamHasNoMembersAsk', { team: shownTeamOf.name }) : t('roster.noMembers')}
      action={canAddHere ? { label: shownTeamOf ? t('roster.addMemberToTeam', { team: shownTeamOf.name }) : t('roster.addMemberFirst'), onPress: () => setEditing('new') } : undefined}
    />
  ) : null;

  return (
    <>
      {toolbar}
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
            reload();
            setEditingState(saved);
            setNotice(text);
          }}
        />
      )}
      <p className="help" aria-live="polite" data-testid="roster-count">
        {view ? t('roster.lines', { count: view.total }) : ''}
      </p>
      {empty}
      <div ref={scroller} className="table-scroll roster-scroll" role="region" aria-label={t('roster.tableLabel')} tabIndex={-1}>
        <table className={roomy ? 'checks roster-table' : 'checks roster-table roster-compact'} data-testid="roster-table" aria-rowcount={layout.count + 2}>
          <colgroup>
            {visibleColumns.map((column) => (
              <col key={column} style={{ width: WIDTHS[column] }} />
            ))}
          </colgroup>
          {head}
          <tbody>
            {paddingTop > 0 && (
              <tr aria-hidden="true">
                <td colSpan={visibleColumns.length} style={{ height: paddingTop, padding: 0, border: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const slot = slotAt(layout, item.index);
              return (
                <RosterRow
                  key={item.index}
                  index={item.index}
                  group={slot.kind === 'group' ? slot.group : null}
                  expanded={slot.kind === 'group' && slot.expanded}
                  line={slot.kind === 'line' ? lineAt(view, slot.offset) : undefined}
                  focused={item.index === focusIndex}
                  handlers={handlers}
                  noTeam={noTeam}
                  loading={loading}
                  columns={visibleColumns}
                />
              );
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden="true">
                <td colSpan={visibleColumns.length} style={{ height: paddingBottom, padding: 0, border: 0 }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

const NO_LINES: RosterLine[] = [];

/**
 * Fixed column widths (with `table-layout: fixed`): the rows that scroll into view never change
 * the columns, so a scroll lays out only the new rows, never the whole table again.
 */
const WIDTHS: Record<RosterColumn, string> = { name: '15%', profession: '11%', organisation: '15%', team: '14%', role: '8%', phone: '9%', email: '14%', from: '7%', to: '7%' };
/** Left out where the area is narrow (still searchable, and shown when the member opens). */
const COMPACT_HIDDEN: ReadonlySet<RosterColumn> = new Set(['phone', 'from', 'to']);
/** The whole table needs about this much room (its min-width in styles.css). */
const ROOMY_WIDTH = 72 * 18;
