// A keyboard-first data grid for lists of any length: TanStack Table holds the columns and the
// sort state, TanStack Virtual renders only the rows on screen. Rows come from `rowAt(index)`, so
// the data can be paged in (see usePagedRows); rows not loaded yet show a quiet placeholder.
// Columns with `edit` can be changed in place: ← → pick a cell, Enter (or a double click) opens a
// text box in it, Enter commits and Escape cancels.
// With `cellFocus` it follows the ARIA grid pattern as spreadsheets do (Airtable, TablePlus): a
// click selects a cell, the arrows move the selection, the selected cell holds the one tab stop
// (roving tabindex) and the keyboard focus; Tab in a text box commits and moves on; Space asks
// for the row to be expanded. Columns marked `frozen` (leading ones) stay put while scrolling
// sideways.
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react'
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { InlineEdit } from './InlineEdit'

/** How a column's cells are edited in place. */
export interface GridCellEdit<T> {
  /** the text box's accessible name for this row, e.g. "first_name of ann@example.com" */
  label: (row: T) => string
  /** the text the box starts with */
  initial: (row: T) => string
  /** records the edit; answers an error message to keep the box open, or null */
  commit: (row: T, text: string) => Promise<string | null>
  /** false for rows that cannot be edited (e.g. deleted people) */
  can?: (row: T) => boolean
}

export interface GridColumn<T> {
  id: string
  header: string
  width: number
  cell: (row: T) => ReactNode
  sortable?: boolean
  numeric?: boolean
  /** extra classes for one cell, e.g. the diff style of a pending edit */
  cellClass?: (row: T) => string | undefined
  /** makes the column's cells editable in place */
  edit?: GridCellEdit<T>
  /** stays in view while scrolling sideways; only leading columns can be frozen */
  frozen?: boolean
}

export type GridSort = { column: string; dir: 'asc' | 'desc' } | null

interface VirtualGridProps<T> {
  /** the grid's accessible name */
  label: string
  columns: GridColumn<T>[]
  total: number
  rowAt: (index: number) => T | undefined
  /** called with the first and last row index on screen (overscan included) */
  onRangeChange: (first: number, last: number) => void
  selected?: number | null
  onSelect?: (index: number) => void
  /** Enter or double click on a row (or a single click with openOnClick) */
  onOpen?: (index: number) => void
  openOnClick?: boolean
  onEscape?: () => void
  sort?: GridSort
  onSortChange?: (sort: GridSort) => void
  rowClass?: (row: T) => string | undefined
  /** cells, not rows, are selected and focused (roving tabindex); see the header comment */
  cellFocus?: boolean
  /** Space on the selected row (cellFocus): open its details beside the grid */
  onExpand?: (index: number) => void
  /** when this changes, the grid scrolls back to the top */
  scrollResetKey?: string
  rowHeight?: number
}

const NO_ROWS: never[] = []

