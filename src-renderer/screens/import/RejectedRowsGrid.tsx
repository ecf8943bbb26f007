// The rows that did not go through, editable in place: each original cell is an input, "Fix"
// re-validates the row in the engine and shows the outcome next to it.
import { useMemo, useState } from 'react'
import { DiffTag } from '../../components/DiffTag'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount } from '../../components/format'
import { VirtualGrid, type GridColumn } from '../../components/VirtualGrid'
import { BucketTag } from './FieldChanges'
import { isValidFix, type useRejectedRows, type RejectedEntry } from './useRejectedRows'

type Rejected = ReturnType<typeof useRejectedRows>

const NOOP = () => {}

function Status({ entry, data }: { entry: RejectedEntry; data: Rejected }) {
  const result = data.fixes[entry.row]
  if (data.fixing === entry.row) return <span className="muted">Checking…</span>
  if (!result) {
    const edited = data.edits[entry.row] != null
    return (
      <span className="cell-text reject-reason" title={entry.message ?? undefined}>
        {edited ? <DiffTag kind="update">Edited</DiffTag> : <DiffTag kind="invalid">{entry.reason === 'invalid' ? 'Invalid' : 'Rejected'}</DiffTag>} {entry.message ?? ''}
      </span>
    )
  }
  const text = result.errors.map((e) => `${e.column ? `${e.column}: ` : ''}${e.message}`).join('; ')
  // The row's bucket decides, not the list: a warning (a cell that starts like a formula, say)
  // comes back with a valid row and does not stop it from being re-pushed.
  if (isValidFix(result)) {
    return (
      <span className="cell-text" title={text || 'Valid: will be sent by Re-push fixed rows'}>
        <BucketTag bucket={result.row.bucket} /> <span className="fix-ok">✓ Valid, ready to re-push</span>
        {text ? <span className="muted"> · {text}</span> : null}
      </span>
    )
  }
  return (
    <span className="cell-text reject-reason" title={text}>
      <DiffTag kind="invalid">Still invalid</DiffTag> {text}
    </span>
  )
}

export function RejectedRowsGrid({ data }: { data: Rejected }) {
  const [selected, setSelected] = useState<number | null>(null)
  const entries = useMemo(() => data.entries ?? [], [data.entries])

  const columns = useMemo<GridColumn<RejectedEntry>[]>(
    () => [
      { id: 'row', header: 'Row', width: 64, numeric: true, cell: (e) => formatCount(e.row) },
      { id: 'status', header: 'Status', width: 300, cell: (e) => <Status entry={e} data={data} /> },
      ...data.columns.map<GridColumn<RejectedEntry>>((c) => ({
        id: `col:${c}`,
        header: c,
        width: 150,
        cell: (e) => (
          <input
            type="text"
            className={`cell-input${data.edits[e.row]?.[c] != null ? ' is-edited' : ''}`}
            aria-label={`${c}, row ${e.row}`}
            value={data.valueOf(e, c)}
            spellCheck={false}
            onChange={(ev) => data.edit(e.row, c, ev.target.value)}
            onKeyDown={(ev) => {
              if (ev.key === 'Enter') void data.fix(e)
            }}
          />
        ),
      })),
      {
        id: 'fix',
        header: '',
        width: 72,
        cell: (e) => (
          <button type="button" onClick={() => void data.fix(e)} disabled={data.fixing === e.row} aria-label={`Fix row ${e.row}`}>
            Fix
          </button>
        ),
      },
    ],
    [data],
  )

  if (data.entries == null) return <p className="muted">Loading the rejected rows…</p>
  return (
    <>
      {data.fixError ? <ErrorAlert title="Could not check the row" error={data.fixError} onDismiss={data.clearFixError} /> : null}
      <div className="rejected-grid">
        <VirtualGrid
          label="Rejected rows"
          columns={columns}
          total={entries.length}
          rowAt={(i) => entries[i]}
          onRangeChange={NOOP}
          selected={selected}
          onSelect={setSelected}
          onEscape={() => setSelected(null)}
          rowHeight={36}
          rowClass={(e) => (data.fixes[e.row] && isValidFix(data.fixes[e.row]) ? 'is-fixed' : undefined)}
        />
      </div>
    </>
  )
}
