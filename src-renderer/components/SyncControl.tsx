// "Sync now" with live progress (phase, done/total, rate, ETA), Cancel, and the final result.
import { nextStep } from '../api'
import { useJobs } from '../state/jobs'
import { formatCount, formatDuration, formatRate } from './format'
import { describeOutcome, JOB_KIND_NAMES as KIND_NAME } from './job-outcome'

const OUTCOME_ICON = { success: '✓', warning: '⚠', error: '✕' } as const

export function SyncControl({ disabledReason }: { disabledReason: string | null }) {
  const { current, last, error, startSync, cancel, dismiss } = useJobs()

  return (
    <div className="sync-control">
      <div className="sync-live" aria-live="polite">
        {current ? (
          <div className="sync-progress">
            <span className="sync-phase">{current.cancelling ? 'Cancelling…' : current.phase || 'Starting…'}</span>
            {current.total ? (
              <progress aria-label="Job progress" max={current.total} value={Math.min(current.done, current.total)} />
            ) : (
              <progress aria-label="Job progress" />
            )}
            <span className="sync-numbers">
              {formatCount(current.done)}
              {current.total != null ? ` / ${formatCount(current.total)}` : ''}
              <span className="sep"> · </span>
              {formatRate(current.rate)}
              <span className="sep"> · </span>
              <abbr title="Estimated time left">ETA</abbr> {formatDuration(current.eta)}
            </span>
          </div>
        ) : last ? (
          <div className={`sync-result outcome-${last.state === 'cancelled' ? 'cancelled' : describeOutcome(last).tone}`}>
            <span aria-hidden="true">{last.state === 'cancelled' ? '■' : OUTCOME_ICON[describeOutcome(last).tone]} </span>
            {describeOutcome(last).headline}
            {last.message ? <span className="muted">: {last.message}</span> : null}
            <button type="button" className="icon-button" aria-label="Dismiss the result" onClick={dismiss}>
              ×
            </button>
          </div>
        ) : error ? (
          <div className="sync-result sync-failed" role="alert">
            <span aria-hidden="true">✕ </span>
            Could not start sync: {error.message} <span className="muted">{nextStep(error)}</span>
            <button type="button" className="icon-button" aria-label="Dismiss sync error" onClick={dismiss}>
              ×
            </button>
          </div>
        ) : null}
      </div>
      {current ? (
        <button type="button" aria-label={`Cancel ${KIND_NAME[current.kind].toLowerCase()}`} onClick={() => void cancel()} disabled={current.cancelling}>
          Cancel
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          onClick={() => void startSync()}
          disabled={disabledReason != null}
          title={disabledReason ?? 'Pull from and push to the active workspace now'}
        >
          Sync now
        </button>
      )}
    </div>
  )
}