export function VirtualGrid<T>(props: VirtualGridProps<T>) {
  const { label, columns, total, rowAt, onRangeChange, selected = null, onSelect, onOpen, onEscape, sort = null, onSortChange, cellFocus = false } = props
  const rowHeight = props.rowHeight ?? 30
  const gridId = useId()
  const scrollRef = useRef<HTMLDivElement>(null)
  // Cell mode: the column the keyboard is on (null = whole rows), and the cell being edited.
  const [activeCol, setActiveCol] = useState<number | null>(null)
  const [editing, setEditing] = useState<{ index: number; col: number } | null>(null)
  const anyEditable = columns.some((c) => c.edit)
  // cellFocus: the keyboard focus follows the selected cell once it is on screen
  const focusWanted = useRef(false)
  const col = cellFocus ? Math.min(activeCol ?? 0, Math.max(0, columns.length - 1)) : activeCol

  const sorting: SortingState = sort ? [{ id: sort.column, desc: sort.dir === 'desc' }] : []
  const defs = useMemo<ColumnDef<T>[]>(
    // accessorFn makes a column sortable for TanStack; values are never read (no data is given).
    () => columns.map((c) => ({ id: c.id, header: c.header, size: c.width, accessorFn: () => null, enableSorting: Boolean(c.sortable && onSortChange) })),
    [columns, onSortChange],
  )
  // Sorting is done by the engine over the whole mirror (manualSorting); the table only keeps the state.
  const table = useReactTable<T>({
    data: NO_ROWS,
    columns: defs,
    state: { sorting },
    manualSorting: true,
    enableMultiSort: false,
    sortDescFirst: false,
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater
      onSortChange?.(next[0] ? { column: next[0].id, dir: next[0].desc ? 'desc' : 'asc' } : null)
    },
    getCoreRowModel: getCoreRowModel(),
  })

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    // The sticky header row sits above the rows inside the same scroller: count it in, and keep
    // rows reached by keyboard from hiding under it.
    scrollMargin: rowHeight,
    scrollPaddingStart: rowHeight,
  })
  const items = virtualizer.getVirtualItems()
  const first = items.length ? items[0].index : 0
  const last = items.length ? items[items.length - 1].index : -1

  useEffect(() => {
    if (last >= first) onRangeChange(first, last)
  }, [first, last, onRangeChange])

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 })
    setEditing(null)
  }, [props.scrollResetKey])

  function editable(index: number, col: number): T | undefined {
    const row = rowAt(index)
    const edit = columns[col]?.edit
    return row !== undefined && edit && (edit.can?.(row) ?? true) ? row : undefined
  }

  function startEdit(index: number, col: number): boolean {
    if (!editable(index, col)) return false
    setActiveCol(col)
    setEditing({ index, col })
    return true
  }

  /** Ends editing; the keyboard goes back to the grid unless focus left the box for elsewhere. */
  function stopEdit(refocus = true) {
    setEditing(null)
    if (!refocus) return
    if (cellFocus) focusWanted.current = true
    else scrollRef.current?.focus()
  }

  const template = columns.map((c, i) => (i === columns.length - 1 ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' ')
  const width = columns.reduce((sum, c) => sum + c.width, 0)
  // Sticky offsets of the leading frozen columns, and the room they take.
  const frozenLeft: (number | undefined)[] = []
  let frozenWidth = 0
  for (const c of columns) {
    if (!c.frozen || frozenLeft.length < columns.indexOf(c)) break
    frozenLeft.push(frozenWidth)
    frozenWidth += c.width
  }

  function move(to: number) {
    if (total === 0) return
    const index = Math.max(0, Math.min(total - 1, to))
    onSelect?.(index)
    virtualizer.scrollToIndex(index, { align: 'auto' })
    if (cellFocus) focusWanted.current = true
  }

  function moveCol(to: number) {
    if (selected == null) move(0)
    setActiveCol(Math.max(0, Math.min(columns.length - 1, to)))
    if (cellFocus) focusWanted.current = true
  }

  const rowDomId = (index: number) => `${gridId}-row-${index}`
  const cellDomId = (index: number, c: number) => `${gridId}-cell-${index}-${c}`

  // cellFocus: move the keyboard focus to the selected cell once it is rendered, and bring it
  // into view sideways past the frozen columns (the virtualizer handles up and down).
  useLayoutEffect(() => {
    if (!cellFocus || !focusWanted.current || selected == null || col == null || editing) return
    const cell = document.getElementById(cellDomId(selected, col))
    const scroller = scrollRef.current
    if (!cell || !scroller) return
    focusWanted.current = false
    cell.focus({ preventScroll: true })
    if (columns[col]?.frozen) return
    const left = cell.offsetLeft
    const right = left + cell.offsetWidth
    if (left < scroller.scrollLeft + frozenWidth) scroller.scrollLeft = left - frozenWidth
    else if (right > scroller.scrollLeft + scroller.clientWidth) scroller.scrollLeft = right - scroller.clientWidth
  })

  /** Tabbing into the grid lands on the selected cell (the first one when none is). */
  function onFocus(e: FocusEvent<HTMLDivElement>) {
    if (!cellFocus || e.target !== e.currentTarget || total === 0) return
    if (selected == null) onSelect?.(0)
    focusWanted.current = true
    if (selected != null) virtualizer.scrollToIndex(selected, { align: 'auto' })
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    // keys inside header buttons (or a cell's own button) keep their meaning
    const onCell = cellFocus && (e.target as HTMLElement).getAttribute('role') === 'gridcell'
    if (e.target !== e.currentTarget && !onCell) return
    if (cellFocus) return cellKeys(e)
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / rowHeight) - 1)
    const at = selected ?? -1
    const cell = (c: number) => moveCol(c)
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at + 1),
      ArrowUp: () => move(at <= 0 ? 0 : at - 1),
      PageDown: () => move(at + page),
      PageUp: () => move(at - page),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => {
        if (selected == null) return
        if (activeCol != null && startEdit(selected, activeCol)) return
        onOpen?.(selected)
      },
      F2: () => (selected != null && activeCol != null ? void startEdit(selected, activeCol) : undefined),
      Escape: () => (activeCol != null ? setActiveCol(null) : onEscape?.()),
    }
    if (anyEditable) {
      keys.ArrowRight = () => cell(activeCol == null ? 0 : activeCol + 1)
      keys.ArrowLeft = () => (activeCol == null ? undefined : cell(activeCol - 1))
    }
    const action = keys[e.key]
    if (!action) return
    e.preventDefault()
    action()
  }

  /** The ARIA grid keys: arrows, Page Up/Down, Home/End in the row, Ctrl+Home/End in the grid. */
  function cellKeys(e: KeyboardEvent<HTMLDivElement>) {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / rowHeight) - 2)
    const at = selected ?? -1
    const c = col ?? 0
    const ctrl = e.ctrlKey || e.metaKey
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at + 1),
      ArrowUp: () => move(at <= 0 ? 0 : at - 1),
      ArrowRight: () => moveCol(c + 1),
      ArrowLeft: () => moveCol(c - 1),
      PageDown: () => move(at + page),
      PageUp: () => move(at - page),
      Home: () => (ctrl ? move(0) : moveCol(0)),
      End: () => (ctrl ? move(total - 1) : moveCol(columns.length - 1)),
      Enter: () => {
        if (selected != null && !startEdit(selected, c)) onOpen?.(selected)
      },
      F2: () => (selected != null ? void startEdit(selected, c) : undefined),
      ' ': () => (selected != null ? props.onExpand?.(selected) : undefined),
      Escape: () => onEscape?.(),
    }
    const action = keys[e.key]
    if (!action || e.altKey) return
    e.preventDefault()
    action()
  }

  const selectedOnScreen = selected != null && selected >= first && selected <= last
  const activeId = cellFocus || !selectedOnScreen ? undefined : activeCol != null ? cellDomId(selected, activeCol) : rowDomId(selected)

  return (
    <div
      ref={scrollRef}
      className="vgrid"
      role="grid"
      aria-label={label}
      aria-rowcount={total + 1}
      aria-colcount={columns.length}
      aria-activedescendant={activeId}
      tabIndex={cellFocus && selectedOnScreen ? -1 : 0}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      <div role="rowgroup" className="vgrid-head" style={{ minWidth: width }}>
        {table.getHeaderGroups().map((group) => (
          <div role="row" aria-rowindex={1} key={group.id} className="vgrid-row" style={{ gridTemplateColumns: template, height: rowHeight }}>
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted()
              const column = columns[header.index]
              const left = frozenLeft[header.index]
              return (
                <div
                  key={header.id}
                  role="columnheader"
                  className={`vgrid-th${column?.numeric ? ' num' : ''}${left !== undefined ? ' is-frozen' : ''}`}
                  style={left !== undefined ? { left } : undefined}
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                >
                  {header.column.getCanSort() ? (
                    <button type="button" className="vgrid-sort" onClick={header.column.getToggleSortingHandler()} title="Sort by this column">
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      <span aria-hidden="true" className="vgrid-sort-mark">
                        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                      </span>
                    </button>
                  ) : (
                    flexRender(header.column.columnDef.header, header.getContext())
                  )}
                </div>
              )
            })}
          </div>
        ))}
      </div>
      <div role="rowgroup" className="vgrid-body" style={{ height: virtualizer.getTotalSize(), minWidth: width }}>
        {items.map((item) => {
          const row = rowAt(item.index)
          const isSelected = selected === item.index
          const extra = row !== undefined ? props.rowClass?.(row) : undefined
          return (
            <div
              key={item.key}
              id={rowDomId(item.index)}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={onSelect && !cellFocus ? isSelected : undefined}
              aria-busy={row === undefined || undefined}
              className={`vgrid-row${isSelected ? ' is-selected' : ''}${row === undefined ? ' is-loading' : ''}${extra ? ` ${extra}` : ''}`}
              style={{ gridTemplateColumns: template, height: item.size, transform: `translateY(${item.start - rowHeight}px)` }}
              onClick={() => {
                onSelect?.(item.index)
                if (props.openOnClick) onOpen?.(item.index)
              }}
              onDoubleClick={() => onOpen?.(item.index)}
            >
              {row === undefined ? (
                <div role="gridcell" className="vgrid-td vgrid-placeholder" aria-colspan={columns.length}>
                  Loading…
                </div>
              ) : (
                columns.map((c, colIndex) => {
                  const isEditing = editing != null && editing.index === item.index && editing.col === colIndex
                  const isActive = isSelected && col === colIndex
                  const edit = c.edit
                  const left = frozenLeft[colIndex]
                  return (
                    <div
                      key={c.id}
                      id={cellDomId(item.index, colIndex)}
                      role="gridcell"
                      aria-selected={cellFocus ? isActive : undefined}
                      tabIndex={cellFocus ? (isActive ? 0 : -1) : undefined}
                      className={`vgrid-td${c.numeric ? ' num' : ''}${c.cellClass?.(row) ? ` ${c.cellClass(row)}` : ''}${isActive ? ' is-active-cell' : ''}${isEditing ? ' is-editing' : ''}${left !== undefined ? ' is-frozen' : ''}`}
                      style={left !== undefined ? { left } : undefined}
                      onClick={cellFocus ? () => setActiveCol(colIndex) : undefined}
                      onDoubleClick={(e) => {
                        if (startEdit(item.index, colIndex)) e.stopPropagation()
                      }}
                    >
                      {isEditing && edit ? (
                        <InlineEdit
                          label={edit.label(row)}
                          initial={edit.initial(row)}
                          onCommit={async (text) => {
                            const error = await edit.commit(row, text)
                            if (!error) stopEdit()
                            return error
                          }}
                          onCancel={(how) => stopEdit(how === 'escape')}
                          onTab={cellFocus ? (back) => moveCol(colIndex + (back ? -1 : 1)) : undefined}
                        />
                      ) : (
                        c.cell(row)
                      )}
                    </div>
                  )
                })
              )}
            </div>
          )
        })}
      </div>
    </div>
  )
}
