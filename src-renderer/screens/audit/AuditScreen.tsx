// The Audit log: everything cio-sync sent to Customer.io (imports, pushes of edits, transactional
// sends, broadcast triggers, person actions), newest first, from the append-only audit log of this
// machine. Filters by kind, workspace and person; 100 entries a page; "Export CSV" downloads the
// filtered entries as the engine writes them (formula cells neutralised for spreadsheets).
import { useId, useState } from 'react'
import { call, type IpcError } from '../../api'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount } from '../../components/format'
import { useWorkspaces } from '../../state/workspaces'
import { downloadText } from '../import/rejectedCsv'
import { AuditTable } from './AuditTable'
import { filterInput, PAGE_SIZE, useAuditLog, type AuditFilters } from './useAuditLog'

/** `#/audit?person=ann%40example.com`: a link from a dialog can open the log filtered. */
function initialFilters(activeId: string | null): AuditFilters {
  const query = new URLSearchParams(window.location.hash.split('?')[1] ?? '')
  return { workspaceId: query.get('workspace') ?? activeId ?? '', action: query.get('kind') ?? '', person: query.get('person') ?? '' }
}

export function AuditScreen() {
  const uid = useId()
  const { workspaces, active } = useWorkspaces()
  const [filters, setFilters] = useState<AuditFilters>(() => initialFilters(active?.id ?? null))
  const [offset, setOffset] = useState(0)
  const { page, error, loading, reload } = useAuditLog(filters, offset)
  const [exporting, setExporting] = useState(false)
  const [exportError, setExportError] = useState<IpcError | null>(null)
  const [exported, setExported] = useState<string | null>(null)

  function setFilter(patch: Partial<AuditFilters>) {
    setFilters((f) => ({ ...f, ...patch }))
    setOffset(0)
    setExported(null)
  }

  async function exportCsv() {
    setExporting(true)
    setExportError(null)
    const r = await call((cio) => cio.audit.export(filterInput(filters)))
    setExporting(false)
    if (!r.ok) return setExportError(r.error)
    downloadText(r.value.fileName, r.value.csv)
    const n = r.value.rows
    setExported(`${r.value.fileName}: ${formatCount(n)} ${n === 1 ? 'entry' : 'entries'}${r.value.truncated ? ' (the newest 100,000; narrow the filters for older ones)' : ''}.`)
  }

  const filtered = filters.action !== '' || filters.person.trim() !== ''
  const total = page?.total ?? 0
  const last = Math.min(offset + PAGE_SIZE, total)
  return (
    <Screen
      title="Audit log"
      subtitle="Everything cio-sync sent to Customer.io from this computer: imports, pushes of edits, messages, broadcast triggers and person actions. Entries cannot be changed or deleted."
      fill
    >
      <div className="toolbar filter-form audit-filters" role="group" aria-label="Audit log filters">
        <label htmlFor={`${uid}-kind`}>Kind</label>
        <select id={`${uid}-kind`} value={filters.action} onChange={(e) => setFilter({ action: e.target.value })}>
          <option value="">All kinds</option>
          {(page?.actions ?? []).map((a) => (
            <option key={a.action} value={a.action}>
              {a.label}
            </option>
          ))}
          {filters.action && !(page?.actions ?? []).some((a) => a.action === filters.action) ? <option value={filters.action}>{filters.action}</option> : null}
        </select>
        <label htmlFor={`${uid}-ws`}>Workspace</label>
        <select id={`${uid}-ws`} value={filters.workspaceId} onChange={(e) => setFilter({ workspaceId: e.target.value })}>
          <option value="">All workspaces</option>
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
        <label htmlFor={`${uid}-person`}>Person</label>
        <input
          id={`${uid}-person`}
          type="search"
          value={filters.person}
          placeholder="id, email or cio_id"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setFilter({ person: e.target.value })}
        />
        <span className="toolbar-spacer" />
        <button type="button" disabled={exporting || total === 0} onClick={() => void exportCsv()}>
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      {exported ? (
        <p role="status" className="notice audit-export-note">
          Downloaded {exported}
        </p>
      ) : null}
      {exportError ? <ErrorAlert title="Could not export the audit log" error={exportError} onDismiss={() => setExportError(null)} /> : null}
      {error ? <ErrorAlert title="Could not read the audit log" error={error} onRetry={reload} /> : null}
      {page == null && !error ? (
        <p className="muted">Loading the audit log…</p>
      ) : page && page.total === 0 ? (
        filtered || filters.workspaceId ? (
          <p className="muted empty-line" role="status">
            No entries match these filters. Clear a filter{filters.workspaceId ? ' or choose All workspaces' : ''} to see more.
          </p>
        ) : (
          <EmptyState title="Nothing sent yet" icon="☰">
            <p>Imports, pushes of edits, transactional messages and broadcast triggers are recorded here as they are sent.</p>
          </EmptyState>
        )
      ) : page ? (
        <>
          <AuditTable rows={page.rows} showWorkspace={filters.workspaceId === ''} />
          <nav className="pager" aria-label="Audit log pages">
            <button type="button" disabled={offset === 0 || loading} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              Newer entries
            </button>
            <span aria-live="polite">
              {formatCount(offset + 1)}–{formatCount(last)} of {formatCount(total)} {total === 1 ? 'entry' : 'entries'}
            </span>
            <button type="button" disabled={last >= total || loading} onClick={() => setOffset(offset + PAGE_SIZE)}>
              Older entries
            </button>
          </nav>
        </>
      ) : null}
    </Screen>
  )
}
