// One import after the mapping: plan it (an 'import-plan' job), read its summary, push it (an 'import-push'
// job) with pause / resume / cancel, re-push fixed rows, and undo it as a new plan.
import { useCallback, useEffect, useRef, useState } from 'react'
import { call, type IpcError, type JobFinished, type JobKind, type JobProgress } from '../../api'
import type { ImportSummary, Mapping } from './importKinds'
import type { FailedAction } from './useFileIntake'
import { useJobWatch } from './useJobWatch'

export type RunPhase = 'idle' | 'planning' | 'planned' | 'pushing' | 'paused' | 'pushed'

export interface PlanRequest {
  workspaceId: string
  uploadId: string
  mapping: Mapping
  segmentId?: number
  collectionName?: string
  duplicates: 'first' | 'last'
  via?: 'track' | 'pipelines'
  /** the file's encoding as the user chose it (absent: detected) */
  encoding?: 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be'
  /** import rows with bytes that are not UTF-8, each read as Windows-1252 */
  acceptStrayBytes?: boolean
}

export interface ImportRun {
  phase: RunPhase
  importId: string | null
  summary: ImportSummary | null
  planProgress: JobProgress | null
  pushProgress: JobProgress | null
  /** how the last push job ended (cancelled, failed…), for the report */
  pushEnd: JobFinished | null
  pausing: boolean
  cancelling: boolean
  error: FailedAction | null
  plan: (req: PlanRequest) => Promise<void>
  /** `deletions`: the number of people the plan deletes, as the user confirmed it (the engine refuses such a push without it) */
  push: (confirm?: string, rows?: number[], deletions?: number) => Promise<boolean>
  pause: () => Promise<void>
  cancel: () => Promise<void>
  undo: () => Promise<void>
  /** sets the plan aside for good (a stale one): it can no longer be pushed */
  discard: () => Promise<void>
  open: (importId: string) => Promise<void>
  refreshSummary: () => Promise<void>
  clearError: () => void
  reset: () => void
}

const SUMMARY_POLL_MS = 1000

