// Changes: every local edit not pushed yet, grouped by person, as old → new in the diff language,
// with its state (pending, failed with the last error, may have applied, conflict). Discard one or
// a selection; push all or a selection as a 'push' job with live progress, rate, ETA and Cancel.
// A production workspace asks for its name before anything is sent.
import { useMemo, useState } from 'react'
import { call, type IpcError } from '../../api'
import { DiffLegend } from '../../components/DiffTag'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount, plural } from '../../components/format'
import { useChanges } from '../../state/changes'
import { useJobs } from '../../state/jobs'
import { useWorkspaces } from '../../state/workspaces'
import { ConfirmPushDialog } from '../import/ConfirmPushDialog'
import { JobProgressPanel } from '../sync/JobProgressPanel'
import { useConnectivity } from '../../state/connectivity'
import { canDiscard, canPush, groupEntries, OutboxList } from './OutboxList'
import { OUTBOX_LIMIT, useOutbox } from './useOutbox'

const PUSH_KINDS = ['push'] as const

export function ChangesScreen() {
  const { active } = useWorkspaces()
  const { current, follow } = useJobs()
  const { counts, discard } = useChanges()
  const workspaceId = active?.id ?? null
  const outbox = useOutbox(workspaceId)
  const { entries, selected } = outbox
  const [error, setError] = useState<{ title: string; error: IpcError } | null>(null)
  const [asking, setAsking] = useState<{ ids: number[] | undefined; count: number } | null>(null)
  const [busy, setBusy] = useState(false)

  const groups = useMemo(() => groupEntries(entries ?? []), [entries])
  const pushable = (entries ?? []).filter(canPush)
  const chosen = (entries ?? []).filter((e) => selected.has(e.id))
  const chosenPushable = chosen.filter(canPush)
  const chosenDiscardable = chosen.filter(canDiscard)
  const allDiscardable = (entries ?? []).filter(canDiscard)
  const running = current != null
  const pushing = current?.kind === 'push'
  const { unreachable } = useConnectivity()
  // The same reason the header's Sync menu gives: offline, nothing can be pushed (edits keep waiting).
  const offlineReason = unreachable ? 'Customer.io cannot be reached, so nothing can be pushed; the changes wait until the connection is back.' : undefined

  if (!active) {
    return (
      <Screen title="Changes" subtitle="Local edits waiting to be pushed.">
        <EmptyState title="No active workspace" icon="±" actions={<a href="#/workspaces">Choose a workspace</a>}>
          <p>Choose or add a workspace, pull it, and edit its people offline; the edits wait here until you push them.</p>
        </EmptyState>
      </Screen>
    )
  }

  async function startPush(ids: number[] | undefined, confirm?: string) {
    setError(null)
    setBusy(true)
    const r = await call((cio) => cio.changes.push({ workspaceId: active?.id, ids, confirm }))
    setBusy(false)
    if (!r.ok) return setError({ title: 'Could not start the push', error: r.error })
    follow(r.value.jobId, 'push', active?.id ?? null)
    outbox.clearSelection()
  }

  function push(ids: number[] | undefined, count: number) {
    if (active?.production) setAsking({ ids, count })
    else void startPush(ids)
  }

  async function drop(ids: number[]) {
    if (ids.length === 0) return
    setBusy(true)
    const e = await discard(ids)
    setBusy(false)
    if (e) setError({ title: 'Could not discard', error: e })
    else outbox.select(ids, false)
  }

  const actions = (
    <>
      <button type="button" onClick={() => void drop(chosenDiscardable.map((e) => e.id))} disabled={busy || chosenDiscardable.length === 0}>
        Discard selected
      </button>
      <button type="button" onClick={() => push(chosenPushable.map((e) => e.id), chosenPushable.length)} disabled={busy || running || unreachable || chosenPushable.length === 0} title={offlineReason}>
        Push selected{chosenPushable.length ? ` (${formatCount(chosenPushable.length)})` : ''}
      </button>
      <button type="button" className="primary" onClick={() => push(undefined, counts ? counts.pending + counts.failed : pushable.length)} disabled={busy || running || unreachable || pushable.length === 0} title={offlineReason}>
        Push all
      </button>
      {offlineReason ? <p className="muted toolbar-note">{offlineReason}</p> : null}
    </>
  )

  const total = counts ? counts.pending + counts.failed + counts.conflicts : null
  return (
    <Screen title="Changes" subtitle={`Local edits of “${active.name}” waiting to be pushed to Customer.io, checked for conflicts first.`} actions={actions}>
      <section className="panel panel-wide" aria-labelledby="changes-push-title">
        <h2 id="changes-push-title" className="panel-title">
          Push
        </h2>
        <JobProgressPanel
          startError={null}
          kinds={PUSH_KINDS}
          idle={
            running && !pushing
              ? 'Another job is running; push when it ends.'
              : 'Nothing is being pushed. A push first re-reads the people it touches, so a change made in Customer.io since is never overwritten: it becomes a conflict instead.'
          }
        />
      </section>

      {error ? <ErrorAlert title={error.title} error={error.error} onDismiss={() => setError(null)} onRetry={error.error.retryable ? outbox.reload : undefined} /> : null}
      {outbox.error ? <ErrorAlert title="Could not read the outbox" error={outbox.error} onRetry={outbox.reload} /> : null}

      {entries == null && !outbox.error ? (
        <p className="muted">Loading changes…</p>
      ) : entries && entries.length === 0 ? (
        <EmptyState title="No pending changes" icon="±" actions={<a href="#/people">Go to People</a>}>
          <p>
            Edit people offline on the People screen: pick a cell with the arrow keys and press Enter (or double-click it), or open a person and use Edit,
            Add attribute, a segment or Delete. Each edit waits here until you push it, and can be discarded until then.
          </p>
          <p>Every change is described with the same marks:</p>
          <DiffLegend />
        </EmptyState>
      ) : entries ? (
        <>
          <div className="toolbar outbox-toolbar" role="group" aria-label="Selection">
            <label className="inline-check">
              <input
                type="checkbox"
                checked={allDiscardable.length > 0 && chosenDiscardable.length === allDiscardable.length}
                onChange={(e) => outbox.select(allDiscardable.map((x) => x.id), e.target.checked)}
              />
              Select all
            </label>
            <span className="muted" aria-live="polite">
              {formatCount(chosen.length)} selected · {formatCount(groups.length)} {groups.length === 1 ? 'person' : 'people'} ·{' '}
              {counts ? `${formatCount(counts.pending)} pending, ${formatCount(counts.failed)} failed, ${formatCount(counts.conflicts)} in conflict` : plural(entries.length, 'change')}
            </span>
            {counts && counts.conflicts > 0 ? <a href="#/conflicts">Resolve {formatCount(counts.conflicts)} {counts.conflicts === 1 ? 'conflict' : 'conflicts'}</a> : null}
          </div>
          {total != null && total > entries.length && entries.length >= OUTBOX_LIMIT ? (
            <p className="muted">
              Showing the oldest {formatCount(entries.length)} of {plural(total, 'change')}. Push all sends every one of them.
            </p>
          ) : null}
          <OutboxList groups={groups} segmentNames={outbox.segmentNames} selected={selected} onSelect={outbox.select} onDiscard={(ids) => void drop(ids)} busy={busy} />
        </>
      ) : null}

      {asking ? (
        <ConfirmPushDialog
          workspaceName={active.name}
          rows={asking.count}
          noun={['change', 'changes']}
          description={<>These edits go to real customers in “{active.name}”. You can cancel the push; what was already sent stays sent.</>}
          onCancel={() => setAsking(null)}
          onConfirm={(typed) => {
            const ids = asking.ids
            setAsking(null)
            void startPush(ids, typed)
          }}
        />
      ) : null}
    </Screen>
  )
}
