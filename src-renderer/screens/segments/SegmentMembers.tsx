// The members of one segment, paged into a virtual grid: current members, or who joined or left
// in the last pull.
import { useCallback, useId, useMemo, useState } from 'react'
import { call, type SegmentMember, type SegmentRow } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount, formatWhen } from '../../components/format'
import { usePagedRows } from '../../components/usePagedRows'
import { VirtualGrid, type GridColumn } from '../../components/VirtualGrid'
import { useJobs } from '../../state/jobs'

type Change = 'current' | 'joined' | 'left'

const CHANGES: { value: Change; label: string }[] = [
  { value: 'current', label: 'Current' },
  { value: 'joined', label: 'Joined' },
  { value: 'left', label: 'Left' },
]

const text = (v: string | null) => (v == null ? <span className="cell-empty">—</span> : <span className="cell-text">{v}</span>)

export function SegmentMembers({ workspaceId, segment }: { workspaceId: string; segment: SegmentRow }) {
  const uid = useId()
  const { mirrorVersion } = useJobs()
  const [change, setChange] = useState<Change>('current')

  const columns = useMemo<GridColumn<SegmentMember>[]>(
    () => [
      { id: 'email', header: 'Email', width: 240, cell: (m) => text(m.email) },
      { id: 'id', header: 'ID', width: 110, cell: (m) => text(m.id) },
      { id: 'cio_id', header: 'cio_id', width: 100, cell: (m) => text(m.cioId) },
      change === 'left'
        ? { id: 'left', header: 'Left', width: 170, cell: (m) => <span className="cell-text">{formatWhen(m.leftAt)}</span> }
        : { id: 'joined', header: 'Joined', width: 170, cell: (m) => <span className="cell-text">{formatWhen(m.joinedAt)}</span> },
    ],
    [change],
  )

  const queryKey = `${workspaceId}:${segment.id}:${change}#${mirrorVersion}`
  const fetchPage = useCallback(
    (offset: number, limit: number) => call((cio) => cio.segments.members({ workspaceId, segmentId: segment.id, change, offset, limit })),
    [workspaceId, segment.id, change],
  )
  const rows = usePagedRows<SegmentMember, { total: number; offset: number; rows: SegmentMember[] }>({ queryKey, fetchPage })

  const counts: Record<Change, number> = { current: segment.memberCount, joined: segment.joined, left: segment.left }

  return (
    <section className="detail-pane" aria-labelledby={`${uid}-title`}>
      <div className="detail-head">
        <h2 id={`${uid}-title`}>{segment.name}</h2>
        <span className="muted">
          {segment.type}
          {segment.state ? ` · ${segment.state}` : ''}
        </span>
      </div>
      {segment.description ? <p className="muted">{segment.description}</p> : null}
      <div className="toolbar">
        <div role="radiogroup" aria-label="Members to show" className="segmented">
          {CHANGES.map((c) => (
            <label key={c.value} className={change === c.value ? 'checked' : undefined}>
              <input type="radio" name={`${uid}-change`} value={c.value} checked={change === c.value} onChange={() => setChange(c.value)} />
              {c.label} <span className="muted">{formatCount(counts[c.value])}</span>
            </label>
          ))}
        </div>
        <span className="result-count" aria-live="polite">
          {rows.total == null ? 'Loading…' : `${formatCount(rows.total)} ${change === 'current' ? 'members' : change === 'joined' ? 'joined in the last pull' : 'left in the last pull'}`}
        </span>
      </div>
      {rows.error ? <ErrorAlert title="Could not read the members" error={rows.error} onRetry={rows.reload} /> : null}
      {rows.total === 0 ? (
        <p className="muted empty-line">
          {change === 'current' ? 'This segment has no members in the mirror.' : `Nobody ${change} this segment in the last pull.`}
        </p>
      ) : (
        <VirtualGrid
          label={`Members of ${segment.name}`}
          columns={columns}
          total={rows.total ?? 0}
          rowAt={rows.rowAt}
          onRangeChange={rows.requestRange}
          scrollResetKey={queryKey}
        />
      )}
    </section>
  )
}
