// The running pull (or sync) with live progress: phase, done/total, a progress bar, rate, ETA and
// Cancel; then the final result. A job that ends in a blink stays on screen for a moment at 100 %,
// so its progress is seen rather than flashed. Other screens reuse it for their own kinds of job
// (the Changes screen for pushes).
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { nextStep, type IpcError, type JobKind } from '../../api'
import { formatCount, formatDateTime, formatDuration, formatRate } from '../../components/format'
import { describeOutcome, JOB_KIND_NAMES, type OutcomeTone } from '../../components/job-outcome'
import { useJobs, type RunningJob } from '../../state/jobs'
import { useWorkspaces } from '../../state/workspaces'

const MIN_VISIBLE_MS = 1500

function useLingeringJob(current: RunningJob | null): { job: RunningJob | null; finishing: boolean } {
  const [held, setHeld] = useState<RunningJob | null>(null)
  const firstSeen = useRef<{ id: string; at: number } | null>(null)

  useEffect(() => {
    if (current) {
      if (firstSeen.current?.id !== current.id) firstSeen.current = { id: current.id, at: Date.now() }
      setHeld(current)
      return
    }
    const left = MIN_VISIBLE_MS - (Date.now() - (firstSeen.current?.at ?? 0))
    if (left <= 0) {
      setHeld(null)
      return
    }
    const t = setTimeout(() => setHeld(null), left)
    return () => clearTimeout(t)
  }, [current])

  return { job: current ?? held, finishing: current == null && held != null }
}

const IDLE = 'Nothing is running. Sync, in the header, pulls what changed in Customer.io and then pushes the queued changes.'

const OUTCOME_ICON: Record<OutcomeTone, string> = { success: '✓ ', warning: '⚠ ', error: '✕ ' }

/** The last job's result in its tone: a push that left conflicts is amber, not a green tick. */
function FinishedLine({ last, conflictsLink }: { last: NonNullable<ReturnType<typeof useJobs>['last']>; conflictsLink: boolean }) {
  const outcome = describeOutcome(last)
  const icon = last.state === 'cancelled' ? '■ ' : OUTCOME_ICON[outcome.tone]
  return (
    <p className={`outcome outcome-${last.state === 'cancelled' ? 'cancelled' : outcome.tone}`}>
      <span aria-hidden="true">{icon}</span>
      {outcome.headline} {formatDateTime(last.finishedAt)}
      {last.message ? <span className="muted"> — {last.message}</span> : null}
      {conflictsLink && last.kind === 'push' && last.state === 'succeeded' && last.conflicts ? (
        <>
          {' '}
          <a href="#/conflicts">Resolve {last.conflicts === 1 ? 'the conflict' : 'the conflicts'}</a>
        </>
      ) : null}
    </p>
  )
}

interface JobProgressPanelProps {
  startError: IpcError | null
  /** only these kinds of job are shown (default: all) */
  kinds?: readonly JobKind[]
  /** what to say when nothing (of those kinds) is running */
  idle?: ReactNode
  /** a push that left conflicts links to the Conflicts screen (not on that screen itself) */
  conflictsLink?: boolean
}

export function JobProgressPanel({ startError, kinds, idle, conflictsLink = true }: JobProgressPanelProps) {
  const { current: anyCurrent, last: anyLast, cancel } = useJobs()
  const { active } = useWorkspaces()
  // Only the active workspace's jobs: another workspace's run or error never shows here.
  const shown = (j: { kind: JobKind; workspaceId: string | null } | null) => j != null && j.workspaceId === (active?.id ?? null) && (!kinds || kinds.includes(j.kind))
  const current = shown(anyCurrent) ? anyCurrent : null
  const last = shown(anyLast) ? anyLast : null
  const { job, finishing } = useLingeringJob(current)

  if (job) {
    const total = job.total ?? null
    const done = finishing && total != null ? total : job.done
    const percent = total ? Math.min(100, Math.floor((100 * done) / Math.max(1, total))) : null
    return (
      <div className="job-live">
        <div className="job-live-head">
          <strong>{finishing ? 'Finishing…' : job.cancelling ? 'Cancelling…' : job.phase || 'Starting…'}</strong>
          <span className="muted">
            {JOB_KIND_NAMES[job.kind]} started {formatDateTime(job.startedAt)}
          </span>
        </div>
        {total ? (
          <progress className="job-bar" aria-label={`${JOB_KIND_NAMES[job.kind]} progress`} max={total} value={Math.min(done, total)} />
        ) : (
          <progress className="job-bar" aria-label={`${JOB_KIND_NAMES[job.kind]} progress`} />
        )}
        <div className="job-numbers" aria-live="polite">
          <span>
            {formatCount(done)}
            {total != null ? ` of ${formatCount(total)}` : ''}
            {percent != null ? ` (${percent} %)` : ''}
          </span>
          <span className="sep"> · </span>
          <span>{formatRate(job.rate)}</span>
          <span className="sep"> · </span>
          <span>
            <abbr title="Estimated time left">ETA</abbr> {formatDuration(finishing ? 0 : job.eta)}
          </span>
          <span className="toolbar-spacer" />
          {!finishing ? (
            <button type="button" onClick={() => void cancel()} disabled={job.cancelling} aria-label={`Cancel ${JOB_KIND_NAMES[job.kind].toLowerCase()}`}>
              Cancel
            </button>
          ) : null}
        </div>
      </div>
    )
  }

  return (
    <div role="status" className="job-status">
      {startError ? (
        <p className="sync-failed">
          <span aria-hidden="true">✕ </span>
          Could not start: {startError.message} <span className="muted">{nextStep(startError)}</span>
        </p>
      ) : last ? (
        <FinishedLine last={last} conflictsLink={conflictsLink} />
      ) : (
        <p className="muted">{idle ?? IDLE}</p>
      )}
    </div>
  )
}
