// The sync history as a table: when, why, how it ended, how long, what changed, retries, errors.
import type { SyncRun } from '../../api'
import { formatAgo, formatCount, formatDateTime, formatDuration } from '../../components/format'
import { countsSummary, durationSeconds } from './run-counts'

const STATE_LABEL: Record<SyncRun['state'], { mark: string; text: string }> = {
  running: { mark: '…', text: 'Running' },
  succeeded: { mark: '✓', text: 'Succeeded' },
  failed: { mark: '✕', text: 'Failed' },
  cancelled: { mark: '■', text: 'Cancelled' },
}

const TRIGGER_LABEL: Record<string, string> = { user: 'You', tray: 'Tray', schedule: 'Schedule', cli: 'Command line' }

export function SyncHistoryTable({ runs }: { runs: SyncRun[] }) {
  return (
    // Focusable so a keyboard can scroll it sideways when the window is narrow (axe: scrollable-region-focusable).
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Sync history">
      <table className="grid history-table">
        <caption className="sr-only">Sync history</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Kind</th>
            <th scope="col">Trigger</th>
            <th scope="col">State</th>
            <th scope="col" className="num">Duration</th>
            <th scope="col">Counts</th>
            <th scope="col" className="num">Retries</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const state = STATE_LABEL[run.state]
            const counts = countsSummary(run)
            return (
              <tr key={run.id}>
                <td className="nowrap">
                  {formatDateTime(run.startedAt)}
                  <span className="sub-line">{formatAgo(run.startedAt)}</span>
                </td>
                <td>{run.kind}</td>
                <td>{TRIGGER_LABEL[run.trigger] ?? run.trigger}</td>
                <td className={`nowrap sync-${run.state}`}>
                  <span aria-hidden="true">{state.mark} </span>
                  {state.text}
                </td>
                <td className="num nowrap">{formatDuration(durationSeconds(run))}</td>
                <td className="counts">
                  {counts.length ? counts.map((c) => <span key={c}>{c}</span>) : <span className="muted">—</span>}
                </td>
                <td className={`num${run.retries ? ' has-retries' : ''}`}>{formatCount(run.retries)}</td>
                <td className="run-error">{run.error ?? <span className="muted">—</span>}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