export function useImportRun(onChanged: () => void): ImportRun {
  const [phase, setPhase] = useState<RunPhase>('idle')
  const [importId, setImportId] = useState<string | null>(null)
  const [summary, setSummary] = useState<ImportSummary | null>(null)
  const [planJobId, setPlanJobId] = useState<string | null>(null)
  const [pushJobId, setPushJobId] = useState<string | null>(null)
  const [pushEnd, setPushEnd] = useState<JobFinished | null>(null)
  const [pausing, setPausing] = useState(false)
  const [cancelling, setCancelling] = useState(false)
  const [error, setError] = useState<FailedAction | null>(null)
  const planJob = useJobWatch(planJobId)
  const pushJob = useJobWatch(pushJobId)
  const changed = useRef(onChanged)
  changed.current = onChanged

  const fail = (title: string, e: IpcError) => setError({ title, error: e })

  const loadSummary = useCallback(async (id: string): Promise<ImportSummary | null> => {
    const r = await call((cio) => cio.imports.summary({ importId: id }))
    if (!r.ok) {
      setError({ title: 'Could not read the import’s summary', error: r.error })
      return null
    }
    setSummary(r.value)
    return r.value
  }, [])

  const startPlanJob = useCallback((id: string, jobId: string) => {
    setImportId(id)
    setSummary(null)
    setPushEnd(null)
    setPlanJobId(jobId)
    setPhase('planning')
  }, [])

  const plan = useCallback(
    async (req: PlanRequest) => {
      setError(null)
      const options = {
        kind: req.mapping.kind,
        duplicates: req.duplicates,
        ...(req.mapping.identifier ? { identifierType: req.mapping.identifier.type } : {}),
        ...(req.segmentId != null ? { segmentId: req.segmentId } : {}),
        ...(req.collectionName ? { collectionName: req.collectionName } : {}),
        ...(req.via === 'pipelines' ? { via: 'pipelines' as const } : {}),
        ...(req.encoding ? { encoding: req.encoding } : {}),
        ...(req.acceptStrayBytes ? { acceptStrayBytes: true } : {}),
      }
      const r = await call((cio) => cio.imports.plan({ workspaceId: req.workspaceId, source: { uploadId: req.uploadId }, options, mapping: req.mapping }))
      if (!r.ok) return fail('Could not plan the import', r.error)
      startPlanJob(r.value.importId, r.value.jobId)
    },
    [startPlanJob],
  )

  // The plan job ended: read what it found.
  useEffect(() => {
    const f = planJob.finished
    if (!f || !importId || phase !== 'planning') return
    if (f.state === 'succeeded') {
      void loadSummary(importId).then((s) => s && setPhase('planned'))
      changed.current()
    } else {
      setPhase('idle')
      const message = f.message ?? (f.state === 'cancelled' ? 'The plan was cancelled.' : 'The plan stopped with an error.')
      fail(f.state === 'cancelled' ? 'The plan was cancelled' : 'The plan failed', { code: f.state === 'cancelled' ? 'CANCELLED' : 'INTERNAL', message, retryable: true })
    }
  }, [planJob.finished, importId, phase, loadSummary])

  const push = useCallback(
    async (confirm?: string, rows?: number[], deletions?: number) => {
      if (!importId) return false
      setError(null)
      const r = await call((cio) => cio.imports.push({ importId, ...(confirm ? { confirm } : {}), ...(rows ? { rows } : {}), ...(deletions != null ? { deletions } : {}) }))
      if (!r.ok) {
        fail(rows ? 'Could not re-push the fixed rows' : 'Could not start the push', r.error)
        return false
      }
      setPushEnd(null)
      setPausing(false)
      setCancelling(false)
      setPushJobId(r.value.jobId)
      setPhase('pushing')
      return true
    },
    [importId],
  )

  // While pushing, the summary carries the live request and byte counts.
  useEffect(() => {
    if (phase !== 'pushing' || !importId) return
    const t = setInterval(() => void call((cio) => cio.imports.summary({ importId })).then((r) => r.ok && setSummary(r.value)), SUMMARY_POLL_MS)
    return () => clearInterval(t)
  }, [phase, importId])

  // The push job ended: paused, cancelled, failed or done — the report says which.
  useEffect(() => {
    const f = pushJob.finished
    if (!f || !importId || phase !== 'pushing') return
    setPushEnd(f)
    setPhase(pausing && f.state !== 'succeeded' ? 'paused' : 'pushed')
    setPausing(false)
    setCancelling(false)
    void loadSummary(importId)
    changed.current()
  }, [pushJob.finished, importId, phase, pausing, loadSummary])

  const pause = useCallback(async () => {
    if (!importId) return
    setPausing(true)
    const r = await call((cio) => cio.imports.pause({ importId }))
    if (!r.ok) {
      setPausing(false)
      fail('Could not pause the push', r.error)
    } else if (r.value.jobId == null) {
      setPausing(false)
      setPhase('paused') // nothing was running any more
    }
  }, [importId])

  const cancel = useCallback(async () => {
    if (!pushJobId) return
    setCancelling(true)
    const r = await call((cio) => cio.jobs.cancel({ id: pushJobId }))
    if (!r.ok) {
      setCancelling(false)
      fail('Could not cancel the push', r.error)
    }
  }, [pushJobId])

  const discard = useCallback(async () => {
    if (!importId) return
    setError(null)
    const r = await call((cio) => cio.imports.discard({ importId }))
    if (!r.ok) return fail('Could not discard the plan', r.error)
    setSummary(r.value)
    changed.current()
  }, [importId])

  const undo = useCallback(async () => {
    if (!importId) return
    setError(null)
    const r = await call((cio) => cio.imports.undo({ importId }))
    if (!r.ok) return fail('Could not prepare the undo', r.error)
    startPlanJob(r.value.importId, r.value.jobId)
  }, [importId, startPlanJob])

  const open = useCallback(
    async (id: string) => {
      setError(null)
      setPlanJobId(null)
      setPushJobId(null)
      setPushEnd(null)
      setImportId(id)
      const s = await loadSummary(id)
      if (!s) return
      const state = s.state.toLowerCase()
      const live = state === 'planning' ? 'plan' : state === 'pushing' || state === 'running' ? 'push' : null
      if (live) {
        // Still running (started earlier or from the CLI): follow its job to the end.
        const jobs = await call((cio) => cio.jobs.list({}))
        const kinds: readonly JobKind[] = live === 'plan' ? ['import-plan', 'undo-plan'] : ['import-push']
        const job = jobs.ok ? jobs.value.jobs.find((j) => kinds.includes(j.kind) && (j.state === 'running' || j.state === 'queued')) : undefined
        if (live === 'plan') setPlanJobId(job?.id ?? null)
        else setPushJobId(job?.id ?? null)
        setPhase(live === 'plan' ? 'planning' : 'pushing')
      } else if (state === 'paused') setPhase('paused')
      else setPhase(s.push || state === 'pushed' || state === 'push-failed' ? 'pushed' : 'planned')
    },
    [loadSummary],
  )

  const refreshSummary = useCallback(async () => {
    if (importId) await loadSummary(importId)
  }, [importId, loadSummary])

  const reset = useCallback(() => {
    setPhase('idle')
    setImportId(null)
    setSummary(null)
    setPlanJobId(null)
    setPushJobId(null)
    setPushEnd(null)
    setError(null)
  }, [])

  return {
    phase,
    importId,
    summary,
    planProgress: planJob.progress,
    pushProgress: pushJob.progress,
    pushEnd,
    pausing,
    cancelling,
    error,
    plan,
    push,
    pause,
    cancel,
    undo,
    discard,
    open,
    refreshSummary,
    clearError: () => setError(null),
    reset,
  }
}
