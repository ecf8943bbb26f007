// The header's sync area: the running job of the active workspace with live progress (phase,
// done/total, rate, ETA) and Cancel, then the Sync split button. The progress area keeps its width
// whether or not a job runs, so nothing in the header moves; results are told by toasts and the
// notification list (state/notifications.tsx), never here.
import { useJobs } from '../state/jobs'
import { JOB_KIND_NAMES } from './job-outcome'
import { useNotifications } from '../state/notifications'
import { useWorkspaces } from '../state/workspaces'
import { formatCount, formatDuration, formatRate } from './format'
import { SyncMenuButton } from './SyncMenuButton'

export function SyncControl() {
  const { active } = useWorkspaces()
  const { current: anyCurrent, cancel } = useJobs()
  const { notifyError } = useNotifications()
  const current = anyCurrent && active && anyCurrent.workspaceId === active.id ? anyCurrent : null

  async function onCancel() {
    const error = await cancel()
    if (error) notifyError(current?.workspaceId ?? null, 'Could not cancel', error)
  }

  return (
    <div className="sync-control">
      <div className="sync-live" aria-live="polite">
        {current ? (
          <div className="sync-progress" title={`${JOB_KIND_NAMES[current.kind]}: ${current.phase || 'starting'}`}>
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
            <button type="button" aria-label={`Cancel ${JOB_KIND_NAMES[current.kind].toLowerCase()}`} onClick={() => void onCancel()} disabled={current.cancelling}>
              Cancel
            </button>
          </div>
        ) : null}
      </div>
      <SyncMenuButton />
    </div>
  )
}
