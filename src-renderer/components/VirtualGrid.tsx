// A keyboard-first data grid for lists of any length: TanStack Table holds the columns and the
// sort state, TanStack Virtual renders only the rows on screen. Rows come from `rowAt(index)`, so
// the data can be paged in (see usePagedRows); rows not loaded yet show a quiet placeholder.
import { useEffect, useId, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react'
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'

export interface GridColumn<T> {
  id: string
  header: string
  width: number
  cell: (row: T) => ReactNode
  sortable?: boolean
  numeric?: boolean
  /** extra classes for one cell, e.g. the diff style of a pending edit */
  cellClass?: (row: T) => string | undefined
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
  /** when this changes, the grid scrolls back to the top */
  scrollResetKey?: string
  rowHeight?: number
}

const NO_ROWS: never[] = []

export function VirtualGrid<T>(props: VirtualGridProps<T>) {
  const { label, columns, total, rowAt, onRangeChange, selected = null, onSelect, onOpen, onEscape, sort = null, onSortChange } = props
  const rowHeight = props.rowHeight ?? 30
  const gridId = useId()
  const scrollRef = useRef<HTMLDivElement>(null)

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
  }, [props.scrollResetKey])

  const template = columns.map((c, i) => (i === columns.length - 1 ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' ')
  const width = columns.reduce((sum, c) => sum + c.width, 0)

  function move(to: number) {
    if (total === 0) return
    const index = Math.max(0, Math.min(total - 1, to))
    onSelect?.(index)
    virtualizer.scrollToIndex(index, { align: 'auto' })
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.target !== e.currentTarget) return // keys inside header buttons keep their meaning
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / rowHeight) - 1)
    const at = selected ?? -1
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at + 1),
      ArrowUp: () => move(at <= 0 ? 0 : at - 1),
      PageDown: () => move(at + page),
      PageUp: () => move(at - page),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => (selected != null ? onOpen?.(selected) : undefined),
      Escape: () => onEscape?.(),
    }
    const action = keys[e.key]
    if (!action) return
    e.preventDefault()
    action()
  }

  const rowDomId = (index: number) => `${gridId}-row-${index}`

  return (
    <div
      ref={scrollRef}
      className="vgrid"
      role="grid"
      aria-label={label}
      aria-rowcount={total + 1}
      aria-colcount={columns.length}
      aria-activedescendant={selected != null && selected >= first && selected <= last ? rowDomId(selected) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="vgrid-head" style={{ minWidth: width }}>
        {table.getHeaderGroups().map((group) => (
          <div role="row" aria-rowindex={1} key={group.id} className="vgrid-row" style={{ gridTemplateColumns: template, height: rowHeight }}>
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted()
              const column = columns[header.index]
              return (
                <div
                  key={header.id}
                  role="columnheader"
                  className={`vgrid-th${column?.numeric ? ' num' : ''}`}
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
              aria-selected={onSelect ? isSelected : undefined}
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
                columns.map((c) => (
                  <div key={c.id} role="gridcell" className={`vgrid-td${c.numeric ? ' num' : ''}${c.cellClass?.(row) ? ` ${c.cellClass(row)}` : ''}`}>
                    {c.cell(row)}
                  </div>
                ))
              )}
            </div>
          )
        })}
      </div>
    </div>
  )
}
