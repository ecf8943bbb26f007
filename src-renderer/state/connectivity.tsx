// Whether the active workspace's Customer.io can be reached, and when the mirror was last pulled.
// Asked once per workspace (`sync.connectivity`, `mirror.status`), then kept fresh by the
// `app:sync:connectivity` event and after every pull.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { call, subscribe, type Connectivity } from '../api'
import { useJobs } from './jobs'
import { useWorkspaces } from './workspaces'

interface ConnectivityState {
  /** the latest known state of the active workspace, null when never checked */
  status: Connectivity | null
  /** true only when Customer.io was checked and found unreachable */
  unreachable: boolean
  /** epoch ms of the last successful pull into the mirror, null when never pulled */
  lastPull: number | null
}

const Ctx = createContext<ConnectivityState | null>(null)

export function ConnectivityProvider({ children }: { children: ReactNode }) {
  const { active } = useWorkspaces()
  const { mirrorVersion } = useJobs()
  const workspaceId = active?.id ?? null
  const [status, setStatus] = useState<Connectivity | null>(null)
  const [lastPull, setLastPull] = useState<number | null>(null)

  // Connectivity: ask on start and after each pull; listen for changes in between.
  useEffect(() => {
    if (!workspaceId) {
      setStatus(null)
      return
    }
    let alive = true
    void call((cio) => cio.sync.connectivity({ workspaceId })).then((r) => {
      if (alive && r.ok) setStatus((s) => (r.value && (!s || s.workspaceId !== workspaceId || r.value.checkedAt >= s.checkedAt) ? r.value : s))
    })
    const off = subscribe('app:sync:connectivity', (c) => {
      if (c.workspaceId === workspaceId) setStatus(c)
    })
    return () => {
      alive = false
      off()
    }
  }, [workspaceId, mirrorVersion])

  // Last pull time, for the offline banner.
  useEffect(() => {
    if (!workspaceId) {
      setLastPull(null)
      return
    }
    let alive = true
    void call((cio) => cio.mirror.status({ workspaceId })).then((r) => {
      if (alive && r.ok) setLastPull(r.value.lastPull)
    })
    return () => {
      alive = false
    }
  }, [workspaceId, mirrorVersion])

  const value = useMemo<ConnectivityState>(() => {
    const current = status && status.workspaceId === workspaceId ? status : null
    return { status: current, unreachable: current ? !current.reachable : false, lastPull }
  }, [status, workspaceId, lastPull])
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useConnectivity(): ConnectivityState {
  const v = useContext(Ctx)
  if (!v) throw new Error('useConnectivity needs a <ConnectivityProvider>')
  return v
}
