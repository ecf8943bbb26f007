// The rows of one collection as a virtual grid; its columns come from the engine's answer.
import { useCallback, useId, useMemo } from 'react'
import { call, type CollectionRow } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount, formatValue, formatWhen } from '../../components/format'
import { usePagedRows } from '../../components/usePagedRows'
import { VirtualGrid, type GridColumn } from '../../components/VirtualGrid'
import { useJobs } from '../../state/jobs'

type Row = Record<string, unknown>
interface RowsPage {
  total: number
  offset: number
  columns: string[]
  rows: Row[]
}

function Cell({ value }: { value: unknown }) {
  const text = formatValue(value)
  if (text === '') return <span className="cell-empty">—</span>
  return (
    <span className="cell-text" title={text}>
      {text}
    </span>
  )
}

export function CollectionRows({ workspaceId, collection }: { workspaceId: string; collection: CollectionRow }) {
  const uid = useId()
  const { mirrorVersion } = useJobs()
  const queryKey = `${workspaceId}:${collection.id}#${mirrorVersion}`
  const fetchPage = useCallback(
    (offset: number, limit: number) => call((cio) => cio.collections.rows({ workspaceId, collectionId: collection.id, offset, limit })),
    [workspaceId, collection.id],
  )
  const rows = usePagedRows<Row, RowsPage>({ queryKey, fetchPage })

  const names = rows.first?.columns.length ? rows.first.columns : collection.schema
  const columns = useMemo<GridColumn<Row>[]>(
    () =>
      names.map((name) => ({
        id: name,
        header: name,
        width: Math.min(260, Math.max(110, name.length * 9 + 40)),
        cell: (row: Row) => <Cell value={row[name]} />,
      })),
    [names],
  )

  return (
    <section className="detail-pane" aria-labelledby={`${uid}-title`}>
      <div className="detail-head">
        <h2 id={`${uid}-title`}>{collection.name}</h2>
        <span className="muted">
          {formatCount(collection.rows)} rows · pulled {formatWhen(collection.pulledAt)}
        </span>
      </div>
      {rows.error ? <ErrorAlert title="Could not read the collection’s rows" error={rows.error} onRetry={rows.reload} /> : null}
      {rows.total === 0 ? (
        <p className="muted empty-line">This collection has no rows in the mirror.</p>
      ) : columns.length === 0 && rows.total != null ? (
        <p className="muted empty-line">This collection’s rows have no columns.</p>
      ) : (
        <VirtualGrid
          label={`Rows of ${collection.name}`}
          columns={columns}
          total={rows.total ?? 0}
          rowAt={rows.rowAt}
          onRangeChange={rows.requestRange}
          scrollResetKey={queryKey}
        />
      )}
    </section>
  )
}
