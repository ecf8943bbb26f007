// Segments: the workspace's segments from the mirror (type, members, who joined or left in the
// last pull; a segment's first read is a baseline, with no joined or left) and, for the selected
// one, its members.
import type { CioApi, Result, SegmentRow } from '../../api'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatAgo, formatCount, formatWhen } from '../../components/format'
import { useMirrorList } from '../../state/useMirrorList'
import { SegmentMembers } from './SegmentMembers'
import { typeLabel } from './segment-labels'

function Change({ n, sign }: { n: number; sign: '+' | '−' }) {
  if (n === 0) return <span className="muted">0</span>
  return (
    <span className={sign === '+' ? 'count-up' : 'count-down'}>
      <span aria-hidden="true">{sign}</span>
      {formatCount(n)}
    </span>
  )
}

const fetchSegments = async (cio: CioApi, workspaceId: string): Promise<Result<SegmentRow[]>> => {
  const r = await cio.segments.list({ workspaceId })
  return r.ok ? { ok: true, value: r.value.segments } : r
}

export function SegmentsScreen() {
  const { active, items: segments, error, load, selectedId, selected, setSelectedId, startPull, pulling } = useMirrorList(fetchSegments)

  if (!active) {
    return (
      <Screen title="Segments" subtitle="Data-driven and manual segments with their members.">
        <EmptyState title="No active workspace" icon="◔" actions={<a href="#/workspaces">Choose a workspace</a>}>
          <p>Choose or add a workspace, then pull it to see its segments.</p>
        </EmptyState>
      </Screen>
    )
  }


  return (
    <Screen title="Segments" subtitle={`Segments of “${active.name}” as of the last pull, with who joined and who left since the pull before.`} fill>
      {error ? <ErrorAlert title="Could not read segments from the mirror" error={error} onRetry={() => void load()} /> : null}
      {segments == null && !error ? (
        <p className="muted">Loading segments…</p>
      ) : segments && segments.length === 0 ? (
        <EmptyState
          title="No segments in the mirror yet"
          icon="◔"
          actions={
            <button type="button" className="primary" disabled={pulling} onClick={() => void startPull({ only: ['segments'] })}>
              {pulling ? 'Pulling…' : 'Pull segments'}
            </button>
          }
        >
          <p>Pull the workspace to review its segments and their members offline.</p>
        </EmptyState>
      ) : segments ? (
        <div className="split">
          <div className="table-wrap split-list">
            <table className="grid list-table">
              <caption className="sr-only">Segments</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col" className="num">Members</th>
                  <th scope="col" className="num">
                    <abbr title="Joined since the previous pull">Joined</abbr>
                  </th>
                  <th scope="col" className="num">
                    <abbr title="Left since the previous pull">Left</abbr>
                  </th>
                  <th scope="col">Pulled</th>
                </tr>
              </thead>
              <tbody>
                {segments.map((s) => (
                  <tr key={s.id} className={s.id === selectedId ? 'is-selected' : undefined}>
                    <td>
                      <button type="button" className="link-button" aria-pressed={s.id === selectedId} onClick={() => setSelectedId(s.id)}>
                        {s.name}
                      </button>
                    </td>
                    <td className="muted">{typeLabel(s.type)}</td>
                    <td className="num">{formatCount(s.memberCount)}</td>
                    {s.baseline ? (
                      <td className="num muted" colSpan={2} title="The last pull was the first to read this segment: its members are the baseline">
                        Baseline
                      </td>
                    ) : (
                      <>
                        <td className="num">
                          <Change n={s.joined} sign="+" />
                        </td>
                        <td className="num">
                          <Change n={s.left} sign="−" />
                        </td>
                      </>
                    )}
                    <td className="nowrap" title={formatWhen(s.pulledAt)}>
                      {s.pulledAt != null ? formatAgo(s.pulledAt) : <span className="muted">never</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {selected ? (
            <SegmentMembers workspaceId={active.id} segment={selected} />
          ) : (
            <div className="detail-pane detail-hint">
              <p className="muted">Choose a segment to see its members, and who joined or left it in the last pull.</p>
            </div>
          )}
        </div>
      ) : null}
    </Screen>
  )
}
