// The list half of a mirror master/detail screen (Segments, Collections): loads the active
// workspace's list, reloads it when a pull changes the mirror, and keeps the selection.
import { useCallback, useEffect, useState } from 'react'
import { call, type CioApi, type IpcError, type Result } from '../api'
import { useJobs } from './jobs'
import { useWorkspaces } from './workspaces'

/** `fetchList` must be stable (a module-level function), or the list reloads on every render. */
export function useMirrorList<T extends { id: number }>(fetchList: (cio: CioApi, workspaceId: string) => Promise<Result<T[]>>) {
  const { active } = useWorkspaces()
  const { mirrorVersion, startPull, current } = useJobs()
  const workspaceId = active?.id ?? null
  const [items, setItems] = useState<T[] | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [selectedId, setSelectedId] = useState<number | null>(null)

  const load = useCallback(async () => {
    if (!workspaceId) return
    const r = await call((cio) => fetchList(cio, workspaceId))
    if (r.ok) {
      setItems(r.value)
      setError(null)
    } else setError(r.error)
  }, [workspaceId, fetchList])

  useEffect(() => {
    setItems(null)
    setSelectedId(null)
  }, [workspaceId])

  useEffect(() => {
    void load()
  }, [load, mirrorVersion])

  return {
    active,
    items,
    error,
    load,
    selectedId,
    selected: items?.find((i) => i.id === selectedId) ?? null,
    setSelectedId,
    startPull,
    pulling: current != null && (current.kind === 'pull' || current.kind === 'sync'),
  }
}
