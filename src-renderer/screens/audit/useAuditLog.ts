// The Audit log screen's data: one page of entries for the filters (kind, workspace, person),
// read again when the filters or the page change, when a job finishes (an import or a push writes
// an entry) and on demand. The person filter waits until typing pauses so each key is not a query.
import { useEffect, useState } from 'react'
import { call, type AuditEntryView, type IpcError } from '../../api'
import { useJobs } from '../../state/jobs'

export const PAGE_SIZE = 100

export interface AuditFilters {
  /** '' = every workspace */
  workspaceId: string
  /** '' = every kind */
  action: string
  person: string
}

export interface AuditPage {
  total: number
  offset: number
  rows: AuditEntryView[]
  actions: { action: string; label: string }[]
}

/** Filters as the contract takes them (empty ones left out). */
export function filterInput(f: AuditFilters) {
  return {
    ...(f.workspaceId ? { workspaceId: f.workspaceId } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.person.trim() ? { person: f.person.trim() } : {}),
  }
}

function useDebounced<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value)
  useEffect(() => {
    const t = window.setTimeout(() => setShown(value), ms)
    return () => window.clearTimeout(t)
  }, [value, ms])
  return shown
}

export function useAuditLog(filters: AuditFilters, offset: number) {
  const { mirrorVersion, current } = useJobs()
  const person = useDebounced(filters.person, 300)
  const [page, setPage] = useState<AuditPage | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [loading, setLoading] = useState(false)
  const [tick, setTick] = useState(0)
  const running = current?.id ?? null

  useEffect(() => {
    let alive = true
    setLoading(true)
    void call((cio) => cio.audit.list({ ...filterInput({ ...filters, person }), offset, limit: PAGE_SIZE })).then((r) => {
      if (!alive) return
      setLoading(false)
      if (r.ok) {
        setPage(r.value)
        setError(null)
      } else setError(r.error)
    })
    return () => {
      alive = false
    }
  }, [filters.workspaceId, filters.action, person, offset, mirrorVersion, running, tick])

  return { page, error, loading, settled: person === filters.person, reload: () => setTick((n) => n + 1) }
}
