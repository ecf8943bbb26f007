// The Schedules section of the Sync screen: the background-sync status with Pause / Resume, and the
// workspace's schedules with their next run, last result, an on/off switch, Edit, Run now, Delete.
import { useState } from 'react'
import type { IpcError, ScheduleStatus, ScheduleView } from '../../api'
import { Dialog } from '../../components/Dialog'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { statusFor } from './status-for'
import { formatAgo, formatDateTime } from '../../components/format'
import { ScheduleForm, type ScheduleDraft } from './ScheduleForm'
import { useSchedules } from './useSchedules'

const STATE_TEXT: Record<ScheduleStatus['state'], string> = { idle: 'Idle', syncing: 'Syncing', error: 'Last run failed', paused: 'Paused', offline: 'Offline' }
const LAST_TEXT: Record<NonNullable<ScheduleView['lastState']>, string> = { running: '… Running', succeeded: '✓ Succeeded', failed: '✕ Failed', cancelled: '■ Cancelled' }

function what(s: ScheduleView): string {
  if (s.kind === 'push') return 'Push outbox'
  if (s.kind === 'deep-pull') return 'Deep pull'
  return `Pull ${(s.parts ?? ['people', 'segments', 'collections']).join(', ')}`
}

function StatusLine({ status, onPause, onResume }: { status: ScheduleStatus | null; onPause: (minutes?: number) => void; onResume: () => void }) {
  if (!status) return null
  const detail = status.state === 'syncing' && status.percent !== null ? `${status.percent} %` : status.reason
  return (
    <div className="section-head">
      <p role="status" aria-label="Background sync status" className={`sync-${status.state}`}>
        <strong>{STATE_TEXT[status.state]}</strong>
        {detail ? ` — ${detail}` : ''}
        <span className="sub-line">
          Last sync {status.lastSyncAt ? formatAgo(status.lastSyncAt) : 'never'}
          {status.nextRunAt && !status.paused ? ` · next run ${formatAgo(status.nextRunAt)}` : ''}
        </span>
      </p>
      {status.paused ? (
        <button type="button" onClick={onResume}>
          Resume syncing
        </button>
      ) : (
        <span>
          <button type="button" onClick={() => onPause(60)}>
            Pause 1 hour
          </button>{' '}
          <button type="button" onClick={() => onPause()}>
            Pause until resumed
          </button>
        </span>
      )}
    </div>
  )
}

/** productionName: the workspace's name when it is production (a push schedule then needs it typed) */
export function SchedulesPanel({ workspaceId, productionName = null }: { workspaceId: string; productionName?: string | null }) {
  const { schedules, status, error, reload, act } = useSchedules(workspaceId)
  const [editing, setEditing] = useState<ScheduleView | 'new' | null>(null)
  const [actionError, setActionError] = useState<IpcError | null>(null)
  const [deleting, setDeleting] = useState<ScheduleView | null>(null)

  const run = async (fn: Parameters<typeof act>[0]) => setActionError(await act(fn))

  async function save(draft: ScheduleDraft): Promise<IpcError | null> {
    if (editing === 'new') return act((cio) => cio.schedules.add({ workspaceId, ...draft }))
    if (!editing) return null
    const { kind: _kind, ...change } = draft
    return act((cio) => cio.schedules.update({ id: editing.id, ...change, parts: draft.kind === 'pull' ? draft.parts : undefined }))
  }

  return (
    <section aria-labelledby="sync-schedules-title" className="history">
      <div className="section-head">
        <h2 id="sync-schedules-title">Schedules</h2>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          Add schedule
        </button>
      </div>
      <StatusLine status={status && workspaceId ? statusFor(status, workspaceId) : status} onPause={(minutes) => void run((cio) => cio.schedules.pause(minutes ? { minutes } : {}))} onResume={() => void run((cio) => cio.schedules.resume({}))} />
      {error ? <ErrorAlert title="Could not read the schedules" error={error} onRetry={() => void reload()} /> : null}
      {actionError ? <ErrorAlert title="That did not work" error={actionError} onDismiss={() => setActionError(null)} /> : null}
      {schedules && schedules.length === 0 ? (
        <EmptyState title="No schedules" icon="⟳">
          <p>Add a schedule to keep the mirror fresh and the outbox empty without opening this window: every few minutes, on a cron expression, or only in business hours.</p>
        </EmptyState>
      ) : schedules ? (
        <div className="table-wrap">
          <table className="grid history-table">
            <caption className="sr-only">Schedules</caption>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">When</th>
                <th scope="col">Next run</th>
                <th scope="col">Last run</th>
                <th scope="col">Enabled</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((s) => (
                <tr key={s.id}>
                  <td>{what(s)}</td>
                  <td>{s.description}</td>
                  <td className="nowrap">
                    {s.nextRunAt ? (
                      <>
                        {formatDateTime(s.nextRunAt)}
                        <span className="sub-line">{formatAgo(s.nextRunAt)}</span>
                      </>
                    ) : (
                      <span className="muted">{s.enabled ? 'never' : 'off'}</span>
                    )}
                  </td>
                  <td className={s.lastState ? `sync-${s.lastState}` : undefined}>
                    {s.lastState ? LAST_TEXT[s.lastState] : <span className="muted">not yet</span>}
                    {s.lastRunAt ? <span className="sub-line">{formatAgo(s.lastRunAt)}</span> : null}
                    {s.failures > 0 ? <span className="sub-line">{`${s.failures} failed in a row; retrying less often`}</span> : null}
                    {s.lastState === 'failed' && s.lastError ? <span className="sub-line run-error">{s.lastError}</span> : null}
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Enabled: ${what(s)}, ${s.description}`}
                      checked={s.enabled}
                      onChange={(e) => void run((cio) => cio.schedules.update({ id: s.id, enabled: e.target.checked }))}
                    />
                  </td>
                  <td className="nowrap">
                    <button type="button" onClick={() => setEditing(s)}>
                      Edit
                    </button>{' '}
                    <button type="button" onClick={() => void run((cio) => cio.schedules.runnow({ id: s.id }))}>
                      Run now
                    </button>{' '}
                    <button type="button" aria-label={`Delete: ${what(s)}, ${s.description}`} onClick={() => setDeleting(s)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Loading schedules…</p>
      )}
      {deleting ? (
        <Dialog title="Delete this schedule?" tone="danger" description={`${what(deleting)}, ${deleting.description}. Its past runs stay in the history.`} onClose={() => setDeleting(null)}>
          <div className="form-actions">
            <button type="button" onClick={() => setDeleting(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                const id = deleting.id
                setDeleting(null)
                void run((cio) => cio.schedules.remove({ id }))
              }}
            >
              Delete schedule
            </button>
          </div>
        </Dialog>
      ) : null}
      {editing ? <ScheduleForm editing={editing === 'new' ? null : editing} onSave={save} onClose={() => setEditing(null)} productionName={productionName} /> : null}
    </section>
  )
}
