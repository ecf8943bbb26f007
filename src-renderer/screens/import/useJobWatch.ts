// Follows one job by id through `app:jobs:progress` and `app:jobs:finished`. Events are recorded
// from mount, so a job that answers (or even finishes) before its start call returns is not missed.
import { useCallback, useEffect, useRef, useState } from 'react'
import { subscribe, type JobFinished, type JobProgress } from '../../api'

export interface WatchedJob {
  progress: JobProgress | null
  finished: JobFinished | null
}

const KEEP = 50
const NOTHING: WatchedJob = { progress: null, finished: null }

export function useJobWatch(jobId: string | null): WatchedJob {
  const seen = useRef(new Map<string, WatchedJob>())
  const [version, setVersion] = useState(0)

  const record = useCallback((id: string, patch: Partial<WatchedJob>) => {
    const map = seen.current
    const before = map.get(id) ?? NOTHING
    if (before.finished && patch.progress) return // a late progress event after the end
    map.delete(id)
    map.set(id, { ...before, ...patch })
    while (map.size > KEEP) map.delete(map.keys().next().value as string)
    setVersion((v) => v + 1)
  }, [])

  useEffect(() => {
    const offProgress = subscribe('app:jobs:progress', (p) => record(p.jobId, { progress: p }))
    const offFinished = subscribe('app:jobs:finished', (f) => record(f.jobId, { finished: f }))
    return () => {
      offProgress()
      offFinished()
    }
  }, [record])

  void version
  return jobId ? (seen.current.get(jobId) ?? NOTHING) : NOTHING
}
