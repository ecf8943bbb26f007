// The current and the last finished job, fed by `app:jobs:progress` / `app:jobs:finished`.
// Jobs started from the tray or a schedule show up here too, not only those started in this window.
// A deep pull runs in the background for a long time: it is `current` only while nothing else is,
// so a pull or an import started beside it is the one whose progress is shown.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { call, subscribe, type IpcError, type JobFinished, type JobKind, type JobProgress, type JobView, type PullOptions, type StartKind } from '../api'

export interface RunningJob {
  id: string
  kind: JobView['kind']
  /** whose job it is: screens show it only while that workspace is active */
  workspaceId: string | null
  phase: string
  done: number
  total: number | null
  rate: number | null
  eta: number | null
  startedAt: number
  cancelling: boolean
}

interface JobsState {
  current: RunningJob | null
  /** the last job that ended (any workspace's: compare its workspaceId before showing it) */
  last: (JobFinished & { finishedAt: number }) | null
  /** the kinds of job running now, whether or not one of them is `current` */
  runningKinds: readonly JobKind[]
  /**
   * Grows by one each time a pull, deep pull or sync job ends (whatever its state): the mirror may have changed,
   * so screens that read it put this in their query keys and read again.
   */
  mirrorVersion: number
  /** Starts a sync (pull, then push the queued changes) of the active workspace; answers the start error. */
  startSync: () => Promise<IpcError | null>
  /** Starts a pull of the active workspace; answers the start error, if any, for the caller to show. */
  startPull: (options?: PullOptions) => Promise<IpcError | null>
  /** Starts a deep pull of the active workspace (every person's attributes); answers the start error. */
  startDeepPull: () => Promise<IpcError | null>
  /** Shows a job started by another call (e.g. `changes.push`) as the current one until it ends. */
  follow: (id: string, kind: JobKind, workspaceId: string | null) => void
  /** Cancels the current job; answers the error, if any, for the caller to show. */
  cancel: () => Promise<IpcError | null>
}

const Ctx = createContext<JobsState | null>(null)

function fromView(j: JobView): RunningJob {
  return { id: j.id, kind: j.kind, workspaceId: j.workspaceId, phase: j.phase, done: j.done, total: j.total, rate: null, eta: null, startedAt: j.startedAt, cancelling: false }
}

/** Whether a job of `kind` may take the panel from `c`: a deep pull never displaces other work. */
function mayReplace(c: RunningJob | null, id: string, kind: JobKind): boolean {
  return c == null || c.id === id || kind !== 'deep-pull' || c.kind === 'deep-pull'
}

/** Kinds whose end may have changed the mirror's people, segments or collections. */
const MIRROR_KINDS: readonly JobKind[] = ['pull', 'deep-pull', 'pull-and-push']

