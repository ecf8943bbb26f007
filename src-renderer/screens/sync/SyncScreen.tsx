// Sync: the running job's progress with Cancel, how complete the people mirror is, the history of
// runs as a chart and a table (filtered by trigger, kind and state), and the background schedules.
// Sync, Pull only, Push, Full re-pull and Deep pull are the header's Sync button and its menu (one
// place, one set of words). The history is read again whenever a job starts or ends, scheduled
// ones included.
import { useCallback, useEffect, useState } from 'react'
import { call, type IpcError, type SyncRun } from '../../api'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useJobs } from '../../state/jobs'
import { useWorkspaces } from '../../state/workspaces'
import { CompletenessPanel } from './CompletenessPanel'
import { applyFilter, HistoryFilters, NO_FILTER, type HistoryFilter } from './HistoryFilters'
import { JobProgressPanel } from './JobProgressPanel'
import { SchedulesPanel } from './SchedulesPanel'
import { SyncHistoryChart } from './SyncHistoryChart'
import { SyncHistoryTable } from './SyncHistoryTable'

const HISTORY_LIMIT = 100

export function SyncScreen() {
  const { active } = useWorkspaces()
  const { current, mirrorVersion } = useJobs()
  const workspaceId = active?.id ?? null
  const [runs, setRuns] = useState<SyncRun[] | null>(null)
  const [historyError, setHistoryError] = useState<IpcError | null>(null)
  const [filter, setFilter] = useState<HistoryFilter>(NO_FILTER)
  const runningId = current?.id ?? null

  const loadHistory = useCallback(async () => {
    if (!workspaceId) return
    const r = await call((cio) => cio.sync.history({ workspaceId, limit: HISTORY_LIMIT }))
    if (r.ok) {
      setRuns([...r.value.runs].sort((a, b) => b.startedAt - a.startedAt))
      setHistoryError(null)
    } else setHistoryError(r.error)
  }, [workspaceId])

  useEffect(() => {
    setRuns(null)
    setHistoryError(null)
  }, [workspaceId])

  useEffect(() => {
    void loadHistory()
  }, [loadHistory, mirrorVersion, runningId])

  if (!active) {
    return (
      <Screen title="Sync" subtitle="Pull from Customer.io into the local mirror.">
        <EmptyState title="No active workspace" icon="⟳" actions={<a href="#/workspaces">Choose a workspace</a>}>
          <p>Choose or add a workspace to pull it and see its sync history.</p>
        </EmptyState>
      </Screen>
    )
  }

  return (
    <Screen title="Sync" subtitle={`How syncing “${active.name}” with Customer.io goes: the current run, past runs and the schedules. Sync and its menu (Pull only, Push, Full re-pull, Deep pull) are in the header.`}>
      <section className="panel panel-wide" aria-labelledby="sync-current-title">
        <h2 id="sync-current-title" className="panel-title">
          Current run
        </h2>
        <JobProgressPanel startError={null} />
      </section>

      {/* keyed by workspace: one workspace's errors and action results never carry over to another */}
      <CompletenessPanel key={`c-${active.id}`} workspaceId={active.id} />

      <SchedulesPanel key={`s-${active.id}`} workspaceId={active.id} productionName={active.production ? active.name : null} />

      <section aria-labelledby="sync-history-title" className="history">
        <div className="section-head">
          <h2 id="sync-history-title">History</h2>
          <button type="button" onClick={() => void loadHistory()}>
            Refresh
          </button>
        </div>
        {historyError ? <ErrorAlert title="Could not read the sync history" error={historyError} onRetry={() => void loadHistory()} /> : null}
        {runs == null && !historyError ? (
          <p className="muted">Loading history…</p>
        ) : runs && runs.length === 0 ? (
          <EmptyState title="No runs yet" icon="⟳">
            <p>Every pull, push and sync of this workspace is listed here with its counts, duration and errors. Press Sync in the header to make the first.</p>
          </EmptyState>
        ) : runs ? (
          <>
            <HistoryFilters value={filter} onChange={setFilter} shown={applyFilter(runs, filter).length} total={runs.length} />
            <SyncHistoryChart runs={applyFilter(runs, filter)} />
            <SyncHistoryTable runs={applyFilter(runs, filter)} />
          </>
        ) : null}
      </section>
    </Screen>
  )
}
