// Recent imports of the active workspace: file, kind, one line of what it did, state and when;
// the line is a disclosure button with every count underneath. Opening the file shows its
// review (planned, not sent) or its report (sent).
import { Fragment, useCallback, useEffect, useState } from 'react'
import { call, type IpcError } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatAgo, formatCount, formatDateTime } from '../../components/format'
import { importStateLabel, importSummaryLine } from './import-summary'
import type { ImportSummary } from './importKinds'
import { kindLabel } from './ReviewStep'
import { DisclosureButton } from '../../components/DisclosureButton'

interface ImportHistoryProps {
  workspaceId: string
  /** grows when an import changed, so the list is read again */
  version: number
  openId: string | null
  onOpen: (importId: string) => void
}

const HISTORY_LIMIT = 50

function ImportDetails({ s, id }: { s: ImportSummary; id: string }) {
  return (
    <tr id={id} className="run-details">
      <td colSpan={5}>
        <ul className="plain-list">
          <li>
            {formatCount(s.rows)} {s.rows === 1 ? 'row' : 'rows'} planned: {formatCount(s.create)} to create, {formatCount(s.update)} to update
            {s.delete ? `, ${formatCount(s.delete)} to delete` : ''}, {formatCount(s.unchanged)} unchanged
            {s.invalid ? `, ${formatCount(s.invalid)} invalid` : ''}
            {s.duplicates ? `, ${formatCount(s.duplicates)} duplicate` : ''}
          </li>
          <li>
            {s.push ? (
              <>
                {formatCount(s.push.accepted)} accepted by Customer.io
                {s.push.rejected ? <span className="run-error">, {formatCount(s.push.rejected)} rejected</span> : null}, in {formatCount(s.push.requests)}{' '}
                {s.push.requests === 1 ? 'request' : 'requests'}
              </>
            ) : (
              'Not sent'
            )}
          </li>
          <li>
            Planned {formatDateTime(s.createdAt)}
            {s.finishedAt != null ? `, finished ${formatDateTime(s.finishedAt)}` : ''}
          </li>
        </ul>
      </td>
    </tr>
  )
}

export function ImportHistory({ workspaceId, version, openId, onOpen }: ImportHistoryProps) {
  const [imports, setImports] = useState<ImportSummary[] | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  const toggle = (id: string) =>
    setOpen((o) => {
      const next = new Set(o)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

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
            <caption className="sr-only">Recent imports; open an import’s summary for its counts</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col">Import</th>
                <th scope="col">State</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((s) => {
                const expanded = open.has(s.id)
                const detailsId = `import-details-${s.id}`
                return (
                  <Fragment key={s.id}>
                    <tr className={s.id === openId ? 'is-open' : undefined}>
                      <td>
                        <button type="button" className="link-button" onClick={() => onOpen(s.id)} aria-current={s.id === openId ? 'true' : undefined}>
                          {s.fileName}
                        </button>
                        {s.undoOf ? <span className="sub-line">undo of {s.undoOf}</span> : null}
                      </td>
                      <td className="nowrap">{kindLabel(s.kind)}</td>
                      <td>
                        <DisclosureButton expanded={expanded} controls={detailsId} onToggle={() => toggle(s.id)}>
                          {importSummaryLine(s)}
                        </DisclosureButton>
                      </td>
                      <td className="nowrap">{importStateLabel(s.state)}</td>
                      <td className="nowrap" title={formatDateTime(s.createdAt)}>
                        {formatAgo(s.createdAt)}
                      </td>
                    </tr>
                    {expanded ? <ImportDetails s={s} id={detailsId} /> : null}
                  </Fragment>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}
