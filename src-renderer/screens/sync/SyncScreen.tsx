// Sync: the current job and the last result from the job events. History and schedules come later.
import { EmptyState, Screen } from '../../components/EmptyState'
import { formatCount, formatDateTime, formatDuration, formatRate } from '../../components/format'
import { useJobs } from '../../state/jobs'
import { useWorkspaces } from '../../state/workspaces'

export function SyncScreen() {
  const { current, last } = useJobs()
  const { active } = useWorkspaces()

  return (
    <Screen
      title="Sync"
      subtitle={active ? `Pull from and push to “${active.name}”. Start a sync with Sync now in the header.` : 'Choose a workspace to sync.'}
    >
      <section className="panel" aria-labelledby="sync-now-title">
        <h2 id="sync-now-title" className="panel-title">
          Current sync
        </h2>
        <div role="status" aria-live="polite" className="job-status">
          {current ? (
            <dl className="facts">
              <dt>Phase</dt>
              <dd>{current.cancelling ? 'Cancelling…' : current.phase || 'Starting…'}</dd>
              <dt>Progress</dt>
              <dd>
                {formatCount(current.done)}
                {current.total != null ? ` of ${formatCount(current.total)}` : ''}
                {current.total ? ` (${Math.floor((100 * current.done) / Math.max(1, current.total))} %)` : ''}
              </dd>
              <dt>Rate</dt>
              <dd>{formatRate(current.rate)}</dd>
              <dt>Time left</dt>
              <dd>{formatDuration(current.eta)}</dd>
              <dt>Started</dt>
              <dd>{formatDateTime(current.startedAt)}</dd>
            </dl>
          ) : last ? (
            <dl className="facts">
              <dt>Last result</dt>
              <dd className={`sync-${last.state}`}>
                {last.state === 'succeeded' ? '✓ Succeeded' : last.state === 'cancelled' ? '■ Cancelled' : '✕ Failed'}
              </dd>
              {last.message ? (
                <>
                  <dt>Details</dt>
                  <dd>{last.message}</dd>
                </>
              ) : null}
              <dt>Finished</dt>
              <dd>{formatDateTime(last.finishedAt)}</dd>
            </dl>
          ) : (
            <p className="muted">No sync has run since this window opened.</p>
          )}
        </div>
      </section>

      <EmptyState title="Sync history and schedules" icon="⟳" notYet>
        <p>
          This screen will list past syncs with their counts and durations, chart how they went over time,
          and let you schedule background syncs (every 15 minutes, or a cron expression) that keep running
          from the system tray.
        </p>
      </EmptyState>
    </Screen>
  )
}
