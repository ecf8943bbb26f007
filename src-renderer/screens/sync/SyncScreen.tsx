// Sync: pull now (or a full pull, or a deep pull), the running job's progress with Cancel, how
// complete the people mirror is, the history of runs as a chart and a table (filtered by trigger,
// kind and state), and the background schedules. The history is read again whenever a job starts
// or ends, scheduled ones included.
import { useCallback, useEffect, useState } from 'react'
import { call, type IpcError, type SyncRun } from '../../api'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useConnectivity } from '../../state/connectivity'
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
  const { current, runningKinds, mirrorVersion, startPull, startDeepPull } = useJobs()
  const { unreachable } = useConnectivity()
  const workspaceId = active?.id ?? null
  const [runs, setRuns] = useState<SyncRun[] | null>(null)
  const [historyError, setHistoryError] = useState<IpcError | null>(null)
  const [startError, setStartError] = useState<IpcError | null>(null)
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
  }, [workspaceId])

  useEffect(() => {
    void loadHistory()
  }, [loadHistory, mirrorVersion, runningId])

  async function pull(full: boolean) {
    setStartError(null)
    setStartError(await startPull(full ? { full: true } : {}))
  }

  async function deepPull() {
    setStartError(null)
    setStartError(await startDeepPull())
  }

  if (!active) {
    return (
      <Screen title="Sync" subtitle="Pull from Customer.io into the local mirror.">
        <EmptyState title="No active workspace" icon="⟳" actions={<a href="#/workspaces">Choose a workspace</a>}>
          <p>Choose or add a workspace to pull it and see its sync history.</p>
        </EmptyState>
      </Screen>
    )
  }

  // A deep pull runs in the background for a long time, below foreground work: a pull may start
  // beside it, so only other work holds the pull buttons back.
  const busy = current != null && current.kind !== 'deep-pull'
  const deepRunning = runningKinds.includes('deep-pull')
  const deepTitle = deepRunning
    ? 'A deep pull is running; its progress is shown under Current run'
    : unreachable
      ? 'Customer.io cannot be reached; a deep pull needs the workspace online'
      : "Read every person's attributes in the background, at the App API's budget and below other work, so the mirror is complete. It can be stopped and resumed where it left off."
  const actions = (
    <>
      <button type="button" onClick={() => void deepPull()} disabled={deepRunning || unreachable} title={deepTitle}>
        Deep pull
      </button>
      <button
        type="button"
        onClick={() => void pull(true)}
        disabled={busy}
        title="Re-read everyone through a full export, instead of only what changed since the last pull"
      >
        Full pull
      </button>
      <button type="button" className="primary" onClick={() => void pull(false)} disabled={busy} title="Copy what changed in Customer.io into the mirror">
        Pull now
      </button>
    </>
  )

  return (
    <Screen title="Sync" subtitle={`Pull “${active.name}” from Customer.io into the local mirror, and see how past runs went.`} actions={actions}>
      <section className="panel panel-wide" aria-labelledby="sync-current-title">
        <h2 id="sync-current-title" className="panel-title">
          Current run
        </h2>
        <JobProgressPanel startError={startError} />
      </section>

      <CompletenessPanel workspaceId={active.id} />

      <SchedulesPanel workspaceId={active.id} productionName={active.production ? active.name : null} />

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
            <p>Every pull, push and sync of this workspace is listed here with its counts, duration and errors. Press Pull now to make the first.</p>
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
