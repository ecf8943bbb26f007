// Collections: the workspace's lookup tables from the mirror, and the rows of the selected one.
import { useCallback, useEffect, useState } from 'react'
import { call, type CollectionRow, type IpcError } from '../../api'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatAgo, formatBytes, formatCount, formatWhen } from '../../components/format'
import { useJobs } from '../../state/jobs'
import { useWorkspaces } from '../../state/workspaces'
import { CollectionRows } from './CollectionRows'

const SCHEMA_SHOWN = 4

export function CollectionsScreen() {
  const { active } = useWorkspaces()
  const { mirrorVersion, startPull, current } = useJobs()
  const workspaceId = active?.id ?? null
  const [collections, setCollections] = useState<CollectionRow[] | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [selectedId, setSelectedId] = useState<number | null>(null)

  const load = useCallback(async () => {
    if (!workspaceId) return
    const r = await call((cio) => cio.collections.list({ workspaceId }))
    if (r.ok) {
      setCollections(r.value.collections)
      setError(null)
    } else setError(r.error)
  }, [workspaceId])

  useEffect(() => {
    setCollections(null)
    setSelectedId(null)
  }, [workspaceId])

  useEffect(() => {
    void load()
  }, [load, mirrorVersion])

  if (!active) {
    return (
      <Screen title="Collections" subtitle="Lookup data you reference in messages.">
        <EmptyState title="No active workspace" icon="▤" actions={<a href="#/workspaces">Choose a workspace</a>}>
          <p>Choose or add a workspace, then pull it to see its collections.</p>
        </EmptyState>
      </Screen>
    )
  }

  const selected = collections?.find((c) => c.id === selectedId) ?? null
  const pulling = current != null && (current.kind === 'pull' || current.kind === 'sync')

  return (
    <Screen title="Collections" subtitle={`Lookup data of “${active.name}” as of the last pull.`} fill>
      {error ? <ErrorAlert title="Could not read collections from the mirror" error={error} onRetry={() => void load()} /> : null}
      {collections == null && !error ? (
        <p className="muted">Loading collections…</p>
      ) : collections && collections.length === 0 ? (
        <EmptyState
          title="No collections in the mirror yet"
          icon="▤"
          actions={
            <button type="button" className="primary" disabled={pulling} onClick={() => void startPull({ only: ['collections'] })}>
              {pulling ? 'Pulling…' : 'Pull collections'}
            </button>
          }
        >
          <p>Pull the workspace to review its collections and their rows offline.</p>
        </EmptyState>
      ) : collections ? (
        <div className="split">
          <div className="table-wrap split-list">
            <table className="grid list-table">
              <caption className="sr-only">Collections</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col" className="num">Rows</th>
                  <th scope="col" className="num">Size</th>
                  <th scope="col">Schema</th>
                  <th scope="col">Pulled</th>
                </tr>
              </thead>
              <tbody>
                {collections.map((c) => (
                  <tr key={c.id} className={c.id === selectedId ? 'is-selected' : undefined}>
                    <td>
                      <button type="button" className="link-button" aria-pressed={c.id === selectedId} onClick={() => setSelectedId(c.id)}>
                        {c.name}
                      </button>
                    </td>
                    <td className="num">{formatCount(c.rows)}</td>
                    <td className="num nowrap">{formatBytes(c.bytes)}</td>
                    <td className="schema" title={c.schema.join(', ')}>
                      {c.schema.slice(0, SCHEMA_SHOWN).map((s) => (
                        <code key={s}>{s}</code>
                      ))}
                      {c.schema.length > SCHEMA_SHOWN ? <span className="muted"> +{c.schema.length - SCHEMA_SHOWN} more</span> : null}
                    </td>
                    <td className="nowrap" title={formatWhen(c.pulledAt)}>
                      {c.pulledAt != null ? formatAgo(c.pulledAt) : <span className="muted">never</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {selected ? (
            <CollectionRows workspaceId={active.id} collection={selected} />
          ) : (
            <div className="detail-pane detail-hint">
              <p className="muted">Choose a collection to see its rows.</p>
            </div>
          )}
        </div>
      ) : null}
    </Screen>
  )
}
