// The virtualized diff grid of a plan: every row with its bucket and field changes old → new,
// read a page at a time, filterable by bucket and by column. The selected row's changes are
// listed in full underneath.
import { useCallback, useId, useMemo, useState } from 'react'
import { call } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount, plural } from '../../components/format'
import { usePagedRows } from '../../components/usePagedRows'
import { VirtualGrid, type GridColumn } from '../../components/VirtualGrid'
import { BucketTag, BUCKET_LABEL, FieldChangeView, RowChanges, changesText } from './FieldChanges'
import { bucketsOf, type ImportSummary, type PlanBucket, type PlanRow, type PlanRowsPage } from './importKinds'
import { bucketCount } from './SummaryChips'

export type BucketFilter = PlanBucket | 'all'

/** The identifier is always a column of its own, named after the file's identifier column, even on rows where it does not change. */
function planColumns(identifierName: string): GridColumn<PlanRow>[] {
  return [
    { id: 'row', header: 'Row', width: 70, numeric: true, cell: (r) => formatCount(r.row) },
    { id: 'identifier', header: identifierName, width: 220, cell: (r) => (r.identifier ? <span className="cell-text cell-mono">{r.identifier}</span> : <span className="cell-empty">none</span>) },
    { id: 'bucket', header: 'Change', width: 120, cell: (r) => <BucketTag bucket={r.bucket} /> },
    {
      id: 'changes',
      header: 'Fields (old → new)',
      width: 420,
      cell: (r) => (
        <span className="cell-text" title={changesText(r)}>
          <RowChanges row={r} />
        </span>
      ),
    },
  ]
}

interface PlanGridProps {
  summary: ImportSummary
  bucket: BucketFilter
  onBucket: (b: BucketFilter) => void
}

export function PlanGrid({ summary, bucket, onBucket }: PlanGridProps) {
  const uid = useId()
  const [column, setColumn] = useState('')
  const [selected, setSelected] = useState<number | null>(null)
  const importId = summary.id
  const queryKey = `${importId}|${summary.state}|${bucket}|${column}`

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      call<PlanRowsPage>((cio) => cio.imports.rows({ importId, offset, limit, ...(bucket !== 'all' ? { bucket } : {}), ...(column ? { column } : {}) })),
    [importId, bucket, column],
  )
  const paged = usePagedRows<PlanRow, PlanRowsPage>({ queryKey, fetchPage, pageSize: 200 })
  const mapped = useMemo(() => (summary.mapping?.columns ?? []).filter((c) => c.target != null), [summary.mapping])
  const chosen = selected != null ? paged.rowAt(selected) : undefined
  const identifier = summary.mapping?.identifier
  const columns = useMemo(() => planColumns(identifier ? `${identifier.column} (identifier)` : 'Identifier'), [identifier])

  return (
    <section className="plan-grid" aria-labelledby={`${uid}-title`}>
      <div className="toolbar plan-toolbar">
        <h3 id={`${uid}-title`} className="sr-only">
          Planned changes
        </h3>
        <div className="segmented segmented-buttons" role="group" aria-label="Show rows">
          {(['all', ...bucketsOf(summary)] as BucketFilter[]).map((b) => (
            <button
              key={b}
              type="button"
              aria-pressed={bucket === b}
              className={bucket === b ? 'checked' : ''}
              onClick={() => {
                setSelected(null)
                onBucket(b)
              }}
            >
              {b === 'all' ? 'All' : BUCKET_LABEL[b]}
              <span className="seg-count" aria-hidden="true">
                {formatCount(b === 'all' ? summary.rows : bucketCount(summary, b))}
              </span>
            </button>
          ))}
        </div>
        <label htmlFor={`${uid}-column`} className="toolbar-label">
          Column
        </label>
        <select id={`${uid}-column`} value={column} onChange={(e) => setColumn(e.target.value)}>
          <option value="">All columns</option>
          {mapped.map((c) => (
            <option key={c.index} value={c.column}>
              {c.column === c.target ? c.column : `${c.column} → ${c.target}`}
            </option>
          ))}
        </select>
        <span className="toolbar-spacer" />
        <span className="result-count" role="status">
          {paged.total == null ? 'Loading rows…' : plural(paged.total, 'row')}
        </span>
      </div>
      {paged.error ? <ErrorAlert title="Could not read the planned rows" error={paged.error} onRetry={paged.reload} /> : null}
      {paged.total === 0 ? (
        <p className="empty-grid muted">No rows {bucket === 'all' ? '' : `in “${BUCKET_LABEL[bucket]}” `}{column ? `touching ${column}` : ''}.</p>
      ) : (
        <VirtualGrid
          label="Planned changes"
          columns={columns}
          total={paged.total ?? 0}
          rowAt={paged.rowAt}
          onRangeChange={paged.requestRange}
          selected={selected}
          onSelect={setSelected}
          onEscape={() => setSelected(null)}
          scrollResetKey={queryKey}
          rowClass={(r) => `bucket-${r.bucket}`}
        />
      )}
      {chosen ? (
        <div className="row-detail" aria-label={`Row ${chosen.row} in full`} role="region">
          <strong>Row {formatCount(chosen.row)}</strong> <BucketTag bucket={chosen.bucket} /> <span className="cell-mono">{chosen.identifier ?? ''}</span>
          {chosen.message ? <p className="row-detail-message">{chosen.message}</p> : null}
          {chosen.changes.length ? (
            <ul>
              {chosen.changes.map((c) => (
                <li key={c.field}>
                  <FieldChangeView change={c} />
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}
