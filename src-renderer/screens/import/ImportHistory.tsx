// Recent imports of the active workspace: file, kind, counts and state. Opening one shows its
// review (planned, not sent) or its report (sent).
import { useCallback, useEffect, useState } from 'react'
import { call, type IpcError } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatAgo, formatCount, formatDateTime } from '../../components/format'
import type { ImportSummary } from './importKinds'
import { kindLabel } from './ReviewStep'

interface ImportHistoryProps {
  workspaceId: string
  /** grows when an import changed, so the list is read again */
  version: number
  openId: string | null
  onOpen: (importId: string) => void
}

const HISTORY_LIMIT = 50

export function ImportHistory({ workspaceId, version, openId, onOpen }: ImportHistoryProps) {
  const [imports, setImports] = useState<ImportSummary[] | null>(null)
  const [error, setError] = useState<IpcError | null>(null)

  const load = useCallback(async () => {
    const r = await call((cio) => cio.imports.list({ workspaceId, limit: HISTORY_LIMIT }))
    if (r.ok) {
      setImports([...r.value.imports].sort((a, b) => b.createdAt - a.createdAt))
      setError(null)
    } else setError(r.error)
  }, [workspaceId])

  useEffect(() => {
    void load()
  }, [load, version])

  return (
    <section aria-labelledby="import-history-title" className="history import-history">
      <div className="section-head">
        <h2 id="import-history-title">Recent imports</h2>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error ? <ErrorAlert title="Could not read the recent imports" error={error} onRetry={() => void load()} /> : null}
      {imports == null && !error ? <p className="muted">Loading…</p> : null}
      {imports && imports.length === 0 ? <p className="muted">No imports in this workspace yet. Each one you plan is listed here, with its report and undo.</p> : null}
      {imports && imports.length > 0 ? (
        <div className="table-wrap">
          <table className="grid history-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col">Planned</th>
                <th scope="col">Sent</th>
                <th scope="col">State</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((s) => (
                <tr key={s.id} className={s.id === openId ? 'is-open' : undefined}>
                  <td>
                    <button type="button" className="link-button" onClick={() => onOpen(s.id)} aria-current={s.id === openId ? 'true' : undefined}>
                      {s.fileName}
                    </button>
                    {s.undoOf ? <span className="sub-line">undo of {s.undoOf}</span> : null}
                  </td>
                  <td>{kindLabel(s.kind)}</td>
                  <td className="num">{formatCount(s.rows)}</td>
                  <td className="counts">
                    <span>
                      {formatCount(s.create)} create · {formatCount(s.update)} update · {formatCount(s.unchanged)} unchanged
                    </span>
                    {s.invalid ? <span className="has-retries">{formatCount(s.invalid)} invalid</span> : null}
                  </td>
                  <td className="counts">
                    {s.push ? (
                      <>
                        <span>{formatCount(s.push.accepted)} accepted</span>
                        {s.push.rejected ? <span className="run-error">{formatCount(s.push.rejected)} rejected</span> : null}
                      </>
                    ) : (
                      <span className="muted">not sent</span>
                    )}
                  </td>
                  <td>{s.state}</td>
                  <td title={formatDateTime(s.createdAt)}>{formatAgo(s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}
