// Conflicts: fields changed both here and in Customer.io since the last pull, found by a pull or
// by the check a push makes first. Each is resolved on its own: keep mine (the edit goes back to
// the outbox against their value as its new base), keep theirs (the edit is dropped), or a typed
// value. A resolved conflict leaves the open list.
import { useCallback, useEffect, useState } from 'react'
import { call, type ConflictView, type IpcError } from '../../api'
import { DiffTag } from '../../components/DiffTag'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { fieldName } from '../../components/ChangeView'
import { formatCount } from '../../components/format'
import { useChanges } from '../../state/changes'
import { useJobs } from '../../state/jobs'
import { useSegmentNames } from '../../state/useSegmentNames'
import { useWorkspaces } from '../../state/workspaces'
import { ConflictCard, type Keep } from './ConflictCard'

const KEPT: Record<Keep['keep'], string> = { mine: 'Kept mine', theirs: 'Kept theirs', edited: 'Saved the typed value' }

export function ConflictsScreen() {
  const { active } = useWorkspaces()
  const { mirrorVersion } = useJobs()
  const { version, changed } = useChanges()
  const workspaceId = active?.id ?? null
  const [conflicts, setConflicts] = useState<ConflictView[] | null>(null)
  const segmentNames = useSegmentNames(workspaceId)
  const [error, setError] = useState<IpcError | null>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)

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
    async (c: ConflictView, how: Keep): Promise<string | null> => {
      if (!workspaceId) return 'No active workspace.'
      setBusy(true)
      const r = await call((cio) => cio.changes.resolve({ workspaceId, id: c.id, ...how }))
      setBusy(false)
      if (!r.ok) return r.error.message
      // Gone from the open list at once; the read that `changed` triggers confirms it.
      setConflicts((list) => list?.filter((x) => x.id !== c.id) ?? list)
      setDone(`${KEPT[how.keep]} for ${fieldName(c.field, segmentNames)} of ${c.label}.`)
      changed(r.value.counts)
      return null
    },
    [workspaceId, segmentNames, changed],
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
    <Screen title="Conflicts" subtitle={`Fields of “${active.name}” changed both here and in Customer.io since the last pull. Resolve each one, then push from Changes.`}>
      {error ? <ErrorAlert title="Could not read the conflicts" error={error} onRetry={() => setAttempt((a) => a + 1)} /> : null}
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
          <p className="muted">
            {formatCount(count)} open {count === 1 ? 'conflict' : 'conflicts'}. Their edits are held back from pushes until resolved.
          </p>
          <div className="conflict-list">
            {conflicts.map((c) => (
              <ConflictCard key={c.id} conflict={c} segmentNames={segmentNames} busy={busy} onResolve={resolve} />
            ))}
          </div>
        </>
      ) : null}
    </Screen>
  )
}
