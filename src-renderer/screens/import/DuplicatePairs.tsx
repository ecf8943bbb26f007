// Duplicate rows side by side: each duplicate beside the row it repeats, the file's columns in
// the same order for both, the cells that differ marked, and which of the two is imported. The
// identifier column comes first, so the reason they are duplicates is in view.
import { useEffect, useState } from 'react'
import { call, type IpcError } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount, plural } from '../../components/format'
import type { DuplicatesView, ImportSummary } from './importKinds'

const SHOWN = 20

function useDuplicates(summary: ImportSummary): { view: DuplicatesView | null; error: IpcError | null } {
  const [view, setView] = useState<DuplicatesView | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const { id, duplicates, state } = summary
  useEffect(() => {
    setView(null)
    setError(null)
    if (duplicates === 0) return
    let alive = true
    void call((cio) => cio.imports.duplicates({ importId: id, limit: SHOWN })).then((r) => {
      if (!alive) return
      if (r.ok) setView(r.value)
      else setError(r.error)
    })
    return () => {
      alive = false
    }
  }, [id, duplicates, state])
  return { view, error }
}

/** The identifier's column first, then the others in file order. */
function orderedColumns(columns: string[], identifierColumn: string | null): string[] {
  return identifierColumn && columns.includes(identifierColumn) ? [identifierColumn, ...columns.filter((c) => c !== identifierColumn)] : columns
}

export function DuplicatePairs({ summary }: { summary: ImportSummary }) {
  const { view, error } = useDuplicates(summary)
  if (summary.duplicates === 0) return null
  const identifierColumn = summary.mapping?.identifier?.column ?? null
  return (
    <section className="plan-errors duplicate-pairs" aria-labelledby="plan-duplicates-title">
      <h3 id="plan-duplicates-title">{plural(summary.duplicates, 'duplicate row')}</h3>
      <p className="muted">Rows that name a person (or entry) another row of the file names too. Only one of each pair is imported; the cells that differ are marked.</p>
      {error ? <ErrorAlert title="Could not read the duplicate rows" error={error} /> : null}
      {view == null && !error ? <p className="muted">Reading the rows…</p> : null}
      {view?.pairs.map((p) => {
        const columns = orderedColumns(view.columns, identifierColumn)
        const first = Math.min(p.row, p.other)
        const second = Math.max(p.row, p.other)
        const cellsOf = (row: number) => (row === p.row ? p.values : p.otherValues)
        const imported = (row: number) => row === p.other
        return (
          <div className="table-wrap duplicate-pair" key={p.row}>
            <table className="grid">
              <caption className="sr-only">
                Row {formatCount(p.row)} duplicates row {formatCount(p.other)}
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Row
                  </th>
                  <th scope="col">Outcome</th>
                  {columns.map((c) => (
                    <th scope="col" key={c} className={c === identifierColumn ? 'col-identifier' : undefined}>
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[first, second].map((row) => (
                  <tr key={row} className={imported(row) ? 'pair-imported' : 'pair-skipped'}>
                    <th scope="row" className="num">
                      {formatCount(row)}
                    </th>
                    <td>{imported(row) ? 'imported' : 'duplicate, not sent'}</td>
                    {columns.map((c) => {
                      const value = cellsOf(row)[c] ?? ''
                      const differs = value !== (cellsOf(row === first ? second : first)[c] ?? '')
                      return (
                        <td key={c} className={`cell-mono${differs ? ' cell-differs' : ''}`}>
                          {differs ? <mark title="differs between the two rows">{value === '' ? <span className="cell-empty">blank</span> : value}</mark> : value === '' ? <span className="cell-empty">blank</span> : value}
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      })}
      {view && view.total > view.pairs.length ? <p className="muted">…and {plural(view.total - view.pairs.length, 'more duplicate row')}: “Duplicate” in the grid below lists every one.</p> : null}
    </section>
  )
}
