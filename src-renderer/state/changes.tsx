// Local edits of the active workspace: the outbox and conflict counts for the nav badges, a version
// that grows whenever the outbox may have changed (screens put it in their read keys and read
// again), and the edit and discard calls that every screen shares. Fed by `app:changes:updated`,
// by our own calls' answers, and by the end of push, pull and sync jobs.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { call, subscribe, type ChangesCounts, type EditInput, type IpcError } from '../api'
import { useJobs } from './jobs'
import { useWorkspaces } from './workspaces'

interface ChangesState {
  /** null until the first answer for the active workspace */
  counts: ChangesCounts | null
  /** grows by one whenever edits, discards, pushes, pulls or resolutions may have changed the outbox */
  version: number
  /** Records an edit of the active workspace; answers the error, if any, for the caller to show. */
  edit: (input: DistributiveOmit<EditInput, 'workspaceId'>) => Promise<IpcError | null>
  /** Drops outbox entries that were not sent yet. */
  discard: (ids: number[]) => Promise<IpcError | null>
  /** After a call that answered fresh counts (e.g. a resolution): take them and read again. */
  changed: (counts?: ChangesCounts) => void
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

const Ctx = createContext<ChangesState | null>(null)

export function ChangesProvider({ children }: { children: ReactNode }) {
  const { active } = useWorkspaces()
  const { mirrorVersion } = useJobs()
  const workspaceId = active?.id ?? null
  const [counts, setCounts] = useState<ChangesCounts | null>(null)
  const [version, setVersion] = useState(0)

  const changed = useCallback((next?: ChangesCounts) => {
    if (next) setCounts({ pending: next.pending, failed: next.failed, conflicts: next.conflicts })
    setVersion((v) => v + 1)
  }, [])

  // Counts: asked per workspace and after each pull; kept fresh by the event in between.
  useEffect(() => {
    setCounts(null)
    if (!workspaceId) return
    let alive = true
    void call((cio) => cio.changes.counts({ workspaceId })).then((r) => {
      if (alive && r.ok) setCounts(r.value)
    })
    const off = subscribe('app:changes:updated', (c) => {
      if (c.workspaceId === workspaceId) changed(c)
    })
    return () => {
      alive = false
      off()
    }
  }, [workspaceId, mirrorVersion, changed])

  // A push refreshes the people it touches and empties the outbox: read again when it ends.
  useEffect(
    () =>
      subscribe('app:jobs:finished', (f) => {
        if (f.kind !== 'push') return
        changed()
        if (workspaceId) void call((cio) => cio.changes.counts({ workspaceId })).then((r) => r.ok && setCounts(r.value))
      }),
    [workspaceId, changed],
  )

  const edit = useCallback<ChangesState['edit']>(
    async (input) => {
      if (!workspaceId) return { code: 'VALIDATION', message: 'No active workspace.', retryable: false }
      const r = await call((cio) => cio.changes.edit({ ...input, workspaceId } as EditInput))
      if (!r.ok) return r.error
      changed(r.value.counts)
      return null
    },
    [workspaceId, changed],
  )

  const discard = useCallback(
    async (ids: number[]) => {
      if (!workspaceId || ids.length === 0) return null
      const r = await call((cio) => cio.changes.discard({ workspaceId, ids }))
      if (!r.ok) return r.error
      changed(r.value.counts)
      return null
    },
    [workspaceId, changed],
  )

  const value = useMemo<ChangesState>(() => ({ counts, version, edit, discard, changed }), [counts, version, edit, discard, changed])
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useChanges(): ChangesState {
  const v = useContext(Ctx)
  if (!v) throw new Error('useChanges needs a <ChangesProvider>')
  return v
}
