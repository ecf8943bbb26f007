// The list half of a mirror master/detail screen (Segments, Collections, Campaigns): loads the
// active workspace's list, reloads it when a pull changes the mirror, and keeps the selection.
import { useCallback, useEffect, useState } from 'react'
import { call, type CioApi, type IpcError, type Result } from '../api'
import { useJobs } from './jobs'
import { useWorkspaces } from './workspaces'

const byId = (item: { id: number }) => item.id

/**
 * `fetchList` must be stable (a module-level function), or the list reloads on every render.
 * `keyOf` names the selection; the id unless ids repeat within the list (campaigns: one per kind).
 */
export function useMirrorList<T extends { id: number }, K extends string | number = number>(
  fetchList: (cio: CioApi, workspaceId: string) => Promise<Result<T[]>>,
  // Without a keyOf, K stays at its default (number), which is what byId returns.
  keyOf: (item: T) => K = byId as unknown as (item: T) => K,
) {
  const { active } = useWorkspaces()
  const { mirrorVersion, startPull, current } = useJobs()
  const workspaceId = active?.id ?? null
  const [items, setItems] = useState<T[] | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [selectedId, setSelectedId] = useState<K | null>(null)

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
    selected: items?.find((i) => keyOf(i) === selectedId) ?? null,
    setSelectedId,
    startPull,
    pulling: current != null && (current.kind === 'pull' || current.kind === 'pull-and-push'),
  }
}
