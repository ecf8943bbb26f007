// The rows of one collection as a virtual grid; its columns come from the engine's answer. Cells
// can be edited in place (Enter or double click; Enter commits, Escape cancels), rows added and
// removed: each edit is recorded in the outbox as the collection's new content and goes out with
// the next push from the Changes screen.
import { useCallback, useId, useMemo, useState } from 'react'
import { call, type CollectionRow } from '../../api'
import { DiffTag } from '../../components/DiffTag'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount, formatValue, formatWhen } from '../../components/format'
import { editText, parseEdit, typeOf } from '../../components/InlineEdit'
import { usePagedRows } from '../../components/usePagedRows'
import { VirtualGrid, type GridColumn } from '../../components/VirtualGrid'
import { useChanges } from '../../state/changes'
import { useJobs } from '../../state/jobs'
import { AddCollectionRow } from './AddCollectionRow'
import { useCollectionEdits } from './useCollectionEdits'

/** A row with its place in the collection, which edits address it by. */
interface IndexedRow {
  index: number
  data: Record<string, unknown>
}
interface RowsPage {
  total: number
  offset: number
  columns: string[]
  rows: IndexedRow[]
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
  const { version } = useChanges()
  const edits = useCollectionEdits(workspaceId, collection.id)
  const [selected, setSelected] = useState<number | null>(null)
  const [adding, setAdding] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const queryKey = `${workspaceId}:${collection.id}#${mirrorVersion}.${version}`
  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const r = await call((cio) => cio.collections.rows({ workspaceId, collectionId: collection.id, offset, limit }))
      return r.ok ? { ok: true as const, value: { ...r.value, rows: r.value.rows.map((data, i) => ({ index: offset + i, data })) } } : r
    },
    [workspaceId, collection.id],
  )
  const rows = usePagedRows<IndexedRow, RowsPage>({ queryKey, fetchPage })

  const names = useMemo(() => (rows.first?.columns.length ? rows.first.columns : collection.schema), [rows.first, collection.schema])
  const { setCell } = edits
  const columns = useMemo<GridColumn<IndexedRow>[]>(
    () =>
      names.map((name) => ({
        id: name,
        header: name,
        width: Math.min(260, Math.max(110, name.length * 9 + 40)),
        cell: (row: IndexedRow) => <Cell value={row.data[name]} />,
        edit: {
          label: (row) => `${name} of row ${row.index + 1}`,
          initial: (row) => editText(row.data[name]),
          commit: async (row, text) => (text === editText(row.data[name]) ? null : setCell(row.index, name, parseEdit(text, typeOf(row.data[name])))),
        },
      })),
    [names, setCell],
  )

  async function removeSelected() {
    if (selected == null) return
    setProblem(await edits.removeRow(selected))
    setSelected(null)
  }

  return (
    <section className="detail-pane" aria-labelledby={`${uid}-title`}>
      <div className="detail-head">
        <h2 id={`${uid}-title`}>{collection.name}</h2>
        <span className="muted">
          {formatCount(rows.total ?? collection.rows)} rows · pulled {formatWhen(collection.pulledAt)}
        </span>
        <div className="collection-actions">
          <button type="button" onClick={() => setAdding(true)}>
            Add row
          </button>
          <button type="button" disabled={selected == null} onClick={() => void removeSelected()}>
            {selected == null ? 'Remove row' : `Remove row ${selected + 1}`}
          </button>
        </div>
      </div>
      {edits.pending ? (
        <div className="collection-pending" role="status">
          <DiffTag kind="update">Edited</DiffTag> This collection has local edits that are not pushed yet
          {edits.pending.state === 'conflict' ? ' and an open conflict to resolve on the Conflicts screen' : ''}.{' '}
          <a href="#/changes">Push them from Changes</a>{' '}
          <button type="button" className="link-button" onClick={() => void edits.discard().then(setProblem)}>
            Discard the edits to {collection.name}
          </button>
        </div>
      ) : null}
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {rows.error ? <ErrorAlert title="Could not read the collection’s rows" error={rows.error} onRetry={rows.reload} /> : null}
      {rows.total === 0 ? (
        <p className="muted empty-line">This collection has no rows in the mirror. Add one with “Add row”.</p>
      ) : columns.length === 0 && rows.total != null ? (
        <p className="muted empty-line">This collection’s rows have no columns.</p>
      ) : (
        <VirtualGrid
          label={`Rows of ${collection.name}`}
          columns={columns}
          total={rows.total ?? 0}
          rowAt={rows.rowAt}
          onRangeChange={rows.requestRange}
          selected={selected}
          onSelect={setSelected}
          scrollResetKey={`${workspaceId}:${collection.id}`}
        />
      )}
      {adding ? (
        <AddCollectionRow
          collectionName={collection.name}
          columns={names}
          onCancel={() => setAdding(false)}
          onAdd={async (row) => {
            const error = await edits.addRow(row)
            if (!error) setAdding(false)
            return error
          }}
        />
      ) : null}
    </section>
  )
}
