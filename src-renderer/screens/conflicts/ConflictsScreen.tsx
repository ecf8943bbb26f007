// Conflicts: fields changed both here and in Customer.io since the last pull, found by a pull or
// by the check a push makes first. Each is resolved on its own: keep mine (the edit goes back to
// the outbox against their value as its new base), keep theirs (the edit is dropped), or a typed
// value. A resolved conflict leaves the open list. "Resolve and push" sends the re-queued edit at
// once, as a push job whose progress and outcome show at the top of the screen.
import { useCallback, useEffect, useState } from 'react'
import { call, type ConflictView, type IpcError } from '../../api'
import { DiffTag } from '../../components/DiffTag'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { fieldName } from '../../components/ChangeView'
import { plural } from '../../components/format'
import { useChanges } from '../../state/changes'
import { useJobs } from '../../state/jobs'
import { useSegmentNames } from '../../state/useSegmentNames'
import { useWorkspaces } from '../../state/workspaces'
import { ConfirmPushDialog } from '../import/ConfirmPushDialog'
import { JobProgressPanel } from '../sync/JobProgressPanel'
import { ConflictCard, type Keep } from './ConflictCard'

const PUSH_KINDS = ['push'] as const

const KEPT: Record<Keep['keep'], string> = { mine: 'Kept mine', theirs: 'Kept theirs', edited: 'Saved the typed value' }

export function ConflictsScreen() {
  const { active } = useWorkspaces()
  const { mirrorVersion, follow } = useJobs()
  const { version, changed } = useChanges()
  const workspaceId = active?.id ?? null
  const [conflicts, setConflicts] = useState<ConflictView[] | null>(null)
  const segmentNames = useSegmentNames(workspaceId)
  const [error, setError] = useState<IpcError | null>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)
  const [asking, setAsking] = useState<{ conflict: ConflictView; how: Keep } | null>(null)
  const [pushError, setPushError] = useState<IpcError | null>(null)

  useEffect(() => setConflicts(null), [workspaceId])

  useEffect(() => {
    if (!workspaceId) return
    let alive = true
    void call((cio) => cio.changes.conflicts({ workspaceId, state: 'open' })).then((r) => {
      if (!alive) return
      if (r.ok) {
        setConflicts(r.value.conflicts.filter((c) => c.state === 'open'))
        setError(null)
      } else setError(r.error)
    })
    return () => {
      alive = false
    }
  }, [workspaceId, version, mirrorVersion, attempt])

  const resolve = useCallback(
    async (c: ConflictView, how: Keep, push: boolean, confirm?: string): Promise<string | null> => {
      if (!workspaceId) return 'No active workspace.'
      setBusy(true)
      setPushError(null)
      const r = await call((cio) => cio.changes.resolve({ workspaceId, id: c.id, ...how }))
      if (!r.ok) {
        setBusy(false)
        return r.error.message
      }
      // Gone from the open list at once; the read that `changed` triggers confirms it.
      setConflicts((list) => list?.filter((x) => x.id !== c.id) ?? list)
      const what = `${KEPT[how.keep]} for ${fieldName(c.field, segmentNames)} of ${c.label}.`
      changed(r.value.counts)
      const requeued = r.value.requeued ?? null
      if (push && requeued != null) {
        const p = await call((cio) => cio.changes.push({ workspaceId, ids: [requeued], confirm }))
        if (p.ok) {
          follow(p.value.jobId, 'push', workspaceId ?? null)
          setDone(`${what} Pushing it now.`)
        } else {
          setPushError(p.error)
          setDone(`${what} It waits in Changes.`)
        }
      } else setDone(what)
      setBusy(false)
      return null
    },
    [workspaceId, segmentNames, changed, follow],
  )

  const onResolve = useCallback(
    async (c: ConflictView, how: Keep, push: boolean): Promise<string | null> => {
      // a production workspace asks for its name before anything is sent
      if (push && active?.production) {
        setAsking({ conflict: c, how })
        return null
      }
      return resolve(c, how, push)
    },
    [resolve, active?.production],
  )

  if (!active) {
    return (
      <Screen title="Conflicts" subtitle="Fields changed both here and in Customer.io.">
        <EmptyState title="No active workspace" icon="⇄" actions={<a href="#/workspaces">Choose a workspace</a>}>
          <p>Choose or add a workspace; conflicts between your edits and Customer.io show up here.</p>
        </EmptyState>
      </Screen>
    )
  }

  const count = conflicts?.length ?? 0
  return (
    <Screen title="Conflicts" subtitle={`Fields of “${active.name}” changed both here and in Customer.io since the last pull. Choose the value to keep for each; Resolve and push sends it right away.`}>
      <section className="panel panel-wide" aria-labelledby="conflicts-push-title">
        <h2 id="conflicts-push-title" className="panel-title">
          Push
        </h2>
        <JobProgressPanel startError={null} kinds={PUSH_KINDS} conflictsLink={false} idle="Resolve and push sends the value you choose right away; Resolve leaves it in Changes to push later." />
      </section>
      {error ? <ErrorAlert title="Could not read the conflicts" error={error} onRetry={() => setAttempt((a) => a + 1)} /> : null}
      {pushError ? <ErrorAlert title="Resolved, but could not start the push" error={pushError} onDismiss={() => setPushError(null)} /> : null}
      <div role="status" className="conflict-status">
        {done ? (
          <p>
            <span aria-hidden="true">✓ </span>
            {done}
            {count === 0 ? <> Nothing left to resolve: <a href="#/changes">push from Changes</a>.</> : null}
          </p>
        ) : null}
      </div>
      {conflicts == null && !error ? (
        <p className="muted">Loading conflicts…</p>
      ) : conflicts && conflicts.length === 0 ? (
        <EmptyState title="No conflicts" icon="⇄" actions={<a href="#/changes">Go to Changes</a>}>
          <p>
            A conflict appears when a field you edited here was also changed in Customer.io before your edit was pushed. Pulls and pushes check every
            edited field against Customer.io and stop at such fields instead of overwriting them; they wait here, <DiffTag kind="conflict" /> marked, until you choose.
          </p>
        </EmptyState>
      ) : conflicts ? (
        <>
          <p className="muted">{plural(count, 'open conflict')}. Their edits are held back from pushes until resolved.</p>
          <div className="conflict-list">
            {conflicts.map((c) => (
              <ConflictCard key={c.id} conflict={c} segmentNames={segmentNames} busy={busy} onResolve={onResolve} />
            ))}
          </div>
        </>
      ) : null}
      {asking ? (
        <ConfirmPushDialog
          workspaceName={active.name}
          rows={1}
          noun={['change', 'changes']}
          description={<>The value you chose goes to a real customer in “{active.name}”.</>}
          onCancel={() => setAsking(null)}
          onConfirm={(typed) => {
            const { conflict, how } = asking
            setAsking(null)
            void resolve(conflict, how, true, typed)
          }}
        />
      ) : null}
    </Screen>
  )
}
