// What the review says about a plan as a whole before its rows (issue 14): stale (a newer plan of
// the same file, or a pull, came after it) with Discard plan, Plan again and, for people rows it
// called unchanged, Check again and push (the push judges the changed people again first);
// discarded; or stopped before its end (its process was killed, or it was cancelled).
import { useState } from 'react'
import { formatCount } from '../../components/format'
import { changesToSend, type ImportSummary } from './importKinds'

interface PlanStatusProps {
  summary: ImportSummary
  onDiscard: () => Promise<void>
  onPush: () => void
  /** plan the same file again; null when the file is not at hand */
  onReplan: (() => void) | null
}

export function PlanStatus({ summary, onDiscard, onPush, onReplan }: PlanStatusProps) {
  const [discarding, setDiscarding] = useState(false)
  if (summary.state === 'discarded') {
    return (
      <p className="notice notice-stale" role="status">
        This plan was discarded: it cannot be pushed. Plan the file again to import it.
      </p>
    )
  }
  if (summary.interrupted) {
    return (
      <p className="notice notice-stale" role="status">
        {summary.interrupted}
      </p>
    )
  }
  if (!summary.stale || summary.push) return null
  const recheck = summary.kind === 'people' && summary.unchanged > 0 && changesToSend(summary) === 0
  return (
    <div className="notice notice-stale" role="status" aria-label="Stale plan">
      <p>
        <strong>This plan is stale:</strong> {summary.stale}.
      </p>
      <div className="toolbar">
        {onReplan ? (
          <button type="button" onClick={onReplan}>
            Plan again
          </button>
        ) : null}
        {recheck ? (
          <button type="button" onClick={onPush} title="The people who changed since the plan are judged again before anything is sent">
            Check {formatCount(summary.unchanged)} unchanged {summary.unchanged === 1 ? 'row' : 'rows'} again and push
          </button>
        ) : null}
        <button
          type="button"
          className="danger"
          disabled={discarding}
          onClick={() => {
            setDiscarding(true)
            void onDiscard().finally(() => setDiscarding(false))
          }}
        >
          Discard plan
        </button>
      </div>
    </div>
  )
}