export function JobsProvider({ children }: { children: ReactNode }) {
  const [current, setCurrent] = useState<RunningJob | null>(null)
  const [last, setLast] = useState<JobsState['last']>(null)
  const [mirrorVersion, setMirrorVersion] = useState(0)
  const [running, setRunning] = useState<ReadonlyMap<string, JobKind>>(new Map())
  const track = useCallback((id: string, kind: JobKind | null) => {
    setRunning((m) => {
      if (kind ? m.get(id) === kind : !m.has(id)) return m
      const next = new Map(m)
      if (kind) next.set(id, kind)
      else next.delete(id)
      return next
    })
  }, [])
  // Jobs whose final event already arrived: a fast job can finish before its start call answers.
  const finishedIds = useRef(new Set<string>())

  useEffect(() => {
    let alive = true
    // Pick up a job that was already running when this window opened.
    void call((cio) => cio.jobs.list({})).then((r) => {
      if (!alive || !r.ok) return
      const live = r.value.jobs.filter((j) => (j.state === 'running' || j.state === 'queued') && !finishedIds.current.has(j.id))
      for (const j of live) track(j.id, j.kind)
      const shown = live.find((j) => j.kind !== 'deep-pull') ?? live[0]
      if (shown) setCurrent((c) => c ?? fromView(shown))
    })
    const offProgress = subscribe('app:jobs:progress', (p: JobProgress) => {
      if (finishedIds.current.has(p.jobId)) return // a late progress event
      track(p.jobId, p.kind)
      setCurrent((c) =>
        mayReplace(c, p.jobId, p.kind)
          ? {
              id: p.jobId,
              kind: p.kind,
              workspaceId: p.workspaceId,
              phase: p.phase,
              done: p.done,
              total: p.total,
              rate: p.rate,
              eta: p.eta,
              startedAt: c && c.id === p.jobId ? c.startedAt : Date.now(),
              cancelling: c && c.id === p.jobId ? c.cancelling : false,
            }
          : c,
      )
    })
    const offFinished = subscribe('app:jobs:finished', (f: JobFinished) => {
      finishedIds.current.add(f.jobId)
      track(f.jobId, null)
      setCurrent((c) => (c && c.id !== f.jobId ? c : null))
      setLast({ ...f, finishedAt: Date.now() })
      if (MIRROR_KINDS.includes(f.kind)) setMirrorVersion((v) => v + 1)
    })
    return () => {
      alive = false
      offProgress()
      offFinished()
    }
  }, [track])

  const start = useCallback(async (kind: StartKind, options: PullOptions = {}): Promise<IpcError | null> => {
    const r = await call((cio) => cio.jobs.start({ kind, trigger: 'user', options }))
    if (!r.ok) return r.error
    const job = r.value
    if (finishedIds.current.has(job.id)) return null // its final event came first and was shown
    if (job.state === 'queued' || job.state === 'running') {
      track(job.id, job.kind)
      setCurrent((c) => (c && c.id === job.id ? c : mayReplace(c, job.id, job.kind) ? fromView(job) : c))
      setLast(null)
    } else {
      // Finished before we even heard of it (e.g. nothing to do).
      setLast({ jobId: job.id, kind: job.kind, workspaceId: job.workspaceId, trigger: job.trigger, state: job.state, message: job.message, changes: null, finishedAt: job.finishedAt ?? Date.now() })
      setMirrorVersion((v) => v + 1)
    }
    return null
  }, [track])

  const startSync = useCallback(() => start('pull-and-push'), [start])

  const startPull = useCallback((options?: PullOptions) => start('pull', options), [start])
  const startDeepPull = useCallback(() => start('deep-pull'), [start])

  const follow = useCallback((id: string, kind: JobKind, workspaceId: string | null) => {
    if (finishedIds.current.has(id)) return // already over; its final event set `last`
    setCurrent((c) => (c && c.id === id ? c : { id, kind, workspaceId, phase: '', done: 0, total: null, rate: null, eta: null, startedAt: Date.now(), cancelling: false }))
    setLast(null)
  }, [])

  const cancel = useCallback(async (): Promise<IpcError | null> => {
    if (!current) return null
    const id = current.id
    setCurrent((c) => (c && c.id === id ? { ...c, cancelling: true } : c))
    const r = await call((cio) => cio.jobs.cancel({ id }))
    if (r.ok) return null
    setCurrent((c) => (c && c.id === id ? { ...c, cancelling: false } : c))
    return r.error
  }, [current])

  const runningKinds = useMemo(() => [...new Set(running.values())], [running])
  const value = useMemo<JobsState>(
    () => ({ current, last, runningKinds, mirrorVersion, startSync, startPull, startDeepPull, follow, cancel }),
    [current, last, runningKinds, mirrorVersion, startSync, startPull, startDeepPull, follow, cancel],
  )
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useJobs(): JobsState {
  const v = useContext(Ctx)
  if (!v) throw new Error('useJobs needs a <JobsProvider>')
  return v
}
