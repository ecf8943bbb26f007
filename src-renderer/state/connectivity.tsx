// Whether the active workspace's Customer.io can be reached, and when the mirror was last pulled.
// Asked once per workspace (`sync.connectivity`, `mirror.status`), then kept fresh by the
// `app:sync:connectivity` event and after every pull. While it cannot be reached, the workspace is
// asked again in the background (`probe`), every 15 s at first and backing off to 2 minutes, so the
// banner clears by itself when the network is back; `backOnline` then says it came back here.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
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
  /** the active workspace was unreachable and answers again (until dismissed or another is chosen) */
  backOnline: boolean
  dismissBackOnline: () => void
  /** asks the unreachable workspace now instead of at the next background check */
  checkNow: () => Promise<void>
  /** epoch ms of the next background check while unreachable, null when none is planned */
  nextCheckAt: number | null
}

/** Waits between background checks of an unreachable workspace: 15 s, 30 s, 60 s, then every 2 min. */
export const PROBE_DELAYS_MS = [15_000, 30_000, 60_000, 120_000]

const Ctx = createContext<ConnectivityState | null>(null)

export function ConnectivityProvider({ children }: { children: ReactNode }) {
  const { active } = useWorkspaces()
  const { mirrorVersion } = useJobs()
  const workspaceId = active?.id ?? null
  const [status, setStatus] = useState<Connectivity | null>(null)
  const [lastPull, setLastPull] = useState<number | null>(null)
  const [backOnline, setBackOnline] = useState(false)
  const [nextCheckAt, setNextCheckAt] = useState<number | null>(null)
  const wasUnreachable = useRef(false)

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

  const current = status && status.workspaceId === workspaceId ? status : null
  const unreachable = current ? !current.reachable : false

  // Came back: remembered per workspace; a switch forgets it.
  useEffect(() => {
    wasUnreachable.current = false
    setBackOnline(false)
  }, [workspaceId])
  useEffect(() => {
    if (unreachable) {
      wasUnreachable.current = true
      setBackOnline(false)
    } else if (current && wasUnreachable.current) {
      wasUnreachable.current = false
      setBackOnline(true)
    }
  }, [unreachable, current])

  // Background checks while unreachable, with back-off; any answer from the main process (the
  // probe's or an event) that says reachable ends them.
  useEffect(() => {
    if (!unreachable || !workspaceId) {
      setNextCheckAt(null)
      return
    }
    let alive = true
    let attempt = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    const plan = () => {
      const wait = PROBE_DELAYS_MS[Math.min(attempt, PROBE_DELAYS_MS.length - 1)]
      setNextCheckAt(Date.now() + wait)
      timer = setTimeout(() => void check(), wait)
    }
    const check = async () => {
      attempt += 1
      const r = await call((cio) => cio.sync.connectivity({ workspaceId, probe: true }))
      if (!alive) return
      if (r.ok && r.value) setStatus(r.value)
      if (!r.ok || !r.value || !r.value.reachable) plan()
    }
    plan()
    return () => {
      alive = false
      clearTimeout(timer)
    }
  }, [unreachable, workspaceId])

  const dismissBackOnline = useCallback(() => setBackOnline(false), [])
  const checkNow = useCallback(async () => {
    if (!workspaceId) return
    const r = await call((cio) => cio.sync.connectivity({ workspaceId, probe: true }))
    if (r.ok && r.value && r.value.workspaceId === workspaceId) setStatus(r.value)
  }, [workspaceId])

  const value = useMemo<ConnectivityState>(
    () => ({ status: current, unreachable, lastPull, backOnline, dismissBackOnline, checkNow, nextCheckAt }),
    [current, unreachable, lastPull, backOnline, dismissBackOnline, checkNow, nextCheckAt],
  )
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useConnectivity(): ConnectivityState {
  const v = useContext(Ctx)
  if (!v) throw new Error('useConnectivity needs a <ConnectivityProvider>')
  return v
}
