// The Changes screen's data: the outbox entries not pushed yet (read again whenever the outbox
// changes), the segment names to show `segment:<id>` fields by name, and the selection, which only
// ever holds entries still in the list.
import { useCallback, useEffect, useMemo, useState } from 'react'
import { call, type IpcError, type OutboxEntryView } from '../../api'
import { useChanges } from '../../state/changes'
import { useJobs } from '../../state/jobs'
import { useSegmentNames } from '../../state/useSegmentNames'

export const OUTBOX_LIMIT = 1000

export interface Outbox {
  /** null until the first answer */
  entries: OutboxEntryView[] | null
  error: IpcError | null
  reload: () => void
  segmentNames: ReadonlyMap<number, string>
  selected: ReadonlySet<number>
  select: (ids: number[], on: boolean) => void
  clearSelection: () => void
}

export function useOutbox(workspaceId: string | null): Outbox {
  const { version } = useChanges()
  const { mirrorVersion } = useJobs()
  const [entries, setEntries] = useState<OutboxEntryView[] | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [attempt, setAttempt] = useState(0)
  const segmentNames = useSegmentNames(workspaceId)
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set())

  useEffect(() => {
    setEntries(null)
    setSelected(new Set())
  }, [workspaceId])

  useEffect(() => {
    if (!workspaceId) return
    let alive = true
    void call((cio) => cio.changes.outbox({ workspaceId, limit: OUTBOX_LIMIT })).then((r) => {
      if (!alive) return
      if (!r.ok) return setError(r.error)
      setError(null)
      const list = r.value.entries.filter((e) => e.state !== 'sent')
      setEntries(list)
      const present = new Set(list.map((e) => e.id))
      setSelected((s) => (([...s].every((id) => present.has(id)) ? s : new Set([...s].filter((id) => present.has(id))))))
    })
    return () => {
      alive = false
    }
  }, [workspaceId, version, mirrorVersion, attempt])

  const select = useCallback((ids: number[], on: boolean) => {
    setSelected((s) => {
      const next = new Set(s)
      for (const id of ids) {
        if (on) next.add(id)
        else next.delete(id)
      }
      return next
    })
  }, [])

  const clearSelection = useCallback(() => setSelected(new Set()), [])
  const reload = useCallback(() => setAttempt((a) => a + 1), [])

  return useMemo(
    () => ({ entries, error, reload, segmentNames, selected, select, clearSelection }),
    [entries, error, reload, segmentNames, selected, select, clearSelection],
  )
}
