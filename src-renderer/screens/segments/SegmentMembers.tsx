// The members of one segment, paged into a virtual grid: current members, or who joined or left
// in the last pull (after a baseline, only the members). Each member opens in People; the whole
// segment opens in People as a filter, or goes out as a CSV file.
import { useCallback, useId, useMemo, useState } from 'react'
import { call, type IpcError, type SegmentMember, type SegmentRow } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount, formatWhen } from '../../components/format'
import { usePagedRows } from '../../components/usePagedRows'
import { VirtualGrid, type GridColumn } from '../../components/VirtualGrid'
import { downloadText } from '../import/rejectedCsv'
import { useJobs } from '../../state/jobs'
import { plural } from '../../components/format'
import { freshnessSentence, peopleInSegmentHref, personHref, stateLabel, typeLabel } from './segment-labels'

type Change = 'current' | 'joined' | 'left'

const CHANGES: { value: Change; label: string }[] = [
  { value: 'current', label: 'Members' },
  { value: 'joined', label: 'Joined' },
  { value: 'left', label: 'Left' },
]

const text = (v: string | null) => (v == null ? <span className="cell-empty">—</span> : <span className="cell-text">{v}</span>)

function PersonLink({ m }: { m: SegmentMember }) {
  return (
    <a href={personHref(m)} className="cell-text" tabIndex={-1}>
      {m.email ?? m.id ?? `cio_${m.cioId}`}
    </a>
  )
}

function countLine(change: Change, total: number): string {
  if (change === 'current') return plural(total, 'member', 'members')
  return `${plural(total, 'person', 'people')} ${change} in the last pull`
}

export function SegmentMembers({ workspaceId, segment }: { workspaceId: string; segment: SegmentRow }) {
  const uid = useId()
  const { mirrorVersion } = useJobs()
  const [chosen, setChosen] = useState<Change>('current')
  const [exporting, setExporting] = useState(false)
  const [exportNote, setExportNote] = useState<string | null>(null)
  const [exportError, setExportError] = useState<IpcError | null>(null)
  // a baseline has no joined or left: only its members are shown
  const change: Change = segment.baseline ? 'current' : chosen

  const columns = useMemo<GridColumn<SegmentMember>[]>(
    () => [
      { id: 'person', header: 'Person', width: 260, cell: (m) => <PersonLink m={m} /> },
      { id: 'id', header: 'ID', width: 120, cell: (m) => text(m.id) },
      { id: 'cio_id', header: 'cio_id', width: 110, cell: (m) => text(m.cioId) },
      change === 'left'
        ? { id: 'left', header: 'Left', width: 170, cell: (m) => <span className="cell-text">{formatWhen(m.leftAt)}</span> }
        : {
            id: 'joined',
            header: 'Joined',
            width: 190,
            cell: (m) =>
              m.joinedAt === segment.baselineAt ? <span className="muted">before the first pull</span> : <span className="cell-text">{formatWhen(m.joinedAt)}</span>,
          },
    ],
    [change, segment.baselineAt],
  )

  const queryKey = `${workspaceId}:${segment.id}:${change}#${mirrorVersion}`
  const fetchPage = useCallback(
    (offset: number, limit: number) => call((cio) => cio.segments.members({ workspaceId, segmentId: segment.id, change, offset, limit })),
    [workspaceId, segment.id, change],
  )
  const rows = usePagedRows<SegmentMember, { total: number; offset: number; rows: SegmentMember[] }>({ queryKey, fetchPage })
  const openRow = (index: number) => {
    const m = rows.rowAt(index)
    if (m) window.location.hash = personHref(m).slice(1)
  }

  async function exportMembers() {
    setExporting(true)
    setExportError(null)
    setExportNote(null)
    const r = await call((cio) => cio.segments.exportmembers({ workspaceId, segmentId: segment.id }))
    setExporting(false)
    if (!r.ok) return setExportError(r.error)
    downloadText(r.value.fileName, r.value.csv)
    setExportNote(`${r.value.fileName}: ${plural(r.value.rows, 'member', 'members')}`)
  }

  const counts: Record<Change, number> = { current: segment.memberCount, joined: segment.joined, left: segment.left }
  const subtitle = [`${typeLabel(segment.type)} segment`, stateLabel(segment.state)].filter(Boolean).join(' · ')

  return (
    <section className="detail-pane" aria-labelledby={`${uid}-title`}>
      <div className="detail-head">
        <h2 id={`${uid}-title`}>{segment.name}</h2>
        <span className="muted">{subtitle}</span>
        <span className="toolbar-spacer" />
        <div className="segment-actions">
          <a className="button-like" href={peopleInSegmentHref(segment.id)}>
            Open in People
          </a>
          <button type="button" onClick={() => void exportMembers()} disabled={exporting || segment.memberCount === 0}>
            {exporting ? 'Exporting…' : 'Export members (CSV)'}
          </button>
        </div>
      </div>
      {segment.description ? <p className="muted">{segment.description}</p> : null}
      <p className={`segment-freshness${segment.baseline ? ' is-baseline' : ''}`}>{freshnessSentence(segment)}</p>
      <div className="toolbar">
        {segment.baseline ? null : (
          <div role="radiogroup" aria-label="Members to show" className="segmented">
            {CHANGES.map((c) => (
              <label key={c.value} className={change === c.value ? 'checked' : undefined}>
                <input type="radio" name={`${uid}-change`} value={c.value} checked={change === c.value} onChange={() => setChosen(c.value)} />
                {c.label} <span className="muted">{formatCount(counts[c.value])}</span>
              </label>
            ))}
          </div>
        )}
        <span className="result-count" aria-live="polite">
          {rows.total == null ? 'Loading…' : countLine(change, rows.total)}
        </span>
      </div>
      {exportNote ? (
        <p className="muted" role="status">
          Saved {exportNote}.
        </p>
      ) : null}
      {exportError ? <ErrorAlert title="Could not export the members" error={exportError} /> : null}
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
          onOpen={openRow}
          openOnClick
          scrollResetKey={queryKey}
        />
      )}
    </section>
  )
}
