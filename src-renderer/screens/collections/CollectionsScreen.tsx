// Collections: the workspace's lookup tables from the mirror, and the rows of the selected one.
import type { CioApi, CollectionRow, Result } from '../../api'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatAgo, formatBytes, formatCount, formatWhen } from '../../components/format'
import { useMirrorList } from '../../state/useMirrorList'
import { CollectionRows } from './CollectionRows'

const SCHEMA_SHOWN = 4

const fetchCollections = async (cio: CioApi, workspaceId: string): Promise<Result<CollectionRow[]>> => {
  const r = await cio.collections.list({ workspaceId })
  return r.ok ? { ok: true, value: r.value.collections } : r
}

export function CollectionsScreen() {
  const { active, items: collections, error, load, selectedId, selected, setSelectedId, startPull, pulling } = useMirrorList(fetchCollections)

  if (!active) {
    return (
      <Screen title="Collections" subtitle="Lookup data you reference in messages.">
        <EmptyState title="No active workspace" icon="▤" actions={<a href="#/workspaces">Choose a workspace</a>}>
          <p>Choose or add a workspace, then pull it to see its collections.</p>
        </EmptyState>
      </Screen>
    )
  }


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
