// A job's live progress: a labelled bar, done of total, rate and time left.
import type { ReactNode } from 'react'
import type { JobProgress } from '../../api'
import { formatCount, formatDuration, formatRate } from '../../components/format'

interface JobBarProps {
  /** the bar's accessible name, e.g. "Plan progress" */
  label: string
  progress: JobProgress | null
  unit: string
  extra?: ReactNode
}

export function JobBar({ label, progress, unit, extra }: JobBarProps) {
  const total = progress?.total ?? null
  const done = progress?.done ?? 0
  const percent = total ? Math.min(100, Math.floor((100 * done) / Math.max(1, total))) : null
  return (
    <div className="job-live">
      <div className="job-live-head">
        <strong>{progress?.phase || 'Starting…'}</strong>
      </div>
      {total ? <progress className="job-bar" aria-label={label} max={total} value={Math.min(done, total)} /> : <progress className="job-bar" aria-label={label} />}
      <div className="job-numbers" aria-live="polite">
        <span>
          {formatCount(done)}
          {total != null ? ` of ${formatCount(total)}` : ''} {(total ?? done) === 1 ? unit.replace(/s$/, '') : unit}
          {percent != null ? ` (${percent} %)` : ''}
        </span>
        <span className="sep"> · </span>
        <span>
          {formatRate(progress?.rate ?? null)} <span className="sr-only">{unit} per second</span>
        </span>
        <span className="sep"> · </span>
        <span>
          <abbr title="Estimated time left">ETA</abbr> {formatDuration(progress?.eta ?? null)}
        </span>
        {extra}
      </div>
    </div>
  )
}
