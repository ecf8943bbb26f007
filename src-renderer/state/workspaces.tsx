// One shared, always-fresh list of workspaces for the header switcher and the Workspaces screen.
// Refreshed after every change made here and on the main process's `app:workspaces:changed` event.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { call, subscribe, type IpcError, type Result, type WorkspaceView } from '../api'

interface WorkspacesState {
  workspaces: WorkspaceView[]
  active: WorkspaceView | null
  /** true until the first answer arrives */
  loading: boolean
  /** the last failed list call, shown by the screen */
  error: IpcError | null
  refresh: () => Promise<void>
  /** Makes a workspace active; answers the call's result so callers can show errors. */
  select: (id: string) => Promise<Result<WorkspaceView>>
}

const Ctx = createContext<WorkspacesState | null>(null)

export function WorkspacesProvider({ children }: { children: ReactNode }) {
  const [workspaces, setWorkspaces] = useState<WorkspaceView[]>([])
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<IpcError | null>(null)
  const seq = useRef(0)

  const refresh = useCallback(async () => {
    const mine = ++seq.current
    const r = await call((cio) => cio.workspaces.list({}))
    if (mine !== seq.current) return // a newer refresh is in flight; let it win
    setLoading(false)
    if (r.ok) {
      setWorkspaces(r.value.workspaces)
      setError(null)
    } else {
      setError(r.error)
    }
  }, [])

  const select = useCallback(
    async (id: string) => {
      const r = await call((cio) => cio.workspaces.select({ id }))
      await refresh()
      return r
    },
    [refresh],
  )

  useEffect(() => {
    void refresh()
    return subscribe('app:workspaces:changed', () => void refresh())
  }, [refresh])

  const value = useMemo<WorkspacesState>(
    () => ({
      workspaces,
      active: workspaces.find((w) => w.active) ?? null,
      loading,
      error,
      refresh,
      select,
    }),
    [workspaces, loading, error, refresh, select],
  )
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useWorkspaces(): WorkspacesState {
  const v = useContext(Ctx)
  if (!v) throw new Error('useWorkspaces needs a <WorkspacesProvider>')
  return v
}
